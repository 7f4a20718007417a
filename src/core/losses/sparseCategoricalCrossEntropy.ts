import type { LossFn } from './types';

/**
 * Sparse categorical cross-entropy: softmax + cross-entropy on LOGITS z (rows = batch B, cols = classes),
 * with targets given as one integer class index per sample (target has B entries, not B·C):
 * L = −(1/B) Σ_b log softmax(z_b)[k_b],  ∂L/∂z_bj = (p_bj − [j = k_b]) / B.
 * The same fused, stable computation as softmaxCrossEntropy (log p = z − m − log Σ e^(z − m));
 * a softmax output layer is fused with it (the model reads the pre-activation).
 */
export const sparseCategoricalCrossEntropy: LossFn = (z, t, rows, cols, grad) => {
  let sum = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    const k = t[r];
    if (!(Number.isInteger(k) && k >= 0 && k < cols)) throw new Error(`sparseCategoricalCrossEntropy: label ${k} of sample ${r} is not a class index in [0, ${cols})`);
    let m = -Infinity;
    for (let j = 0; j < cols; j++) if (z[o + j] > m) m = z[o + j];
    let s = 0;
    for (let j = 0; j < cols; j++) s += Math.exp(z[o + j] - m);
    const logS = Math.log(s);
    sum -= z[o + k] - m - logS;
    if (grad) for (let j = 0; j < cols; j++) grad[o + j] = (Math.exp(z[o + j] - m - logS) - (j === k ? 1 : 0)) / rows;
  }
  return sum / rows;
};
