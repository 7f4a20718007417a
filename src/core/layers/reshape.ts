// Reshape: the same values, row-major, read as `targetShape` (batch left out, as in Keras).
// x: (B, d1, …, dk) -> y: (B, t1, …, tm) with Π d = Π t;  dx += dy. No parameters.
// One entry of targetShape may be −1: it becomes Π d / Π (the other t), which must be a whole number
// (Keras / NumPy: (28, 28, 1) with [−1] -> (784)).

import { formatShape } from '../graph/analysis';
import { shapeSize } from '../tensor/tensor';
import { viewRuntime } from './flatten';
import type { LayerDefinition } from './types';

export const reshapeLayer: LayerDefinition = {
  type: 'reshape',
  label: 'Reshape',
  category: 'reshape',
  settings: [{ key: 'targetShape', kind: 'shape', default: [2, 1], allowInferred: true }],
  minInputs: 1,
  maxInputs: 1,

  outputShape(s, inputs) {
    const target = s.targetShape as number[];
    const have = shapeSize(inputs[0]);
    const inferAt = target.indexOf(-1);
    if (inferAt >= 0) {
      const known = shapeSize(target.filter((_, i) => i !== inferAt));
      if (have % known === 0 && have >= known) {
        const shape = [...target];
        shape[inferAt] = have / known;
        return { ok: true, shape };
      }
      return {
        ok: false, setting: 'targetShape', expected: `a multiple of ${known} values per sample`,
        message: `${formatShape(target)} needs a multiple of ${known} values per sample to fill in -1 but the input ${formatShape(inputs[0])} has ${have}`,
      };
    }
    if (shapeSize(target) === have) return { ok: true, shape: [...target] };
    return {
      ok: false, setting: 'targetShape', expected: `${shapeSize(target)} values per sample`,
      message: `${formatShape(target)} holds ${shapeSize(target)} values per sample but the input ${formatShape(inputs[0])} has ${have}`,
    };
  },
  paramCount: () => 0,

  create: (_s, inputs) => viewRuntime(inputs[0]),
};
