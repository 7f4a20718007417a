import type { Activation } from './types';

/** Default shift: 1, the "shifted ReLU" (SReLU) max(x, −1) of the ELU paper (Clevert et al. 2016). */
export const SHIFTED_RELU_SHIFT = 1;

/**
 * Shifted ReLU: the ReLU graph moved down and left by `shift`, so negative inputs saturate at −shift
 * instead of 0 and the mean activation moves towards zero:
 *   shiftedRelu(x) = max(x, −shift) = relu(x + shift) − shift;
 *   derivative 1 for x > −shift, else 0 (0 at the kink).
 * shift is the Activation layer's `shift` setting; inside Dense it is the default 1. shift = 0 is ReLU.
 */
export function makeShiftedRelu(shift: number = SHIFTED_RELU_SHIFT): Activation {
  return {
    name: 'shiftedRelu',
    forward(x, y, rows, cols) {
      for (let i = 0, n = rows * cols; i < n; i++) y[i] = x[i] > -shift ? x[i] : -shift;
    },
    backward(x, _y, dy, dx, rows, cols) {
      for (let i = 0, n = rows * cols; i < n; i++) if (x[i] > -shift) dx[i] += dy[i];
    },
  };
}

export const shiftedRelu = makeShiftedRelu();
