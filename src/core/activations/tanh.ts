import type { Activation } from './types';

/** tanh(x) = (e^x − e^(−x)) / (e^x + e^(−x));  tanh'(x) = 1 − tanh(x)², read from the output y. */
export const tanh: Activation = {
  name: 'tanh',
  forward(x, y, rows, cols) {
    for (let i = 0, n = rows * cols; i < n; i++) y[i] = Math.tanh(x[i]);
  },
  backward(_x, y, dy, dx, rows, cols) {
    for (let i = 0, n = rows * cols; i < n; i++) dx[i] += dy[i] * (1 - y[i] * y[i]);
  },
};
