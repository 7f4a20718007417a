// Numerical gradient checks (central differences, float64): every analytic gradient of the
// engine is compared with (f(v + h) − f(v − h)) / 2h.

import { describe, expect, it } from 'vitest';
import {
  ACTIVATIONS, CompiledModel, bce, compileNetwork, mse, softmaxCrossEntropy,
  type FloatArray, type Layer, type LossKind,
} from '../../../src/core';
import { awayFromZero, buildLayer, chain, layerGradientErrors, maxRelativeError, numericalGradient, testRandom } from './helpers';

const TOL = 1e-6;

/** L = Σ dy ⊙ y(x): dx and every parameter gradient of backward(dy) against central differences. */
function checkLayer(layer: Layer, x: Float64Array, B: number, outSize: number, rand: () => number) {
  for (const [name, error] of Object.entries(layerGradientErrors(layer, x, B, outSize, rand))) expect(error, name).toBeLessThan(TOL);
}

describe('Dense gradients', () => {
  for (const useBias of [true, false]) {
    it(`dx, dW${useBias ? ', db' : ''} match central differences (useBias ${useBias})`, () => {
      const rand = testRandom(11);
      const layer = buildLayer('dense', { units: 3, useBias, activation: 'linear' }, [4]);
      expect(layer.params.map((p) => p.name)).toEqual(useBias ? ['layer.kernel', 'layer.bias'] : ['layer.kernel']);
      // A non-zero bias so db and the forward are exercised for real.
      if (useBias) layer.params[1].value.set([0.3, -0.2, 0.1]);
      checkLayer(layer, awayFromZero(5 * 4, rand), 5, 3, rand);
    });
  }

  it('dense with a built-in tanh activation', () => {
    const rand = testRandom(12);
    checkLayer(buildLayer('dense', { units: 3, activation: 'tanh' }, [4]), awayFromZero(3 * 4, rand), 3, 3, rand);
  });

  it('accumulates into dx (+=) instead of overwriting', () => {
    const rand = testRandom(13);
    const layer = buildLayer('dense', { units: 2 }, [3]);
    const x = awayFromZero(6, rand);
    layer.forward([x], 2, false);
    const dy = Float64Array.from([1, -1, 0.5, 2]);
    const once = new Float64Array(6);
    layer.backward(dy, [once], 2);
    const twice = new Float64Array(6);
    layer.backward(dy, [twice], 2);
    layer.backward(dy, [twice], 2);
    for (let i = 0; i < 6; i++) expect(twice[i]).toBeCloseTo(2 * once[i], 12);
  });
});

describe('Activation layer gradients', () => {
  for (const name of ACTIVATIONS) {
    it(`${name}`, () => {
      const rand = testRandom(20 + name.length);
      const x = awayFromZero(4 * 5, rand, 0.1, 2); // away from relu's kink at 0
      checkLayer(buildLayer('activation', { activation: name }, [5]), x, 4, 5, rand);
    });
  }

  it('relu passes no gradient at exactly 0 (documented choice)', () => {
    const layer = buildLayer('activation', { activation: 'relu' }, [3]);
    const x = Float64Array.from([-1, 0, 1]);
    layer.forward([x], 1, false);
    const dx = new Float64Array(3);
    layer.backward(Float64Array.from([1, 1, 1]), [dx], 1);
    expect([...dx]).toEqual([0, 0, 1]);
  });
});

