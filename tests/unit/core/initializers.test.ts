// Initializers: each one's mean and variance against its formula (large fans, seeded), exact
// constants, seed reproducibility, and the kernelInitializer / biasInitializer layer settings.

import { describe, expect, it } from 'vitest';
import {
  INITIALIZERS, Rng, analyzeGraph, compileNetwork, deriveSeed, initialize, initializerVariance, type InitializerKind,
} from '../../../src/core';
import { chain } from './helpers';

const N = 100_000;
const fanIn = 300;
const fanOut = 200;

function stats(w: ArrayLike<number>) {
  let m = 0;
  for (let i = 0; i < w.length; i++) m += w[i];
  m /= w.length;
  let v = 0;
  let maxAbs = 0;
  for (let i = 0; i < w.length; i++) {
    v += (w[i] - m) ** 2;
    maxAbs = Math.max(maxAbs, Math.abs(w[i]));
  }
  return { mean: m, variance: v / w.length, maxAbs };
}

// Variances written out from the formulas (not from initializerVariance), for fanIn 300, fanOut 200.
const expected: [InitializerKind, Record<string, number>, number, number | null][] = [
  // kind, params, variance, uniform limit (null: normal)
  ['normal', { stddev: 1 }, 1, null],
  ['normal', { stddev: 0.01 }, 1e-4, null],
  ['uniform', { limit: 0.5 }, 0.25 / 3, 0.5],
  ['glorotNormal', {}, 2 / 500, null],
  ['glorotUniform', {}, 2 / 500, Math.sqrt(6 / 500)],
  ['heNormal', {}, 2 / 300, null],
  ['heUniform', {}, 2 / 300, Math.sqrt(6 / 300)],
  ['lecunNormal', {}, 1 / 300, null],
  ['lecunUniform', {}, 1 / 300, Math.sqrt(3 / 300)],
];

describe('initializers: statistics (100,000 draws, seeded)', () => {
  for (const [kind, params, variance, limit] of expected) {
    it(`${kind} ${JSON.stringify(params)}: mean 0, variance ${variance.toPrecision(4)}${limit ? `, |w| ≤ ${limit.toPrecision(4)}` : ''}`, () => {
      const w = new Float64Array(N);
      initialize(kind, w, fanIn, fanOut, new Rng(11), params);
      const s = stats(w);
      // Standard error of the mean is √(var/N); of the variance about var·√(2/N) ≈ 0.45 % (normal).
      expect(Math.abs(s.mean)).toBeLessThan(4 * Math.sqrt(variance / N));
      expect(Math.abs(s.variance / variance - 1)).toBeLessThan(0.02);
      expect(initializerVariance(kind, fanIn, fanOut, params)).toBeCloseTo(variance, 12);
      if (limit !== null) {
        expect(s.maxAbs).toBeLessThanOrEqual(limit);
        expect(s.maxAbs).toBeGreaterThan(0.99 * limit);
      } else {
        // A normal reaches past 3σ now and then (0.27 % of draws), a uniform never would.
        expect(s.maxAbs).toBeGreaterThan(3 * Math.sqrt(variance));
      }
    });
  }

  it('zeros and constant(value) are exact', () => {
    const w = new Float32Array(10).fill(5);
    initialize('zeros', w, 3, 3, new Rng(1));
    expect([...w]).toEqual(new Array(10).fill(0));
    initialize('constant', w, 3, 3, new Rng(1), { value: 0.25 });
    expect([...w]).toEqual(new Array(10).fill(0.25));
  });

  it('the same seed gives identical weights, another seed different ones (every random initializer)', () => {
    for (const kind of INITIALIZERS) {
      if (kind === 'zeros' || kind === 'constant') continue;
      const a = new Float32Array(500);
      const b = new Float32Array(500);
      const c = new Float32Array(500);
      initialize(kind, a, 20, 25, new Rng(3));
      initialize(kind, b, 20, 25, new Rng(3));
      initialize(kind, c, 20, 25, new Rng(4));
      expect(b, kind).toEqual(a);
      expect(c, kind).not.toEqual(a);
    }
  });
});

