// Which samples a training run trains and validates on, and in what order: the validation split is
// drawn once and is disjoint from the training set, the training set is reshuffled every epoch, and
// a seed replays the orders. The split functions are checked directly (foldSplit) and through the
// session, whose batches are read from the gradient engine it is given (SessionOptions.gradients).

import { describe, expect, it } from 'vitest';
import {
  createTrainingSession, foldSplit, inProcessGradients, loadDataset, type GradientEngineFactory, type TrainConfig,
} from '../../../src/core';
import { sessionConfig } from './helpers';

/** What one run showed: the row ids of each epoch's batches in training order, and the rows evaluated after epoch 1. */
interface Observed {
  epochOrders: number[][];
  evaluated: number[];
  trainSize: number;
  valSize: number;
  n: number;
}

/** Runs `config` with a gradient engine that records every batch, and a model whose inference passes are recorded. */
function observe(config: TrainConfig): Observed {
  const data = loadDataset(config.dataset);
  const F = data.inputShape.reduce((a, b) => a * b, 1);
  const keyOf = (x: ArrayLike<number>, row: number) => Array.from({ length: F }, (_, j) => x[row * F + j]).join(',');
  const idOf = new Map<string, number>();
  for (let i = 0; i < data.n; i++) idOf.set(keyOf(data.x, i), i);
  expect(idOf.size, 'dataset rows must be distinct to be told apart').toBe(data.n);
  const rowsOf = (x: ArrayLike<number>, n: number) => Array.from({ length: n }, (_, r) => idOf.get(keyOf(x, r))!);

  let batches: number[] = [];
  let inference: number[] | null = [];
  const recording: GradientEngineFactory = (spec) => {
    const engine = inProcessGradients(spec);
    const model = spec.model;
    const forward = model.forward.bind(model);
    model.forward = (x, n, training) => {
      if (!training && inference) inference.push(...rowsOf(x, n));
      return forward(x, n, training);
    };
    return { ...engine, lossAndGradients: (x, t, n) => (batches.push(...rowsOf(x, n)), engine.lossAndGradients(x, t, n)) };
  };

  const s = createTrainingSession(config, 1, () => 0, undefined, { gradients: recording });
  const epochOrders: number[][] = [];
  let evaluated: number[] = [];
  let trainSize = 0;
  let valSize = 0;
  while (!s.done) {
    for (const e of s.step()) {
      if (e.type === 'started') ({ trainSize, valSize } = e);
      if (e.type === 'epoch') {
        epochOrders.push(batches);
        batches = [];
        if (inference) (evaluated = inference), (inference = null); // epoch 1's evaluation only
      }
      if (e.type === 'error') throw new Error(e.message);
    }
  }
  return { epochOrders, evaluated, trainSize, valSize, n: data.n };
}

const sorted = (a: Iterable<number>) => [...a].sort((p, q) => p - q);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('foldSplit', () => {
  it('each fold: train and validation rows are disjoint and together cover the rows; the folds partition them', () => {
    const n = 103;
    const k = 5;
    const valFolds: number[] = [];
    for (let f = 0; f < k; f++) {
      const { trainIdx, valIdx } = foldSplit(n, 7, k, f);
      const train = new Set(trainIdx);
      expect(train.size).toBe(trainIdx.length); // no row twice
      expect([...valIdx].filter((i) => train.has(i))).toEqual([]);
      expect(sorted([...trainIdx, ...valIdx])).toEqual(range(n));
      expect([Math.floor(n / k), Math.ceil(n / k)]).toContain(valIdx.length);
      valFolds.push(...valIdx);
    }
    expect(sorted(valFolds)).toEqual(range(n));
  });

  it('splits explicit rows (a fixed train split) among themselves', () => {
    const rows = Uint32Array.from([3, 8, 9, 20, 21, 40, 41, 77]);
    const { trainIdx, valIdx } = foldSplit(rows, 1, 4, 2);
    expect(valIdx.length).toBe(2);
    expect(sorted([...trainIdx, ...valIdx])).toEqual([...rows]);
  });

  it('is a seeded shuffle: the same seed gives the same split, another seed another, and it is not in row order', () => {
    const a = foldSplit(60, 11, 3, 0);
    expect(foldSplit(60, 11, 3, 0)).toEqual(a);
    expect([...foldSplit(60, 12, 3, 0).valIdx]).not.toEqual([...a.valIdx]);
    expect([...a.valIdx]).not.toEqual(range(20));
  });
});

describe('training session batches', () => {
  const config = sessionConfig({ epochs: 4, batchSize: 16 }); // 300 XOR points, validationSplit 0.2
  const run = observe(config);

  it('validates on 20 % of the rows, disjoint from the training rows; together they are the whole dataset', () => {
    expect([run.n, run.trainSize, run.valSize]).toEqual([300, 240, 60]);
    const train = new Set(run.epochOrders[0]);
    // Evaluation after an epoch runs the training rows, then the validation rows.
    const evalTrain = run.evaluated.slice(0, run.trainSize);
    const val = run.evaluated.slice(run.trainSize);
    expect(run.evaluated.length).toBe(run.trainSize + run.valSize);
    expect(sorted(evalTrain)).toEqual(sorted(train));
    expect(new Set(val).size).toBe(run.valSize);
    expect(val.filter((i) => train.has(i))).toEqual([]);
    expect(sorted([...train, ...val])).toEqual(range(run.n));
    // The validation rows are a random draw, not the last 20 % of the file.
    expect(sorted(val)).not.toEqual(range(run.n).slice(run.trainSize));
  });

  it('trains on every training row once per epoch, in a new order each epoch', () => {
    expect(run.epochOrders.length).toBe(4);
    const trainSet = sorted(run.epochOrders[0]);
    expect(new Set(trainSet).size).toBe(run.trainSize);
    for (const order of run.epochOrders) expect(sorted(order)).toEqual(trainSet);
    for (let a = 0; a < 4; a++) for (let b = a + 1; b < 4; b++) expect(run.epochOrders[b], `epochs ${a + 1} and ${b + 1}`).not.toEqual(run.epochOrders[a]);
    // The first batch of each epoch differs too (not the same batches in another sequence).
    expect(new Set(run.epochOrders.map((o) => o.slice(0, 16).join(','))).size).toBe(4);
  });

  it('the same seed replays the split and every epoch order; another seed draws others', () => {
    const again = observe(config);
    expect(again.epochOrders).toEqual(run.epochOrders);
    expect(again.evaluated).toEqual(run.evaluated);
    const other = observe({ ...config, seed: config.seed + 1 });
    expect(other.epochOrders[0]).not.toEqual(run.epochOrders[0]);
    expect(sorted(other.evaluated.slice(other.trainSize))).not.toEqual(sorted(run.evaluated.slice(run.trainSize)));
  });

  it('with a fold set, validates on exactly foldSplit’s rows and trains on the rest', () => {
    const fold = { k: 5, index: 3 };
    const r = observe({ ...config, epochs: 2, fold });
    const { trainIdx, valIdx } = foldSplit(300, config.seed, fold.k, fold.index);
    expect(sorted(r.epochOrders[0])).toEqual(sorted(trainIdx));
    expect(r.epochOrders[1]).not.toEqual(r.epochOrders[0]);
    expect(sorted(r.evaluated.slice(r.trainSize))).toEqual(sorted(valIdx));
  });
});
