// The losses: values worked out by hand, gradients against central differences (float64), and
// the fused logits losses through a compiled model and a training session.

import { describe, expect, it } from 'vitest';
import {
  LOSSES, bceWithLogits, getLoss, countCorrect, categoricalCrossEntropy, compileNetwork, createTrainingSession, huber, mae, rmse,
  softmaxCrossEntropy, sparseCategoricalCrossEntropy, starterDocument, validateTrainConfig, type LossFn, type LossKind,
  type TrainConfig,
} from '../../../src/core';
import { chain, maxRelativeError, numericalGradient, testRandom } from './helpers';

const TOL = 1e-6;
const f64 = (xs: number[]) => Float64Array.from(xs);

describe('loss values (hand-computed)', () => {
  it('mae: mean |y − t|', () => {
    expect(mae(f64([1, -2, 0.5, 3]), [0, 0, 1, 3], 2, 2, null)).toBeCloseTo((1 + 2 + 0.5 + 0) / 4, 14);
  });

  it('rmse: √ of the batch mean of squares', () => {
    // d = (3, 4): mean of squares 12.5
    expect(rmse(f64([3, 4]), [0, 0], 2, 1, null)).toBeCloseTo(Math.sqrt(12.5), 14);
    const g = new Float64Array(2);
    expect(rmse(f64([1, 1]), [1, 1], 1, 2, g)).toBe(0);
    expect([...g]).toEqual([0, 0]); // the undefined derivative at 0 is taken as 0
  });

  it('huber (δ = 1): ½d² inside, |d| − ½ outside', () => {
    expect(huber(f64([0.5, 3, -2]), [0, 0, 0], 1, 3, null)).toBeCloseTo((0.125 + 2.5 + 1.5) / 3, 14);
  });

  it('bceWithLogits equals bce of σ(z), and stays finite for huge logits', () => {
    const sig = (z: number) => 1 / (1 + Math.exp(-z));
    const want = -(Math.log(sig(2)) + Math.log(1 - sig(-1))) / 2;
    expect(bceWithLogits(f64([2, -1]), [1, 0], 2, 1, null)).toBeCloseTo(want, 14);
    // z = 1000 with t = 0: the loss is 1000 (−ln(1 − σ(1000)) in exact arithmetic)
    expect(bceWithLogits(f64([1000, -1000]), [0, 0], 2, 1, null)).toBeCloseTo(500, 10);
  });

  it('categoricalCrossEntropy on probabilities: −Σ t ln p / B', () => {
    expect(categoricalCrossEntropy(f64([0.25, 0.75, 0.5, 0.5]), [0, 1, 1, 0], 2, 2, null)).toBeCloseTo(-(Math.log(0.75) + Math.log(0.5)) / 2, 14);
    expect(Number.isFinite(categoricalCrossEntropy(f64([0, 1]), [1, 0], 1, 2, null))).toBe(true);
  });

  it('sparseCategoricalCrossEntropy with labels equals softmaxCrossEntropy with one-hot rows', () => {
    const z = f64([0, Math.log(3), 1, 2, -1, 0.5]);
    const sparse = sparseCategoricalCrossEntropy(z, [1, 0], 2, 3, null);
    expect(sparse).toBeCloseTo(softmaxCrossEntropy(z, [0, 1, 0, 1, 0, 0], 2, 3, null), 14);
    // logits (0, ln 3) with class 1: p = 3/4
    expect(sparseCategoricalCrossEntropy(f64([0, Math.log(3)]), [1], 1, 2, null)).toBeCloseTo(-Math.log(0.75), 14);
    expect(() => sparseCategoricalCrossEntropy(f64([0, 1]), [2], 1, 2, null)).toThrow(/label 2/);
  });
});

