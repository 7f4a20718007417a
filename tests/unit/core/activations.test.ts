// The course's activation functions: values worked out by hand, gradients against central
// differences (float64, inputs kept away from each function's kinks), and their settings.

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeGraph, compileNetwork, defaultSettings, erf, getActivation } from '../../../src/core';
import { buildLayer, chain, layerGradientErrors, relError, testRandom } from './helpers';

const TOL = 1e-6;

/** f applied to xs through the engine (float64). */
function apply(name: string, xs: number[], params = {}): number[] {
  const act = getActivation(name, params)!;
  const y = new Float64Array(xs.length);
  act.forward(Float64Array.from(xs), y, 1, xs.length);
  return [...y];
}

/** ∂/∂x of f at xs with upstream gradient 1. */
function derivative(name: string, xs: number[], params = {}): number[] {
  const act = getActivation(name, params)!;
  const x = Float64Array.from(xs);
  const y = new Float64Array(xs.length);
  act.forward(x, y, 1, xs.length);
  const dx = new Float64Array(xs.length);
  act.backward(x, y, new Float64Array(xs.length).fill(1), dx, 1, xs.length);
  return [...dx];
}

const close = (got: number[], want: number[], digits = 12) => got.forEach((v, i) => expect(v, `index ${i}`).toBeCloseTo(want[i], digits));

describe('activation values (hand-computed)', () => {
  it('step: 1 for x > 0, else 0; its gradient is zero everywhere', () => {
    close(apply('step', [-2, -0.1, 0, 0.1, 3]), [0, 0, 0, 1, 1]);
    expect(derivative('step', [-2, -0.1, 0.1, 3])).toEqual([0, 0, 0, 0]);
  });

  it('hardSigmoid (PyTorch): clip(x/6 + 1/2, 0, 1), slope 1/6 inside (−3, 3)', () => {
    close(apply('hardSigmoid', [-4, -3, -1.5, 0, 1.5, 3, 4]), [0, 0, 0.25, 0.5, 0.75, 1, 1]);
    close(derivative('hardSigmoid', [-4, -1.5, 0, 2.9, 4]), [0, 1 / 6, 1 / 6, 1 / 6, 0]);
  });

  it('leakyRelu: slope 0.01 by default, α when given', () => {
    close(apply('leakyRelu', [-2, 3]), [-0.02, 3]);
    close(apply('leakyRelu', [-2, 3], { alpha: 0.2 }), [-0.4, 3]);
    close(derivative('leakyRelu', [-2, 3], { alpha: 0.2 }), [0.2, 1]);
  });

  it('elu (α = 1): eˣ − 1 below 0', () => {
    close(apply('elu', [-1, 0.5, 2]), [Math.exp(-1) - 1, 0.5, 2]);
    close(derivative('elu', [-1, 2]), [Math.exp(-1), 1]);
  });

  it('elu with α = 0.5: α(eˣ − 1) below 0 (saturating at −α), slope α·eˣ there', () => {
    close(apply('elu', [-1, -2, -30, 0.5, 2], { alpha: 0.5 }), [0.5 * (Math.exp(-1) - 1), 0.5 * (Math.exp(-2) - 1), -0.5, 0.5, 2]);
    close(derivative('elu', [-1, -2, 2], { alpha: 0.5 }), [0.5 * Math.exp(-1), 0.5 * Math.exp(-2), 1]);
  });

  it('shiftedRelu: max(x, −shift); shift 1 by default, shift 0 is ReLU', () => {
    close(apply('shiftedRelu', [-3, -1.5, -0.5, 2]), [-1, -1, -0.5, 2]);
    close(apply('shiftedRelu', [-3, -0.5, 2], { shift: 0.25 }), [-0.25, -0.25, 2]);
    close(apply('shiftedRelu', [-3, 2], { shift: 0 }), apply('relu', [-3, 2]));
    close(derivative('shiftedRelu', [-1.5, -0.5]), [0, 1]);
  });

  it('swish: x·σ(x)', () => {
    close(apply('swish', [1, -2, 0]), [1 / (1 + Math.exp(-1)), -2 / (1 + Math.exp(2)), 0]);
  });

  it('gelu (erf form, as TF.js and PyTorch default): x·Φ(x)', () => {
    // Φ(1) = 0.8413447460685429, Φ(−1) = 0.15865525393145707 (normal-table values).
    close(apply('gelu', [1, -1, 0]), [0.8413447460685429, -0.15865525393145707, 0], 14);
    // erf reference values (Abramowitz & Stegun table 7.1)
    expect(erf(0.5)).toBeCloseTo(0.5204998778130465, 15);
    expect(erf(2)).toBeCloseTo(0.9953222650189527, 15);
    expect(erf(-4)).toBeCloseTo(-0.9999999845827421, 15);
    expect(erf(7)).toBe(1);
  });

  it('softplus: ln(1 + eˣ), stable at both ends', () => {
    close(apply('softplus', [0, 1]), [Math.LN2, Math.log(1 + Math.E)]);
    const [big, tiny] = apply('softplus', [800, -800]);
    expect(big).toBe(800);
    expect(tiny).toBe(0);
    close(derivative('softplus', [0]), [0.5]);
  });

  it('arctan: tan⁻¹ x, derivative 1/(1 + x²)', () => {
    close(apply('arctan', [1, -1, 0]), [Math.PI / 4, -Math.PI / 4, 0]);
    close(derivative('arctan', [2]), [0.2]);
  });
});

