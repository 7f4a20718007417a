// Add (merge node, the residual connection's "+"): y = x₁ + x₂ + … + x_k, element by element.
// xs: k × (B, …) all of the same shape -> y: (B, …).  dx_k += dy for every input. No parameters.
// Inputs are taken in edge order (the order the connections were made, i.e. their order in the document).

import { formatShape } from '../graph/analysis';
import { ensureCapacity, shapeSize, type FloatArray } from '../tensor/tensor';
import type { LayerDefinition } from './types';

export const addLayer: LayerDefinition = {
  type: 'add',
  label: 'Add',
  category: 'merge',
  settings: [],
  minInputs: 2,
  maxInputs: Infinity,

  outputShape(_s, inputs) {
    const first = inputs[0];
    for (const other of inputs.slice(1)) {
      if (other.length !== first.length || other.some((d, i) => d !== first[i])) {
        return {
          ok: false, expected: `inputs of one shape ${formatShape(first)}`,
          message: `Add needs inputs of the same shape but receives ${formatShape(first)} and ${formatShape(other)}`,
        };
      }
    }
    return { ok: true, shape: [...first] };
  },
  paramCount: () => 0,

  create(_s, inputs, ctx) {
    const perSample = shapeSize(inputs[0]);
    let y: FloatArray | null = null;
    return {
      params: [],
      forward(xs, B) {
        const n = B * perSample;
        y = ensureCapacity(y, ctx.dtype, n);
        const x0 = xs[0];
        for (let i = 0; i < n; i++) y[i] = x0[i];
        for (let k = 1; k < xs.length; k++) {
          const xk = xs[k];
          for (let i = 0; i < n; i++) y[i] += xk[i];
        }
        return y;
      },
      backward(dy, dxs, B) {
        const n = B * perSample;
        for (const dx of dxs) if (dx) for (let i = 0; i < n; i++) dx[i] += dy[i];
      },
    };
  },
};
