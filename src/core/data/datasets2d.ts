// Seeded 2-D, two-class datasets after TF Playground (playground/src/dataset.ts), with
// classes 0/1 instead of −1/+1 and exactly balanced classes (sample i has class i % 2).
// noise in [0, 1] scales the jitter. All data lies inside the square [-6, 6]².

import { Rng } from '../rng';
import type { Dataset2DConfig, Dataset2DKind } from '../train/config';
import type { Dataset } from './dataset';

/** A Dataset with inputShape [2], task 'binary', plus the square the points lie in. */
export interface Dataset2D extends Dataset {
  n: number;
  x: Float32Array; // (n, 2) row-major
  y: Float32Array; // (n) labels 0 or 1
  bounds: { xMin: number; xMax: number; yMin: number; yMax: number };
}

/** The 2-D kinds (ALL_DATASET_KINDS in dataset.ts lists every kind). */
export const DATASET_KINDS: readonly Dataset2DKind[] = ['xor', 'circles', 'spirals', 'blobs'];

const BOUND = 6;

/** Deterministic for a given config (same seed, same data). */
export function generateDataset(config: Dataset2DConfig): Dataset2D {
  const n = Math.max(0, Math.floor(config.samples));
  const noise = Math.min(1, Math.max(0, config.noise));
  const rng = new Rng(config.seed);
  const x = new Float32Array(2 * n);
  const y = new Float32Array(n);
  const point = generators[config.kind] ?? generators.xor;
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const [px, py] = point(rng, label, noise, i, n);
    // Keep every point inside the drawn square even at full noise.
    x[2 * i] = clamp(px, -BOUND, BOUND);
    x[2 * i + 1] = clamp(py, -BOUND, BOUND);
    y[i] = label;
  }
  return {
    n, x, y, inputShape: [2], task: 'binary', numClasses: 2,
    bounds: { xMin: -BOUND, xMax: BOUND, yMin: -BOUND, yMax: BOUND },
  };
}

type PointFn = (rng: Rng, label: number, noise: number, i: number, n: number) => [number, number];

const generators: Record<Dataset2DKind, PointFn> = {
  // Class 1 in quadrants I and III (x·y > 0), class 0 in II and IV; points kept 0.3 off the axes.
  xor(rng, label, noise) {
    const pad = 0.3;
    let px = rng.uniform(-5, 5);
    let py = rng.uniform(-5, 5);
    px += px > 0 ? pad : -pad;
    py += py > 0 ? pad : -pad;
    if ((px * py > 0 ? 1 : 0) !== label) py = -py;
    return [px + rng.uniform(-5, 5) * noise * 0.5, py + rng.uniform(-5, 5) * noise * 0.5];
  },
  // Class 1: disc of radius 2.5; class 0: ring between 3.5 and 5.
  circles(rng, label, noise) {
    const r = label === 1 ? rng.uniform(0, 2.5) : rng.uniform(3.5, 5);
    const a = rng.uniform(0, 2 * Math.PI);
    return [r * Math.sin(a) + rng.uniform(-5, 5) * noise * 0.5, r * Math.cos(a) + rng.uniform(-5, 5) * noise * 0.5];
  },
  // Two interleaved spirals, half a turn apart; radius grows to 5 over 1.75 turns.
  spirals(rng, label, noise, i, n) {
    const k = Math.floor(i / 2);
    const perClass = Math.max(1, Math.ceil(n / 2));
    const r = (k / perClass) * 5;
    const t = 1.75 * (k / perClass) * 2 * Math.PI + (label === 1 ? 0 : Math.PI);
    return [r * Math.sin(t) + rng.uniform(-1, 1) * noise, r * Math.cos(t) + rng.uniform(-1, 1) * noise];
  },
  // Two Gaussian blobs centred at (2, 2) (class 1) and (−2, −2) (class 0); std grows with noise.
  blobs(rng, label, noise) {
    const c = label === 1 ? 2 : -2;
    const std = 0.5 + 1.5 * noise;
    return [rng.normal(c, std), rng.normal(c, std)];
  },
};

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
