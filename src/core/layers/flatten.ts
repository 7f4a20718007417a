// Flatten: one sample's values as a vector, in row-major (NHWC) order; the data does not move.
// x: (B, d1, …, dk) -> y: (B, d1·…·dk);  dx += dy. No parameters.

import { shapeSize } from '../tensor/tensor';
import type { Layer, LayerDefinition } from './types';

export const flattenLayer: LayerDefinition = {
  type: 'flatten',
  label: 'Flatten',
  category: 'reshape',
  settings: [],
  minInputs: 1,
  maxInputs: 1,
  outputShape: (_s, inputs) => ({ ok: true, shape: [shapeSize(inputs[0])] }),
  paramCount: () => 0,

  create: (_s, inputs) => viewRuntime(inputs[0]),
};

/** The runtime of a layer that only reads its input as another shape (Flatten, Reshape): y is x, dx += dy. */
export function viewRuntime(inShape: readonly number[]): Layer {
  const perSample = shapeSize(inShape);
  return {
    params: [],
    forward: (xs) => xs[0],
    backward(dy, dxs, B) {
      const dx = dxs[0];
      if (dx) for (let i = 0, n = B * perSample; i < n; i++) dx[i] += dy[i];
    },
  };
}
