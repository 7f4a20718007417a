import type { LossFn } from './types';

/** Huber's δ: quadratic within ±δ of the target, linear beyond (PyTorch HuberLoss and Keras default 1). */
export const HUBER_DELTA = 1;

/**
 * Huber loss, mean over outputs and batch, d = y − t:
 * ℓ(d) = ½d² for |d| ≤ δ, else δ(|d| − ½δ);  ∂L/∂y = clip(d, −δ, δ) / (B·C).
 */
export const huber: LossFn = (y, t, rows, cols, grad) => {
  const n = rows * cols;
  const delta = HUBER_DELTA;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = y[i] - t[i];
    const a = Math.abs(d);
    sum += a <= delta ? 0.5 * d * d : delta * (a - 0.5 * delta);
    if (grad) grad[i] = (a <= delta ? d : delta * Math.sign(d)) / n;
  }
  return sum / n;
};
