// A 2-D loss surface: what the optimizer race runs on. Built-ins live in this folder; the
// renderer turns a typed expression into the same shape (core never parses text).

export interface Domain {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** A known minimum of a surface: where it is and the value there. */
export interface KnownMinimum {
  x: number;
  y: number;
  f: number;
}

export interface Surface {
  /** 'course', 'rosenbrock', … or 'custom'. */
  id: string;
  /** f(x, y). */
  f(x: number, y: number): number;
  /** (∂f/∂x, ∂f/∂y), written into `out` (returned). */
  gradient(x: number, y: number, out: Float64Array): Float64Array;
  /** The usual plotting window; a run that leaves it is reported, not continued. */
  domain: Domain;
  /** Known global minima (empty when the surface is unbounded below, e.g. saddles). */
  minima: readonly KnownMinimum[];
  /** Range so large that colour and height read better on a log scale (Rosenbrock, Beale). */
  preferLogScale: boolean;
}

export const inDomain = (d: Domain, x: number, y: number): boolean => x >= d.xMin && x <= d.xMax && y >= d.yMin && y <= d.yMax;

/** Euclidean distance from (x, y) to the nearest known minimum, or NaN when none is known. */
export function distanceToNearestMinimum(surface: Pick<Surface, 'minima'>, x: number, y: number): number {
  let best = NaN;
  for (const m of surface.minima) {
    const d = Math.hypot(x - m.x, y - m.y);
    if (!(d >= best)) best = d;
  }
  return best;
}
