import type { LossFn } from './types';

/**
 * Mean absolute error over outputs and batch: L = (1 / (B·C)) Σ |y − t|;
 * ∂L/∂y = sign(y − t) / (B·C) (0 where y = t exactly, as PyTorch's L1Loss).
 */
export const mae: LossFn = (y, t, rows, cols, grad) => {
  const n = rows * cols;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = y[i] - t[i];
    sum += Math.abs(d);
    if (grad) grad[i] = Math.sign(d) / n;
  }
  return sum / n;
};
