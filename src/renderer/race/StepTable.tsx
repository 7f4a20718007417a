import { useTranslation } from 'react-i18next';
import type { OptimizerKind } from '../../core';
import type { Trajectory } from '../../core/landscape';
import { useRaceStore } from './raceStore';
import { OPTIMIZER_COLORS } from './raceSettings';
import { formatCell, stepRows } from './stepTable';

/** Rows rendered at most (a 100 000-step run is for watching, not for reading). */
export const STEP_TABLE_LIMIT = 1000;

interface Props {
  trajectories: Trajectory[];
  step: number;
  tolerance: number;
  decimals: number | null;
  blocked: string | null;
}

/** One optimizer, step by step: k, x, y, ∂f/∂x, ∂f/∂y, update, f — as the course writes it by hand. */
export function StepTable({ trajectories, step, tolerance, decimals, blocked }: Props) {
  const { t } = useTranslation();
  const { tableKind, setTableKind, showAfterRule, setShowAfterRule } = useRaceStore();
  const traj = trajectories.find((tr) => tr.kind === tableKind) ?? trajectories[0];
  const rows = traj ? stepRows(traj, { step, stopAtRule: !showAfterRule, limit: STEP_TABLE_LIMIT, decimals }) : [];
  const f = (v: number | null) => formatCell(v, decimals);
  return (
    <section className="race-card step-table" data-testid="step-table">
      <div className="step-table__head">
        <h3 className="dock-title">{t('race.steps.title')}</h3>
        <select
          hidden={!traj}
          data-testid="step-table-optimizer"
          value={traj?.kind ?? ''}
          onChange={(e) => setTableKind(e.target.value as OptimizerKind)}
          aria-label={t('race.steps.optimizer')}
        >
          {trajectories.map((tr) => (
            <option key={tr.kind} value={tr.kind}>
              {t(`optimizers.${tr.kind}`)}
            </option>
          ))}
        </select>
        <label className="check">
          <input type="checkbox" data-testid="step-table-after-rule" checked={showAfterRule} onChange={(e) => setShowAfterRule(e.target.checked)} />
          {t('race.steps.afterRule')}
        </label>
      </div>
      {!traj ? (
        <p className="empty-note">{blocked ?? t('race.table.empty')}</p>
      ) : (
        <div className="race-scroll">
          <table className="race-grid race-grid--steps">
            <thead>
              <tr>
                <th className="num">k</th>
                <th className="num">x</th>
                <th className="num">y</th>
                <th className="num">∂f/∂x</th>
                <th className="num">∂f/∂y</th>
                <th className="num">{t('race.steps.update')} Δx</th>
                <th className="num">{t('race.steps.update')} Δy</th>
                <th className="num">f(x, y)</th>
              </tr>
            </thead>
            <tbody style={{ ['--trail' as string]: OPTIMIZER_COLORS[traj.kind] }}>
              {rows.map((r) => (
                <tr key={r.k} data-testid={`step-row-${r.k}`} className={r.isRuleRow ? 'is-rule' : undefined}>
                  <td className="num">{r.k}</td>
                  <td className="num">{f(r.x)}</td>
                  <td className="num">{f(r.y)}</td>
                  <td className="num">{f(r.gx)}</td>
                  <td className="num">{f(r.gy)}</td>
                  <td className="num">{f(r.dx)}</td>
                  <td className="num">{f(r.dy)}</td>
                  <td className="num">{f(r.f)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {traj.ruleStep >= 0 && traj.ruleStep <= step && (
            <p className="step-table__note" data-testid="step-table-rule-note">
              {t('race.steps.ruleMet', { step: traj.ruleStep, tol: tolerance })}
            </p>
          )}
          {rows.length >= STEP_TABLE_LIMIT && <p className="step-table__note">{t('race.steps.truncated', { n: STEP_TABLE_LIMIT })}</p>}
        </div>
      )}
    </section>
  );
}
