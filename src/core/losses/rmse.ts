import type { LossFn } from './types';

/**
 * Root mean squared error of the whole batch (Keras' RootMeanSquaredError): L = √((1 / (B·C)) Σ (y − t)²);
 * ∂L/∂y = (y − t) / (B·C·L) (0 when L = 0, where the derivative is undefined).
 * Unlike MSE it is not a mean of per-sample losses: the square root is taken after batch averaging.
 */
export const rmse: LossFn = (y, t, rows, cols, grad) => {
  const n = rows * cols;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (y[i] - t[i]) ** 2;
  const L = Math.sqrt(sum / n);
  if (grad) for (let i = 0; i < n; i++) grad[i] = L > 0 ? (y[i] - t[i]) / (n * L) : 0;
  return L;
};
