import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NumberField } from '../training/NumberField';
import type { ExpressionError } from './expression';
import { useRaceStore } from './raceStore';

/** The custom f(x, y): typed, applied on Enter or the button (parsing and sampling 256² points is not per keystroke). */
export function CustomExpression({ error, formula }: { error: ExpressionError | null; formula: { dfdx: string; dfdy: string } | null }) {
  const { t } = useTranslation();
  const custom = useRaceStore((s) => s.settings.custom);
  const update = useRaceStore((s) => s.update);
  const [text, setText] = useState(custom.expression);
  // An expression loaded from a project replaces what was typed.
  useEffect(() => setText(custom.expression), [custom.expression]);
  const apply = () => update({ custom: { ...custom, expression: text } });
  const setDomain = (key: keyof typeof custom.domain, v: number) => update({ custom: { ...custom, domain: { ...custom.domain, [key]: v } } });
  return (
    <div className="race-custom">
      <div className="field">
        <label htmlFor="race-expression">{t('race.expression.label')}</label>
        <div className="race-custom__row">
          <input
            id="race-expression"
            type="text"
            data-testid="race-expression"
            value={text}
            spellCheck={false}
            aria-invalid={error !== null}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') apply();
            }}
          />
          <button type="button" className="button" data-testid="race-expression-apply" onClick={apply}>
            {t('race.expression.apply')}
          </button>
        </div>
        {error ? (
          <div className="field__error" data-testid="race-expression-error">
            {t(`race.expression.errors.${error.key}`, error.params)}
          </div>
        ) : (
          <div className="field__hint">{t('race.expression.hint')}</div>
        )}
        {formula && !error && (
          <div className="race-custom__grad" data-testid="race-expression-gradient">
            ∂f/∂x = {formula.dfdx}
            <br />∂f/∂y = {formula.dfdy}
          </div>
        )}
      </div>
      <div className="field-row">
        <NumberField id="race-xmin" testId="race-xmin" label={t('race.expression.xMin')} value={custom.domain.xMin} onChange={(v) => setDomain('xMin', v)} />
        <NumberField id="race-xmax" testId="race-xmax" label={t('race.expression.xMax')} value={custom.domain.xMax} onChange={(v) => setDomain('xMax', v)} />
        <NumberField id="race-ymin" testId="race-ymin" label={t('race.expression.yMin')} value={custom.domain.yMin} onChange={(v) => setDomain('yMin', v)} />
        <NumberField id="race-ymax" testId="race-ymax" label={t('race.expression.yMax')} value={custom.domain.yMax} onChange={(v) => setDomain('yMax', v)} />
      </div>
    </div>
  );
}
