import type { Activation } from './types';

/**
 * relu(x) = max(0, x);  relu'(x) = 1 for x > 0, else 0.
 * At exactly x = 0 the derivative is undefined; we take 0 (as PyTorch and TensorFlow do).
 */
export const relu: Activation = {
  name: 'relu',
  forward(x, y, rows, cols) {
    for (let i = 0, n = rows * cols; i < n; i++) y[i] = x[i] > 0 ? x[i] : 0;
  },
  backward(x, _y, dy, dx, rows, cols) {
    for (let i = 0, n = rows * cols; i < n; i++) if (x[i] > 0) dx[i] += dy[i];
  },
};
