import type { Activation } from './types';

/**
 * softplus(x) = ln(1 + eˣ), computed as max(x, 0) + ln(1 + e^(−|x|)) so large |x| neither overflows
 * nor loses precision;  softplus'(x) = σ(x).
 */
export const softplus: Activation = {
  name: 'softplus',
  forward(x, y, rows, cols) {
    for (let i = 0, n = rows * cols; i < n; i++) y[i] = Math.max(x[i], 0) + Math.log1p(Math.exp(-Math.abs(x[i])));
  },
  backward(x, _y, dy, dx, rows, cols) {
    for (let i = 0, n = rows * cols; i < n; i++) dx[i] += dy[i] / (1 + Math.exp(-x[i]));
  },
};
