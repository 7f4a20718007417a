import type { LossFn } from './types';

/**
 * Mean squared error, the mean over outputs AND batch: L = (1 / (B·C)) Σ (y − t)².
 * ∂L/∂y = 2 (y − t) / (B·C). (For one sample with two outputs this is ½ Σ (t − y)², the course's E.)
 */
export const mse: LossFn = (y, t, rows, cols, grad) => {
  const n = rows * cols;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = y[i] - t[i];
    sum += d * d;
    if (grad) grad[i] = (2 * d) / n;
  }
  return sum / n;
};