describe('Dropout in training mode (a fixed mask: the same seed for every perturbed evaluation)', () => {
  const rate = 0.4;
  const keep = 1 - rate;

  it('layer: dx = dy ⊙ mask against central differences; the mask drops some units and scales the rest by 1/(1 − rate)', () => {
    const rand = testRandom(51);
    const B = 4;
    const D = 6;
    // A fresh layer from the same seed draws the same mask on its first training forward.
    const fresh = () => buildLayer('dropout', { rate }, [D], 5);
    const x = awayFromZero(B * D, rand);
    const dy = Float64Array.from({ length: B * D }, () => rand() * 2 - 1);
    const L = () => {
      const y = fresh().forward([x], B, true);
      let sum = 0;
      for (let i = 0; i < B * D; i++) sum += dy[i] * y[i];
      return sum;
    };
    const layer = fresh();
    const y = Float64Array.from(layer.forward([x], B, true).subarray(0, B * D));
    const dx = new Float64Array(B * D);
    layer.backward(dy, [dx], B);
    expect(maxRelativeError(dx, numericalGradient(L, x))).toBeLessThan(TOL);
    // Each output is 0 or x / keep, and both happen (otherwise the check would not be about dropout).
    const dropped = Array.from(y, (v, i) => {
      if (v === 0) return true;
      expect(v).toBeCloseTo(x[i] / keep, 14);
      return false;
    });
    expect(dropped.some((d) => d) && dropped.some((d) => !d)).toBe(true);
    // The same seed gives the same mask again.
    expect([...fresh().forward([x], B, true).subarray(0, B * D)]).toEqual([...y]);
  });

  it('network: ∂loss/∂θ through a training-mode Dropout, every evaluation on a freshly seeded model', () => {
    const doc = chain(
      ['in', 'input', { shape: [3] }], ['h', 'dense', { units: 6, activation: 'tanh' }], ['drop', 'dropout', { rate }],
      ['out', 'dense', { units: 2, activation: 'sigmoid' }],
    );
    const rand = testRandom(52);
    const n = 4;
    const x = Float64Array.from({ length: n * 3 }, () => rand() * 2 - 1);
    const t = Float64Array.from({ length: n * 2 }, () => (rand() < 0.5 ? 0 : 1));
    const init = compileNetwork(doc, { seed: 7, dtype: 'float64' }).parameters();
    // The initial weights, with non-zero biases so their gradients are exercised for real.
    const base = init.map((p) => (p.name.endsWith('.bias') ? Float64Array.from(p.value, () => rand() - 0.5) : Float64Array.from(p.value)));
    /** A model seeded like every other evaluation (same init and dropout streams), holding `params`. */
    const seeded = (params: Float64Array[]) => {
      const m = compileNetwork(doc, { seed: 7, dtype: 'float64' });
      m.setParams(params);
      return m;
    };
    const model = seeded(base);
    const trainingLoss = model.lossAndGradients(x, t, n, 'bce');
    // The mask matters: the training-mode loss is not the inference one.
    expect(Math.abs(trainingLoss - seeded(base).evaluateLoss(x, t, n, 'bce', false))).toBeGreaterThan(1e-6);
    expect(seeded(base).evaluateLoss(x, t, n, 'bce', true)).toBe(trainingLoss);
    model.parameters().forEach((p, k) => {
      const v = Float64Array.from(base[k]);
      const numeric = numericalGradient(() => seeded(base.map((q, j) => (j === k ? v : q))).evaluateLoss(x, t, n, 'bce', true), v);
      expect(maxRelativeError(Float64Array.from(p.grad), numeric), p.name).toBeLessThan(TOL);
    });
  });
});

describe('loss gradients', () => {
  const rows = 4;
  const cols = 3;
  const rand = testRandom(31);
  const cases: [string, typeof mse, () => Float64Array, () => Float64Array][] = [
    ['mse', mse, () => Float64Array.from({ length: rows * cols }, () => rand() * 4 - 2), () => Float64Array.from({ length: rows * cols }, () => rand())],
    // probabilities kept well inside (0, 1), away from the clamp
    ['bce', bce, () => Float64Array.from({ length: rows * cols }, () => 0.1 + 0.8 * rand()), () => Float64Array.from({ length: rows * cols }, () => (rand() < 0.5 ? 0 : 1))],
    ['softmaxCrossEntropy', softmaxCrossEntropy, () => Float64Array.from({ length: rows * cols }, () => rand() * 4 - 2),
      () => Float64Array.from({ length: rows * cols }, (_, i) => (i % cols === (Math.floor(i / cols) % cols) ? 1 : 0))],
  ];
  for (const [name, fn, pred, target] of cases) {
    it(name, () => {
      const p = pred();
      const t = target();
      const g = new Float64Array(p.length);
      fn(p, t, rows, cols, g);
      expect(maxRelativeError(g, numericalGradient(() => fn(p, t, rows, cols, null), p))).toBeLessThan(TOL);
    });
  }

  it('loss values match hand formulas', () => {
    // mse: mean over all elements
    expect(mse(Float64Array.from([1, 2]), [0, 0], 1, 2, null)).toBeCloseTo((1 + 4) / 2, 12);
    // bce of p = 0.8 with t = 1 and p = 0.4 with t = 0
    expect(bce(Float64Array.from([0.8, 0.4]), [1, 0], 2, 1, null)).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, 12);
    // softmax CE of logits (0, ln 3) with class 1: p1 = 3/4
    expect(softmaxCrossEntropy(Float64Array.from([0, Math.log(3)]), [0, 1], 1, 2, null)).toBeCloseTo(-Math.log(0.75), 12);
    // §8: dX = (y − t) / batch
    const g = new Float64Array(2);
    softmaxCrossEntropy(Float64Array.from([0, Math.log(3)]), [0, 1], 1, 2, g);
    expect(g[0]).toBeCloseTo(0.25, 12);
    expect(g[1]).toBeCloseTo(-0.25, 12);
  });

  it('bce stays finite when the probability saturates (clamped)', () => {
    const v = bce(Float64Array.from([0, 1]), [1, 0], 2, 1, null);
    expect(Number.isFinite(v)).toBe(true);
    expect(v).toBeCloseTo(-Math.log(1e-7), 6);
  });
});

