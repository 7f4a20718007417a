// Datasets beyond the 2-D sets: the MNIST file and its decoder, the sines forecaster, Iris,
// and the config-only spec the validator and the UI read.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ALL_DATASET_KINDS, datasetSpec, decodeMnist, generateSines, loadDataset, loadIris } from '../../../src/core';

const mnistFile = join(__dirname, '../../../resources/data/mnist.bin.gz');

/** A hand-made MNST file: nTrain + nTest images of rows × cols. */
function mnstBytes(rows: number, cols: number, labels: number[], nTrain: number, pixels: number[]): Uint8Array {
  const n = labels.length;
  const out = new Uint8Array(16 + n + pixels.length);
  out.set([77, 78, 83, 84]); // 'MNST'
  const v = new DataView(out.buffer);
  v.setUint16(4, rows, true);
  v.setUint16(6, cols, true);
  v.setUint32(8, nTrain, true);
  v.setUint32(12, n - nTrain, true);
  out.set(labels, 16);
  out.set(pixels, 16 + n);
  return out;
}

describe('MNIST', () => {
  it('decodes a hand-made file: shapes, x = byte/255, labels, split', () => {
    const d = decodeMnist(mnstBytes(2, 2, [3, 7, 9], 2, [0, 255, 51, 102, 1, 2, 3, 4, 255, 255, 0, 0]));
    expect(d.n).toBe(3);
    expect(d.inputShape).toEqual([2, 2, 1]);
    expect(d.task).toBe('multiclass');
    expect(d.numClasses).toBe(10);
    expect([...d.y]).toEqual([3, 7, 9]);
    expect([...d.x.slice(0, 4)]).toEqual([0, 1, 0.2, 0.4].map(Math.fround));
    expect([...d.split!.train]).toEqual([0, 1]);
    expect([...d.split!.test]).toEqual([2]);
  });

  it('rejects a wrong magic, a truncated file and a label above 9', () => {
    const good = mnstBytes(1, 1, [1, 2], 1, [0, 0]);
    const badMagic = good.slice();
    badMagic[0] = 0;
    expect(() => decodeMnist(badMagic)).toThrow(/MNST/);
    expect(() => decodeMnist(good.subarray(0, good.length - 1))).toThrow(/expected 20 bytes/);
    expect(() => decodeMnist(mnstBytes(1, 1, [1, 12], 1, [0, 0]))).toThrow(/label 12/);
  });

  it('the shipped file: 8,000 train + 2,000 test images of 28×28×1 in [0, 1], labels 0..9, first label 1', () => {
    const bytes = new Uint8Array(gunzipSync(readFileSync(mnistFile)));
    const d = decodeMnist(bytes);
    expect(d.n).toBe(10_000);
    expect(d.x.length).toBe(10_000 * 784);
    expect(d.inputShape).toEqual([28, 28, 1]);
    expect(d.split!.train.length).toBe(8000);
    expect(d.split!.test.length).toBe(2000);
    expect(d.split!.test[0]).toBe(8000);
    expect(d.y[0]).toBe(1); // scripts/buildDatasets.cjs printed it when it wrote the file
    const counts = new Array(10).fill(0);
    for (const l of d.y) counts[l]++;
    // The mnist package's per-digit counts (src/digits/<d>.json lengths / 784).
    expect(counts).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    let min = Infinity;
    let max = -Infinity;
    for (const v of d.x) (min = Math.min(min, v)), (max = Math.max(max, v));
    expect(min).toBe(0);
    expect(max).toBe(1);
    // loadDataset needs the bytes from the host and says so without them.
    expect(() => loadDataset({ kind: 'mnist' })).toThrow(/MNIST data is not available/);
    expect(loadDataset({ kind: 'mnist' }, { mnist: bytes }).n).toBe(10_000);
  });
});

