// Training features: batch / mini-batch / stochastic GD, L1/L2 penalties, gradient clipping,
// learning-rate schedules, early stopping, top-k reporting, float64 runs and seed reproducibility.

import { describe, expect, it } from 'vitest';
import {
  EarlyStopping, addPenalties, clipGradNorm, clipGradValue, compileNetwork, createOptimizer, createTrainingSession, generateDataset, globalGradNorm,
  learningRateAt, penalty, trainStep, validateTrainConfig, type LrSchedule, type Param, type TrainConfig, type TrainEvent,
} from '../../../src/core';
import { chain, maxRelativeError, numericalGradient, runSession, sessionConfig, testRandom } from './helpers';

/** These tests run 3 epochs. */
const config = (over: Partial<TrainConfig> = {}) => sessionConfig({ epochs: 3, ...over });

const param = (name: string, value: number[], grad = value.map(() => 0)): Param => ({
  name, shape: [value.length], value: Float64Array.from(value), grad: Float64Array.from(grad),
});

describe('batch, mini-batch and stochastic gradient descent', () => {
  it("batchSize 'all' and 0 are batch GD: one iteration per epoch over all 240 training samples", () => {
    for (const batchSize of ['all', 0] as const) {
      const { events } = runSession(config({ batchSize }));
      expect(events[0]).toMatchObject({ type: 'started', stepsPerEpoch: 1, iterationsPerEpoch: 1, batchSize: 240, trainSize: 240 });
      expect(events.filter((e) => e.type === 'epoch')).toHaveLength(3);
    }
  });

  it('batchSize k: ⌈240 / k⌉ iterations per epoch; 1 is stochastic GD', () => {
    expect(runSession(config({ batchSize: 7, epochs: 1 })).events[0]).toMatchObject({ iterationsPerEpoch: 35, batchSize: 7 });
    expect(runSession(config({ batchSize: 1, epochs: 1 })).events[0]).toMatchObject({ iterationsPerEpoch: 240, batchSize: 1 });
    expect(runSession(config({ batchSize: 1000, epochs: 1 })).events[0]).toMatchObject({ iterationsPerEpoch: 1, batchSize: 240 });
  });

  it('one batch-GD step equals lossAndGradients on the whole training set followed by one optimizer step', () => {
    // With SGD the update only depends on the mean gradient, so shuffling order does not matter (up to rounding).
    const c = config({ batchSize: 'all', epochs: 1, optimizer: { kind: 'sgd', learningRate: 0.5 }, dtype: 'float64', loss: 'mse', validationSplit: 0 });
    const s = createTrainingSession(c, 1, () => 0);
    const before = compileNetwork(c.document, { seed: c.seed, dtype: 'float64' });
    s.step();
    const after = s.snapshot().params;
    // Recompute: gradient of the mean loss over all samples (order-free), one SGD step.
    const data = generateDataset({ kind: 'xor', samples: 300, noise: 0, seed: 1 });
    before.lossAndGradients(data.x, data.y, data.n, 'mse');
    createOptimizer(c.optimizer, before.parameters()).step();
    before.getParams().forEach((p, k) => expect(maxRelativeError(p, after[k])).toBeLessThan(1e-6));
  });
});

