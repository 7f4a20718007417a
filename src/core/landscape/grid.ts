// f sampled on a regular n × n grid over a window: the data behind the 3-D surface, its
// colours and its contour lines.
import type { Domain } from './types';

export interface Grid {
  n: number;
  domain: Domain;
  /** z[j·n + i] = f(x_i, y_j), x_i = xMin + i·(xMax − xMin)/(n − 1); rows run along x. */
  z: Float64Array;
  zMin: number;
  zMax: number;
}

export function sampleGrid(f: (x: number, y: number) => number, domain: Domain, n: number): Grid {
  const z = new Float64Array(n * n);
  const dx = (domain.xMax - domain.xMin) / (n - 1);
  const dy = (domain.yMax - domain.yMin) / (n - 1);
  let zMin = Infinity;
  let zMax = -Infinity;
  for (let j = 0; j < n; j++) {
    const y = domain.yMin + j * dy;
    for (let i = 0; i < n; i++) {
      const v = f(domain.xMin + i * dx, y);
      z[j * n + i] = v;
      if (v < zMin) zMin = v;
      if (v > zMax) zMax = v;
    }
  }
  if (!(zMin <= zMax)) {
    zMin = 0; // every sample was NaN: a flat, empty picture rather than NaN geometry
    zMax = 1;
  }
  return { n, domain, z, zMin, zMax };
}
