import { useTranslation } from 'react-i18next';
import type { OptimizerKind } from '../../core';
import { NumberField } from '../training/NumberField';
import { useRaceStore } from './raceStore';
import { HYPERPARAMETERS, OPTIMIZER_COLORS, RACE_OPTIMIZERS, type HyperKey } from './raceSettings';

/** Each optimizer: on/off, its trail colour, its hyperparameters (PyTorch defaults). */
export function OptimizerPanel() {
  const { t } = useTranslation();
  const optimizers = useRaceStore((s) => s.settings.optimizers);
  const updateOptimizer = useRaceStore((s) => s.updateOptimizer);
  const allOn = RACE_OPTIMIZERS.every((k) => optimizers[k].enabled);
  return (
    <fieldset className="race-optimizers">
      <legend className="race-optimizers__legend">
        {t('race.optimizers')}
        <button
          type="button"
          className="link-button"
          data-testid="race-all-optimizers"
          onClick={() => RACE_OPTIMIZERS.forEach((k) => updateOptimizer(k, { enabled: !allOn }))}
        >
          {allOn ? t('race.noneOn') : t('race.allOn')}
        </button>
      </legend>
      {RACE_OPTIMIZERS.map((kind) => (
        <OptimizerCard key={kind} kind={kind} />
      ))}
    </fieldset>
  );
}

function OptimizerCard({ kind }: { kind: OptimizerKind }) {
  const { t } = useTranslation();
  const s = useRaceStore((st) => st.settings.optimizers[kind]);
  const updateOptimizer = useRaceStore((st) => st.updateOptimizer);
  return (
    <div className={`race-opt${s.enabled ? ' is-on' : ''}`} style={{ ['--trail' as string]: OPTIMIZER_COLORS[kind] }} data-testid={`race-opt-card-${kind}`}>
      <label className="race-opt__head">
        <input type="checkbox" data-testid={`race-opt-${kind}`} checked={s.enabled} onChange={(e) => updateOptimizer(kind, { enabled: e.target.checked })} />
        <span className="race-opt__swatch" />
        <span className="race-opt__name">{t(`optimizers.${kind}`)}</span>
      </label>
      {s.enabled && (
        <div className="race-opt__fields">
          {HYPERPARAMETERS[kind].map((key: HyperKey) => (
            <NumberField
              key={key}
              id={`race-${kind}-${key}`}
              testId={`race-${kind}-${key}`}
              label={t(`race.hyper.${key}`)}
              value={s[key]}
              min={0}
              onChange={(v) => updateOptimizer(kind, { [key]: v })}
            />
          ))}
        </div>
      )}
    </div>
  );
}