describe('L1 / L2 penalties on kernels', () => {
  it('closed form: R = l1·Σ|w| + l2·Σw², ∂R/∂w = l1·sign(w) + 2·l2·w; biases untouched', () => {
    const K = param('d.kernel', [0.5, -2, 0], [1, 1, 1]);
    const b = param('d.bias', [3], [0]);
    const R = addPenalties([K, b], 0.1, 0.2);
    expect(R).toBeCloseTo(0.1 * 2.5 + 0.2 * 4.25, 14);
    expect([...K.grad]).toEqual([1 + 0.1 + 0.2 * 2 * 0.5, 1 - 0.1 - 0.2 * 2 * 2, 1]);
    expect([...b.grad]).toEqual([0]);
    expect(penalty([K, b], 0.1, 0.2)).toBeCloseTo(R, 14);
  });

  it('the penalized gradient matches central differences of loss + penalty (float64)', () => {
    const doc = chain(['in', 'input', { shape: [3] }], ['h', 'dense', { units: 4, activation: 'tanh' }], ['out', 'dense', { units: 2 }]);
    const model = compileNetwork(doc, { seed: 3, dtype: 'float64' });
    const rand = testRandom(8);
    const x = Float64Array.from({ length: 12 }, () => rand() * 2 - 1);
    const t = Float64Array.from({ length: 8 }, () => rand());
    const [l1, l2] = [0.03, 0.07];
    model.lossAndGradients(x, t, 4, 'mse');
    addPenalties(model.parameters(), l1, l2);
    const J = () => model.evaluateLoss(x, t, 4, 'mse') + penalty(model.parameters(), l1, l2);
    for (const p of model.parameters()) {
      const analytic = Float64Array.from(p.grad);
      expect(maxRelativeError(analytic, numericalGradient(J, p.value)), p.name).toBeLessThan(1e-6);
    }
  });

  it('trainStep with l2 = λ/2 and SGD equals SGD weight decay λ on a bias-free network', () => {
    const doc = chain(['in', 'input', { shape: [2] }], ['out', 'dense', { units: 2, useBias: false }]);
    const a = compileNetwork(doc, { seed: 1, dtype: 'float64' });
    const b = compileNetwork(doc, { seed: 1, dtype: 'float64' });
    const x = [0.3, -0.7, 1.2, 0.4];
    const t = [1, 0, 0, 1];
    const la = trainStep(a, createOptimizer({ kind: 'sgd', learningRate: 0.1 }, a.parameters()), x, t, 2, 'mse', { l2: 0.05 });
    b.lossAndGradients(x, t, 2, 'mse');
    createOptimizer({ kind: 'sgd', learningRate: 0.1, weightDecay: 0.1 }, b.parameters()).step();
    expect(maxRelativeError(a.parameters()[0].value, b.parameters()[0].value)).toBeLessThan(1e-14);
    expect(la).toBeGreaterThan(0);
  });
});

describe('gradient clipping (PyTorch semantics)', () => {
  it('clip_grad_norm_: total norm 13 of [3, 4] and [12]; scaled by max/(13 + 1e-6) when above the max', () => {
    const a = param('a', [0, 0], [3, 4]);
    const b = param('b', [0], [-12]);
    expect(globalGradNorm([a, b])).toBe(13);
    expect(clipGradNorm([a, b], 20)).toBe(13);
    expect([...a.grad, ...b.grad]).toEqual([3, 4, -12]);
    expect(clipGradNorm([a, b], 6.5)).toBe(13);
    const c = 6.5 / (13 + 1e-6);
    expect([...a.grad]).toEqual([3 * c, 4 * c]);
    expect([...b.grad]).toEqual([-12 * c]);
    expect(globalGradNorm([a, b])).toBeCloseTo(6.5, 5);
  });

  it('clip_grad_value_: every element clamped to [−v, v]', () => {
    const a = param('a', [0, 0, 0, 0], [3, -4, 0.5, -0.25]);
    clipGradValue([a], 1);
    expect([...a.grad]).toEqual([1, -1, 0.5, -0.25]);
  });

  it('a session with clipNorm trains and differs from one without', () => {
    const plain = runSession(config({ epochs: 1 })).losses;
    const clipped = runSession(config({ epochs: 1, clipNorm: 0.05 })).losses;
    expect(clipped[0]).toBe(plain[0]); // the first loss comes before any update
    expect(clipped).not.toEqual(plain);
  });
});

