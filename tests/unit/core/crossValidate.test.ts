// K-fold cross-validation on a tiny dataset: the folds partition the data, each run validates on
// its fold, the reported mean ± std is what we recompute from the K results, and the seed fixes it all.

import { describe, expect, it } from 'vitest';
import { createTrainingSession, crossValidate, foldSplit, starterDocument, type TrainConfig, type TrainEvent } from '../../../src/core';

const config: TrainConfig = {
  document: starterDocument(),
  dataset: { kind: 'xor', samples: 22, noise: 0, seed: 2 },
  loss: 'bce',
  optimizer: { kind: 'adam', learningRate: 0.05 },
  batchSize: 4,
  epochs: 3,
  validationSplit: 0.2, // ignored by the folds
  seed: 7,
};

describe('foldSplit', () => {
  it('the K validation folds partition the rows (sizes differ by at most 1), train = the rest', () => {
    const k = 4;
    const seen = new Array<number>(22).fill(0);
    for (let f = 0; f < k; f++) {
      const { trainIdx, valIdx } = foldSplit(22, 7, k, f);
      expect([5, 6]).toContain(valIdx.length);
      expect(trainIdx.length + valIdx.length).toBe(22);
      expect(new Set([...trainIdx, ...valIdx]).size).toBe(22);
      for (const i of valIdx) seen[i]++;
    }
    expect(seen).toEqual(new Array(22).fill(1));
  });

  it('is seeded: same seed same folds, another seed other folds; explicit row indices are partitioned too', () => {
    expect(foldSplit(22, 7, 4, 1)).toEqual(foldSplit(22, 7, 4, 1));
    expect(foldSplit(22, 8, 4, 1).valIdx).not.toEqual(foldSplit(22, 7, 4, 1).valIdx);
    const rows = Uint32Array.from([10, 20, 30, 40, 50]);
    const all = [0, 1, 2, 3, 4].flatMap((f) => [...foldSplit(rows, 1, 5, f).valIdx]);
    expect(all.sort((a, b) => a - b)).toEqual([10, 20, 30, 40, 50]);
  });
});

describe('crossValidate', () => {
  const k = 4;
  const result = crossValidate(config, k, () => 0);

  it('returns K folds of sizes 22 − |fold| / |fold|, each the final metrics of its run', () => {
    expect(result.k).toBe(k);
    expect(result.folds.map((f) => f.fold)).toEqual([0, 1, 2, 3]);
    for (const f of result.folds) {
      expect(f.trainSize + f.valSize).toBe(22);
      expect(f.outcome).toBe('completed');
      expect(f.metrics?.epoch).toBe(3);
    }
    expect(result.folds.reduce((a, f) => a + f.valSize, 0)).toBe(22);
  });

  it('fold f is the run with fold { k, index: f }, validated on foldSplit(…, f)', () => {
    const s = createTrainingSession({ ...config, fold: { k, index: 2 } }, 1, () => 0);
    const events: TrainEvent[] = [];
    while (!s.done) events.push(...s.step());
    const done = events[events.length - 1];
    expect(done.type === 'done' && done.final).toEqual(result.folds[2].metrics);
    expect(events[0]).toMatchObject({ type: 'started', valSize: foldSplit(22, 7, k, 2).valIdx.length });
  });

  it('mean and (population) std of every metric are those of the K results', () => {
    for (const key of ['trainLoss', 'trainAccuracy', 'valLoss', 'valAccuracy'] as const) {
      const values = result.folds.map((f) => f.metrics![key] as number);
      const mean = values.reduce((a, b) => a + b, 0) / k;
      const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / k);
      expect(result.mean[key], key).toBeCloseTo(mean, 12);
      expect(result.std[key], key).toBeCloseTo(std, 12);
    }
    expect(Object.keys(result.mean).sort()).toEqual(['trainAccuracy', 'trainLoss', 'valAccuracy', 'valLoss']);
  });

  it('is seeded: the same config gives the same result, another seed a different one', () => {
    expect(crossValidate(config, k, () => 0)).toEqual(result);
    expect(crossValidate({ ...config, seed: 8 }, k, () => 0).mean).not.toEqual(result.mean);
  });

  it('rejects k < 2', () => {
    expect(() => crossValidate(config, 1, () => 0)).toThrow(/k must be/);
  });
});
