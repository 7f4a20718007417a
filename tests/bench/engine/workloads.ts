// The issue-6 workloads, shared by every engine: the same data (real MNIST from resources/data, seeded
// sines), batch sizes, sample counts and model shapes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decodeMnist, generateSines } from '../../../src/core';

export type WorkloadName = 'mlp' | 'cnn' | 'lstm' | 'gru' | 'simpleRnn';
export const WORKLOADS: WorkloadName[] = ['mlp', 'cnn', 'lstm', 'gru', 'simpleRnn'];

export interface WorkloadData {
  name: WorkloadName;
  /** (n, ...inputShape) */
  x: Float32Array;
  /** (n, outputs): one-hot classes or the regression target */
  y: Float32Array;
  n: number;
  inputShape: number[];
  outputs: number;
  batch: number;
}

/** Samples per timed pass, full run and --quick run (every engine gets the same). */
export const SAMPLES: Record<WorkloadName, { full: number; quick: number }> = {
  mlp: { full: 8000, quick: 2048 },
  cnn: { full: 2000, quick: 128 },
  lstm: { full: 2000, quick: 320 },
  gru: { full: 2000, quick: 320 },
  simpleRnn: { full: 2000, quick: 640 },
};

export const BATCH: Record<WorkloadName, number> = { mlp: 64, cnn: 32, lstm: 32, gru: 32, simpleRnn: 32 };

export function loadWorkload(name: WorkloadName, quick: boolean): WorkloadData {
  const n = quick ? SAMPLES[name].quick : SAMPLES[name].full;
  const batch = BATCH[name];
  if (name === 'mlp' || name === 'cnn') {
    const root = join(__dirname, '..', '..', '..');
    const mnist = decodeMnist(new Uint8Array(gunzipSync(readFileSync(join(root, 'resources/data/mnist.bin.gz')))));
    const train = mnist.split!.train;
    const x = new Float32Array(n * 784);
    const y = new Float32Array(n * 10);
    for (let i = 0; i < n; i++) {
      const k = train[i % train.length];
      x.set(mnist.x.subarray(k * 784, (k + 1) * 784), i * 784);
      y[i * 10 + mnist.y[k]] = 1;
    }
    return { name, x, y, n, inputShape: name === 'mlp' ? [784] : [28, 28, 1], outputs: 10, batch };
  }
  const s = generateSines({ kind: 'sines', length: 50, horizon: 1, count: n, noise: 0.05, seed: 7 });
  return { name, x: s.x, y: s.y, n, inputShape: [50, 1], outputs: 1, batch };
}
