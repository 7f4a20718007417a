// Contour lines by marching squares over the sampled grid. Levels are evenly spaced in the
// height scale, so a log-scaled surface gets log-spaced contours.
import type { Grid } from '../../../core/landscape';
import type { HeightScale } from './heightScale';

export interface Contours {
  levels: Float64Array;
  /** Segments in data coordinates: (x1, y1, x2, y2) each. */
  segments: Float64Array;
  /** Index into `levels` per segment. */
  levelOf: Uint16Array;
  count: number;
}

/** `count` levels at t = (i + ½)/count of the height scale. */
export function contourLevels(scale: HeightScale, count: number): Float64Array {
  const levels = new Float64Array(count);
  for (let i = 0; i < count; i++) levels[i] = scale.fromUnit((i + 0.5) / count);
  return levels;
}

export function contourSegments(grid: Grid, levels: Float64Array): Contours {
  const { n, z, domain } = grid;
  const dx = (domain.xMax - domain.xMin) / (n - 1);
  const dy = (domain.yMax - domain.yMin) / (n - 1);
  let segments = new Float64Array(4096);
  let levelOf = new Uint16Array(1024);
  let count = 0;
  const push = (x1: number, y1: number, x2: number, y2: number, level: number): void => {
    if (count * 4 + 4 > segments.length) {
      const s = new Float64Array(segments.length * 2);
      s.set(segments);
      segments = s;
      const l = new Uint16Array(levelOf.length * 2);
      l.set(levelOf);
      levelOf = l;
    }
    segments.set([x1, y1, x2, y2], count * 4);
    levelOf[count++] = level;
  };
  // Crossing point on the edge between corners (values a → b), as a fraction.
  const frac = (a: number, b: number, c: number) => (c - a) / (b - a);

  for (let li = 0; li < levels.length; li++) {
    const c = levels[li];
    for (let j = 0; j < n - 1; j++) {
      const y = domain.yMin + j * dy;
      for (let i = 0; i < n - 1; i++) {
        const v0 = z[j * n + i]; // bottom-left
        const v1 = z[j * n + i + 1]; // bottom-right
        const v2 = z[(j + 1) * n + i + 1]; // top-right
        const v3 = z[(j + 1) * n + i]; // top-left
        if (!(Number.isFinite(v0) && Number.isFinite(v1) && Number.isFinite(v2) && Number.isFinite(v3))) continue;
        const code = (v0 > c ? 1 : 0) | (v1 > c ? 2 : 0) | (v2 > c ? 4 : 0) | (v3 > c ? 8 : 0);
        if (code === 0 || code === 15) continue;
        const x = domain.xMin + i * dx;
        // Edge points: bottom (0–1), right (1–2), top (3–2), left (0–3).
        const bx = x + frac(v0, v1, c) * dx, by = y;
        const rx = x + dx, ry = y + frac(v1, v2, c) * dy;
        const tx = x + frac(v3, v2, c) * dx, ty = y + dy;
        const lx = x, ly = y + frac(v0, v3, c) * dy;
        switch (code) {
          case 1: case 14: push(lx, ly, bx, by, li); break;
          case 2: case 13: push(bx, by, rx, ry, li); break;
          case 3: case 12: push(lx, ly, rx, ry, li); break;
          case 4: case 11: push(rx, ry, tx, ty, li); break;
          case 6: case 9: push(bx, by, tx, ty, li); break;
          case 7: case 8: push(lx, ly, tx, ty, li); break;
          case 5: case 10: {
            // Saddle cell: the centre's value decides which corners connect.
            const centreHigh = (v0 + v1 + v2 + v3) / 4 > c;
            if ((code === 5) === centreHigh) {
              push(lx, ly, tx, ty, li);
              push(bx, by, rx, ry, li);
            } else {
              push(lx, ly, bx, by, li);
              push(rx, ry, tx, ty, li);
            }
            break;
          }
        }
      }
    }
  }
  return { levels, segments: segments.subarray(0, count * 4), levelOf: levelOf.subarray(0, count), count };
}
