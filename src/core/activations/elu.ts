import type { Activation } from './types';

/**
 * ELU (Clevert et al. 2016) with α = 1 (PyTorch and Keras default):
 * elu(x) = x for x > 0, else α(eˣ − 1);  elu'(x) = 1 for x > 0, else α·eˣ = y + α (read from the output).
 */
const ALPHA = 1;

export const elu: Activation = {
  name: 'elu',
  forward(x, y, rows, cols) {
    for (let i = 0, n = rows * cols; i < n; i++) y[i] = x[i] > 0 ? x[i] : ALPHA * Math.expm1(x[i]);
  },
  backward(x, y, dy, dx, rows, cols) {
    for (let i = 0, n = rows * cols; i < n; i++) dx[i] += x[i] > 0 ? dy[i] : dy[i] * (y[i] + ALPHA);
  },
};