describe('learning-rate schedules (per epoch, PyTorch semantics)', () => {
  /** PyTorch's recursive get_lr() (chainable form), independent of the closed forms in schedules.ts. */
  function pytorchRecursive(s: LrSchedule, lr0: number, epochs: number): number[] {
    const out = [lr0];
    let lr = lr0;
    for (let e = 1; e < epochs; e++) {
      if (s.kind === 'step') lr = e % s.stepSize === 0 ? lr * s.gamma : lr;
      else if (s.kind === 'exponential') lr = lr * s.gamma;
      else if (s.kind === 'cosine') {
        const eta = s.etaMin ?? 0;
        const T = s.tMax;
        if ((e - 1 - T) % (2 * T) === 0) lr = lr + ((lr0 - eta) * (1 - Math.cos(Math.PI / T))) / 2;
        else lr = ((1 + Math.cos((Math.PI * e) / T)) / (1 + Math.cos((Math.PI * (e - 1)) / T))) * (lr - eta) + eta;
      }
      out.push(lr);
    }
    return out;
  }

  it('step(2, 0.5) from 1: 1, 1, 0.5, 0.5, 0.25, 0.25', () => {
    expect([0, 1, 2, 3, 4, 5].map((e) => learningRateAt({ kind: 'step', stepSize: 2, gamma: 0.5 }, 1, e))).toEqual([1, 1, 0.5, 0.5, 0.25, 0.25]);
  });

  it('cosine(T_max 4, η_min 0) from 1: 1, 0.8536, 0.5, 0.1464, 0, then back up', () => {
    const lrs = [0, 1, 2, 3, 4, 5].map((e) => learningRateAt({ kind: 'cosine', tMax: 4 }, 1, e));
    [1, 0.8535533906, 0.5, 0.1464466094, 0, 0.1464466094].forEach((v, i) => expect(lrs[i]).toBeCloseTo(v, 9));
  });

  const cases: LrSchedule[] = [
    { kind: 'step', stepSize: 3, gamma: 0.1 },
    { kind: 'exponential', gamma: 0.9 },
    { kind: 'cosine', tMax: 5, etaMin: 0.001 },
    { kind: 'cosine', tMax: 3 },
  ];
  for (const s of cases) {
    it(`${JSON.stringify(s)}: closed form = PyTorch's recursive update over 13 epochs`, () => {
      const want = pytorchRecursive(s, 0.1, 13);
      want.forEach((v, e) => expect(learningRateAt(s, 0.1, e)).toBeCloseTo(v, 12));
    });
  }

  it('the session applies it per epoch and reports the rate with each epoch', () => {
    const { events } = runSession(config({ epochs: 4, lrSchedule: { kind: 'step', stepSize: 2, gamma: 0.1 } }));
    const lrs = events.flatMap((e) => (e.type === 'epoch' ? [e.learningRate] : []));
    expect(lrs).toEqual([0.03, 0.03, 0.03 * 0.1, 0.03 * 0.1]);
    expect(runSession(config({ epochs: 1 })).events.find((e) => e.type === 'epoch')).not.toHaveProperty('learningRate');
  });
});

