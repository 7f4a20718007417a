// Reshape: the same values, row-major, read as `targetShape` (batch left out, as in Keras).
// x: (B, d1, …, dk) -> y: (B, t1, …, tm) with Π d = Π t;  dx += dy. No parameters.

import { formatShape } from '../graph/analysis';
import { shapeSize } from '../tensor/tensor';
import type { LayerDefinition } from './types';

export const reshapeLayer: LayerDefinition = {
  type: 'reshape',
  label: 'Reshape',
  category: 'reshape',
  settings: [{ key: 'targetShape', kind: 'shape', default: [2, 1] }],
  minInputs: 1,
  maxInputs: 1,

  outputShape(s, inputs) {
    const target = s.targetShape as number[];
    const have = shapeSize(inputs[0]);
    if (shapeSize(target) === have) return { ok: true, shape: [...target] };
    return {
      ok: false, setting: 'targetShape', expected: `${shapeSize(target)} values per sample`,
      message: `${formatShape(target)} holds ${shapeSize(target)} values per sample but the input ${formatShape(inputs[0])} has ${have}`,
    };
  },
  paramCount: () => 0,

  create(_s, inputs) {
    const perSample = shapeSize(inputs[0]);
    return {
      params: [],
      forward: (xs) => xs[0],
      backward(dy, dxs, B) {
        const dx = dxs[0];
        if (dx) for (let i = 0, n = B * perSample; i < n; i++) dx[i] += dy[i];
      },
    };
  },
};
