// Three steps of each optimizer on f(p) = ½ Σ a_i p_i² − b·p (gradient a⊙p − b), checked against
// the PyTorch update rules written out here independently, in plain numbers.

import { describe, expect, it } from 'vitest';
import { createOptimizer, type OptimizerConfig, type Param } from '../../../src/core';

const a = [1, 3, 0.5];
const b = [0.2, -1, 0.7];
const start = [1, -2, 0.5];
const grad = (p: number[]) => p.map((v, i) => a[i] * v - b[i]);

function runEngine(config: OptimizerConfig, steps: number): number[] {
  const param: Param = { name: 'p', shape: [3], value: Float64Array.from(start), grad: new Float64Array(3) };
  const opt = createOptimizer(config, [param]);
  for (let s = 0; s < steps; s++) {
    param.grad.set(grad([...param.value]));
    opt.step();
  }
  return [...param.value];
}

describe('optimizers (PyTorch semantics)', () => {
  it('sgd: p ← p − lr·g', () => {
    const lr = 0.1;
    let p = [...start];
    for (let s = 0; s < 3; s++) {
      const g = grad(p);
      p = p.map((v, i) => v - lr * g[i]);
    }
    runEngine({ kind: 'sgd', learningRate: lr }, 3).forEach((v, i) => expect(v).toBeCloseTo(p[i], 12));
  });

  it('momentum: buf ← μ·buf + g (buf₁ = g), p ← p − lr·buf', () => {
    const lr = 0.1;
    const mu = 0.8;
    let p = [...start];
    let buf: number[] | null = null;
    for (let s = 0; s < 3; s++) {
      const g = grad(p);
      buf = buf === null ? g : buf.map((v, i) => mu * v + g[i]);
      p = p.map((v, i) => v - lr * buf![i]);
    }
    runEngine({ kind: 'momentum', learningRate: lr, momentum: mu }, 3).forEach((v, i) => expect(v).toBeCloseTo(p[i], 12));
    // and it differs from plain SGD after the first step
    expect(runEngine({ kind: 'momentum', learningRate: lr, momentum: mu }, 3)[1]).not.toBeCloseTo(runEngine({ kind: 'sgd', learningRate: lr }, 3)[1], 6);
  });

  it('adam: bias-corrected moments, ε outside the sqrt', () => {
    const lr = 0.05;
    const [b1, b2, eps] = [0.9, 0.999, 1e-8];
    let p = [...start];
    let m = [0, 0, 0];
    let v = [0, 0, 0];
    for (let t = 1; t <= 3; t++) {
      const g = grad(p);
      m = m.map((mi, i) => b1 * mi + (1 - b1) * g[i]);
      v = v.map((vi, i) => b2 * vi + (1 - b2) * g[i] * g[i]);
      const mHat = m.map((x) => x / (1 - b1 ** t));
      const vHat = v.map((x) => x / (1 - b2 ** t));
      p = p.map((pi, i) => pi - (lr * mHat[i]) / (Math.sqrt(vHat[i]) + eps));
    }
    runEngine({ kind: 'adam', learningRate: lr }, 3).forEach((x, i) => expect(x).toBeCloseTo(p[i], 12));
    // First Adam step moves each coordinate by ≈ lr·sign(g) (the bias correction at work).
    const one = runEngine({ kind: 'adam', learningRate: lr }, 1);
    const g0 = grad(start);
    one.forEach((x, i) => expect(x).toBeCloseTo(start[i] - lr * Math.sign(g0[i]), 6));
  });

  it('adam honours beta1, beta2 and epsilon from the config', () => {
    const def = runEngine({ kind: 'adam', learningRate: 0.05 }, 3);
    const custom = runEngine({ kind: 'adam', learningRate: 0.05, beta1: 0.5, beta2: 0.9, epsilon: 1e-3 }, 3);
    expect(custom[0]).not.toBeCloseTo(def[0], 6);
  });
});