describe('loss gradients (central differences, float64)', () => {
  const rows = 4;
  const cols = 3;
  const rand = testRandom(77);
  const n = rows * cols;
  const uniform = (lo: number, hi: number) => () => Float64Array.from({ length: n }, () => lo + (hi - lo) * rand());
  const oneHot = () => Float64Array.from({ length: n }, (_, i) => (i % cols === Math.floor(i / cols) % cols ? 1 : 0));
  // Residuals kept away from mae's kink at 0 and huber's at ±1.
  const residualsAway = (kinks: number[]) => () => Float64Array.from({ length: n }, () => {
    let v: number;
    do v = rand() * 6 - 3;
    while (kinks.some((k) => Math.abs(v - k) < 0.05));
    return v;
  });
  const zeros = () => new Float64Array(n);
  const cases: [string, LossFn, () => Float64Array, () => ArrayLike<number>][] = [
    ['mae', mae, residualsAway([0]), zeros],
    ['rmse', rmse, uniform(-2, 2), uniform(-1, 1)],
    ['huber', huber, residualsAway([-1, 0, 1]), zeros],
    ['bceWithLogits', bceWithLogits, uniform(-4, 4), () => Float64Array.from({ length: n }, () => (rand() < 0.5 ? 0 : 1))],
    ['categoricalCrossEntropy', categoricalCrossEntropy, uniform(0.05, 0.95), oneHot],
    ['sparseCategoricalCrossEntropy', sparseCategoricalCrossEntropy, uniform(-3, 3), () => [2, 0, 1, 1]],
  ];
  for (const [name, fn, pred, target] of cases) {
    it(name, () => {
      const p = pred();
      const t = target();
      const g = new Float64Array(p.length);
      fn(p, t, rows, cols, g);
      expect(g.some((v) => v !== 0)).toBe(true);
      expect(maxRelativeError(g, numericalGradient(() => fn(p, t, rows, cols, null), p))).toBeLessThan(TOL);
    });
  }

  it('huber covers both regimes', () => {
    const p = f64([0.5, -2.5]);
    const g = new Float64Array(2);
    huber(p, [0, 0], 1, 2, g);
    expect([...g]).toEqual([0.25, -0.5]); // d/2 inside, −δ/2 outside
  });
});

describe('float32 gradients below the smallest normal float are stored as 0 (flush to zero)', () => {
  const N = 2 ** -126;
  // Softmax over logits (0, −100): p₂ = e^-100 / (1 + e^-100) ≈ 3.7e-44, subnormal in float32; its
  // gradient p₂/B is too. Row 2 is a plain case: p = (½, ½), t = (1, 0).
  const z = [0, -100, 3, 3];
  const t = [1, 0, 1, 0];
  const raw = Math.exp(-100) / (1 + Math.exp(-100)) / 2;

  it('softmax cross-entropy: the subnormal gradient becomes 0 in float32, the others keep their values; float64 keeps it', () => {
    expect(Math.fround(raw)).toBeGreaterThan(0); // float32 could hold it as a subnormal
    expect(Math.fround(raw)).toBeLessThan(N);
    const g32 = new Float32Array(4);
    const loss32 = getLoss('softmaxCrossEntropy')(Float32Array.from(z), t, 2, 2, g32);
    expect(g32[1]).toBe(0);
    expect(g32[0]).toBe(Math.fround((1 / (1 + Math.exp(-100)) - 1) / 2));
    expect(Array.from(g32.subarray(2))).toEqual([Math.fround(-0.25), Math.fround(0.25)]);
    const g64 = new Float64Array(4);
    const loss64 = getLoss('softmaxCrossEntropy')(Float64Array.from(z), t, 2, 2, g64);
    expect(g64[1]).toBeCloseTo(raw, 55);
    expect(g64[1]).toBeGreaterThan(0);
    expect(loss32).toBe(loss64); // the value is not touched: (e^-100-ish + ln 2) / 2
    expect(loss32).toBeCloseTo(Math.log(2) / 2, 12);
  });

  it('every probability loss flushes; the regression losses have no subnormal gradients to flush', () => {
    // bceWithLogits at z = −100, t = 0: σ(−100)/n ≈ 3.7e-44 / 2; sparse CE with class indices.
    const cases: [LossKind, number[], number[], number][] = [
      ['bceWithLogits', [-100, 0], [0, 1], 1],
      ['sparseCategoricalCrossEntropy', [0, -100, 3, 3], [0, 0], 2],
    ];
    for (const [kind, pred, target, cols] of cases) {
      const g = new Float32Array(pred.length);
      getLoss(kind)(Float32Array.from(pred), target, pred.length / cols, cols, g);
      expect(g.every((v) => v === 0 || Math.abs(v) >= N), kind).toBe(true);
      expect(g.some((v) => v === 0), kind).toBe(true);
    }
  });
});

