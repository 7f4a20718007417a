import type { Activation } from './types';

/** linear(x) = x;  linear'(x) = 1. */
export const linear: Activation = {
  name: 'linear',
  forward(x, y, rows, cols) {
    for (let i = 0, n = rows * cols; i < n; i++) y[i] = x[i];
  },
  backward(_x, _y, dy, dx, rows, cols) {
    for (let i = 0, n = rows * cols; i < n; i++) dx[i] += dy[i];
  },
};
