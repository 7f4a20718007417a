// The training session on the datasets beyond the 2-D sets: validation against the dataset's
// input shape and task, multiclass (Iris), regression (sines) and a fixed test split (MNIST layout).

import { describe, expect, it } from 'vitest';
import {
  createTrainingSession, validateTrainConfig, type DatasetAssets, type EpochMetrics, type TrainConfig, type TrainEvent,
} from '../../../src/core';
import { chain } from './helpers';

const irisNet = chain(['in', 'input', { shape: [4] }], ['h', 'dense', { units: 8, activation: 'tanh' }], ['out', 'dense', { units: 3, activation: 'softmax' }]);
const sinesNet = (T: number) =>
  chain(['in', 'input', { shape: [T, 1] }], ['f', 'flatten', {}], ['h', 'dense', { units: 16, activation: 'tanh' }], ['out', 'dense', { units: 1 }]);

function config(over: Partial<TrainConfig>): TrainConfig {
  return {
    document: irisNet,
    dataset: { kind: 'iris' },
    loss: 'sparseCategoricalCrossEntropy',
    optimizer: { kind: 'adam', learningRate: 0.02 },
    batchSize: 16,
    epochs: 5,
    validationSplit: 0.2,
    seed: 3,
    ...over,
  };
}

function run(c: TrainConfig, assets?: DatasetAssets) {
  const s = createTrainingSession(c, 1, () => 0, assets);
  const events: TrainEvent[] = [];
  while (!s.done) events.push(...s.step());
  const epochs = events.filter((e): e is Extract<TrainEvent, { type: 'epoch' }> => e.type === 'epoch');
  return { events, epochs };
}

describe('validateTrainConfig with the new datasets', () => {
  it('inputShape names the dataset\'s shape and the Input\'s', () => {
    const issues = validateTrainConfig(config({ dataset: { kind: 'mnist' }, document: chain(['in', 'input', { shape: [2] }], ['out', 'dense', { units: 10, activation: 'softmax' }]) }));
    expect(issues.map((i) => i.code)).toEqual(['inputShape']);
    expect(issues[0].params).toMatchObject({ expected: '[28, 28, 1]', got: '[2]', dataset: 'mnist' });
    const sines = validateTrainConfig(config({ dataset: { kind: 'sines', length: 10, horizon: 1, count: 100, noise: 0, seed: 1 }, document: sinesNet(12), loss: 'mse' }));
    expect(sines.map((i) => [i.code, i.params.expected, i.params.got])).toEqual([['inputShape', '[10, 1]', '[12, 1]']]);
  });

  it('the output size fits the task: 3 classes for Iris, 1 value for sines', () => {
    expect(validateTrainConfig(config({}))).toEqual([]);
    const two = chain(['in', 'input', { shape: [4] }], ['out', 'dense', { units: 2, activation: 'softmax' }]);
    const i = validateTrainConfig(config({ document: two }));
    expect(i.map((x) => [x.code, x.params.expected, x.params.got])).toEqual([['lossOutputMismatch', 3, 2]]);
    // mse on one-hot class targets is allowed (one output per class); bce is not a multiclass loss.
    expect(validateTrainConfig(config({ loss: 'mse' }))).toEqual([]);
    expect(validateTrainConfig(config({ loss: 'bce' })).map((x) => [x.code, x.params.task])).toEqual([['lossTask', 'multiclass']]);
    const sines = { kind: 'sines' as const, length: 12, horizon: 2, count: 100, noise: 0, seed: 1 };
    expect(validateTrainConfig(config({ dataset: sines, document: sinesNet(12), loss: 'mae' }))).toEqual([]);
    expect(validateTrainConfig(config({ dataset: sines, document: sinesNet(12), loss: 'softmaxCrossEntropy' })).map((x) => x.code)).toEqual(['lossTask']);
  });

  const sines = { kind: 'sines' as const, length: 12, horizon: 2, count: 100, noise: 0, seed: 1 };
  const bad: [string, Partial<typeof sines>][] = [
    ['length', { length: 1 }], ['length', { length: 2.5 }], ['horizon', { horizon: 0 }], ['count', { count: 1 }], ['noise', { noise: -0.1 }],
  ];
  for (const [name, over] of bad) {
    it(`badHyperparameter ${name} for sines (${JSON.stringify(over)})`, () => {
      const ds = { ...sines, ...over };
      const issues = validateTrainConfig(config({ dataset: ds, document: sinesNet(Number.isInteger(ds.length) && ds.length > 1 ? ds.length : 12), loss: 'mse' }));
      expect(issues.filter((i) => i.code === 'badHyperparameter').map((i) => i.params.name)).toEqual([name]);
    });
  }

  it('an unknown dataset kind is a bad hyperparameter', () => {
    expect(validateTrainConfig(config({ dataset: { kind: 'cifar' } as never })).map((i) => [i.code, i.params.name])).toEqual([['badHyperparameter', 'dataset']]);
  });
});

