import type { Activation } from './types';

/** Default α: 1, as PyTorch's nn.ELU(alpha=1.0) and Keras's elu(alpha=1.0). */
export const ELU_ALPHA = 1;

/**
 * ELU (Clevert et al. 2016): elu(x) = x for x > 0, else α(eˣ − 1);
 * elu'(x) = 1 for x > 0, else α·eˣ = y + α (read from the output). α scales the negative saturation
 * value (−α). α is the Activation layer's `alpha` setting; inside Dense and the other layers with an
 * `activation` setting it is the default 1 (as leakyRelu's slope there is its default).
 */
export function makeElu(alpha: number = ELU_ALPHA): Activation {
  return {
    name: 'elu',
    forward(x, y, rows, cols) {
      for (let i = 0, n = rows * cols; i < n; i++) y[i] = x[i] > 0 ? x[i] : alpha * Math.expm1(x[i]);
    },
    backward(x, y, dy, dx, rows, cols) {
      for (let i = 0, n = rows * cols; i < n; i++) dx[i] += x[i] > 0 ? dy[i] : dy[i] * (y[i] + alpha);
    },
  };
}

export const elu = makeElu();
