// One optimizer's run on a surface, computed up front in float64 and then played back.
// The update is src/core/optim's — the same code that trains networks — driven over a
// single 2-element parameter p = (x, y) whose gradient is the surface's.
import { createOptimizer } from '../optim';
import type { Param } from '../tensor/tensor';
import type { OptimizerConfig, OptimizerKind } from '../train/config';
import { roundTo } from './rounding';
import { inDomain, type Surface } from './types';

export interface TrajectoryOptions {
  start: { x: number; y: number };
  /** Number of updates to compute (the run may end earlier: diverged or left the domain). */
  steps: number;
  /** Stopping rule: |∂f/∂x| ≤ tolerance and |∂f/∂y| ≤ tolerance (the course uses 0.2). */
  tolerance: number;
  /**
   * Textbook rounding: round every value a hand calculation writes down (gradient, update, new
   * point, f) to this many decimals. The optimizer's own state (momentum, moments) stays exact.
   */
  decimals?: number | null;
}

/** 'completed' ran all steps; 'diverged' hit a non-finite number or blew up; 'leftDomain' stepped outside the window. */
export type TrajectoryEnd = 'completed' | 'diverged' | 'leftDomain';

/**
 * Row k (k = 0 … length − 1) is the point after k updates (row 0 = the start), the gradient
 * and value there. The update of row k is (x[k−1] − x[k], y[k−1] − y[k]).
 */
export interface Trajectory {
  kind: OptimizerKind;
  x: Float64Array;
  y: Float64Array;
  gx: Float64Array;
  gy: Float64Array;
  f: Float64Array;
  /** Number of valid rows. */
  length: number;
  /** First k at which the stopping rule holds, or −1. */
  ruleStep: number;
  end: TrajectoryEnd;
  /**
   * leftDomain: the update that first left the window (its row is the last one kept).
   * diverged: the update whose point became non-finite or whose loss exploded (see explodedLoss);
   * rows end there, or where the run left the window on its way out. Otherwise −1.
   */
  endStep: number;
}

/** True when |gx| ≤ tol and |gy| ≤ tol (the course's stopping rule). */
export const stoppingRuleHolds = (gx: number, gy: number, tolerance: number): boolean =>
  Math.abs(gx) <= tolerance && Math.abs(gy) <= tolerance;

/** Updates followed after a run leaves the window, to see whether it blows up. */
const LOOK_AHEAD = 1000;

/**
 * "Diverged": a number became non-finite, or the loss climbed a million-fold above where the
 * run started (going up, not down: a saddle's run that slides off towards −∞ merely leaves).
 */
const explodedLoss = (f: number, f0: number): boolean => !Number.isFinite(f) || f - f0 > 1e6 * (1 + Math.abs(f0));

export function runTrajectory(surface: Surface, config: OptimizerConfig, options: TrajectoryOptions): Trajectory {
  const steps = Math.max(0, Math.floor(options.steps));
  const n = steps + 1;
  const t: Trajectory = {
    kind: config.kind,
    x: new Float64Array(n), y: new Float64Array(n), gx: new Float64Array(n), gy: new Float64Array(n), f: new Float64Array(n),
    length: 0, ruleStep: -1, end: 'completed', endStep: -1,
  };
  const round = options.decimals == null ? (v: number) => v : (v: number) => roundTo(v, options.decimals!);
  const p: Param = { name: 'xy', shape: [2], value: Float64Array.of(round(options.start.x), round(options.start.y)), grad: new Float64Array(2) };
  const optimizer = createOptimizer(config, [p]);
  const g = new Float64Array(2);
  const f0 = surface.f(p.value[0], p.value[1]);
  const exploded = (x: number, y: number, f: number) => !Number.isFinite(x) || !Number.isFinite(y) || explodedLoss(f, f0);
  /** One update from the current point, whose (rounded) gradient is already in p.grad. */
  const update = () => {
    const x = p.value[0];
    const y = p.value[1];
    optimizer.step();
    // Textbook rounding rounds the update too, then the new point: x ← round(x − round(Δx)).
    p.value[0] = round(x - round(x - p.value[0]));
    p.value[1] = round(y - round(y - p.value[1]));
  };
  const setGradient = () => {
    surface.gradient(p.value[0], p.value[1], g);
    p.grad[0] = round(g[0]);
    p.grad[1] = round(g[1]);
  };

  for (let k = 0; ; k++) {
    const x = p.value[0];
    const y = p.value[1];
    setGradient();
    const fv = round(surface.f(x, y));
    if (exploded(x, y, fv) || !Number.isFinite(p.grad[0]) || !Number.isFinite(p.grad[1])) {
      t.end = 'diverged';
      t.endStep = k;
      break;
    }
    t.x[k] = x; t.y[k] = y; t.gx[k] = p.grad[0]; t.gy[k] = p.grad[1]; t.f[k] = fv;
    t.length = k + 1;
    if (t.ruleStep < 0 && stoppingRuleHolds(p.grad[0], p.grad[1], options.tolerance)) t.ruleStep = k;
    if (k > 0 && !inDomain(surface.domain, x, y)) {
      // Outside the window the run is no longer drawn. Keep stepping (unrecorded) a while to
      // tell a run that blows up ("diverged at step k") from one that merely wandered off.
      t.end = 'leftDomain';
      t.endStep = k;
      for (let j = k + 1; j <= Math.min(steps, k + LOOK_AHEAD); j++) {
        update();
        setGradient();
        if (exploded(p.value[0], p.value[1], surface.f(p.value[0], p.value[1])) || !Number.isFinite(p.grad[0]) || !Number.isFinite(p.grad[1])) {
          t.end = 'diverged';
          t.endStep = j;
          break;
        }
      }
      break;
    }
    if (k === steps) break;
    update();
  }
  return t;
}
