// Each optimizer's first steps on the course's g(x, y) = x² + y² + xy − 4x − 5y + 11 from (4, 4),
// run through core's optimizers by runTrajectory, against the PyTorch update formulas written
// out here in plain numbers (and, for step 1, against values worked out by hand).
import { describe, expect, it } from 'vitest';
import type { OptimizerConfig } from '../../../src/core';
import { getBuiltinSurface, runTrajectory } from '../../../src/core/landscape';

const g = getBuiltinSurface('course')!;
const grad = ([x, y]: number[]) => [2 * x + y - 4, 2 * y + x - 5];
const start = [4, 4];

function engine(config: OptimizerConfig, steps: number): number[][] {
  const t = runTrajectory(g, config, { start: { x: 4, y: 4 }, steps, tolerance: 0 });
  return Array.from({ length: t.length }, (_, k) => [t.x[k], t.y[k]]);
}

/** Reference: `update(p, g, t)` returns the new point given the state it closes over. */
function reference(steps: number, update: (p: number[], gr: number[], t: number) => number[]): number[][] {
  const path = [start];
  let p = start;
  for (let t = 1; t <= steps; t++) {
    p = update(p, grad(p), t);
    path.push(p);
  }
  return path;
}

function expectPath(actual: number[][], expected: number[][]) {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((p, k) => {
    expect(p[0], `x at step ${k}`).toBeCloseTo(expected[k][0], 12);
    expect(p[1], `y at step ${k}`).toBeCloseTo(expected[k][1], 12);
  });
}

