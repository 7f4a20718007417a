// SimpleRNN, LSTM, GRU: shape inference and parameter counts by hand, forward values by hand,
// float64 central-difference gradient checks (input, every weight, bias; through T ≥ 3 steps),
// buffer reuse across batch sizes, the kernels() indirection, and overfitting one batch.

import { afterEach, describe, expect, it } from 'vitest';
import {
  analyzeGraph, compileNetwork, createOptimizer, defaultSettings, jsKernels, setKernels, type Kernels, type NetworkDocument,
} from '../../../src/core';
import { buildLayer, chain, layerGradientErrors, maxRelativeError, numericalGradient, testRandom } from './helpers';

const TOL = 1e-6;
const TYPES = ['simpleRnn', 'lstm', 'gru'] as const;
const sequence = (T: number, F: number): [string, string, Record<string, unknown>] => ['in', 'input', { shape: [T, F] }];
const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

function issueOf(doc: NetworkDocument) {
  const a = analyzeGraph(doc);
  expect(a.issues.length).toBe(1);
  return a.issues[0];
}

describe('shapes and parameter counts', () => {
  it('defaults: 8 units, tanh, last output only, with bias (Keras), and the Embedding table 10 × 8', () => {
    for (const type of TYPES) {
      expect(defaultSettings(type)).toEqual({
        units: 8, activation: 'tanh', returnSequences: false, useBias: true, kernelInitializer: 'glorotUniform', biasInitializer: 'zeros',
      });
    }
    expect(defaultSettings('embedding')).toEqual({ inputDim: 10, outputDim: 8, kernelInitializer: 'uniform', kernelLimit: 0.05 });
  });

  // F = 3 features, H = 5 units:
  //   SimpleRNN: W 3·5 + U 5·5 + b 5                 = 15 + 25 + 5   = 45
  //   LSTM:      4 gates × (3·5 + 5·5 + 5)            = 4 × 45        = 180
  //   GRU:       3 gates × (3·5 + 5·5) + 2 rows × 3·5 = 120 + 30      = 150
  const byHand: Record<string, [number, number]> = { simpleRnn: [45, 40], lstm: [180, 160], gru: [150, 120] };
  for (const type of TYPES) {
    it(`${type}: (T, F) -> (H) or (T, H); parameters by hand, with and without bias`, () => {
      const [withBias, withoutBias] = byHand[type];
      const a = analyzeGraph(chain(sequence(7, 3), ['r', type, { units: 5 }]));
      expect(a.ok).toBe(true);
      expect(a.shapes.r).toEqual([5]);
      expect(a.paramCounts.r).toBe(withBias);
      const b = analyzeGraph(chain(sequence(7, 3), ['r', type, { units: 5, returnSequences: true, useBias: false }]));
      expect(b.shapes.r).toEqual([7, 5]);
      expect(b.paramCounts.r).toBe(withoutBias);
      // The built layer holds exactly that many numbers.
      const layer = buildLayer(type, { units: 5 }, [7, 3]);
      expect(layer.params.reduce((n, p) => n + p.value.length, 0)).toBe(withBias);
      expect(layer.params.map((p) => p.name)).toEqual(['layer.kernel', 'layer.recurrentKernel', 'layer.bias']);
    });

    it(`${type} on a vector or an image: shapeMismatch naming the layer, expected and received shape`, () => {
      for (const [shape, got] of [[[10], '(batch, 10)'], [[4, 4, 1], '(batch, 4, 4, 1)']] as const) {
        const i = issueOf(chain(['in', 'input', { shape: [...shape] }], ['r', type, {}]));
        expect(i).toMatchObject({ code: 'shapeMismatch', nodeIds: ['r'], params: { layer: 'r', expected: '(batch, timesteps, features)', got } });
        const label = { simpleRnn: 'SimpleRNN', lstm: 'LSTM', gru: 'GRU' }[type];
        expect(i.message).toBe(`${label} 'r': ${label} expects a sequence (batch, timesteps, features) but receives ${got}`);
      }
    });
  }

  it('stacking: a recurrent layer after one without returnSequences gets a vector and says so', () => {
    expect(analyzeGraph(chain(sequence(6, 2), ['a', 'lstm', { returnSequences: true }], ['b', 'gru', {}], ['d', 'dense', { units: 1 }])).ok).toBe(true);
    expect(issueOf(chain(sequence(6, 2), ['a', 'lstm', {}], ['b', 'gru', {}]))).toMatchObject({ code: 'shapeMismatch', params: { layer: 'b', got: '(batch, 8)' } });
  });

  it('invalid settings name the setting: zero units, softmax (not elementwise), returnSequences not a bool', () => {
    for (const [settings, setting] of [[{ units: 0 }, 'units'], [{ activation: 'softmax' }, 'activation'], [{ returnSequences: 'yes' }, 'returnSequences']] as const) {
      expect(issueOf(chain(sequence(4, 2), ['r', 'lstm', settings]))).toMatchObject({ code: 'invalidSetting', params: { layer: 'r', setting } });
    }
  });
});

