import type { Activation } from './types';

/**
 * Row-wise softmax: y_j = e^(x_j − m) / Σ_k e^(x_k − m), m = max_k x_k (subtracting m avoids overflow).
 * Backward (Jacobian–vector product): dx_j += y_j (dy_j − Σ_k dy_k y_k).
 * With cross-entropy the two fuse into dx = (y − t) / B: see losses/softmaxCrossEntropy.ts.
 */
export const softmax: Activation = {
  name: 'softmax',
  forward(x, y, rows, cols) {
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      let m = -Infinity;
      for (let j = 0; j < cols; j++) if (x[o + j] > m) m = x[o + j];
      let sum = 0;
      for (let j = 0; j < cols; j++) {
        const e = Math.exp(x[o + j] - m);
        y[o + j] = e;
        sum += e;
      }
      for (let j = 0; j < cols; j++) y[o + j] /= sum;
    }
  },
  backward(_x, y, dy, dx, rows, cols) {
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      let dot = 0;
      for (let j = 0; j < cols; j++) dot += dy[o + j] * y[o + j];
      for (let j = 0; j < cols; j++) dx[o + j] += y[o + j] * (dy[o + j] - dot);
    }
  },
};
