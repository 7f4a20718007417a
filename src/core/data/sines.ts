// Sequence forecasting on noisy sums of sines. Sample i is its own signal
//   s_i(t) = a1·sin(2π·t/20 + φ1) + a2·sin(2π·t/7 + φ2),
// with a1 ~ U(0.5, 1), φ1 ~ U(0, 2π), a2 ~ U(0.2, 0.5), φ2 ~ U(0, 2π) drawn in that order from the
// seed's stream (the noise has its own stream, so the clean signals do not depend on `noise`), then
//   x_i[t] = s_i(t) + noise·ε_t  (ε_t ~ N(0, 1), t = 0 … T−1)   -> input shape [T, 1]
//   y_i    = s_i(T − 1 + horizon)                                -> the clean value `horizon` steps on.
// The periods are fixed, so the future follows from the window (a sum of two sinusoids obeys a
// linear recurrence of order 4); amplitudes and phases differ per sample. Same config, same data.

import { deriveSeed, Rng } from '../rng';
import type { SinesConfig } from '../train/config';
import type { Dataset } from './dataset';

export const SINES_PERIODS: readonly [number, number] = [20, 7];

export function generateSines(config: SinesConfig): Dataset {
  const T = Math.max(1, Math.floor(config.length));
  const h = Math.max(1, Math.floor(config.horizon));
  const n = Math.max(0, Math.floor(config.count));
  const noise = Math.max(0, config.noise);
  const [w1, w2] = SINES_PERIODS.map((p) => (2 * Math.PI) / p);
  const rng = new Rng(config.seed);
  const noiseRng = new Rng(deriveSeed(config.seed, 'noise'));
  const x = new Float32Array(n * T);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a1 = rng.uniform(0.5, 1);
    const p1 = rng.uniform(0, 2 * Math.PI);
    const a2 = rng.uniform(0.2, 0.5);
    const p2 = rng.uniform(0, 2 * Math.PI);
    const s = (t: number) => a1 * Math.sin(w1 * t + p1) + a2 * Math.sin(w2 * t + p2);
    for (let t = 0; t < T; t++) x[i * T + t] = s(t) + (noise > 0 ? noise * noiseRng.normal() : 0);
    y[i] = s(T - 1 + h);
  }
  return { n, x, y, inputShape: [T, 1], task: 'regression', targetShape: [1] };
}
