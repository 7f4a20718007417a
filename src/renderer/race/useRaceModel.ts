// Everything derived from the race settings, memoised: the surface, its grid and height
// scale, and every optimizer's trajectory (computed up front, in float64).
import { useMemo, useRef } from 'react';
import { sampleGrid, type Grid, type Surface, type Trajectory } from '../../core/landscape';
import { computeRace, raceDependencies } from './computeRace';
import type { ExpressionError } from './expression';
import { heightScale, type HeightScale } from './geometry/heightScale';
import type { RaceSettings } from './raceSettings';
import { resolveSurface } from './resolveSurface';

/** Vertices per side of the sampled surface (the issue asks for at least 256). */
export const GRID_SIZE = 256;

export interface RaceModel {
  surface: Surface;
  /** The custom expression's problem, if any (the last good surface stays on screen). */
  error: ExpressionError | null;
  formula: { dfdx: string; dfdy: string } | null;
  grid: Grid;
  scale: HeightScale;
  trajectories: Trajectory[];
}

export function useRaceModel(settings: RaceSettings): RaceModel {
  const choice = useMemo(() => resolveSurface(settings), [settings.surface, settings.custom]);
  const lastGood = useRef<Surface | null>(null);
  if (choice.surface) lastGood.current = choice.surface;
  const surface = choice.surface ?? lastGood.current ?? resolveSurface({ surface: 'course', custom: settings.custom }).surface!;
  const grid = useMemo(() => sampleGrid(surface.f, surface.domain, GRID_SIZE), [surface]);
  const scale = useMemo(() => heightScale(grid.zMin, grid.zMax, settings.logScale), [grid, settings.logScale]);
  // Only what the runs read: toggling the log-scale colouring (which changes `settings`) reuses them.
  const trajectories = useMemo(
    () => (choice.surface ? computeRace(surface, settings) : []),
    [choice.surface, surface, ...raceDependencies(settings)],
  );
  return { surface, error: choice.error, formula: choice.formula, grid, scale, trajectories };
}
