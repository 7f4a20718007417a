// Seed exercise §6: backpropagation by hand on a 2-2-2 sigmoid network without biases.
// Expected values are the spec's independent hand calculation (seed-exercises.md §6).

import { describe, expect, it } from 'vitest';
import { compileNetwork, createOptimizer } from '../../../src/core';
import { chain } from './helpers';

describe('seed §6: 2-2-2 backprop by hand', () => {
  // Separate Activation layers so the trace exposes the pre-activations z as well as h and o.
  const doc = chain(
    ['in', 'input', { shape: [2] }],
    ['z12', 'dense', { units: 2, activation: 'linear', useBias: false }],
    ['h', 'activation', { activation: 'sigmoid' }],
    ['z34', 'dense', { units: 2, activation: 'linear', useBias: false }],
    ['o', 'activation', { activation: 'sigmoid' }],
  );
  const [w1, w2, w3, w4, w5, w6, w7, w8] = [0.3, 0.25, 0.4, 0.35, 0.45, 0.4, 0.7, 0.6];
  // Kernels are (inputs, units) row-major, so K[i][j] multiplies input i into unit j:
  // z1 = w1 x1 + w2 x2, z2 = w3 x1 + w4 x2  ->  K1 = [[w1, w3], [w2, w4]] = [w1, w3, w2, w4].
  const toKernel = (a: number, b: number, c: number, d: number) => [a, c, b, d];
  const x = Float64Array.from([0.1, 0.2]);
  const target = Float64Array.from([0.4, 0.6]);

  function build() {
    const model = compileNetwork(doc, { dtype: 'float64', seed: 1 });
    model.setParams([toKernel(w1, w2, w3, w4), toKernel(w5, w6, w7, w8)]);
    return model;
  }

  it('forward pass: z, h, o and E', () => {
    const model = build();
    const tr = model.trace(x, 1);
    expect(tr.z12[0]).toBeCloseTo(0.08, 8);
    expect(tr.z12[1]).toBeCloseTo(0.11, 8);
    expect(tr.h[0]).toBeCloseTo(0.51998934, 8);
    expect(tr.h[1]).toBeCloseTo(0.5274723, 8);
    expect(tr.z34[0]).toBeCloseTo(0.44498412, 8);
    expect(tr.z34[1]).toBeCloseTo(0.68047592, 8);
    expect(tr.o[0]).toBeCloseTo(0.609446, 8);
    expect(tr.o[1]).toBeCloseTo(0.66384491, 8);
    // 'mse' is the mean over the 2 outputs; for one sample that is ½Σ(target − output)² = E.
    expect(model.evaluateLoss(x, target, 1, 'mse')).toBeCloseTo(0.0239719, 8);
  });

  it('∂E/∂w5, one SGD step (lr 0.5), the eight new weights and the new E', () => {
    const model = build();
    const E = model.lossAndGradients(x, target, 1, 'mse');
    expect(E).toBeCloseTo(0.0239719, 8);
    const [K1, K2] = model.parameters();
    expect(K2.grad[0]).toBeCloseTo(0.02592286, 8); // ∂E/∂w5 = 0.20944600 · 0.23802157 · 0.51998934
    createOptimizer({ kind: 'sgd', learningRate: 0.5 }, model.parameters()).step();
    const updated = [K1.value[0], K1.value[2], K1.value[1], K1.value[3], K2.value[0], K2.value[2], K2.value[1], K2.value[3]];
    const expected = [0.29959556, 0.24919112, 0.39964496, 0.34928991, 0.43703857, 0.38685205, 0.69629578, 0.59624247];
    updated.forEach((w, i) => expect(w, `w${i + 1}`).toBeCloseTo(expected[i], 8));
    expect(model.evaluateLoss(x, target, 1, 'mse')).toBeCloseTo(0.02323634, 8);
  });

  it('the same network with sigmoid inside Dense gives the same outputs', () => {
    const fused = compileNetwork(
      chain(['in', 'input', { shape: [2] }], ['h', 'dense', { units: 2, activation: 'sigmoid', useBias: false }],
        ['o', 'dense', { units: 2, activation: 'sigmoid', useBias: false }]),
      { dtype: 'float64' },
    );
    fused.setParams([toKernel(w1, w2, w3, w4), toKernel(w5, w6, w7, w8)]);
    const y = fused.predict(x, 1);
    expect(y[0]).toBeCloseTo(0.609446, 8);
    expect(y[1]).toBeCloseTo(0.66384491, 8);
  });
});
