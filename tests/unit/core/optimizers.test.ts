// Three steps of each optimizer on f(p) = ½ Σ a_i p_i² − b·p (gradient a⊙p − b), checked against
// the PyTorch update rules written out here independently, in plain numbers.

import { describe, expect, it } from 'vitest';
import { OPTIMIZERS, createOptimizer, starterDocument, validateTrainConfig, type OptimizerConfig, type Param } from '../../../src/core';

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

describe('more optimizers (PyTorch semantics), three steps against the update rules written out here', () => {
  const run3 = (update: (p: number[], g: number[], t: number) => number[]) => {
    let p = [...start];
    for (let t = 1; t <= 3; t++) p = update(p, grad(p), t);
    return p;
  };
  const expectClose = (got: number[], want: number[]) => got.forEach((v, i) => expect(v, `p[${i}]`).toBeCloseTo(want[i], 12));

  it('nesterov: buf ← μ·buf + g, p ← p − lr·(g + μ·buf)', () => {
    const [lr, mu] = [0.1, 0.8];
    let buf = [0, 0, 0];
    const want = run3((p, g) => {
      buf = buf.map((v, i) => mu * v + g[i]);
      return p.map((v, i) => v - lr * (g[i] + mu * buf[i]));
    });
    expectClose(runEngine({ kind: 'nesterov', learningRate: lr, momentum: mu }, 3), want);
    expect(runEngine({ kind: 'nesterov', learningRate: lr, momentum: mu }, 3)[0]).not.toBeCloseTo(runEngine({ kind: 'momentum', learningRate: lr, momentum: mu }, 3)[0], 6);
  });

  it('adagrad: s ← s + g², p ← p − lr·g/(√s + 1e-10)', () => {
    const lr = 0.3;
    let s = [0, 0, 0];
    const want = run3((p, g) => {
      s = s.map((v, i) => v + g[i] ** 2);
      return p.map((v, i) => v - (lr * g[i]) / (Math.sqrt(s[i]) + 1e-10));
    });
    expectClose(runEngine({ kind: 'adagrad', learningRate: lr }, 3), want);
  });

  const rmsCases: [string, { momentum?: number; centered?: boolean; alpha?: number; weightDecay?: number }][] = [
    ['plain', {}],
    ['momentum 0.5', { momentum: 0.5 }],
    ['centered', { centered: true }],
    ['centered + momentum, α 0.9, weight decay 0.1', { centered: true, momentum: 0.5, alpha: 0.9, weightDecay: 0.1 }],
  ];
  for (const [label, o] of rmsCases) {
    it(`rmsprop ${label}: v ← αv + (1 − α)g², divide by √v (or √(v − ḡ²)) + ε`, () => {
      const lr = 0.01;
      const alpha = o.alpha ?? 0.99;
      const mu = o.momentum ?? 0;
      const wd = o.weightDecay ?? 0;
      let v = [0, 0, 0];
      let gAvg = [0, 0, 0];
      let buf = [0, 0, 0];
      const want = run3((p, g0) => {
        const g = g0.map((gi, i) => gi + wd * p[i]);
        v = v.map((vi, i) => alpha * vi + (1 - alpha) * g[i] ** 2);
        gAvg = gAvg.map((a, i) => alpha * a + (1 - alpha) * g[i]);
        const d = v.map((vi, i) => Math.sqrt(o.centered ? vi - gAvg[i] ** 2 : vi) + 1e-8);
        if (mu > 0) {
          buf = buf.map((b, i) => mu * b + g[i] / d[i]);
          return p.map((pi, i) => pi - lr * buf[i]);
        }
        return p.map((pi, i) => pi - (lr * g[i]) / d[i]);
      });
      expectClose(runEngine({ kind: 'rmsprop', learningRate: lr, ...o }, 3), want);
    });
  }

  it('adamw: p ← p(1 − lr·λ) then the Adam step on the raw gradient (λ default 0.01)', () => {
    for (const wd of [undefined, 0.2]) {
      const lr = 0.05;
      const lambda = wd ?? 0.01;
      let m = [0, 0, 0];
      let v = [0, 0, 0];
      const want = run3((p, g, t) => {
        m = m.map((mi, i) => 0.9 * mi + 0.1 * g[i]);
        v = v.map((vi, i) => 0.999 * vi + 0.001 * g[i] ** 2);
        return p.map((pi, i) => pi * (1 - lr * lambda) - (lr * (m[i] / (1 - 0.9 ** t))) / (Math.sqrt(v[i] / (1 - 0.999 ** t)) + 1e-8));
      });
      expectClose(runEngine({ kind: 'adamw', learningRate: lr, weightDecay: wd }, 3), want);
    }
  });

  it('weightDecay (L2) adds λ·p to the gradient of sgd, momentum, nesterov, adagrad and adam', () => {
    const lambda = 0.3;
    // Decay λ on f equals no decay on f + ½λ|p|²: same gradient a⊙p − b + λp, so compare against a shifted a.
    const withDecay = (kind: OptimizerConfig['kind']) => runEngine({ kind, learningRate: 0.05, weightDecay: lambda }, 3);
    const shifted = (kind: OptimizerConfig['kind']) => {
      const param: Param = { name: 'p', shape: [3], value: Float64Array.from(start), grad: new Float64Array(3) };
      const opt = createOptimizer({ kind, learningRate: 0.05 }, [param]);
      for (let s = 0; s < 3; s++) {
        param.grad.set([...param.value].map((v, i) => (a[i] + lambda) * v - b[i]));
        opt.step();
      }
      return [...param.value];
    };
    for (const kind of ['sgd', 'momentum', 'nesterov', 'adagrad', 'adam'] as const) {
      expectClose(withDecay(kind), shifted(kind));
      expect(withDecay(kind)[0], kind).not.toBeCloseTo(runEngine({ kind, learningRate: 0.05 }, 3)[0], 6);
    }
  });
});

describe('optimizer settings validation', () => {
  const cfg = (optimizer: OptimizerConfig) => ({
    document: starterDocument(), dataset: { kind: 'xor' as const, samples: 100, noise: 0, seed: 1 }, loss: 'bce' as const, optimizer,
    batchSize: 10, epochs: 1, validationSplit: 0.2, seed: 1,
  });
  it('accepts every kind with its options', () => {
    for (const kind of OPTIMIZERS) expect(validateTrainConfig(cfg({ kind, learningRate: 0.01, weightDecay: 0.1 })), kind).toEqual([]);
    expect(validateTrainConfig(cfg({ kind: 'rmsprop', learningRate: 0.01, alpha: 0.9, momentum: 0.5, centered: true }))).toEqual([]);
  });
  const bad: [string, OptimizerConfig][] = [
    ['weightDecay', { kind: 'sgd', learningRate: 0.1, weightDecay: -0.1 }],
    ['alpha', { kind: 'rmsprop', learningRate: 0.1, alpha: 1 }],
    ['centered', { kind: 'rmsprop', learningRate: 0.1, centered: 'yes' as unknown as boolean }],
    ['optimizer', { kind: 'lion' as OptimizerConfig['kind'], learningRate: 0.1 }],
  ];
  for (const [name, optimizer] of bad) {
    it(`badHyperparameter ${name}`, () => {
      expect(validateTrainConfig(cfg(optimizer)).map((i) => [i.code, i.params.name])).toEqual([['badHyperparameter', name]]);
    });
  }
});