/** The float64 outputs of Input(T, F) → one recurrent layer with the given weights. */
function run(type: string, settings: Record<string, unknown>, [T, F]: number[], params: number[][], x: number[], B = 1): number[] {
  const model = compileNetwork(chain(sequence(T, F), ['r', type, settings]), { dtype: 'float64' });
  model.setParams(params);
  return [...model.predict(Float64Array.from(x), B)];
}

describe('forward values by hand', () => {
  it('SimpleRNN, 2 steps, linear: h1 = 0.5·1 + 0.1 = 0.6, h2 = 0.5·2 + 2·0.6 + 0.1 = 2.3', () => {
    const p = [[0.5], [2], [0.1]]; // W (1×1), U (1×1), b
    expect(run('simpleRnn', { units: 1, activation: 'linear', returnSequences: true }, [2, 1], p, [1, 2])).toEqual([0.6, 2.3]);
    expect(run('simpleRnn', { units: 1, activation: 'linear' }, [2, 1], p, [1, 2])).toEqual([2.3]);
  });

  it('SimpleRNN, 2 steps, tanh, 2 features → 2 units (W is (F, H), U is (H, H))', () => {
    // W = [[1, 2], [3, 4]], U = [[0.5, -1], [0.25, 0]], b = [0.1, -0.2]; x_1 = [0.1, 0.2], x_2 = [-0.3, 0.4]
    // z_1 = x_1·W + b = [0.1 + 0.6 + 0.1, 0.2 + 0.8 − 0.2] = [0.8, 0.8];  h_1 = tanh(z_1)
    const h1 = [Math.tanh(0.8), Math.tanh(0.8)];
    // z_2 = x_2·W + h_1·U + b = [−0.3 + 1.2 + 0.5·h + 0.25·h + 0.1, −0.6 + 1.6 − h − 0.2] with h = tanh(0.8)
    const h2 = [Math.tanh(1.0 + 0.75 * h1[0]), Math.tanh(0.8 - h1[0])];
    const y = run('simpleRnn', { units: 2, returnSequences: true }, [2, 2], [[1, 2, 3, 4], [0.5, -1, 0.25, 0], [0.1, -0.2]], [0.1, 0.2, -0.3, 0.4]);
    expect(maxRelativeError(y, [...h1, ...h2])).toBeLessThan(1e-15);
  });

  it('LSTM, 2 steps, 1 unit: gates i, f, g, o in that block order', () => {
    // W = [wi, wf, wg, wo], U likewise, b likewise; x = [1, −2]
    const W = [0.5, -0.3, 0.8, 0.2];
    const U = [0.1, 0.4, -0.6, 0.3];
    const b = [0.05, 1, -0.1, 0.2];
    let h = 0;
    let c = 0;
    const hs: number[] = [];
    for (const xt of [1, -2]) {
      const z = [0, 1, 2, 3].map((k) => W[k] * xt + U[k] * h + b[k]);
      const [i, f, g, o] = [sigmoid(z[0]), sigmoid(z[1]), Math.tanh(z[2]), sigmoid(z[3])];
      c = f * c + i * g;
      h = o * Math.tanh(c);
      hs.push(h);
    }
    const y = run('lstm', { units: 1, returnSequences: true }, [2, 1], [W, U, b], [1, -2]);
    expect(maxRelativeError(y, hs)).toBeLessThan(1e-14);
  });

  it('GRU, 2 steps, 1 unit: blocks z, r, n; r multiplies the recurrent bias (reset after)', () => {
    const W = [0.5, -0.3, 0.8];
    const U = [0.1, 0.4, -0.6];
    const bi = [0.05, 0.3, -0.1];
    const bh = [-0.2, 0.1, 0.7];
    let h = 0;
    const hs: number[] = [];
    for (const xt of [1, -2]) {
      const z = sigmoid(W[0] * xt + bi[0] + U[0] * h + bh[0]);
      const r = sigmoid(W[1] * xt + bi[1] + U[1] * h + bh[1]);
      const n = Math.tanh(W[2] * xt + bi[2] + r * (U[2] * h + bh[2]));
      h = (1 - z) * n + z * h;
      hs.push(h);
    }
    const y = run('gru', { units: 1, returnSequences: true }, [2, 1], [W, U, [...bi, ...bh]], [1, -2]);
    expect(maxRelativeError(y, hs)).toBeLessThan(1e-14);
  });

  it('init: orthogonal recurrent kernel (U·Uᵀ = I), LSTM forget bias 1, other biases 0', () => {
    const layer = buildLayer('lstm', { units: 3 }, [4, 2], 7);
    const [, U, b] = layer.params;
    for (let i = 0; i < 3; i++) {
      for (let k = 0; k < 3; k++) {
        let dot = 0;
        for (let j = 0; j < 12; j++) dot += U.value[i * 12 + j] * U.value[k * 12 + j];
        expect(dot).toBeCloseTo(i === k ? 1 : 0, 12);
      }
    }
    expect([...b.value]).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
  });
});