describe('fused logits losses through a model', () => {
  // [loss, output activation, outputs, targets per sample]
  const nets: [LossKind, string, number][] = [
    ['bceWithLogits', 'sigmoid', 1], // fused with the sigmoid
    ['bceWithLogits', 'linear', 1], // outputs read as logits
    ['sparseCategoricalCrossEntropy', 'softmax', 3],
    ['sparseCategoricalCrossEntropy', 'linear', 3],
    ['categoricalCrossEntropy', 'softmax', 3],
    ['mae', 'tanh', 2],
    ['rmse', 'tanh', 2],
    ['huber', 'linear', 2],
  ];
  for (const [loss, activation, outputs] of nets) {
    it(`${loss} with a ${activation} output: parameter gradients match central differences`, () => {
      const doc = chain(['in', 'input', { shape: [3] }], ['h', 'dense', { units: 4, activation: 'tanh' }], ['out', 'dense', { units: outputs, activation }]);
      const model = compileNetwork(doc, { seed: 3, dtype: 'float64' });
      const rand = testRandom(5);
      const B = 4;
      const x = Float64Array.from({ length: B * 3 }, () => rand() * 2 - 1);
      const t = loss === 'sparseCategoricalCrossEntropy' ? [0, 2, 1, 2]
        : loss === 'categoricalCrossEntropy' ? [1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1]
        : Array.from({ length: B * outputs }, () => (loss === 'bceWithLogits' ? (rand() < 0.5 ? 0 : 1) : rand() * 4 - 2));
      model.lossAndGradients(x, t, B, loss);
      for (const p of model.parameters()) {
        const analytic = Float64Array.from(p.grad);
        expect(maxRelativeError(analytic, numericalGradient(() => model.evaluateLoss(x, t, B, loss), p.value)), p.name).toBeLessThan(TOL);
      }
    });
  }

  it('bceWithLogits on a sigmoid output equals bce on its probabilities, and stays finite when saturated', () => {
    const doc = chain(['in', 'input', { shape: [2] }], ['out', 'dense', { units: 1, activation: 'sigmoid', useBias: false }]);
    const model = compileNetwork(doc, { dtype: 'float64' });
    model.setParams([[0.5, -1]]);
    const x = f64([1, 2, -3, 0.5]);
    expect(model.evaluateLoss(x, [1, 0], 2, 'bceWithLogits')).toBeCloseTo(model.evaluateLoss(x, [1, 0], 2, 'bce'), 12);
    model.setParams([[100, 0]]); // z = ±100: σ saturates to exactly 1 / ~0 in float64
    expect(model.evaluateLoss(f64([1, 0]), [0], 1, 'bceWithLogits')).toBeCloseTo(100, 10);
  });
});

describe('training with the new losses', () => {
  const base = (loss: LossKind, document = starterDocument()): TrainConfig => ({
    document, dataset: { kind: 'blobs', samples: 200, noise: 0, seed: 3 }, loss, optimizer: { kind: 'adam', learningRate: 0.05 },
    batchSize: 20, epochs: 8, validationSplit: 0.2, seed: 1,
  });
  const twoOut = chain(['in', 'input', {}], ['h', 'dense', { units: 4, activation: 'tanh' }], ['out', 'dense', { units: 2, activation: 'softmax' }]);

  it('every loss is known to the validator, with its output count', () => {
    expect(LOSSES).toHaveLength(9);
    for (const loss of ['mse', 'mae', 'rmse', 'huber', 'bce', 'bceWithLogits'] as LossKind[]) expect(validateTrainConfig(base(loss))).toEqual([]);
    for (const loss of ['categoricalCrossEntropy', 'softmaxCrossEntropy', 'sparseCategoricalCrossEntropy'] as LossKind[]) {
      expect(validateTrainConfig(base(loss, twoOut))).toEqual([]);
      expect(validateTrainConfig(base(loss)).map((i) => i.code)).toEqual(['lossOutputMismatch']);
    }
    expect(validateTrainConfig(base('hinge' as LossKind)).map((i) => [i.code, i.params.name])).toEqual([['badHyperparameter', 'loss']]);
  });

  for (const loss of ['sparseCategoricalCrossEntropy', 'categoricalCrossEntropy'] as LossKind[]) {
    it(`learns blobs with ${loss} (integer labels for the sparse loss)`, () => {
      const s = createTrainingSession(base(loss, twoOut), 1, () => 0);
      let last = null as null | { trainAccuracy: number; trainLoss: number };
      while (!s.done) for (const e of s.step()) if (e.type === 'epoch') last = e;
      expect(last!.trainAccuracy).toBe(1);
      expect(last!.trainLoss).toBeLessThan(0.2);
    });
  }

  it('learns blobs with bceWithLogits on a linear output', () => {
    const doc = chain(['in', 'input', {}], ['h', 'dense', { units: 4, activation: 'tanh' }], ['out', 'dense', { units: 1 }]);
    const s = createTrainingSession(base('bceWithLogits', doc), 1, () => 0);
    const losses: number[] = [];
    let accuracy = 0;
    while (!s.done) for (const e of s.step()) if (e.type === 'epoch') (losses.push(e.trainLoss), (accuracy = e.trainAccuracy));
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] / 2);
    expect(accuracy).toBe(1); // a logit output is classified at 0, not 0.5
    expect(countCorrect([0.3, -0.2], [1, 0], [0, 1], 0, 2, 1, 0)).toBe(2);
    expect(countCorrect([0.3, -0.2], [1, 0], [0, 1], 0, 2, 1)).toBe(1);
  });
});