describe('kernelInitializer / biasInitializer settings', () => {
  const dense = (settings: Record<string, unknown>, I = 400, O = 300) =>
    chain(['in', 'input', { shape: [I] }], ['d', 'dense', { units: O, ...settings }]);

  it('defaults keep the previous behaviour: glorotUniform kernel drawn first from the init stream, zero bias', () => {
    const model = compileNetwork(dense({}, 5, 4), { seed: 9 });
    const [K, b] = model.parameters();
    const want = new Float32Array(20);
    initialize('glorotUniform', want, 5, 4, new Rng(deriveSeed(9, 'init')));
    expect(K.value).toEqual(want);
    expect([...b.value]).toEqual([0, 0, 0, 0]);
    const explicit = compileNetwork(dense({ kernelInitializer: 'glorotUniform', biasInitializer: 'zeros' }, 5, 4), { seed: 9 });
    expect(explicit.getParams()).toEqual(model.getParams());
  });

  it('Dense with He normal: kernel variance 2 / fanIn', () => {
    const [K] = compileNetwork(dense({ kernelInitializer: 'heNormal' }), { seed: 1 }).parameters();
    const s = stats(K.value);
    expect(Math.abs(s.variance / (2 / 400) - 1)).toBeLessThan(0.02);
  });

  it('Dense with normal σ = 1 and σ = 0.01 (the course cases), bias constant 0.1', () => {
    for (const sd of [1, 0.01]) {
      const [K, b] = compileNetwork(dense({ kernelInitializer: 'normal', kernelStddev: sd, biasInitializer: 'constant', biasValue: 0.1 }), { seed: 2 }).parameters();
      expect(Math.abs(stats(K.value).variance / (sd * sd) - 1)).toBeLessThan(0.02);
      expect(b.value.every((v) => v === Math.fround(0.1))).toBe(true);
    }
  });

  it('Conv2D fans are kh·kw·C and kh·kw·Co: Xavier uniform limit √(6 / (9·C + 9·Co)); LeCun uniform bias', () => {
    const doc = chain(['in', 'input', { shape: [8, 8, 20] }], ['c', 'conv2d', { filters: 30, kernelInitializer: 'glorotUniform', biasInitializer: 'uniform', biasLimit: 0.3 }]);
    const [K, b] = compileNetwork(doc, { seed: 5 }).parameters();
    const limit = Math.sqrt(6 / (9 * 20 + 9 * 30));
    const s = stats(K.value);
    expect(s.maxAbs).toBeLessThanOrEqual(limit);
    expect(Math.abs(s.variance / ((limit * limit) / 3) - 1)).toBeLessThan(0.03);
    expect(stats(b.value).maxAbs).toBeLessThanOrEqual(0.3);
    expect(stats(b.value).maxAbs).toBeGreaterThan(0);
    const he = compileNetwork(chain(['in', 'input', { shape: [8, 8, 20] }], ['c', 'conv2d', { filters: 30, kernelInitializer: 'heUniform' }]), { seed: 5 });
    expect(stats(he.parameters()[0].value).maxAbs).toBeLessThanOrEqual(Math.sqrt(6 / 180));
  });

  it('the same seed gives identical initial weights through compileNetwork', () => {
    const d = dense({ kernelInitializer: 'lecunNormal', biasInitializer: 'normal', biasStddev: 0.5 }, 30, 20);
    expect(compileNetwork(d, { seed: 4 }).getParams()).toEqual(compileNetwork(d, { seed: 4 }).getParams());
    expect(compileNetwork(d, { seed: 5 }).getParams()).not.toEqual(compileNetwork(d, { seed: 4 }).getParams());
  });

  it('rejects an unknown initializer and a negative σ, naming the setting', () => {
    for (const [settings, key] of [[{ kernelInitializer: 'orthogonal' }, 'kernelInitializer'], [{ kernelInitializer: 'normal', kernelStddev: -1 }, 'kernelStddev']] as const) {
      const issue = analyzeGraph(dense(settings, 2, 2)).issues.find((i) => i.code === 'invalidSetting');
      expect(issue?.params.setting).toBe(key);
    }
    // σ only applies to 'normal': ignored (not validated) for other initializers.
    expect(analyzeGraph(dense({ kernelInitializer: 'heNormal', kernelStddev: -1 }, 2, 2)).ok).toBe(true);
  });
});