describe('early stopping', () => {
  it('Keras semantics: improvement means below best − minDelta; stops after `patience` epochs without one', () => {
    const p = param('w', [0]);
    const es = new EarlyStopping({ patience: 3, minDelta: 0.05 }, [p]);
    const losses = [1, 0.8, 0.81, 0.79, 0.9];
    const stops = losses.map((l, i) => {
      p.value[0] = i + 1; // weights of epoch i + 1
      return es.update(l, i + 1);
    });
    expect(stops).toEqual([false, false, false, false, true]);
    expect(es.bestEpoch).toBe(2);
    expect(es.restore()).toBe(true);
    expect(p.value[0]).toBe(2);
  });

  it("the session stops with reason 'earlyStopped', restores the best epoch's weights and reports its metrics", () => {
    // minDelta larger than any change: only epoch 1 ever counts as an improvement.
    const c = config({ epochs: 10, earlyStopping: { patience: 2, minDelta: 100 } });
    const s = createTrainingSession(c, 1, () => 0);
    const events: TrainEvent[] = [];
    let weightsAfter1: Float32Array[] | null = null;
    while (!s.done) {
      const evs = s.step();
      events.push(...evs);
      if (evs.some((e) => e.type === 'epoch' && e.epoch === 1)) weightsAfter1 = s.snapshot().params;
    }
    const epochs = events.filter((e) => e.type === 'epoch');
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    const done = events[events.length - 1];
    expect(done).toMatchObject({ type: 'done', reason: 'earlyStopped', bestEpoch: 1 });
    const { type: _t, runId: _r, ...epoch1 } = epochs[0] as Extract<TrainEvent, { type: 'epoch' }>;
    expect(done.type === 'done' && done.final).toEqual(epoch1);
    expect(s.snapshot().params).toEqual(weightsAfter1);
  });

  it('restoreBestWeights false keeps the last weights; an improving run completes normally', () => {
    const s = createTrainingSession(config({ epochs: 10, earlyStopping: { patience: 1, minDelta: 100, restoreBestWeights: false } }), 1, () => 0);
    const events: TrainEvent[] = [];
    while (!s.done) events.push(...s.step());
    const done = events[events.length - 1];
    expect(done).toMatchObject({ type: 'done', reason: 'earlyStopped', bestEpoch: 1, final: { epoch: 2 } });
    const ok = runSession(config({ epochs: 3, earlyStopping: { patience: 5 } })).events;
    expect(ok[ok.length - 1]).toMatchObject({ type: 'done', reason: 'completed' });
  });
});

describe('top-k in the epoch metrics', () => {
  it('top-1 accuracy equals accuracy on a softmax classifier; top-k is left out when k ≥ classes', () => {
    const doc = chain(['in', 'input', {}], ['h', 'dense', { units: 4, activation: 'tanh' }], ['out', 'dense', { units: 2, activation: 'softmax' }]);
    const base = { document: doc, loss: 'softmaxCrossEntropy' as const, epochs: 2 };
    for (const e of runSession(config({ ...base, topK: 1 })).events) {
      if (e.type !== 'epoch') continue;
      expect(e.trainTopK).toBe(e.trainAccuracy);
      expect(e.valTopK).toBe(e.valAccuracy);
    }
    const k2 = runSession(config({ ...base, topK: 2 })).events.find((e) => e.type === 'epoch');
    expect(k2).not.toHaveProperty('trainTopK');
  });
});

describe('float64 training', () => {
  // Seed §6: the 2-2-2 sigmoid network, E = ½Σ(t − o)², lr 0.5 (values from the spec's hand calculation).
  const doc = chain(['in', 'input', { shape: [2] }], ['h', 'dense', { units: 2, activation: 'sigmoid', useBias: false }],
    ['o', 'dense', { units: 2, activation: 'sigmoid', useBias: false }]);
  const toKernel = (a: number, b: number, c: number, d: number) => [a, c, b, d];

  it('§6 through trainStep (the session step path) in float64 gives the spec values to 1e-8', () => {
    const model = compileNetwork(doc, { dtype: 'float64', seed: 1 });
    model.setParams([toKernel(0.3, 0.25, 0.4, 0.35), toKernel(0.45, 0.4, 0.7, 0.6)]);
    const opt = createOptimizer({ kind: 'sgd', learningRate: 0.5 }, model.parameters());
    const E = trainStep(model, opt, [0.1, 0.2], [0.4, 0.6], 1, 'mse', {});
    expect(E).toBeCloseTo(0.0239719, 8);
    const [K1, K2] = model.parameters();
    expect(K1.value).toBeInstanceOf(Float64Array);
    const w = [K1.value[0], K1.value[2], K1.value[1], K1.value[3], K2.value[0], K2.value[2], K2.value[1], K2.value[3]];
    [0.29959556, 0.24919112, 0.39964496, 0.34928991, 0.43703857, 0.38685205, 0.69629578, 0.59624247].forEach((v, i) => expect(w[i], `w${i + 1}`).toBeCloseTo(v, 8));
    expect(model.evaluateLoss([0.1, 0.2], [0.4, 0.6], 1, 'mse')).toBeCloseTo(0.02323634, 8);
  });

  it("a session with dtype 'float64' runs a float64 model: close to the float32 run, not identical", () => {
    const c = config({ epochs: 2, optimizer: { kind: 'sgd', learningRate: 0.3 } });
    const f32 = runSession(c).losses;
    const f64 = runSession({ ...c, dtype: 'float64' }).losses;
    expect(f64).not.toEqual(f32);
    f64.forEach((l, i) => expect(Math.abs(l - f32[i])).toBeLessThan(1e-4));
    expect(runSession({ ...c, dtype: 'float64' }).losses).toEqual(f64);
  });
});

