import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Surface, Trajectory } from '../../core/landscape';
import { raceRows, type RaceStatus } from './raceTable';
import { OPTIMIZER_COLORS } from './raceSettings';
import { formatCell } from './stepTable';

function statusText(t: TFunction, s: RaceStatus): string {
  return s.kind === 'running' ? t('race.table.running') : t(`race.table.${s.kind}`, { step: s.step });
}

/** Per optimizer at the playback step: steps to the stopping rule, where it is, how far from a minimum. */
interface Props {
  trajectories: Trajectory[];
  surface: Surface;
  step: number;
  decimals: number | null;
  /** Why there is nothing to race, when the reason is not "no optimizer on" (a bad expression). */
  blocked: string | null;
}

export function RaceTable({ trajectories, surface, step, decimals, blocked }: Props) {
  const { t } = useTranslation();
  const rows = raceRows(trajectories, surface, step);
  return (
    <section className="race-card race-table" data-testid="race-table">
      <h3 className="dock-title">{t('race.table.title')}</h3>
      {rows.length === 0 ? (
        <p className="empty-note">{blocked ?? t('race.table.empty')}</p>
      ) : (
        <div className="race-scroll">
          <table className="race-grid">
            <thead>
              <tr>
                <th>{t('race.table.optimizer')}</th>
                <th className="num">{t('race.table.rule')}</th>
                <th className="num">x</th>
                <th className="num">y</th>
                <th className="num">f(x, y)</th>
                <th className="num">{t('race.table.distance')}</th>
                <th>{t('race.table.status')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr
                  key={r.kind}
                  data-testid={`race-row-${r.kind}`}
                  data-x={r.x}
                  data-y={r.y}
                  data-f={r.f}
                  data-rule-step={r.ruleStep ?? ''}
                  data-status={r.status.kind}
                >
                  <td>
                    <span className="race-swatch" style={{ background: OPTIMIZER_COLORS[r.kind] }} />
                    {t(`optimizers.${r.kind}`)}
                  </td>
                  <td className="num">{r.ruleStep ?? t('race.table.notYet')}</td>
                  <td className="num">{formatCell(r.x, decimals)}</td>
                  <td className="num">{formatCell(r.y, decimals)}</td>
                  <td className="num">{formatCell(r.f, decimals)}</td>
                  <td className="num">{Number.isNaN(r.distance) ? t('race.table.noMinimum') : formatCell(r.distance, null)}</td>
                  <td className={`race-status race-status--${r.status.kind}`}>{statusText(t, r.status)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
