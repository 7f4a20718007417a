// The course's smaller worked examples (shared/spec/seed-exercises.md §2, §3, §8), reproduced
// through the engine. Expected values are the spec's hand calculations.
import { describe, expect, it } from 'vitest';
import { compileNetwork, createOptimizer } from '../../../src/core';
import { buildLayer, chain } from './helpers';

describe('§2 least squares on one example', () => {
  it('one gradient step on (w0 + w1 x − y)² is w ← w − η·2(w0 + w1 x − y)·(1, x)', () => {
    const model = compileNetwork(chain(['in', 'input', { shape: [1] }], ['h', 'dense', { units: 1 }]), { dtype: 'float64' });
    const [w0, w1, x, y, eta] = [0.5, 2, 3, 4, 0.01];
    model.setParams([[w1], [w0]]); // kernel (1, 1), bias (1)
    const loss = model.lossAndGradients(Float64Array.of(x), Float64Array.of(y), 1, 'mse');
    const r = w0 + w1 * x - y; // residual 2.5 by hand
    expect(loss).toBeCloseTo(r * r, 12);
    createOptimizer({ kind: 'sgd', learningRate: eta }, model.parameters()).step();
    const [kernel, bias] = model.getParams();
    expect(bias[0]).toBeCloseTo(w0 - eta * 2 * r, 7);
    expect(kernel[0]).toBeCloseTo(w1 - eta * 2 * r * x, 6);
  });
});

describe('§3 logistic regression likelihood', () => {
  const positives = [[1, 2], [2, 3]];
  const negatives = [[3, 1], [4, 2]];
  const x = Float64Array.from([...positives, ...negatives].flat());

  function likelihood(w0: number, w1: number, w2: number): { p: number[]; L: number } {
    const model = compileNetwork(chain(['in', 'input', { shape: [2] }], ['h', 'dense', { units: 1, activation: 'sigmoid' }]), { dtype: 'float64' });
    model.setParams([[w1, w2], [w0]]);
    const p = Array.from(model.predict(x, 4));
    return { p, L: p[0] * p[1] * (1 - p[2]) * (1 - p[3]) };
  }

  it('w = (0, −1, 1): p̂ = 0.7311, 0.7311, 0.1192, 0.1192 and likelihood 0.4146 (the course prints 0.421)', () => {
    const { p, L } = likelihood(0, -1, 1);
    [0.7311, 0.7311, 0.1192, 0.1192].forEach((v, i) => expect(p[i]).toBeCloseTo(v, 4));
    expect(L).toBeCloseTo(0.4146, 4);
  });

  it('w = (−3, −1, 3): p̂ = 0.8808, 0.9820, 0.0474, 0.2689 and likelihood 0.6023 (the course prints 0.856)', () => {
    const { p, L } = likelihood(-3, -1, 3);
    [0.8808, 0.982, 0.0474, 0.2689].forEach((v, i) => expect(p[i]).toBeCloseTo(v, 4));
    expect(L).toBeCloseTo(0.6023, 4);
    expect(L).toBeGreaterThan(likelihood(0, -1, 1).L);
  });
});

describe('§8 Affine and Softmax-with-loss backward', () => {
  it('Affine: dX = dY·Wᵀ, dW = Xᵀ·dY, db = Σ over the batch of dY = [12, 14, 16]', () => {
    const layer = buildLayer('dense', { units: 3, activation: 'linear' }, [2]);
    const [W, b] = layer.params;
    W.value.set([1, 2, 3, 4, 5, 6]); // (2, 3)
    b.value.set([0, 0, 0]);
    const X = Float64Array.of(1, 2, 3, 4); // (2 samples, 2 features)
    const dY = Float64Array.of(1, 2, 3, 11, 12, 13);
    layer.forward([X], 2, true);
    const dX = new Float64Array(4);
    for (const p of layer.params) p.grad.fill(0);
    layer.backward(dY, [dX], 2);
    expect(Array.from(b.grad)).toEqual([12, 14, 16]);
    // By hand: dX = dY·Wᵀ with Wᵀ = [[1,4],[2,5],[3,6]]; dW = Xᵀ·dY with Xᵀ = [[1,3],[2,4]].
    expect(Array.from(dX)).toEqual([1 + 4 + 9, 4 + 10 + 18, 11 + 24 + 39, 44 + 60 + 78]);
    expect(Array.from(W.grad)).toEqual([1 + 33, 2 + 36, 3 + 39, 2 + 44, 4 + 48, 6 + 52]);
  });

  it('Softmax with cross-entropy: dX = (y − t) / batch size', () => {
    const model = compileNetwork(chain(['in', 'input', { shape: [3] }], ['s', 'activation', { activation: 'softmax' }]), { dtype: 'float64' });
    const logits = Float64Array.of(0.3, 2.9, 4.0, 1, 1, 1);
    const t = Float64Array.of(0, 0, 1, 1, 0, 0);
    const y = model.predict(logits, 2);
    // The fused gradient with respect to the logits, through the numerical definition:
    const loss = (z: Float64Array) => model.evaluateLoss(z, t, 2, 'softmaxCrossEntropy');
    const h = 1e-6;
    for (let i = 0; i < 6; i++) {
      const up = Float64Array.from(logits); up[i] += h;
      const down = Float64Array.from(logits); down[i] -= h;
      expect((loss(up) - loss(down)) / (2 * h)).toBeCloseTo((y[i] - t[i]) / 2, 7);
    }
  });
});
