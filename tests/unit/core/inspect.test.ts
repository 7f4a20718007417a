// Inspection hooks: activations, gradients and their norms, parameter get/set, and the run-time
// numerical gradient agreeing with backprop.

import { describe, expect, it } from 'vitest';
import {
  activations, compileNetwork, getParameter, gradients, nodeGradients, numericalGradient, parameterNames, setParameter,
  type LossKind, type NetworkDocument, type TrainableModel,
} from '../../../src/core';
import { chain, maxRelativeError, numericalGradient as centralDifference, testRandom } from './helpers';

const doc = chain(
  ['in', 'input', { shape: [3] }],
  ['h', 'dense', { units: 4, activation: 'tanh' }],
  ['out', 'dense', { units: 3, activation: 'softmax' }],
);
const rand = testRandom(21);
const B = 5;
const x = Float64Array.from({ length: B * 3 }, () => rand() * 2 - 1);
const y = Float64Array.from({ length: B }, (_, b) => b % 3); // class indices

describe('inspection hooks', () => {
  it('numericalGradient (central differences) agrees with backprop to 1e-6 in float64', () => {
    const model = compileNetwork(doc, { seed: 4, dtype: 'float64' });
    const g = gradients(model, x, y, B, 'sparseCategoricalCrossEntropy');
    const num = numericalGradient(model, x, y, B, 'sparseCategoricalCrossEntropy', 1e-5);
    expect(Object.keys(num)).toEqual(['h.kernel', 'h.bias', 'out.kernel', 'out.bias']);
    for (const name of Object.keys(num)) expect(maxRelativeError(g.grads[name], num[name]), name).toBeLessThan(1e-6);
  });

  it('in float32 the default step (1e-2) still agrees to about 1e-2', () => {
    const model = compileNetwork(doc, { seed: 4 });
    const g = gradients(model, x, y, B, 'sparseCategoricalCrossEntropy');
    const num = numericalGradient(model, x, y, B, 'sparseCategoricalCrossEntropy');
    for (const name of Object.keys(num)) {
      const a = g.grads[name];
      const scale = Math.max(...Array.from(a, Math.abs));
      for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - num[name][i]) / scale).toBeLessThan(2e-2);
    }
  });

  it('gradients(): copies per parameter, their L2 norms and the global norm', () => {
    const model = compileNetwork(doc, { seed: 4, dtype: 'float64' });
    const g = gradients(model, x, y, B, 'sparseCategoricalCrossEntropy');
    expect(g.loss).toBeCloseTo(model.evaluateLoss(x, y, B, 'sparseCategoricalCrossEntropy'), 12);
    let total = 0;
    for (const p of model.parameters()) {
      expect(g.grads[p.name]).toEqual(p.grad);
      expect(g.grads[p.name]).not.toBe(p.grad);
      const n = Math.sqrt(Array.from(p.grad).reduce((a, v) => a + v * v, 0));
      expect(g.norms[p.name]).toBeCloseTo(n, 14);
      total += n * n;
    }
    expect(g.globalNorm).toBeCloseTo(Math.sqrt(total), 14);
  });

  it('activations(): every node output for the batch; softmax rows sum to 1', () => {
    const model = compileNetwork(doc, { seed: 4, dtype: 'float64' });
    const acts = activations(model, x, B);
    expect(Object.keys(acts)).toEqual(['in', 'h', 'out']);
    expect(acts.h.length).toBe(B * 4);
    for (let b = 0; b < B; b++) expect(acts.out[3 * b] + acts.out[3 * b + 1] + acts.out[3 * b + 2]).toBeCloseTo(1, 12);
    // h = tanh(x·W + b), recomputed for sample 0 from getParameter.
    const W = getParameter(model, 'h.kernel').value;
    const bias = getParameter(model, 'h.bias').value;
    for (let j = 0; j < 4; j++) {
      let z = bias[j];
      for (let i = 0; i < 3; i++) z += x[i] * W[i * 4 + j];
      expect(acts.h[j]).toBeCloseTo(Math.tanh(z), 12);
    }
  });

  it('getParameter / setParameter by name', () => {
    const model = compileNetwork(doc, { seed: 4 });
    expect(parameterNames(model)).toEqual(['h.kernel', 'h.bias', 'out.kernel', 'out.bias']);
    expect(getParameter(model, 'out.bias').shape).toEqual([3]);
    setParameter(model, 'out.bias', [1, 2, 3]);
    expect([...getParameter(model, 'out.bias').value]).toEqual([1, 2, 3]);
    expect([...model.getParams()[3]]).toEqual([1, 2, 3]);
    // A copy: editing it leaves the model alone.
    getParameter(model, 'out.bias').value[0] = 99;
    expect(getParameter(model, 'out.bias').value[0]).toBe(1);
    expect(() => getParameter(model, 'nope')).toThrow(/No parameter named 'nope'/);
    expect(() => setParameter(model, 'out.bias', [1])).toThrow(/3 values, got 1/);
  });
});

