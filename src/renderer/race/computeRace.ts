import { runTrajectory, type Surface, type Trajectory } from '../../core/landscape';
import { optimizerConfig, RACE_OPTIMIZERS, type RaceSettings } from './raceSettings';

/** The settings a race's trajectories depend on (with the surface); display options such as logScale are not among them. */
export type RaceInputs = Pick<RaceSettings, 'start' | 'steps' | 'tolerance' | 'textbook' | 'optimizers'>;

/** Every enabled optimizer's whole run, computed up front (float64), in menu order. */
export function computeRace(surface: Surface, settings: RaceInputs): Trajectory[] {
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

/**
 * The memo dependencies of computeRace besides the surface: exactly the values it reads (the rounding
 * only while it is on), so changing a display option keeps the trajectories. Fixed length.
 */
export const raceDependencies = (s: RaceInputs): readonly unknown[] => [
  s.start.x,
  s.start.y,
  s.steps,
  s.tolerance,
  s.textbook.enabled ? s.textbook.decimals : null,
  s.optimizers,
];

/** The row of a trajectory shown at playback step `step` (a finished run stays on its last row). */
export const rowAt = (t: Trajectory, step: number): number => Math.max(0, Math.min(step, t.length - 1));
