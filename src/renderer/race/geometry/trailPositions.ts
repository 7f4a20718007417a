// A trajectory as world-space points floating just above the surface (for the 3-D trails).
import type { Surface, Trajectory } from '../../../core/landscape';
import type { HeightScale } from './heightScale';
import { HEIGHT, type WorldMapping } from './worldMapping';

/** Lift above the surface, in world units, so trails are not swallowed by it. */
export const TRAIL_LIFT = 0.012;

export function worldPoint(surface: Surface, map: WorldMapping, scale: HeightScale, x: number, y: number, out: Float32Array | number[], o = 0): void {
  const v = surface.f(x, y);
  out[o] = map.toX(x);
  out[o + 1] = map.toY(y);
  out[o + 2] = (Number.isFinite(v) ? scale.toUnit(v) : 0) * HEIGHT + TRAIL_LIFT;
}

/** (X, Y, Z) per row of the trajectory; f is re-evaluated exactly (rows may hold rounded values). */
export function trailPositions(t: Trajectory, surface: Surface, map: WorldMapping, scale: HeightScale): Float32Array {
  const out = new Float32Array(Math.max(1, t.length) * 3);
  for (let k = 0; k < t.length; k++) worldPoint(surface, map, scale, t.x[k], t.y[k], out, k * 3);
  return out;
}