describe('whole network parameter gradients (public API)', () => {
  const nets: [string, LossKind, [string, string, Record<string, unknown>][], number][] = [
    ['tanh → sigmoid, bce', 'bce', [
      ['in', 'input', { shape: [3] }], ['h1', 'dense', { units: 5, activation: 'tanh' }],
      ['h2', 'dense', { units: 4, activation: 'sigmoid' }], ['out', 'dense', { units: 1, activation: 'sigmoid' }]], 1],
    ['dense → activation tanh → softmax (fused CE)', 'softmaxCrossEntropy', [
      ['in', 'input', { shape: [3] }], ['h1', 'dense', { units: 4 }], ['act', 'activation', { activation: 'tanh' }],
      ['out', 'dense', { units: 3, activation: 'softmax' }]], 3],
    ['linear logits, softmax CE', 'softmaxCrossEntropy', [
      ['in', 'input', { shape: [3] }], ['h1', 'dense', { units: 4, activation: 'sigmoid', useBias: false }], ['out', 'dense', { units: 2 }]], 2],
    ['sigmoid stack with mse, dropout (inference-equal)', 'mse', [
      ['in', 'input', { shape: [3] }], ['h1', 'dense', { units: 4, activation: 'sigmoid' }], ['drop', 'dropout', { rate: 0 }],
      ['out', 'dense', { units: 2, activation: 'tanh' }]], 2],
  ];
  for (const [label, loss, spec, outputs] of nets) {
    it(label, () => {
      const model = compileNetwork(chain(...spec), { seed: 5, dtype: 'float64' });
      const rand = testRandom(41);
      const n = 4;
      const x = Float64Array.from({ length: n * 3 }, () => rand() * 2 - 1);
      const t = new Float64Array(n * outputs);
      for (let b = 0; b < n; b++) {
        if (loss === 'softmaxCrossEntropy') t[b * outputs + (b % outputs)] = 1;
        else for (let j = 0; j < outputs; j++) t[b * outputs + j] = rand() < 0.5 ? 0 : 1;
      }
      // Non-zero biases so their gradients are not trivially tied to zero values.
      for (const p of model.parameters()) if (p.name.endsWith('.bias')) p.value.forEach((_, i, a) => (a[i] = rand() - 0.5));
      model.lossAndGradients(x, t, n, loss);
      const params = model.parameters();
      expect(params.length).toBeGreaterThan(0);
      for (const p of params) {
        const analytic = Float64Array.from(p.grad);
        const numeric = numericalGradient(() => model.evaluateLoss(x, t, n, loss), p.value as FloatArray);
        expect(maxRelativeError(analytic, numeric), p.name).toBeLessThan(TOL);
      }
    });
  }

  it('lossAndGradients zeroes the gradients before each batch', () => {
    const model = compileNetwork(chain(['in', 'input', { shape: [2] }], ['out', 'dense', { units: 1 }]), { seed: 1, dtype: 'float64' });
    const x = Float64Array.from([0.5, -0.25]);
    model.lossAndGradients(x, [1], 1, 'mse');
    const g1 = Float64Array.from(model.parameters()[0].grad);
    expect(g1.some((v) => v !== 0)).toBe(true);
    model.lossAndGradients(x, [1], 1, 'mse');
    expect([...model.parameters()[0].grad]).toEqual([...g1]);
  });

  it('fan-out in a DAG: gradients from two consumers add up', () => {
    // The slice has only 1-input layers, so build the DAG by hand with a test-only Add layer:
    // in -> d -> (tanh, sigmoid) -> add -> loss.
    const dense = buildLayer('dense', { units: 3 }, [2]);
    const tanhL = buildLayer('activation', { activation: 'tanh' }, [3]);
    const sigL = buildLayer('activation', { activation: 'sigmoid' }, [3]);
    let sum: Float64Array = new Float64Array(0);
    const add: Layer = {
      params: [],
      forward(xs, B) {
        sum = new Float64Array(B * 3);
        for (let i = 0; i < B * 3; i++) sum[i] = xs[0][i] + xs[1][i];
        return sum;
      },
      backward(dy, dxs, B) {
        for (const dx of dxs) if (dx) for (let i = 0; i < B * 3; i++) dx[i] += dy[i];
      },
    };
    const inputLayer = buildLayer('input', {}, [2]);
    const model = new CompiledModel([
      { id: 'in', type: 'input', layer: inputLayer, inputs: [], size: 2 },
      { id: 'd', type: 'dense', layer: dense, inputs: [0], size: 3 },
      { id: 't', type: 'activation', layer: tanhL, inputs: [1], size: 3 },
      { id: 's', type: 'activation', layer: sigL, inputs: [1], size: 3 },
      { id: 'add', type: 'add', layer: add, inputs: [2, 3], size: 3 },
    ], 'float64');
    const x = Float64Array.from([0.3, -0.7, 0.9, 0.2]);
    const t = Float64Array.from([0.1, 0.5, -0.3, 0.2, 0.8, 0.4]);
    model.lossAndGradients(x, t, 2, 'mse');
    for (const p of model.parameters()) {
      const analytic = Float64Array.from(p.grad);
      expect(maxRelativeError(analytic, numericalGradient(() => model.evaluateLoss(x, t, 2, 'mse'), p.value))).toBeLessThan(TOL);
    }
  });
});
