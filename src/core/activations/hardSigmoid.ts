import type { Activation } from './types';

/**
 * Hard sigmoid (the course's "ramp"), PyTorch's torch.nn.Hardsigmoid (= Keras 3's hard_sigmoid):
 * hardSigmoid(x) = clip(x / 6 + 1/2, 0, 1), i.e. 0 for x ≤ −3, 1 for x ≥ 3, linear in between.
 * hardSigmoid'(x) = 1/6 for −3 < x < 3, else 0 (0 at the kinks ±3, as PyTorch).
 * (Keras 2 and TF.js use the steeper clip(0.2·x + 0.5, 0, 1); we follow PyTorch.)
 */
export const hardSigmoid: Activation = {
  name: 'hardSigmoid',
  forward(x, y, rows, cols) {
    for (let i = 0, n = rows * cols; i < n; i++) {
      const v = x[i] / 6 + 0.5;
      y[i] = v < 0 ? 0 : v > 1 ? 1 : v;
    }
  },
  backward(x, _y, dy, dx, rows, cols) {
    for (let i = 0, n = rows * cols; i < n; i++) if (x[i] > -3 && x[i] < 3) dx[i] += dy[i] / 6;
  },
};
