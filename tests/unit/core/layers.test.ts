// Registry, defaults, dropout behaviour, initialization and the seeded RNG.

import { describe, expect, it } from 'vitest';
import {
  ACTIVATIONS, Rng, compileNetwork, defaultSettings, getLayerDefinition, initialize, layerDefinitions,
} from '../../../src/core';
import { chain } from './helpers';

describe('layer registry', () => {
  it('lists the layers in palette order with their input arity', () => {
    expect(layerDefinitions().map((d) => [d.type, d.category, d.minInputs, d.maxInputs])).toEqual([
      ['input', 'io', 0, 0], ['dense', 'core', 1, 1], ['activation', 'core', 1, 1], ['dropout', 'regularization', 1, 1],
      ['conv2d', 'conv', 1, 1], ['maxPool2d', 'pooling', 1, 1], ['avgPool2d', 'pooling', 1, 1], ['globalAvgPool2d', 'pooling', 1, 1],
      ['prelu', 'core', 1, 1], ['depthwiseConv2d', 'conv', 1, 1], ['separableConv2d', 'conv', 1, 1], ['batchNorm', 'normalization', 1, 1],
      ['add', 'merge', 2, Infinity], ['concat', 'merge', 2, Infinity],
      ['simpleRnn', 'recurrent', 1, 1], ['lstm', 'recurrent', 1, 1], ['gru', 'recurrent', 1, 1], ['embedding', 'recurrent', 1, 1],
      ['flatten', 'reshape', 1, 1], ['reshape', 'reshape', 1, 1],
    ]);
    expect(getLayerDefinition('transformer')).toBeUndefined();
  });

  it('defaults as agreed in the contract', () => {
    expect(defaultSettings('input')).toEqual({ shape: [2] });
    expect(defaultSettings('dense')).toEqual({ units: 8, activation: 'linear', useBias: true, kernelInitializer: 'glorotUniform', biasInitializer: 'zeros' });
    expect(defaultSettings('activation')).toEqual({ activation: 'relu' });
    expect(defaultSettings('dropout')).toEqual({ rate: 0.2 });
    expect(defaultSettings('nope')).toEqual({});
    expect(ACTIVATIONS).toEqual([
      'linear', 'step', 'sigmoid', 'hardSigmoid', 'tanh', 'relu', 'leakyRelu', 'elu', 'shiftedRelu', 'swish', 'gelu',
      'softplus', 'arctan', 'softmax',
    ]);
    // fresh copies: editing one must not change the registry
    (defaultSettings('input').shape as number[]).push(9);
    expect(defaultSettings('input')).toEqual({ shape: [2] });
  });
});

describe('dropout (inverted)', () => {
  const doc = chain(['in', 'input', { shape: [1000] }], ['p', 'dropout', { rate: 0.25 }]);
  const x = Float64Array.from({ length: 1000 }, (_, i) => 1 + (i % 7));

  it('training: zeroes about rate of the units and scales the rest by 1/(1 − rate); backward uses the same mask', () => {
    const model = compileNetwork(doc, { seed: 3, dtype: 'float64' });
    const tr = model.trace(x, 1, true);
    let dropped = 0;
    for (let i = 0; i < 1000; i++) {
      if (tr.p[i] === 0) dropped++;
      else expect(tr.p[i]).toBeCloseTo(x[i] / 0.75, 12);
    }
    expect(dropped).toBeGreaterThan(200);
    expect(dropped).toBeLessThan(300);
    const layer = model.nodes[1].layer;
    const dx = new Float64Array(1000);
    layer.backward(new Float64Array(1000).fill(1), [dx], 1);
    for (let i = 0; i < 1000; i++) expect(dx[i]).toBeCloseTo(tr.p[i] === 0 ? 0 : 1 / 0.75, 12);
  });

  it('inference: identity', () => {
    const model = compileNetwork(doc, { seed: 3, dtype: 'float64' });
    expect([...model.predict(x, 1)]).toEqual([...x]);
  });
});

describe('initialization', () => {
  it('Dense kernels are glorot-uniform within ±sqrt(6/(in+out)), biases zero, reproducible per seed', () => {
    const doc = chain(['in', 'input', { shape: [30] }], ['d', 'dense', { units: 20 }]);
    const [W, b] = compileNetwork(doc, { seed: 1 }).getParams();
    const limit = Math.sqrt(6 / 50);
    expect(W.length).toBe(600);
    expect(Math.max(...W.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...W.map(Math.abs))).toBeGreaterThan(0.9 * limit);
    const mean = W.reduce((s, v) => s + v, 0) / W.length;
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect([...b]).toEqual(new Array(20).fill(0));
    expect([...compileNetwork(doc, { seed: 1 }).getParams()[0]]).toEqual([...W]);
    expect([...compileNetwork(doc, { seed: 2 }).getParams()[0]]).not.toEqual([...W]);
  });

  it('he normal has std sqrt(2/fanIn)', () => {
    const w = new Float64Array(20000);
    initialize('heNormal', w, 50, 10, new Rng(4));
    const std = Math.sqrt(w.reduce((s, v) => s + v * v, 0) / w.length);
    expect(std).toBeCloseTo(Math.sqrt(2 / 50), 2);
  });
});

describe('Rng', () => {
  it('is deterministic per seed, uniform in [0, 1), normal with mean 0 and std 1', () => {
    const a = new Rng(9);
    const b = new Rng(9);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => new Rng(10).next())[0]).not.toBe(xs[0]);
    const r = new Rng(1);
    const u = Array.from({ length: 10000 }, () => r.next());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    const n = Array.from({ length: 20000 }, () => r.normal());
    const mean = n.reduce((s, v) => s + v, 0) / n.length;
    const sd = Math.sqrt(n.reduce((s, v) => s + (v - mean) ** 2, 0) / n.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(sd).toBeCloseTo(1, 1);
  });
});
