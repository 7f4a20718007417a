// The 3-D surface as typed arrays (positions, normals, colours, triangle indices): a pure
// function of the sampled grid, unit-tested and benchmarked; the scene only uploads them.
import type { Grid } from '../../../core/landscape';
import { colorAt } from './colormap';
import type { HeightScale } from './heightScale';
import { HEIGHT, worldMapping } from './worldMapping';

export interface SurfaceGeometry {
  /** n² vertices × (X, Y, Z). Vertex j·n + i is grid sample (i, j). */
  positions: Float32Array;
  normals: Float32Array;
  colors: Float32Array;
  /** 2 triangles per grid cell, counter-clockwise seen from +Z. */
  indices: Uint32Array;
}

/** Colour of a sample whose value is not a number (outside a custom function's domain). */
const NAN_GREY = 0.75;

export function buildSurfaceGeometry(grid: Grid, scale: HeightScale): SurfaceGeometry {
  const { n, z } = grid;
  const map = worldMapping(grid.domain);
  const positions = new Float32Array(n * n * 3);
  const normals = new Float32Array(n * n * 3);
  const colors = new Float32Array(n * n * 3);
  const heights = new Float32Array(n * n);
  const x0 = map.toX(grid.domain.xMin);
  const y0 = map.toY(grid.domain.yMin);
  const dX = (map.toX(grid.domain.xMax) - x0) / (n - 1);
  const dY = (map.toY(grid.domain.yMax) - y0) / (n - 1);

  for (let v = 0; v < n * n; v++) {
    const value = z[v];
    const t = Number.isFinite(value) ? scale.toUnit(value) : 0;
    heights[v] = t * HEIGHT;
    if (Number.isFinite(value)) colorAt(t, colors, v * 3);
    else colors[v * 3] = colors[v * 3 + 1] = colors[v * 3 + 2] = NAN_GREY;
  }
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const v = j * n + i;
      positions[v * 3] = x0 + i * dX;
      positions[v * 3 + 1] = y0 + j * dY;
      positions[v * 3 + 2] = heights[v];
      // Normal from central differences of the height field: (−∂Z/∂X, −∂Z/∂Y, 1), normalised.
      const l = heights[j * n + (i > 0 ? i - 1 : i)];
      const r = heights[j * n + (i < n - 1 ? i + 1 : i)];
      const b = heights[(j > 0 ? j - 1 : j) * n + i];
      const f = heights[(j < n - 1 ? j + 1 : j) * n + i];
      const nx = -(r - l) / (dX * (i > 0 && i < n - 1 ? 2 : 1));
      const ny = -(f - b) / (dY * (j > 0 && j < n - 1 ? 2 : 1));
      const inv = 1 / Math.sqrt(nx * nx + ny * ny + 1);
      normals[v * 3] = nx * inv;
      normals[v * 3 + 1] = ny * inv;
      normals[v * 3 + 2] = inv;
    }
  }
  const indices = new Uint32Array((n - 1) * (n - 1) * 6);
  let o = 0;
  for (let j = 0; j < n - 1; j++) {
    for (let i = 0; i < n - 1; i++) {
      const a = j * n + i;
      const b = a + 1;
      const c = a + n;
      const d = c + 1;
      indices[o++] = a; indices[o++] = b; indices[o++] = d;
      indices[o++] = a; indices[o++] = d; indices[o++] = c;
    }
  }
  return { positions, normals, colors, indices };
}
