import { useTranslation } from 'react-i18next';
import { BUILTIN_SURFACE_IDS } from '../../core/landscape';
import { NumberField } from '../training/NumberField';
import { CustomExpression } from './CustomExpression';
import { FORMULAS } from './formulas';
import { TEXTBOOK_DECIMALS } from './raceSettings';
import { useRaceStore } from './raceStore';
import type { RaceModel } from './useRaceModel';

/** Function, start point, stopping rule, rounding and colour scale. */
export function SurfacePanel({ model }: { model: RaceModel }) {
  const { t } = useTranslation();
  const settings = useRaceStore((s) => s.settings);
  const update = useRaceStore((s) => s.update);
  const selectSurface = useRaceStore((s) => s.selectSurface);
  const isCustom = settings.surface === 'custom';
  return (
    <>
      <fieldset>
        <legend>{t('race.surface')}</legend>
        <select data-testid="race-surface" value={settings.surface} onChange={(e) => selectSurface(e.target.value)} aria-label={t('race.surface')}>
          {[...BUILTIN_SURFACE_IDS, 'custom'].map((id) => (
            <option key={id} value={id}>
              {t(`race.surfaces.${id}`)}
            </option>
          ))}
        </select>
        {!isCustom && <div className="race-formula" data-testid="race-formula">f(x, y) = {FORMULAS[settings.surface]}</div>}
        {isCustom && <CustomExpression error={model.error} formula={model.formula} />}
        <label className="check">
          <input type="checkbox" data-testid="race-log-scale" checked={settings.logScale} onChange={(e) => update({ logScale: e.target.checked })} />
          {t('race.logScale')}
        </label>
      </fieldset>
      <fieldset>
        <legend>{t('race.start')}</legend>
        <div className="field-row">
          <NumberField id="race-start-x" testId="race-start-x" label={t('race.startX')} value={settings.start.x} onChange={(x) => update({ start: { ...settings.start, x } })} />
          <NumberField id="race-start-y" testId="race-start-y" label={t('race.startY')} value={settings.start.y} onChange={(y) => update({ start: { ...settings.start, y } })} />
        </div>
        <div className="field__hint">{t('race.pickHint')}</div>
      </fieldset>
      <fieldset>
        <legend>{t('race.rules')}</legend>
        <div className="field-row">
          <NumberField id="race-steps" testId="race-steps" label={t('race.steps.count')} value={settings.steps} integer min={1} max={100000} onChange={(steps) => update({ steps: Math.max(1, Math.min(100000, steps)) })} />
          <NumberField id="race-tolerance" testId="race-tolerance" label={t('race.tolerance')} value={settings.tolerance} min={0} onChange={(tolerance) => update({ tolerance })} />
        </div>
        <label className="check">
          <input
            type="checkbox"
            data-testid="race-textbook"
            checked={settings.textbook.enabled}
            onChange={(e) => update({ textbook: { ...settings.textbook, enabled: e.target.checked } })}
          />
          {t('race.textbook')}
        </label>
        {settings.textbook.enabled && (
          <NumberField
            id="race-decimals"
            testId="race-decimals"
            label={t('race.decimals')}
            value={settings.textbook.decimals}
            integer
            min={TEXTBOOK_DECIMALS.min}
            max={TEXTBOOK_DECIMALS.max}
            onChange={(decimals) =>
              update({ textbook: { ...settings.textbook, decimals: Math.max(TEXTBOOK_DECIMALS.min, Math.min(TEXTBOOK_DECIMALS.max, decimals)) } })
            }
          />
        )}
      </fieldset>
    </>
  );
}
