import type { Activation } from './types';

/** σ(x) = 1 / (1 + e^(−x));  σ'(x) = σ(x)(1 − σ(x)), read from the output y. */
export const sigmoid: Activation = {
  name: 'sigmoid',
  forward(x, y, rows, cols) {
    for (let i = 0, n = rows * cols; i < n; i++) y[i] = 1 / (1 + Math.exp(-x[i]));
  },
  backward(_x, y, dy, dx, rows, cols) {
    for (let i = 0, n = rows * cols; i < n; i++) dx[i] += dy[i] * y[i] * (1 - y[i]);
  },
};
