import type { LossFn } from './types';

/**
 * Softmax fused with categorical cross-entropy, on LOGITS z (rows = batch B, cols = classes):
 * p = softmax(z), L = −(1/B) Σ_b Σ_j t_bj log p_bj, and ∂L/∂z = (p − t) / B.
 * log p is computed as z − m − log Σ e^(z − m) (m = row max), so it never takes log(0).
 * Targets are one-hot rows (any distribution summing to 1 works).
 */
export const softmaxCrossEntropy: LossFn = (z, t, rows, cols, grad) => {
  let sum = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let m = -Infinity;
    for (let j = 0; j < cols; j++) if (z[o + j] > m) m = z[o + j];
    let s = 0;
    for (let j = 0; j < cols; j++) s += Math.exp(z[o + j] - m);
    const logS = Math.log(s);
    for (let j = 0; j < cols; j++) {
      const logp = z[o + j] - m - logS;
      sum -= t[o + j] * logp;
      if (grad) grad[o + j] = (Math.exp(logp) - t[o + j]) / rows;
    }
  }
  return sum / rows;
};
