import type { LossFn } from './types';

/**
 * Binary cross-entropy on LOGITS z (PyTorch BCEWithLogitsLoss), mean over outputs and batch:
 * L = (1 / (B·C)) Σ [max(z, 0) − z·t + ln(1 + e^(−|z|))]  (= −[t ln σ(z) + (1 − t) ln(1 − σ(z))], written so it
 * never overflows or takes log(0));  ∂L/∂z = (σ(z) − t) / (B·C).
 * When the output layer ends in a sigmoid the model fuses it with this loss (reads the pre-activation).
 */
export const bceWithLogits: LossFn = (z, t, rows, cols, grad) => {
  const n = rows * cols;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const zi = z[i];
    sum += Math.max(zi, 0) - zi * t[i] + Math.log1p(Math.exp(-Math.abs(zi)));
    if (grad) grad[i] = (1 / (1 + Math.exp(-zi)) - t[i]) / n;
  }
  return sum / n;
};
