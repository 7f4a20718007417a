// Optimizer state save/restore: 3 steps, state() saved, a fresh model + optimizer restored from it,
// 3 more steps — bit for bit the same weights as 6 uninterrupted steps. And settable learning rates.

import { describe, expect, it } from 'vitest';
import { compileNetwork, createOptimizer, type OptimizerConfig, type TrainableModel } from '../../../src/core';
import { chain, testRandom } from './helpers';

const doc = chain(['in', 'input', { shape: [3] }], ['h', 'dense', { units: 5, activation: 'tanh' }], ['out', 'dense', { units: 2 }]);
const rand = testRandom(5);
const B = 8;
const x = Float32Array.from({ length: B * 3 }, () => rand() * 2 - 1);
const t = Float32Array.from({ length: B * 2 }, () => rand() * 2 - 1);

const configs: OptimizerConfig[] = [
  { kind: 'sgd', learningRate: 0.1, weightDecay: 0.01 },
  { kind: 'momentum', learningRate: 0.05, momentum: 0.9 },
  { kind: 'nesterov', learningRate: 0.05, momentum: 0.8 },
  { kind: 'adagrad', learningRate: 0.1 },
  { kind: 'rmsprop', learningRate: 0.01 },
  { kind: 'rmsprop', learningRate: 0.01, momentum: 0.5, centered: true, weightDecay: 0.1 },
  { kind: 'adam', learningRate: 0.01 },
  { kind: 'adamw', learningRate: 0.01, weightDecay: 0.1 },
];

function steps(model: TrainableModel, opt: { step(): void }, k: number) {
  for (let i = 0; i < k; i++) {
    model.lossAndGradients(x, t, B, 'mse');
    opt.step();
  }
}

/** Bit patterns, so -0 / NaN payloads would count too. */
const bits = (ps: Float32Array[]) => ps.map((p) => [...new Uint32Array(p.buffer, p.byteOffset, p.length)]);

describe('optimizer state save / restore', () => {
  for (const c of configs) {
    it(`${c.kind} ${JSON.stringify(c)}: 3 steps, save, restore into a fresh optimizer, 3 steps = 6 uninterrupted`, () => {
      const straight = compileNetwork(doc, { seed: 1 });
      steps(straight, createOptimizer(c, straight.parameters()), 6);

      const first = compileNetwork(doc, { seed: 1 });
      const opt1 = createOptimizer(c, first.parameters());
      steps(first, opt1, 3);
      const saved = opt1.state();
      const weights = first.getParams();
      steps(first, opt1, 2); // keep going: the saved state must be a copy

      const resumed = compileNetwork(doc, { seed: 99 });
      resumed.setParams(weights);
      const opt2 = createOptimizer({ ...c, learningRate: 123 }, resumed.parameters()); // lr comes from the state
      opt2.loadState(saved);
      expect(opt2.learningRate).toBe(c.learningRate);
      steps(resumed, opt2, 3);
      expect(bits(resumed.getParams())).toEqual(bits(straight.getParams()));
    });
  }

  it('names its buffers per parameter: adam has lr, t and <name>/m, <name>/v', () => {
    const model = compileNetwork(doc, { seed: 1 });
    const opt = createOptimizer({ kind: 'adam', learningRate: 0.01 }, model.parameters());
    steps(model, opt, 2);
    const s = opt.state();
    expect(Object.keys(s).sort()).toEqual(
      ['lr', 't', 'h.kernel/m', 'h.kernel/v', 'h.bias/m', 'h.bias/v', 'out.kernel/m', 'out.kernel/v', 'out.bias/m', 'out.bias/v'].sort(),
    );
    expect(s.t).toBe(2);
    expect((s['h.kernel/m'] as Float32Array).length).toBe(15);
  });

  it('loadState rejects state of another network and changes nothing then', () => {
    const model = compileNetwork(doc, { seed: 1 });
    const opt = createOptimizer({ kind: 'momentum', learningRate: 0.1 }, model.parameters());
    steps(model, opt, 1);
    const good = opt.state();
    const other = compileNetwork(chain(['in', 'input', { shape: [3] }], ['h', 'dense', { units: 4 }], ['out', 'dense', { units: 2 }]), { seed: 1 });
    const otherOpt = createOptimizer({ kind: 'momentum', learningRate: 0.1 }, other.parameters());
    expect(() => opt.loadState(otherOpt.state())).toThrow(/h\.kernel\/momentum/);
    expect(opt.state()).toEqual(good);
    expect(() => opt.loadState({})).toThrow(/lr/);
  });

  it('learningRate can be changed between steps (what schedules do): SGD uses the new rate', () => {
    const model = compileNetwork(doc, { seed: 1, dtype: 'float64' });
    const opt = createOptimizer({ kind: 'sgd', learningRate: 0.1 }, model.parameters());
    const before = Float64Array.from(model.parameters()[0].value);
    model.lossAndGradients(x, t, B, 'mse');
    const g = Float64Array.from(model.parameters()[0].grad);
    opt.learningRate = 0.025;
    opt.step();
    const after = model.parameters()[0].value;
    for (let i = 0; i < g.length; i++) expect(after[i]).toBeCloseTo(before[i] - 0.025 * g[i], 14);
  });
});
