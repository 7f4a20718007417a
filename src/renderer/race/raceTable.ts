// The race table at a playback step: where each optimizer is, and how its run is going.
import type { OptimizerKind } from '../../core';
import { distanceToNearestMinimum, type Surface, type Trajectory } from '../../core/landscape';
import { rowAt } from './computeRace';

export type RaceStatus =
  | { kind: 'running' }
  | { kind: 'completed'; step: number }
  | { kind: 'diverged'; step: number }
  | { kind: 'leftDomain'; step: number };

export interface RaceRow {
  kind: OptimizerKind;
  /** Updates needed to reach the stopping rule, if reached by this step; else null. */
  ruleStep: number | null;
  x: number;
  y: number;
  f: number;
  /** Distance to the nearest known minimum (NaN when the surface has none). */
  distance: number;
  status: RaceStatus;
}

export function raceRow(t: Trajectory, surface: Surface, step: number): RaceRow {
  const k = rowAt(t, step);
  let status: RaceStatus = { kind: 'running' };
  if (t.end === 'diverged' && step >= t.endStep) status = { kind: 'diverged', step: t.endStep };
  else if (t.end === 'leftDomain' && step >= t.endStep) status = { kind: 'leftDomain', step: t.endStep };
  else if (t.end === 'completed' && step >= t.length - 1) status = { kind: 'completed', step: t.length - 1 };
  return {
    kind: t.kind,
    ruleStep: t.ruleStep >= 0 && t.ruleStep <= step ? t.ruleStep : null,
    x: t.x[k],
    y: t.y[k],
    f: t.f[k],
    distance: distanceToNearestMinimum(surface, t.x[k], t.y[k]),
    status,
  };
}

export const raceRows = (trajectories: readonly Trajectory[], surface: Surface, step: number): RaceRow[] =>
  trajectories.map((t) => raceRow(t, surface, step));
