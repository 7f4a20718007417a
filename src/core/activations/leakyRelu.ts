import type { Activation } from './types';

/** Default negative slope (PyTorch's LeakyReLU negative_slope = 0.01; Keras uses 0.3). */
export const LEAKY_RELU_ALPHA = 0.01;

/**
 * Leaky ReLU: leakyRelu(x) = x for x > 0, else α·x;  derivative 1 for x > 0, else α (α at exactly 0).
 * α is the Activation layer's `alpha` setting; inside Dense it is the default 0.01.
 */
export function makeLeakyRelu(alpha: number = LEAKY_RELU_ALPHA): Activation {
  return {
    name: 'leakyRelu',
    forward(x, y, rows, cols) {
      for (let i = 0, n = rows * cols; i < n; i++) y[i] = x[i] > 0 ? x[i] : alpha * x[i];
    },
    backward(x, _y, dy, dx, rows, cols) {
      for (let i = 0, n = rows * cols; i < n; i++) dx[i] += x[i] > 0 ? dy[i] : alpha * dy[i];
    },
  };
}

export const leakyRelu = makeLeakyRelu();
