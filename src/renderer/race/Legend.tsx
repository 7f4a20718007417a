import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { legendGradient } from './geometry/colormap';
import type { HeightScale } from './geometry/heightScale';
import { formatCompact } from './format';

const GRADIENT = legendGradient();
const TICKS = [1, 0.75, 0.5, 0.25, 0];

/** Colour bar for f(x, y), with values at five heights of the (linear or log) scale. */
export const Legend = memo(function Legend({ scale }: { scale: HeightScale }) {
  const { t } = useTranslation();
  return (
    <div className="race-legend" data-testid="race-legend">
      <div className="race-legend__title">
        f(x, y){scale.log && <span className="race-legend__log">{t('race.legendLog')}</span>}
      </div>
      <div className="race-legend__body">
        <div className="race-legend__bar" style={{ background: GRADIENT }} />
        <div className="race-legend__ticks">
          {TICKS.map((u) => (
            <span key={u}>{formatCompact(scale.fromUnit(u))}</span>
          ))}
        </div>
      </div>
    </div>
  );
});