describe('gradients (central differences, float64)', () => {
  const [B, T, F, H] = [2, 4, 3, 3];
  const cases: [string, Record<string, unknown>][] = [
    ['returnSequences', { returnSequences: true }],
    ['last output', { returnSequences: false }],
    ['no bias, returnSequences', { returnSequences: true, useBias: false }],
    ['softplus activation', { returnSequences: true, activation: 'softplus' }],
  ];
  for (const type of TYPES) {
    for (const [label, settings] of cases) {
      it(`${type}, ${label}: dx and every weight`, () => {
        const rand = testRandom(type.length * 31 + label.length);
        const layer = buildLayer(type, { units: H, ...settings }, [T, F], 3);
        const bias = layer.params[2];
        if (bias) bias.value.forEach((_, i, a) => (a[i] = rand() - 0.5));
        const x = Float64Array.from({ length: B * T * F }, () => rand() * 2 - 1);
        const errors = layerGradientErrors(layer, x, B, (settings.returnSequences ? T : 1) * H, rand);
        expect(Object.keys(errors)).toEqual(settings.useBias === false ? ['dx', 'layer.kernel', 'layer.recurrentKernel'] : ['dx', 'layer.kernel', 'layer.recurrentKernel', 'layer.bias']);
        for (const [k, e] of Object.entries(errors)) expect(e, k).toBeLessThan(TOL);
      });
    }
  }

  it('a stacked network end to end: LSTM (sequences) → GRU (sequences) → SimpleRNN → Dense, MSE: every parameter', () => {
    const doc = chain(sequence(5, 2), ['a', 'lstm', { units: 3, returnSequences: true }], ['b', 'gru', { units: 3, returnSequences: true }],
      ['c', 'simpleRnn', { units: 2 }], ['out', 'dense', { units: 2 }]);
    const model = compileNetwork(doc, { seed: 2, dtype: 'float64' });
    const rand = testRandom(12);
    // Random biases, and weights doubled: keeps the first layers' gradients well above the central
    // difference's rounding noise (a gradient that has vanished through three layers cannot be checked to 1e-6).
    for (const p of model.parameters()) p.value.forEach((v, i, a) => (a[i] = p.name.endsWith('.bias') ? rand() - 0.5 : 2 * v));
    const n = 3;
    const x = Float64Array.from({ length: n * 10 }, () => rand() * 2 - 1);
    const t = Float64Array.from({ length: n * 2 }, () => rand() * 2 - 1);
    model.lossAndGradients(x, t, n, 'mse');
    for (const p of model.parameters()) {
      const numeric = numericalGradient(() => model.evaluateLoss(x, t, n, 'mse'), p.value);
      expect(maxRelativeError(Float64Array.from(p.grad), numeric), p.name).toBeLessThan(TOL);
    }
  });
});

