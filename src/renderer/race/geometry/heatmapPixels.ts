// The 2-D contour view's background: the grid's colours as RGBA pixels, row 0 at the top (y max).
import type { Grid } from '../../../core/landscape';
import { colorAt } from './colormap';
import type { HeightScale } from './heightScale';

export function heatmapPixels(grid: Grid, scale: HeightScale): Uint8ClampedArray {
  const { n, z } = grid;
  const px = new Uint8ClampedArray(n * n * 4);
  const c = [0, 0, 0];
  for (let j = 0; j < n; j++) {
    const row = n - 1 - j;
    for (let i = 0; i < n; i++) {
      const v = z[j * n + i];
      const o = (row * n + i) * 4;
      if (Number.isFinite(v)) {
        colorAt(scale.toUnit(v), c);
        px[o] = c[0] * 255;
        px[o + 1] = c[1] * 255;
        px[o + 2] = c[2] * 255;
      } else {
        px[o] = px[o + 1] = px[o + 2] = 190;
      }
      px[o + 3] = 255;
    }
  }
  return px;
}