describe('activation gradients (central differences, float64)', () => {
  // [name, Activation-layer settings, kinks to keep away from]
  const cases: [string, Record<string, unknown>, number[]][] = [
    ['step', {}, [0]],
    ['hardSigmoid', {}, [-3, 3]],
    ['leakyRelu', {}, [0]],
    ['leakyRelu', { alpha: 0.2 }, [0]],
    ['elu', {}, [0]],
    ['elu', { alpha: 0.5 }, [0]],
    ['shiftedRelu', {}, [-1]],
    ['shiftedRelu', { shift: 0.5 }, [-0.5]],
    ['swish', {}, []],
    ['gelu', {}, []],
    ['softplus', {}, []],
    ['arctan', {}, []],
  ];
  for (const [name, settings, kinks] of cases) {
    it(`${name} ${JSON.stringify(settings)}`, () => {
      const rand = testRandom(100 + name.length);
      // Inputs in (−4, 4), resampled when within 0.05 of a kink.
      const x = Float64Array.from({ length: 6 * 5 }, () => {
        let v: number;
        do v = rand() * 8 - 4;
        while (kinks.some((k) => Math.abs(v - k) < 0.05));
        return v;
      });
      // Both sides of every kink are covered.
      for (const k of kinks) expect(x.some((v) => v < k) && x.some((v) => v > k)).toBe(true);
      const errors = layerGradientErrors(buildLayer('activation', { activation: name, ...settings }, [5]), x, 6, 5, rand);
      expect(errors.dx).toBeLessThan(TOL);
    });
  }

  it('the same functions inside Dense (default α and shift): dW and db', () => {
    for (const activation of ['leakyRelu', 'elu', 'swish', 'gelu', 'softplus', 'arctan', 'hardSigmoid', 'shiftedRelu']) {
      const rand = testRandom(7);
      const layer = buildLayer('dense', { units: 3, activation }, [4]);
      layer.params[1].value.set([0.3, -0.2, 0.1]);
      const x = Float64Array.from({ length: 12 }, () => rand() * 2 - 1);
      const errors = layerGradientErrors(layer, x, 3, 3, rand);
      for (const [k, e] of Object.entries(errors)) expect(e, `${activation} ${k}`).toBeLessThan(TOL);
    }
  });
});