describe('buffers and kernels', () => {
  afterEach(() => setKernels(jsKernels));

  for (const type of TYPES) {
    it(`${type}: alternating batch sizes reuse buffers without mixing results`, () => {
      const rand = testRandom(type.length);
      const [T, F, H] = [4, 2, 3];
      const layer = buildLayer(type, { units: H, returnSequences: true }, [T, F]);
      const x = Float64Array.from({ length: 5 * T * F }, () => rand() * 2 - 1);
      const dy = Float64Array.from({ length: 5 * T * H }, () => rand() * 2 - 1);
      const pass = (B: number) => {
        const y = layer.forward([x], B, true).slice(0, B * T * H);
        for (const p of layer.params) p.grad.fill(0);
        const dx = new Float64Array(B * T * F);
        layer.backward(dy, [dx], B);
        return { y, dx, grads: layer.params.map((p) => Float64Array.from(p.grad)) };
      };
      const small = pass(2);
      pass(5);
      const again = pass(2);
      expect(again.y).toEqual(small.y);
      expect(again.dx).toEqual(small.dx);
      expect(again.grads).toEqual(small.grads);
      // Each sample is independent of the others in the batch: the first two of five match a batch of two.
      const big = pass(5);
      expect(maxRelativeError(big.y.slice(0, 2 * T * H), small.y)).toBeLessThan(1e-15);
      expect(maxRelativeError(big.dx.slice(0, 2 * T * F), small.dx)).toBeLessThan(1e-15);
    });
  }

  it('the layers run their steps through kernels(), so another implementation can be swapped in', () => {
    const calls: Record<string, number> = {};
    const counting = Object.fromEntries(Object.entries(jsKernels).map(([k, f]) => [k, (...args: unknown[]) => {
      calls[k] = (calls[k] ?? 0) + 1;
      return (f as (...a: unknown[]) => unknown)(...args);
    }])) as unknown as Kernels;
    setKernels(counting);
    for (const type of TYPES) {
      const layer = buildLayer(type, { units: 2 }, [3, 2]);
      layer.forward([new Float64Array(12).fill(0.5)], 2, true);
      layer.backward(new Float64Array(4).fill(1), [new Float64Array(12)], 2);
    }
    const prefix = { simpleRnn: 'rnn', lstm: 'lstm', gru: 'gru' };
    for (const type of TYPES) {
      expect(calls[`${prefix[type]}StepForward`], type).toBe(3);
      expect(calls[`${prefix[type]}StepBackward`], type).toBe(3);
    }
  });
});

describe('training an LSTM', () => {
  it('overfits one batch: 16 sequences of length 10 → their sum, MSE < 1e-3 within 400 Adam steps', () => {
    const [N, T] = [16, 10];
    const rand = testRandom(8);
    const x = Float32Array.from({ length: N * T }, () => (rand() * 2 - 1) * 0.3);
    const target = Float32Array.from({ length: N }, (_, n) => x.slice(n * T, (n + 1) * T).reduce((a, b) => a + b, 0));
    const model = compileNetwork(chain(sequence(T, 1), ['lstm', 'lstm', { units: 16 }], ['out', 'dense', { units: 1 }]), { seed: 1 });
    const opt = createOptimizer({ kind: 'adam', learningRate: 0.01 }, model.parameters());
    const first = model.lossAndGradients(x, target, N, 'mse');
    let loss = first;
    let steps = 0;
    while (loss >= 1e-3 && steps < 400) {
      opt.step();
      loss = model.lossAndGradients(x, target, N, 'mse');
      steps++;
    }
    expect(first).toBeGreaterThan(0.1);
    expect(loss).toBeLessThan(1e-3);
  });
});
