// Activation as its own layer: y = f(x), same shape. No parameters.

import { ACTIVATIONS, getActivation } from '../activations';
import { ensureCapacity, shapeSize, type FloatArray } from '../tensor/tensor';
import type { LayerDefinition } from './types';

export const activationLayer: LayerDefinition = {
  type: 'activation',
  label: 'Activation',
  category: 'core',
  settings: [{ key: 'activation', kind: 'enum', default: 'relu', options: ACTIVATIONS }],
  minInputs: 1,
  maxInputs: 1,

  outputShape(s, inputs) {
    // softmax normalizes over the last axis; every other activation is elementwise.
    void s;
    return { ok: true, shape: [...inputs[0]] };
  },
  paramCount: () => 0,

  create(s, inputs, ctx) {
    const act = getActivation(s.activation as string)!;
    const shape = inputs[0];
    const cols = shape[shape.length - 1];
    const perSample = shapeSize(shape);
    let x: FloatArray | null = null;
    let y: FloatArray | null = null;
    return {
      params: [],
      activation: act.name,
      forward(xs, B) {
        x = xs[0];
        y = ensureCapacity(y, ctx.dtype, B * perSample);
        act.forward(x, y, (B * perSample) / cols, cols);
        return y;
      },
      backward(dy, dxs, B) {
        if (dxs[0]) act.backward(x!, y!, dy, dxs[0], (B * perSample) / cols, cols);
      },
      preActivation: () => x!,
      backwardFromPreActivation(dz, dxs, B) {
        const dx = dxs[0];
        if (dx) for (let i = 0, n = B * perSample; i < n; i++) dx[i] += dz[i];
      },
    };
  },
};