describe('reproducibility', () => {
  it('same seed ⇒ bit-identical run with dropout, shuffling, L1/L2, clipping, a schedule and early stopping on', () => {
    const doc = chain(['in', 'input', {}], ['h', 'dense', { units: 8, activation: 'relu' }], ['p', 'dropout', { rate: 0.3 }], ['out', 'dense', { units: 1, activation: 'sigmoid' }]);
    const c = config({
      document: doc, epochs: 4, l1: 1e-4, l2: 1e-3, clipNorm: 1, clipValue: 0.5, lrSchedule: { kind: 'cosine', tMax: 4 }, earlyStopping: { patience: 3 },
    });
    const a = runSession(c);
    const b = runSession(c);
    expect(b.losses).toEqual(a.losses);
    expect(b.events).toEqual(a.events);
    expect(b.s.snapshot()).toEqual(a.s.snapshot());
    expect(runSession({ ...c, seed: 43 }).losses).not.toEqual(a.losses);
  });
});

describe('validateTrainConfig: the new fields', () => {
  it('accepts them all', () => {
    expect(validateTrainConfig(config({
      batchSize: 'all', l1: 0, l2: 0.01, clipNorm: 1, clipValue: 2, lrSchedule: { kind: 'exponential', gamma: 0.9 },
      earlyStopping: { patience: 2, minDelta: 0.001, monitor: 'valLoss', restoreBestWeights: true }, topK: 1, dtype: 'float64',
    }))).toEqual([]);
    expect(validateTrainConfig(config({ batchSize: 0 }))).toEqual([]);
  });

  const bad: [string, Partial<TrainConfig>][] = [
    ['batchSize', { batchSize: -1 }],
    ['batchSize', { batchSize: 'half' as unknown as number }],
    ['l1', { l1: -0.1 }],
    ['l2', { l2: Number.NaN }],
    ['clipNorm', { clipNorm: 0 }],
    ['clipValue', { clipValue: -1 }],
    ['lrSchedule', { lrSchedule: { kind: 'linear' } as unknown as LrSchedule }],
    ['stepSize', { lrSchedule: { kind: 'step', stepSize: 0, gamma: 0.5 } }],
    ['gamma', { lrSchedule: { kind: 'exponential', gamma: 0 } }],
    ['tMax', { lrSchedule: { kind: 'cosine', tMax: 1.5 } }],
    ['etaMin', { lrSchedule: { kind: 'cosine', tMax: 2, etaMin: -1 } }],
    ['patience', { earlyStopping: { patience: 0 } }],
    ['minDelta', { earlyStopping: { patience: 1, minDelta: -1 } }],
    ['monitor', { earlyStopping: { patience: 1, monitor: 'accuracy' as 'valLoss' } }],
    ['restoreBestWeights', { earlyStopping: { patience: 1, restoreBestWeights: 1 as unknown as boolean } }],
    ['topK', { topK: 0 }],
    ['dtype', { dtype: 'float16' as 'float32' }],
    ['folds', { fold: { k: 1, index: 0 } }],
    ['fold', { fold: { k: 3, index: 3 } }],
  ];
  for (const [name, over] of bad) {
    it(`badHyperparameter ${name} (${JSON.stringify(over)})`, () => {
      expect(validateTrainConfig(config(over)).map((i) => [i.code, i.params.name])).toEqual([['badHyperparameter', name]]);
    });
  }
});
