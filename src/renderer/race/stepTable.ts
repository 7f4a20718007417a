// The per-step table of one optimizer: k, x, y, ∂f/∂x, ∂f/∂y, update, f.
import type { Trajectory } from '../../core/landscape';
import { roundTo } from '../../core/landscape';

export interface StepRow {
  k: number;
  x: number;
  y: number;
  gx: number;
  gy: number;
  /** The update applied to reach this row: (x_{k−1} − x_k, y_{k−1} − y_k); null on row 0. */
  dx: number | null;
  dy: number | null;
  f: number;
  /** The stopping rule first holds on this row. */
  isRuleRow: boolean;
}

export interface StepTableOptions {
  /** The playback step: rows after it are not shown yet. */
  step: number;
  /** Stop at the first row where the stopping rule holds (as the course does). */
  stopAtRule: boolean;
  /** At most this many rows (the table is for reading, not for 100 000 steps). */
  limit: number;
  /** Textbook rounding: the update is a difference of rounded numbers, so it is rounded again to hide float noise. */
  decimals: number | null;
}

export function stepRows(t: Trajectory, o: StepTableOptions): StepRow[] {
  let last = Math.min(o.step, t.length - 1);
  if (o.stopAtRule && t.ruleStep >= 0) last = Math.min(last, t.ruleStep);
  last = Math.min(last, o.limit - 1);
  const clean = o.decimals == null ? (v: number) => v : (v: number) => roundTo(v, o.decimals!);
  const rows: StepRow[] = [];
  for (let k = 0; k <= last; k++) {
    rows.push({
      k,
      x: t.x[k],
      y: t.y[k],
      gx: t.gx[k],
      gy: t.gy[k],
      dx: k === 0 ? null : clean(t.x[k - 1] - t.x[k]),
      dy: k === 0 ? null : clean(t.y[k - 1] - t.y[k]),
      f: t.f[k],
      isRuleRow: k === t.ruleStep,
    });
  }
  return rows;
}

/** A table cell: N decimals under textbook rounding, else 4 decimals, switching to exponent form for huge or tiny values. */
export function formatCell(v: number | null, decimals: number | null): string {
  if (v === null) return '—';
  if (!Number.isFinite(v)) return String(v);
  if (decimals != null) return (Object.is(roundTo(v, decimals), -0) ? 0 : roundTo(v, decimals)).toFixed(decimals);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-4)) return v.toExponential(3);
  return v.toFixed(4);
}
