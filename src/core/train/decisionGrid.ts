// The heatmap behind the 2-D datasets: P(class 1) over a grid of points.

import type { Dataset2D } from '../data/datasets2d';
import type { Model } from '../graph/model';

/**
 * Probability of class 1 at res × res points spanning bounds corner to corner (TF Playground's
 * grid): row r has y = yMax − r·(yMax − yMin)/(res − 1) (row 0 = top), column c has
 * x = xMin + c·(xMax − xMin)/(res − 1). resolution 1 samples the centre.
 * 1 output: the output clamped to [0, 1] (a sigmoid, or an mse-trained linear unit).
 * 2+ outputs: column 1 of the softmax; outputs that are not already softmax are read as logits.
 */
export function decisionGrid(model: Model, bounds: Dataset2D['bounds'], resolution: number): Float32Array {
  const res = Math.max(1, Math.floor(resolution));
  const pos = (lo: number, hi: number, i: number) => (res === 1 ? (lo + hi) / 2 : lo + (i * (hi - lo)) / (res - 1));
  const x = new Float64Array(res * res * 2);
  for (let r = 0; r < res; r++) {
    for (let c = 0; c < res; c++) {
      const k = r * res + c;
      x[2 * k] = pos(bounds.xMin, bounds.xMax, c);
      x[2 * k + 1] = pos(bounds.yMax, bounds.yMin, r);
    }
  }
  const y = model.predict(x, res * res);
  const O = model.outputSize;
  const out = new Float32Array(res * res);
  const isSoftmax = (model as { outputActivation?: string }).outputActivation === 'softmax';
  for (let k = 0; k < res * res; k++) {
    if (O === 1) {
      const v = y[k];
      out[k] = v < 0 ? 0 : v > 1 ? 1 : v;
    } else if (isSoftmax) {
      out[k] = y[k * O + 1];
    } else {
      let m = -Infinity;
      for (let j = 0; j < O; j++) m = Math.max(m, y[k * O + j]);
      let s = 0;
      for (let j = 0; j < O; j++) s += Math.exp(y[k * O + j] - m);
      out[k] = Math.exp(y[k * O + 1] - m) / s;
    }
  }
  return out;
}
