import type { Activation } from './types';

/**
 * Heaviside step: step(x) = 1 for x > 0, else 0 (the perceptron's threshold unit).
 * Its derivative is 0 everywhere except at 0, where it does not exist, so backward passes NO
 * gradient at all: a network whose only path runs through step units cannot learn by backprop.
 * That is exactly the course's point about why smooth activations replaced it.
 */
export const step: Activation = {
  name: 'step',
  forward(x, y, rows, cols) {
    for (let i = 0, n = rows * cols; i < n; i++) y[i] = x[i] > 0 ? 1 : 0;
  },
  backward() {
    // zero gradient: dx += 0
  },
};