describe('elu(α) against TF.js (cpu backend)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  // TF.js's tf.elu has α fixed at 1; elu_α(x) = x for x > 0 and α·elu_1(x) otherwise, so the reference
  // is tf.where(x > 0, x, α·tf.elu(x)), and its gradient comes from TF.js's autodiff.
  it('α = 0.5: values and ∂(Σ dy ⊙ y)/∂x as TF.js computes them (float32, ≤ 1e-6 relative)', () => {
    const alpha = 0.5;
    const rand = testRandom(77);
    const xs = Float64Array.from({ length: 4 * 6 }, () => {
      let v: number;
      do v = rand() * 6 - 4;
      while (Math.abs(v) < 0.05);
      return v;
    });
    const dy = Float64Array.from({ length: xs.length }, () => rand() * 2 - 1);
    const layer = buildLayer('activation', { activation: 'elu', alpha }, [6]);
    const y = layer.forward([xs], 4, false).slice(0, xs.length);
    const dx = new Float64Array(xs.length);
    layer.backward(dy, [dx], 4);

    const xt = tf.tensor2d(Float32Array.from(xs), [4, 6]);
    const positive = tf.greater(xt, 0); // a constant branch mask (Greater has no gradient)
    const ref = (x: tf.Tensor) => tf.where(positive, x, tf.mul(tf.elu(x), alpha));
    const dyt = tf.tensor2d(Float32Array.from(dy), [4, 6]);
    const yRef = ref(xt).dataSync();
    const dxRef = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(ref(x), dyt)))(xt).dataSync();
    expect(relError(y, yRef)).toBeLessThan(1e-6);
    expect(relError(dx, dxRef)).toBeLessThan(1e-6);
    // The inputs cover both branches.
    expect(xs.some((v) => v < 0) && xs.some((v) => v > 0)).toBe(true);
  });
});

describe('activation settings', () => {
  it('alpha and shift exist only for the functions they tune', () => {
    expect(defaultSettings('activation')).toEqual({ activation: 'relu' });
    const leaky = chain(['in', 'input', { shape: [2] }], ['a', 'activation', { activation: 'leakyRelu' }]);
    const model = compileNetwork(leaky, { dtype: 'float64' });
    expect([...model.predict(Float64Array.from([-1, 2]), 1)]).toEqual([-0.01, 2]);
    const shifted = chain(['in', 'input', { shape: [2] }], ['a', 'activation', { activation: 'shiftedRelu', shift: 0.5 }]);
    expect([...compileNetwork(shifted, { dtype: 'float64' }).predict(Float64Array.from([-1, 2]), 1)]).toEqual([-0.5, 2]);
  });

  it("elu's alpha defaults to 1 (not leakyRelu's 0.01) and is used when set", () => {
    const elu = (settings: Record<string, unknown>) => chain(['in', 'input', { shape: [2] }], ['a', 'activation', { activation: 'elu', ...settings }]);
    const predict = (settings: Record<string, unknown>) => [...compileNetwork(elu(settings), { dtype: 'float64' }).predict(Float64Array.from([-1, 2]), 1)];
    close(predict({}), [Math.exp(-1) - 1, 2]);
    close(predict({ alpha: 0.5 }), [0.5 * (Math.exp(-1) - 1), 2]);
    const bad = analyzeGraph(chain(['in', 'input', {}], ['a', 'activation', { activation: 'elu', alpha: -1 }], ['o', 'dense', {}]));
    expect(bad.issues[0]).toMatchObject({ code: 'invalidSetting', nodeIds: ['a'], params: { setting: 'alpha' } });
  });

  it('a negative alpha is an invalid setting for leakyRelu, and ignored for relu', () => {
    const bad = analyzeGraph(chain(['in', 'input', {}], ['a', 'activation', { activation: 'leakyRelu', alpha: -1 }], ['o', 'dense', {}]));
    expect(bad.ok).toBe(false);
    expect(bad.issues[0]).toMatchObject({ code: 'invalidSetting', nodeIds: ['a'], params: { setting: 'alpha' } });
    expect(analyzeGraph(chain(['in', 'input', {}], ['a', 'activation', { activation: 'relu', alpha: -1 }], ['o', 'dense', {}])).ok).toBe(true);
  });

  it('a network of step units gets no gradient (nothing to learn by backprop)', () => {
    const doc = chain(['in', 'input', { shape: [2] }], ['h', 'dense', { units: 3, activation: 'step' }], ['o', 'dense', { units: 1 }]);
    const model = compileNetwork(doc, { dtype: 'float64', seed: 2 });
    model.lossAndGradients(Float64Array.from([0.5, -0.3]), [1], 1, 'mse');
    const [hW, hb, oW] = model.parameters();
    expect([...hW.grad].every((g) => g === 0) && [...hb.grad].every((g) => g === 0)).toBe(true);
    expect([...oW.grad].some((g) => g !== 0)).toBe(true); // the layer after the step units still learns
  });
});