describe('sines', () => {
  const cfg = { kind: 'sines' as const, length: 12, horizon: 3, count: 50, noise: 0, seed: 5 };

  it('shapes, task and determinism; the seed and the noise change the data', () => {
    const d = generateSines(cfg);
    expect(d.n).toBe(50);
    expect(d.inputShape).toEqual([12, 1]);
    expect(d.targetShape).toEqual([1]);
    expect(d.task).toBe('regression');
    expect(d.x.length).toBe(600);
    expect(d.y.length).toBe(50);
    expect([...generateSines(cfg).x]).toEqual([...d.x]);
    expect([...generateSines({ ...cfg, seed: 6 }).x]).not.toEqual([...d.x]);
    const noisy = generateSines({ ...cfg, noise: 0.1 });
    expect([...noisy.y]).toEqual([...d.y]); // the target is the clean signal; noise has its own stream
    let rms = 0;
    for (let i = 0; i < d.x.length; i++) rms += (noisy.x[i] - d.x[i]) ** 2 / d.x.length;
    expect(Math.sqrt(rms)).toBeGreaterThan(0.07);
    expect(Math.sqrt(rms)).toBeLessThan(0.13);
  });

  it('without noise each window is a sum of sines of periods 20 and 7, and y continues it `horizon` steps on', () => {
    // A sinusoid of angular frequency ω satisfies s(t+1) + s(t−1) = 2cos(ω)·s(t); a sum of two satisfies
    // the product recurrence (E² − 2c1E + 1)(E² − 2c2E + 1)s = 0:
    // s(t+4) = 2(c1+c2)s(t+3) − (2 + 4c1c2)s(t+2) + 2(c1+c2)s(t+1) − s(t).
    const c1 = Math.cos((2 * Math.PI) / 20);
    const c2 = Math.cos((2 * Math.PI) / 7);
    const next = (s: number[]) => {
      const k = s.length;
      return 2 * (c1 + c2) * s[k - 1] - (2 + 4 * c1 * c2) * s[k - 2] + 2 * (c1 + c2) * s[k - 3] - s[k - 4];
    };
    for (const horizon of [1, 3, 8]) {
      const d = generateSines({ ...cfg, horizon });
      for (let i = 0; i < d.n; i++) {
        const s = Array.from(d.x.subarray(i * 12, (i + 1) * 12));
        for (let t = 4; t < 12; t++) expect(s[t]).toBeCloseTo(next(s.slice(0, t)), 4);
        for (let k = 0; k < horizon; k++) s.push(next(s));
        expect(d.y[i]).toBeCloseTo(s[11 + horizon], 3);
        // amplitudes a1 ≤ 1, a2 ≤ 0.5
        expect(Math.max(...s.map(Math.abs))).toBeLessThanOrEqual(1.5);
      }
    }
  });
});

describe('iris', () => {
  it('150 samples, 4 standardized features, classes 50/50/50', () => {
    const d = loadIris();
    expect(d.n).toBe(150);
    expect(d.inputShape).toEqual([4]);
    expect(d.numClasses).toBe(3);
    const counts = [0, 0, 0];
    for (const l of d.y) counts[l]++;
    expect(counts).toEqual([50, 50, 50]);
    for (let j = 0; j < 4; j++) {
      let m = 0;
      let v = 0;
      for (let i = 0; i < 150; i++) m += d.x[i * 4 + j] / 150;
      for (let i = 0; i < 150; i++) v += (d.x[i * 4 + j] - m) ** 2 / 150;
      expect(m).toBeCloseTo(0, 5);
      expect(v).toBeCloseTo(1, 5);
    }
    // First row 5.1, 3.5, 1.4, 0.2 (setosa); sepal length mean 5.8433, population std 0.8253.
    expect(d.y[0]).toBe(0);
    expect(d.x[0]).toBeCloseTo((5.1 - 5.843333) / 0.825301, 4);
  });
});

describe('datasetSpec', () => {
  it('input shape, task and size of every kind from the config alone', () => {
    expect(ALL_DATASET_KINDS).toEqual(['xor', 'circles', 'spirals', 'blobs', 'mnist', 'sines', 'iris']);
    expect(datasetSpec({ kind: 'spirals', samples: 300, noise: 0, seed: 1 })).toEqual({ inputShape: [2], task: 'binary', numClasses: 2, size: 300, fixedSplit: false });
    expect(datasetSpec({ kind: 'mnist' })).toEqual({ inputShape: [28, 28, 1], task: 'multiclass', numClasses: 10, size: 10_000, fixedSplit: true });
    expect(datasetSpec({ kind: 'sines', length: 30, horizon: 2, count: 400, noise: 0, seed: 1 })).toEqual({ inputShape: [30, 1], task: 'regression', targetShape: [1], size: 400, fixedSplit: false });
    expect(datasetSpec({ kind: 'iris' })).toEqual({ inputShape: [4], task: 'multiclass', numClasses: 3, size: 150, fixedSplit: false });
    expect(datasetSpec({ kind: 'nope' } as never)).toBeNull();
  });
});
