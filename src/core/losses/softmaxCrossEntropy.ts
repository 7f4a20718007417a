import type { LossFn } from './types';

/** One row's e^(z − m), kept in float64 between the two passes (a float32 grad would round them). */
let exps = new Float64Array(16);

/**
 * Softmax fused with categorical cross-entropy, on LOGITS z (rows = batch B, cols = classes):
 * p = softmax(z), L = −(1/B) Σ_b Σ_j t_bj log p_bj, and ∂L/∂z = (p − t) / B.
 * log p is computed as z − m − log Σ e^(z − m) (m = row max), so it never takes log(0); p as
 * e^(z − m) / Σ e^(z − m), one exp per logit. Targets are one-hot rows (any distribution summing to 1
 * works); a zero target adds nothing (0 · log 0 = 0).
 */
export const softmaxCrossEntropy: LossFn = (z, t, rows, cols, grad) => {
  if (exps.length < cols) exps = new Float64Array(cols);
  const e = exps;
  let sum = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let m = -Infinity;
    for (let j = 0; j < cols; j++) if (z[o + j] > m) m = z[o + j];
    let s = 0;
    for (let j = 0; j < cols; j++) s += e[j] = Math.exp(z[o + j] - m);
    const logS = Math.log(s);
    for (let j = 0; j < cols; j++) {
      const tj = t[o + j];
      if (tj !== 0) sum -= tj * (z[o + j] - m - logS);
      if (grad) grad[o + j] = (e[j] / s - tj) / rows;
    }
  }
  return sum / rows;
};
