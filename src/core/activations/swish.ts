import type { Activation } from './types';

/**
 * Swish / SiLU (Ramachandran et al. 2017 with β = 1; PyTorch SiLU, Keras/TF.js 'swish'):
 * swish(x) = x·σ(x);  swish'(x) = σ(x)·(1 + x·(1 − σ(x))).
 */
export const swish: Activation = {
  name: 'swish',
  forward(x, y, rows, cols) {
    for (let i = 0, n = rows * cols; i < n; i++) y[i] = x[i] / (1 + Math.exp(-x[i]));
  },
  backward(x, _y, dy, dx, rows, cols) {
    for (let i = 0, n = rows * cols; i < n; i++) {
      const s = 1 / (1 + Math.exp(-x[i]));
      dx[i] += dy[i] * s * (1 + x[i] * (1 - s));
    }
  },
};
