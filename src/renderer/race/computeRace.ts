import { runTrajectory, type Surface, type Trajectory } from '../../core/landscape';
import { optimizerConfig, RACE_OPTIMIZERS, type RaceSettings } from './raceSettings';

/** Every enabled optimizer's whole run, computed up front (float64), in menu order. */
export function computeRace(surface: Surface, settings: RaceSettings): Trajectory[] {
  const options = {
    start: settings.start,
    steps: settings.steps,
    tolerance: settings.tolerance,
    decimals: settings.textbook.enabled ? settings.textbook.decimals : null,
  };
  return RACE_OPTIMIZERS.filter((kind) => settings.optimizers[kind].enabled).map((kind) =>
    runTrajectory(surface, optimizerConfig(kind, settings.optimizers[kind]), options),
  );
}

/** The row of a trajectory shown at playback step `step` (a finished run stays on its last row). */
export const rowAt = (t: Trajectory, step: number): number => Math.max(0, Math.min(step, t.length - 1));