describe('nodeGradients: ∂loss/∂(each node output) for a batch', () => {
  const layers: [string, string, Record<string, unknown>][] = [
    ['h1', 'dense', { units: 5, activation: 'tanh' }],
    ['h2', 'dense', { units: 4, activation: 'sigmoid' }],
    ['out', 'dense', { units: 3, activation: 'softmax' }],
  ];
  const deep = chain(['in', 'input', { shape: [3] }], ...layers);
  const loss: LossKind = 'sparseCategoricalCrossEntropy';

  /**
   * The network after node `id`, as a model of its own with the same weights: the loss as a function of
   * id's output (fed in as the tail's input), which central differences can perturb element by element.
   */
  function tail(model: TrainableModel, id: string, width: number): TrainableModel {
    const rest = layers.slice(layers.findIndex(([k]) => k === id) + 1);
    const t = compileNetwork(chain(['tailIn', 'input', { shape: [width] }], ...rest), { dtype: 'float64' });
    for (const name of parameterNames(t)) setParameter(t, name, getParameter(model, name).value);
    return t;
  }

  it('hidden nodes: central differences of the loss w.r.t. the node output (float64, ≤ 1e-6)', () => {
    const model = compileNetwork(deep, { seed: 8, dtype: 'float64' });
    const acts = activations(model, x, B);
    const g = nodeGradients(model, x, y, B, loss);
    expect(Object.keys(g.grads)).toEqual(['h1', 'h2', 'out']); // the Input node gets none
    for (const [id, width] of [['h1', 5], ['h2', 4]] as const) {
      const a = Float64Array.from(acts[id]);
      const rest = tail(model, id, width);
      const numeric = centralDifference(() => rest.evaluateLoss(a, y, B, loss), a);
      expect(g.grads[id].length).toBe(B * width);
      expect(maxRelativeError(g.grads[id], numeric), id).toBeLessThan(1e-6);
      expect(g.norms[id]).toBeCloseTo(Math.sqrt(Array.from(g.grads[id]).reduce((s, v) => s + v * v, 0)), 14);
    }
    expect(g.loss).toBeCloseTo(model.evaluateLoss(x, y, B, loss), 12);
  });

  it('softmax + cross-entropy output: the entry is ∂loss/∂z = (p − t)/N, marked as the pre-activation', () => {
    const model = compileNetwork(deep, { seed: 8, dtype: 'float64' });
    const p = activations(model, x, B).out;
    const g = nodeGradients(model, x, y, B, loss);
    expect(g.preActivation).toBe('out');
    const want = Array.from(p, (v, i) => (v - (i % 3 === y[Math.floor(i / 3)] ? 1 : 0)) / B);
    Array.from(g.grads.out).forEach((v, i) => expect(v, `out[${i}]`).toBeCloseTo(want[i], 14));
  });

  it('an output that does not fuse (tanh with MSE): ∂loss/∂y = 2(y − t)/(N·O)', () => {
    const doc: NetworkDocument = chain(['in', 'input', { shape: [3] }], ['h', 'dense', { units: 4, activation: 'tanh' }], ['out', 'dense', { units: 2, activation: 'tanh' }]);
    const model = compileNetwork(doc, { seed: 2, dtype: 'float64' });
    const t = Float64Array.from({ length: B * 2 }, () => rand() * 2 - 1);
    const out = activations(model, x, B).out;
    const g = nodeGradients(model, x, t, B, 'mse');
    expect(g.preActivation).toBeNull();
    Array.from(g.grads.out).forEach((v, i) => expect(v, `out[${i}]`).toBeCloseTo((2 * (out[i] - t[i])) / (B * 2), 14));
  });

  it('copies: editing them leaves the model alone; nothing before the first backward pass', () => {
    const model = compileNetwork(deep, { seed: 8, dtype: 'float64' });
    expect(model.outputGradients()).toEqual({ grads: {}, preActivation: null });
    const first = nodeGradients(model, x, y, B, loss);
    first.grads.h1.fill(99);
    expect(model.outputGradients().grads.h1[0]).not.toBe(99);
  });
});
