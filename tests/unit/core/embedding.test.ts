// Embedding: lookup by hand, shapes and parameter count, scatter-add gradient (by hand and by central
// differences, float64), clear errors for bad indices, and an Embedding → LSTM → Dense network end to end.

import { describe, expect, it } from 'vitest';
import { analyzeGraph, compileNetwork } from '../../../src/core';
import { buildLayer, chain, maxRelativeError, numericalGradient, testRandom } from './helpers';

const tokens = (T: number): [string, string, Record<string, unknown>] => ['in', 'input', { shape: [T] }];

describe('Embedding', () => {
  it('(T) -> (T, outputDim); inputDim·outputDim parameters', () => {
    const a = analyzeGraph(chain(tokens(6), ['e', 'embedding', { inputDim: 20, outputDim: 4 }]));
    expect(a.ok).toBe(true);
    expect(a.shapes.e).toEqual([6, 4]);
    expect(a.paramCounts.e).toBe(80);
    expect(analyzeGraph(chain(['in', 'input', { shape: [3, 2] }], ['e', 'embedding', { outputDim: 5 }])).shapes.e).toEqual([3, 2, 5]);
    expect(analyzeGraph(chain(tokens(6), ['e', 'embedding', { inputDim: 0 }])).issues[0]).toMatchObject({ code: 'invalidSetting', params: { setting: 'inputDim' } });
  });

  it('looks rows up: y[b, t] = E[x[b, t]]', () => {
    const model = compileNetwork(chain(tokens(3), ['e', 'embedding', { inputDim: 4, outputDim: 2 }]), { dtype: 'float64' });
    model.setParams([[0, 1, 10, 11, 20, 21, 30, 31]]); // row k = [10k, 10k + 1]
    expect([...model.predict(Float64Array.from([2, 0, 2, 3, 1, 1]), 2)]).toEqual([20, 21, 0, 1, 20, 21, 30, 31, 10, 11, 10, 11]);
  });

  it('gradient: a scatter-add into the rows used (a row used twice gets both), nothing to the indices', () => {
    const layer = buildLayer('embedding', { inputDim: 4, outputDim: 2 }, [3]);
    const x = Float64Array.from([1, 3, 1]);
    layer.forward([x], 1, true);
    const dx = new Float64Array(3);
    layer.backward(Float64Array.from([1, 2, 3, 4, 5, 6]), [dx], 1);
    expect([...layer.params[0].grad]).toEqual([0, 0, 1 + 5, 2 + 6, 0, 0, 3, 4]);
    expect([...dx]).toEqual([0, 0, 0]);
  });

  it('table gradient matches central differences (float64)', () => {
    const rand = testRandom(4);
    const [V, D, T, B] = [6, 3, 5, 2];
    const layer = buildLayer('embedding', { inputDim: V, outputDim: D }, [T]);
    const x = Float64Array.from({ length: B * T }, () => Math.floor(rand() * V));
    const dy = Float64Array.from({ length: B * T * D }, () => rand() * 2 - 1);
    const L = () => {
      const y = layer.forward([x], B, false);
      let s = 0;
      for (let i = 0; i < B * T * D; i++) s += y[i] * dy[i];
      return s;
    };
    layer.forward([x], B, true);
    layer.params[0].grad.fill(0);
    layer.backward(dy, [null], B);
    expect(maxRelativeError(Float64Array.from(layer.params[0].grad), numericalGradient(L, layer.params[0].value))).toBeLessThan(1e-6);
  });

  it('an index outside 0 … inputDim − 1, negative or fractional is a clear error naming the layer', () => {
    const model = compileNetwork(chain(tokens(3), ['words', 'embedding', { inputDim: 10 }]), { dtype: 'float64' });
    expect(() => model.predict(Float64Array.from([1, 2, 3, 4, 10, 0]), 2)).toThrow(
      "Embedding 'words': input 10 (sample 1, position 1) is not a token index; expected a whole number from 0 to 9 (inputDim 10, input (batch, 3))",
    );
    expect(() => model.predict(Float64Array.from([-1, 2, 3]), 1)).toThrow(/input -1 \(sample 0, position 0\)/);
    expect(() => model.predict(Float64Array.from([1, 2.5, 3]), 1)).toThrow(/input 2.5 \(sample 0, position 1\)/);
    expect(() => model.predict(Float64Array.from([0, 9, 3]), 1)).not.toThrow();
  });

  it('Embedding → LSTM → Dense: every parameter gradient of the whole network (float64)', () => {
    const doc = chain(tokens(4), ['e', 'embedding', { inputDim: 5, outputDim: 3 }], ['r', 'lstm', { units: 3 }], ['out', 'dense', { units: 2 }]);
    expect(analyzeGraph(doc).shapes).toMatchObject({ e: [4, 3], r: [3], out: [2] });
    const model = compileNetwork(doc, { seed: 3, dtype: 'float64' });
    const rand = testRandom(9);
    // Table values of order 1 (the 0.05 init would leave the LSTM's gradients tiny).
    for (const p of model.parameters()) p.value.forEach((v, i, a) => (a[i] = p.name === 'e.embeddings' ? rand() * 2 - 1 : p.name.endsWith('.bias') ? rand() - 0.5 : v));
    const n = 3;
    const x = Float64Array.from([0, 1, 2, 3, 4, 4, 3, 2, 1, 1, 0, 2]);
    const t = Float64Array.from({ length: n * 2 }, () => rand() * 2 - 1);
    model.lossAndGradients(x, t, n, 'mse');
    for (const p of model.parameters()) {
      const numeric = numericalGradient(() => model.evaluateLoss(x, t, n, 'mse'), p.value);
      expect(maxRelativeError(Float64Array.from(p.grad), numeric), p.name).toBeLessThan(1e-6);
    }
  });
});
