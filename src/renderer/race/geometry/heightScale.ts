// Maps a function value to [0, 1] for height and colour: linear, or logarithmic for surfaces
// whose range spans orders of magnitude (Rosenbrock's valley is 0…1 under walls of 3 000).

export interface HeightScale {
  zMin: number;
  zMax: number;
  log: boolean;
  /** f → t ∈ [0, 1] (clamped). */
  toUnit(z: number): number;
  /** t ∈ [0, 1] → f. */
  fromUnit(t: number): number;
}

export function heightScale(zMin: number, zMax: number, log: boolean): HeightScale {
  const range = zMax > zMin ? zMax - zMin : 1;
  const delta = range * 1e-4; // log1p((z − zMin)/δ): resolves the bottom 0.01 % of the range
  const logSpan = Math.log1p(range / delta);
  const clamp = (t: number) => (t < 0 ? 0 : t > 1 ? 1 : t);
  return log
    ? {
        zMin, zMax, log,
        toUnit: (z) => clamp(Math.log1p(Math.max(0, z - zMin) / delta) / logSpan),
        fromUnit: (t) => zMin + delta * Math.expm1(t * logSpan),
      }
    : {
        zMin, zMax, log,
        toUnit: (z) => clamp((z - zMin) / range),
        fromUnit: (t) => zMin + t * range,
      };
}
