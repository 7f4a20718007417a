// The confusion matrix a classification run reports with its 'done' event, checked against a matrix
// counted here from the trained weights' own predictions (a fresh model, argmax / 0.5 threshold by hand).

import { describe, expect, it } from 'vitest';
import {
  Rng, compileNetwork, createTrainingSession, deriveSeed, loadDataset, type NetworkDocument, type TrainConfig, type TrainEvent,
} from '../../../src/core';
import { chain, sessionConfig } from './helpers';

const irisNet = chain(['in', 'input', { shape: [4] }], ['h', 'dense', { units: 8, activation: 'tanh' }], ['out', 'dense', { units: 3, activation: 'softmax' }]);

const iris = (over: Partial<TrainConfig>): TrainConfig => ({
  document: irisNet,
  dataset: { kind: 'iris' },
  loss: 'sparseCategoricalCrossEntropy',
  // Two short epochs: the net still confuses versicolor and virginica, so off-diagonal cells are exercised.
  optimizer: { kind: 'adam', learningRate: 0.01 },
  batchSize: 16,
  epochs: 2,
  validationSplit: 0.2,
  seed: 3,
  ...over,
});

function run(c: TrainConfig) {
  const s = createTrainingSession(c, 1, () => 0);
  const events: TrainEvent[] = [];
  while (!s.done) events.push(...s.step());
  const started = events.find((e): e is Extract<TrainEvent, { type: 'started' }> => e.type === 'started')!;
  const done = events.find((e): e is Extract<TrainEvent, { type: 'done' }> => e.type === 'done')!;
  return { started, done, weights: s.snapshot().params };
}

/** M[true][predicted] over `rows`, from a fresh model holding `weights`: argmax (first maximum) or p ≥ 0.5 for one output. */
function countedMatrix(doc: NetworkDocument, weights: Float32Array[], c: TrainConfig, rows: ArrayLike<number>, classes: number): number[][] {
  const data = loadDataset(c.dataset);
  const model = compileNetwork(doc);
  model.setParams(weights);
  const F = model.inputSize;
  const O = model.outputSize;
  const x = new Float32Array(rows.length * F);
  for (let r = 0; r < rows.length; r++) x.set(data.x.subarray(rows[r] * F, (rows[r] + 1) * F), r * F);
  const y = model.predict(x, rows.length);
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let r = 0; r < rows.length; r++) {
    const out = Array.from(y.subarray(r * O, (r + 1) * O));
    const pred = O === 1 ? (out[0] >= 0.5 ? 1 : 0) : out.indexOf(Math.max(...out));
    m[data.y[rows[r]]][pred]++;
  }
  return m;
}

/** The validation rows of a run: the session's seeded split (one permutation; its first round(n·split) rows validate). */
function validationRows(c: TrainConfig, n: number): Uint32Array {
  const perm = new Rng(deriveSeed(c.seed, 'split')).shuffle(Uint32Array.from({ length: n }, (_, i) => i));
  return perm.slice(0, Math.round(n * c.validationSplit));
}

const sum = (m: number[][]) => m.flat().reduce((a, b) => a + b, 0);
const trace = (m: number[][]) => m.reduce((a, row, i) => a + row[i], 0);
/** Not symmetric: a transposed (predicted × true) layout would not match. */
const asymmetric = (m: number[][]) => m.some((row, i) => row.some((v, j) => v !== m[j][i]));

describe("the confusion matrix in a classification run's 'done' event", () => {
  it('Iris without a validation split: the training set (all 150 rows), 3 × 3, as counted from the predictions', () => {
    const c = iris({ validationSplit: 0 });
    const { done, weights } = run(c);
    expect(done.reason).toBe('completed');
    expect(done.confusion?.set).toBe('train');
    const all = Array.from({ length: 150 }, (_, i) => i);
    const want = countedMatrix(irisNet, weights, c, all, 3);
    expect(done.confusion!.matrix).toEqual(want);
    expect(asymmetric(want)).toBe(true);
    // Rows are the true classes: Iris has 50 of each.
    expect(want.map((row) => row.reduce((a, b) => a + b, 0))).toEqual([50, 50, 50]);
    // The diagonal is what accuracy counts (a different code path: countCorrect in the epoch metrics).
    expect(trace(want) / 150).toBeCloseTo(done.final!.trainAccuracy, 12);
  });

  it('Iris with a 20 % validation split: the 30 validation rows', () => {
    const c = iris({});
    const { started, done, weights } = run(c);
    expect(done.confusion?.set).toBe('val');
    const want = countedMatrix(irisNet, weights, c, validationRows(c, 150), 3);
    expect(done.confusion!.matrix).toEqual(want);
    expect(asymmetric(want)).toBe(true);
    expect(sum(want)).toBe(started.valSize);
    expect(trace(want) / started.valSize).toBeCloseTo(done.final!.valAccuracy!, 12);
  });

  it('binary (one sigmoid output, bce): 2 × 2 with the 0.5 threshold, on the validation set', () => {
    const c = sessionConfig({ epochs: 1, optimizer: { kind: 'adam', learningRate: 0.005 } });
    const { done, weights } = run(c);
    const want = countedMatrix(c.document, weights, c, validationRows(c, 300), 2);
    expect(asymmetric(want)).toBe(true);
    expect(done.confusion).toEqual({ set: 'val', matrix: want });
    expect(trace(want) / 60).toBeCloseTo(done.final!.valAccuracy!, 12);
  });

  it('regression runs and stopped runs carry none', () => {
    const sines = chain(['in', 'input', { shape: [8, 1] }], ['f', 'flatten', {}], ['out', 'dense', { units: 1 }]);
    const reg = run({ ...iris({}), document: sines, dataset: { kind: 'sines', length: 8, horizon: 1, count: 60, noise: 0, seed: 1 }, loss: 'mse', epochs: 1 });
    expect(reg.done.reason).toBe('completed');
    expect(reg.done.confusion).toBeUndefined();
    const s = createTrainingSession(iris({}), 2, () => 0);
    s.step();
    expect(s.stop()).not.toHaveProperty('confusion');
  });
});
