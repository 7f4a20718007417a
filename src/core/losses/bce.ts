import type { LossFn } from './types';

/**
 * Binary cross-entropy on probabilities p (a sigmoid output), mean over outputs and batch:
 * L = −(1 / (B·C)) Σ [t log p + (1 − t) log(1 − p)],  ∂L/∂p = (p − t) / (p (1 − p)) / (B·C).
 * p is clamped to [EPS, 1 − EPS] (EPS = 1e-7, Keras' epsilon) so a saturated sigmoid gives a large
 * but finite loss instead of log(0) = −∞; the gradient uses the clamped p.
 */
export const BCE_EPS = 1e-7;

export const bce: LossFn = (p, t, rows, cols, grad) => {
  const n = rows * cols;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const q = p[i] < BCE_EPS ? BCE_EPS : p[i] > 1 - BCE_EPS ? 1 - BCE_EPS : p[i];
    const ti = t[i];
    sum -= ti * Math.log(q) + (1 - ti) * Math.log(1 - q);
    if (grad) grad[i] = (q - ti) / (q * (1 - q)) / n;
  }
  return sum / n;
};
