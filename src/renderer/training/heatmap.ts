// Colours of the decision-boundary heatmap, as pure functions over typed arrays
// (unit-tested; the component only blits the result).
// Diverging scale as in TF Playground: orange (class 0) — light grey (undecided, p = 0.5) — blue (class 1).

export type Rgb = readonly [number, number, number];

export const CLASS0_COLOR: Rgb = [245, 147, 34]; // #f59322
export const NEUTRAL_COLOR: Rgb = [232, 234, 235]; // #e8eaeb
export const CLASS1_COLOR: Rgb = [8, 119, 189]; // #0877bd

function mix(a: Rgb, b: Rgb, t: number): [number, number, number] {
  return [
    Math.round(a[0] + (b[0] - a[0]) * t),
    Math.round(a[1] + (b[1] - a[1]) * t),
    Math.round(a[2] + (b[2] - a[2]) * t),
  ];
}

/** Probability of class 1 -> colour. Values outside [0, 1] are clamped; NaN is neutral. */
export function probabilityColor(p: number): [number, number, number] {
  if (Number.isNaN(p)) return [...NEUTRAL_COLOR];
  const q = Math.min(1, Math.max(0, p));
  return q < 0.5 ? mix(CLASS0_COLOR, NEUTRAL_COLOR, q / 0.5) : mix(NEUTRAL_COLOR, CLASS1_COLOR, (q - 0.5) / 0.5);
}

/**
 * Fills RGBA pixels (length 4·grid.length, row-major, row 0 at the top — the layout of
 * core's decisionGrid and of ImageData) from class-1 probabilities.
 */
export function fillHeatmap(grid: ArrayLike<number>, out: Uint8ClampedArray, alpha = 255): Uint8ClampedArray {
  if (out.length !== grid.length * 4) throw new Error(`fillHeatmap: need ${grid.length * 4} bytes, got ${out.length}`);
  for (let i = 0; i < grid.length; i++) {
    const [r, g, b] = probabilityColor(grid[i]);
    out[4 * i] = r;
    out[4 * i + 1] = g;
    out[4 * i + 2] = b;
    out[4 * i + 3] = alpha;
  }
  return out;
}

/** Data coordinates -> canvas pixels, y up in data and down on screen. */
export function toCanvas(
  x: number,
  y: number,
  bounds: { xMin: number; xMax: number; yMin: number; yMax: number },
  width: number,
  height: number,
): [number, number] {
  return [
    ((x - bounds.xMin) / (bounds.xMax - bounds.xMin)) * width,
    ((bounds.yMax - y) / (bounds.yMax - bounds.yMin)) * height,
  ];
}
