// Embedding: a learned lookup table. Each input value is a token index k ∈ {0, …, inputDim − 1}
// (stored as a float, like every engine tensor) and becomes row k of the table E:
//   y[b, t, :] = E[x[b, t], :]
// x: (B, T) -> y: (B, T, D).  E: (inputDim, D), D = outputDim. Any per-sample shape works: (B, …) -> (B, …, D).
// It equals one-hot(x)·E (a Dense layer without bias on one-hot inputs), computed without the one-hots.
// Backward: dE[x[b, t], :] += dy[b, t, :] (a scatter-add: a row used twice gets both gradients). The
// indices get no gradient (the output is piecewise constant in them), so dx is left untouched.
// An index that is not a whole number in 0 … inputDim − 1 throws an Error naming the layer and value.
// Init: U(−0.05, 0.05) (Keras' 'uniform' embeddings initializer), settable as kernelInitializer.

import { formatShape } from '../graph/analysis';
import { initializeFromSettings, initializerSettings } from '../init/settings';
import { allocate, ensureCapacity, shapeSize, type FloatArray, type Param } from '../tensor/tensor';
import type { LayerDefinition } from './types';

export const embeddingLayer: LayerDefinition = {
  type: 'embedding',
  label: 'Embedding',
  category: 'recurrent',
  settings: [
    { key: 'inputDim', kind: 'int', default: 10, min: 1, step: 1 },
    { key: 'outputDim', kind: 'int', default: 8, min: 1, step: 1 },
    ...initializerSettings('kernel', 'uniform'),
  ],
  minInputs: 1,
  maxInputs: 1,

  outputShape: (s, inputs) => ({ ok: true, shape: [...inputs[0], s.outputDim as number] }),
  paramCount: (s) => (s.inputDim as number) * (s.outputDim as number),
  macs: () => 0, // a lookup: no multiplications

  create(s, inputs, ctx) {
    const V = s.inputDim as number;
    const D = s.outputDim as number;
    const L = shapeSize(inputs[0]); // indices per sample
    const E: Param = { name: `${ctx.name}.embeddings`, shape: [V, D], value: allocate(ctx.dtype, V * D), grad: allocate(ctx.dtype, V * D) };
    initializeFromSettings(s, 'kernel', 'uniform', E.value, V, D, ctx.initRng);
    let idx = new Int32Array(0); // the last forward's indices
    let y: FloatArray | null = null;

    return {
      params: [E],
      // x: (B, L) indices -> y: (B, L, D)
      forward(xs, B) {
        const x = xs[0];
        const n = B * L;
        if (idx.length < n) idx = new Int32Array(n);
        const out = (y = ensureCapacity(y, ctx.dtype, n * D));
        for (let p = 0; p < n; p++) {
          const v = x[p];
          if (!(Number.isInteger(v) && v >= 0 && v < V)) {
            throw new Error(
              `Embedding '${ctx.name}': input ${v} (sample ${Math.floor(p / L)}, position ${p % L}) is not a token index; ` +
                `expected a whole number from 0 to ${V - 1} (inputDim ${V}, input ${formatShape(inputs[0])})`,
            );
          }
          idx[p] = v;
          out.set(E.value.subarray(v * D, (v + 1) * D), p * D);
        }
        return out;
      },
      // dy: (B, L, D) -> dE[idx] += dy rows
      backward(dy, _dxs, B) {
        const dE = E.grad;
        for (let p = 0, n = B * L; p < n; p++) {
          const row = idx[p] * D;
          for (let d = 0; d < D; d++) dE[row + d] += dy[p * D + d];
        }
      },
    };
  },
};