describe('training on the new datasets', () => {
  it('Iris (3 classes, sparse cross-entropy): validation accuracy ≥ 0.9 within 40 epochs; argmax accuracy', () => {
    const { events, epochs } = run(config({ epochs: 40 }));
    expect(events[0]).toMatchObject({ type: 'started', trainSize: 120, valSize: 30 });
    expect(events[0]).not.toHaveProperty('valSet');
    const last = epochs[epochs.length - 1];
    expect(last.valAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(last.trainLoss).toBeLessThan(epochs[0].trainLoss / 2);
    expect(last).not.toHaveProperty('trainMse');
    // Accuracies are counts over 120 / 30 samples.
    expect(Number.isInteger(Math.round(last.trainAccuracy * 120 * 1e6) / 1e6)).toBe(true);
  });

  it('Iris with one-hot softmax cross-entropy learns too (same targets path as the 2-D sets)', () => {
    const { epochs } = run(config({ epochs: 40, loss: 'softmaxCrossEntropy' }));
    expect(epochs[epochs.length - 1].valAccuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('sines (regression, MSE): MSE and MAE reported, accuracy NaN, validation MSE falls tenfold', () => {
    const ds = { kind: 'sines' as const, length: 12, horizon: 2, count: 400, noise: 0.02, seed: 2 };
    const { epochs } = run(config({ dataset: ds, document: sinesNet(12), loss: 'mse', optimizer: { kind: 'adam', learningRate: 0.01 }, epochs: 30 }));
    const first = epochs[0];
    const last = epochs[epochs.length - 1];
    expect(Number.isNaN(last.trainAccuracy)).toBe(true);
    expect(Number.isNaN(last.valAccuracy!)).toBe(true);
    // With the MSE loss, the loss is the MSE metric (evaluated in inference mode, no dropout here).
    expect(last.trainMse).toBeCloseTo(last.trainLoss, 5);
    expect(last.valMse).toBeCloseTo(last.valLoss!, 5);
    expect(last.valMae).toBeGreaterThan(0);
    expect(last.valMae! ** 2).toBeLessThanOrEqual(last.valMse! + 1e-9); // (mean |e|)² ≤ mean e²
    expect(last.valMse!).toBeLessThan(first.valMse! / 10);
  });

  it('MAE loss on sines: the loss equals the MAE metric', () => {
    const ds = { kind: 'sines' as const, length: 8, horizon: 1, count: 100, noise: 0, seed: 4 };
    const { epochs } = run(config({ dataset: ds, document: sinesNet(8), loss: 'mae', epochs: 2 }));
    const m: EpochMetrics = epochs[1];
    expect(m.trainMae).toBeCloseTo(m.trainLoss, 5);
    expect(m.valMae).toBeCloseTo(m.valLoss!, 5);
  });

  it('a fixed test split (MNIST layout) replaces the validation split and is labelled test', () => {
    // 24 images of 28×28: 16 train, 8 test; digit 1 when the left half is bright, else 0.
    const n = 24;
    const px = 784;
    const bytes = new Uint8Array(16 + n + n * px);
    bytes.set([77, 78, 83, 84]);
    const v = new DataView(bytes.buffer);
    v.setUint16(4, 28, true);
    v.setUint16(6, 28, true);
    v.setUint32(8, 16, true);
    v.setUint32(12, 8, true);
    for (let i = 0; i < n; i++) {
      bytes[16 + i] = i % 2;
      for (let p = 0; p < px; p++) bytes[16 + n + i * px + p] = (p % 28 < 14) === (i % 2 === 1) ? 200 : 10;
    }
    const doc = chain(['in', 'input', { shape: [28, 28, 1] }], ['f', 'flatten', {}], ['out', 'dense', { units: 10, activation: 'softmax' }]);
    const c = config({ dataset: { kind: 'mnist' }, document: doc, validationSplit: 0.5, batchSize: 4, epochs: 5, optimizer: { kind: 'adam', learningRate: 0.01 } });
    const { events, epochs } = run(c, { mnist: bytes });
    expect(events[0]).toMatchObject({ type: 'started', runId: 1, epochs: 5, stepsPerEpoch: 4, trainSize: 16, valSize: 8, valSet: 'test' });
    expect(epochs[epochs.length - 1].valAccuracy).toBe(1);
    expect(() => createTrainingSession(c, 2, () => 0)).toThrow(/MNIST data is not available/);
  });
});
