import { BCE_EPS } from './bce';
import type { LossFn } from './types';

/**
 * Categorical cross-entropy on PROBABILITIES p (a softmax output; rows = batch B, cols = classes)
 * and one-hot (or any distribution) targets t:
 * L = −(1/B) Σ_b Σ_j t_bj ln p_bj,  ∂L/∂p_bj = −t_bj / (p_bj · B).
 * p is clamped to [1e-7, 1 − 1e-7] (Keras' epsilon) so p = 0 gives a large finite loss; the gradient
 * uses the clamped p. For softmax outputs prefer softmaxCrossEntropy, which is fused and exact.
 */
export const categoricalCrossEntropy: LossFn = (p, t, rows, cols, grad) => {
  const n = rows * cols;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const q = p[i] < BCE_EPS ? BCE_EPS : p[i] > 1 - BCE_EPS ? 1 - BCE_EPS : p[i];
    sum -= t[i] * Math.log(q);
    if (grad) grad[i] = -t[i] / (q * rows);
  }
  return sum / rows;
};
