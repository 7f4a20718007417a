import type { Activation } from './types';

/** arctan(x) = tan⁻¹(x), range (−π/2, π/2);  arctan'(x) = 1 / (1 + x²). */
export const arctan: Activation = {
  name: 'arctan',
  forward(x, y, rows, cols) {
    for (let i = 0, n = rows * cols; i < n; i++) y[i] = Math.atan(x[i]);
  },
  backward(x, _y, dy, dx, rows, cols) {
    for (let i = 0, n = rows * cols; i < n; i++) dx[i] += dy[i] / (1 + x[i] * x[i]);
  },
};
