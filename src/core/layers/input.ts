// Input: where samples enter. No computation; its output is the batch itself.

import type { LayerDefinition } from './types';

export const inputLayer: LayerDefinition = {
  type: 'input',
  label: 'Input',
  category: 'io',
  settings: [{ key: 'shape', kind: 'shape', default: [2] }],
  minInputs: 0,
  maxInputs: 0,
  outputShape: (s) => ({ ok: true, shape: [...(s.shape as number[])] }),
  paramCount: () => 0,
  macs: () => 0,
  create: () => ({
    params: [],
    // The executor feeds the input node directly; a lone Input layer just passes data through.
    forward: (xs) => xs[0],
    backward: () => {},
  }),
};
