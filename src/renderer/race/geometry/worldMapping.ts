// Data (x, y, t) ↔ world coordinates of the 3-D scene. The window's longer side spans
// [−1, 1]; the shorter keeps the aspect ratio; height t ∈ [0, 1] becomes z ∈ [0, HEIGHT].
import type { Domain } from '../../../core/landscape';

export const HEIGHT = 0.85;

export interface WorldMapping {
  toX(x: number): number;
  toY(y: number): number;
  fromX(X: number): number;
  fromY(Y: number): number;
  halfWidth: number;
  halfDepth: number;
}

export function worldMapping(d: Domain): WorldMapping {
  const w = d.xMax - d.xMin;
  const h = d.yMax - d.yMin;
  const s = 2 / Math.max(w, h);
  const cx = (d.xMin + d.xMax) / 2;
  const cy = (d.yMin + d.yMax) / 2;
  return {
    toX: (x) => (x - cx) * s,
    toY: (y) => (y - cy) * s,
    fromX: (X) => X / s + cx,
    fromY: (Y) => Y / s + cy,
    halfWidth: (w * s) / 2,
    halfDepth: (h * s) / 2,
  };
}