describe('first steps on g(x, y) from (4, 4), gradient (8, 7)', () => {
  it('SGD: p ← p − lr·g; step 1 = (3.2, 3.3)', () => {
    const lr = 0.1;
    const path = engine({ kind: 'sgd', learningRate: lr }, 3);
    expect(path[1][0]).toBeCloseTo(3.2, 14);
    expect(path[1][1]).toBeCloseTo(3.3, 14);
    expectPath(path, reference(3, (p, gr) => p.map((v, i) => v - lr * gr[i])));
  });

  it('Momentum: buf ← μ·buf + g, p ← p − lr·buf; step 2 = step 1 − lr·(μ·(8, 7) + g₁)', () => {
    const [lr, mu] = [0.05, 0.9];
    let buf = [0, 0];
    const path = engine({ kind: 'momentum', learningRate: lr, momentum: mu }, 3);
    expect(path[1]).toEqual([4 - 0.4, 4 - 0.35].map((v) => expect.closeTo(v, 14)));
    // step 2 by hand: p1 = (3.6, 3.65), g1 = (2·3.6 + 3.65 − 4, 2·3.65 + 3.6 − 5) = (6.85, 5.9), buf = (0.9·8 + 6.85, 0.9·7 + 5.9) = (14.05, 12.2)
    expect(path[2][0]).toBeCloseTo(3.6 - 0.05 * 14.05, 12);
    expect(path[2][1]).toBeCloseTo(3.65 - 0.05 * 12.2, 12);
    expectPath(path, reference(3, (p, gr) => {
      buf = buf.map((b, i) => mu * b + gr[i]);
      return p.map((v, i) => v - lr * buf[i]);
    }));
  });

  it('Nesterov (PyTorch): buf ← μ·buf + g, p ← p − lr·(g + μ·buf); step 1 = (4, 4) − lr·1.9·(8, 7)', () => {
    const [lr, mu] = [0.05, 0.9];
    let buf = [0, 0];
    const path = engine({ kind: 'nesterov', learningRate: lr, momentum: mu }, 3);
    expect(path[1][0]).toBeCloseTo(4 - 0.05 * 1.9 * 8, 14);
    expect(path[1][1]).toBeCloseTo(4 - 0.05 * 1.9 * 7, 14);
    expectPath(path, reference(3, (p, gr) => {
      buf = buf.map((b, i) => mu * b + gr[i]);
      return p.map((v, i) => v - lr * (gr[i] + mu * buf[i]));
    }));
  });

  it('AdaGrad: s ← s + g², p ← p − lr·g/(√s + ε); step 1 moves each coordinate by lr', () => {
    const [lr, eps] = [0.5, 1e-10];
    let s = [0, 0];
    const path = engine({ kind: 'adagrad', learningRate: lr, epsilon: eps }, 3);
    expect(path[1][0]).toBeCloseTo(3.5, 9);
    expect(path[1][1]).toBeCloseTo(3.5, 9);
    expectPath(path, reference(3, (p, gr) => {
      s = s.map((v, i) => v + gr[i] ** 2);
      return p.map((v, i) => v - (lr * gr[i]) / (Math.sqrt(s[i]) + eps));
    }));
  });

  it('RMSProp: v ← αv + (1 − α)g², p ← p − lr·g/(√v + ε); step 1 moves each coordinate by lr/√(1 − α)', () => {
    const [lr, alpha, eps] = [0.01, 0.99, 1e-8];
    let v = [0, 0];
    const path = engine({ kind: 'rmsprop', learningRate: lr, alpha, epsilon: eps }, 3);
    expect(path[1][0]).toBeCloseTo(3.9, 7);
    expect(path[1][1]).toBeCloseTo(3.9, 7);
    expectPath(path, reference(3, (p, gr) => {
      v = v.map((vi, i) => alpha * vi + (1 - alpha) * gr[i] ** 2);
      return p.map((pi, i) => pi - (lr * gr[i]) / (Math.sqrt(v[i]) + eps));
    }));
  });

  it('RMSProp with momentum: buf ← μ·buf + g/(√v + ε), p ← p − lr·buf', () => {
    const [lr, alpha, eps, mu] = [0.01, 0.9, 1e-8, 0.5];
    let v = [0, 0];
    let buf = [0, 0];
    expectPath(engine({ kind: 'rmsprop', learningRate: lr, alpha, epsilon: eps, momentum: mu }, 3), reference(3, (p, gr) => {
      v = v.map((vi, i) => alpha * vi + (1 - alpha) * gr[i] ** 2);
      buf = buf.map((b, i) => mu * b + gr[i] / (Math.sqrt(v[i]) + eps));
      return p.map((pi, i) => pi - lr * buf[i]);
    }));
  });

  const adamRef = (lr: number, b1: number, b2: number, eps: number, wd: number) => {
    let m = [0, 0];
    let v = [0, 0];
    return (p: number[], gr: number[], t: number) => {
      const shrunk = p.map((pi) => pi * (1 - lr * wd)); // AdamW: decoupled decay first
      m = m.map((mi, i) => b1 * mi + (1 - b1) * gr[i]);
      v = v.map((vi, i) => b2 * vi + (1 - b2) * gr[i] ** 2);
      return shrunk.map((pi, i) => pi - (lr * (m[i] / (1 - b1 ** t))) / (Math.sqrt(v[i] / (1 - b2 ** t)) + eps));
    };
  };

  it('Adam: bias-corrected moments; step 1 moves each coordinate by lr (m̂ = g, v̂ = g²)', () => {
    const path = engine({ kind: 'adam', learningRate: 0.1 }, 3);
    expect(path[1][0]).toBeCloseTo(3.9, 8);
    expect(path[1][1]).toBeCloseTo(3.9, 8);
    expectPath(path, reference(3, adamRef(0.1, 0.9, 0.999, 1e-8, 0)));
  });

  it('AdamW: p ← p(1 − lr·λ) then the Adam step; step 1 = 4·(1 − 0.1·0.01) − 0.1', () => {
    const path = engine({ kind: 'adamw', learningRate: 0.1, weightDecay: 0.01 }, 3);
    expect(path[1][0]).toBeCloseTo(4 * 0.999 - 0.1, 8);
    expectPath(path, reference(3, adamRef(0.1, 0.9, 0.999, 1e-8, 0.01)));
  });
});
