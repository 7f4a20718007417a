import type { Activation } from './types';

/**
 * GELU, exact erf form (Hendrycks & Gimpel 2016; PyTorch's default approximate='none', TF.js and
 * Keras 'gelu' with approximate=false):
 *   gelu(x) = x·Φ(x) = ½·x·(1 + erf(x / √2));  gelu'(x) = Φ(x) + x·φ(x), φ(x) = e^(−x²/2) / √(2π).
 * (Not the tanh approximation, which TF.js calls 'gelu_new'.)
 */
export const gelu: Activation = {
  name: 'gelu',
  forward(x, y, rows, cols) {
    for (let i = 0, n = rows * cols; i < n; i++) y[i] = 0.5 * x[i] * (1 + erf(x[i] * Math.SQRT1_2));
  },
  backward(x, _y, dy, dx, rows, cols) {
    for (let i = 0, n = rows * cols; i < n; i++) {
      const v = x[i];
      const cdf = 0.5 * (1 + erf(v * Math.SQRT1_2));
      dx[i] += dy[i] * (cdf + (v * Math.exp(-0.5 * v * v)) / SQRT_2PI);
    }
  },
};

const SQRT_2PI = Math.sqrt(2 * Math.PI);

/**
 * erf to near double precision: erf(x) = (2/√π)·e^(−x²)·Σₙ 2ⁿx^(2n+1) / (1·3·…·(2n+1)) (all terms
 * positive, so no cancellation); |x| ≥ 6 gives ±1 (erfc(6) ≈ 2e-17).
 */
export function erf(x: number): number {
  const a = Math.abs(x);
  if (a >= 6) return Math.sign(x);
  const a2 = a * a;
  let term = a;
  let sum = a;
  for (let n = 0; n < 200 && term > sum * 1e-17; n++) {
    term *= (2 * a2) / (2 * n + 3);
    sum += term;
  }
  const r = (2 / Math.sqrt(Math.PI)) * Math.exp(-a2) * sum;
  return x < 0 ? -r : r;
}
