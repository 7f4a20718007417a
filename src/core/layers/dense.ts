// Dense (fully connected): y = f(x·W + b).
// x: (B, I) -> z = x·W + b: (B, O) -> y = f(z): (B, O).  W: (I, O) (Keras layout), b: (O).
// Init (settings kernelInitializer / biasInitializer): W glorotUniform (Keras default), b zeros.

import { getActivation } from '../activations';
import { initializeFromSettings } from '../init/settings';
import { formatShape } from '../graph/analysis';
import { allocate, type FloatArray } from '../tensor/tensor';
import { kernels } from '../tensor/kernels';
import { activationStage, AFFINE_SETTINGS, biasParam, newParam } from './affine';
import type { LayerDefinition } from './types';

export const denseLayer: LayerDefinition = {
  type: 'dense',
  label: 'Dense',
  category: 'core',
  settings: [
    { key: 'units', kind: 'int', default: 8, min: 1, step: 1 },
    ...AFFINE_SETTINGS,
  ],
  minInputs: 1,
  maxInputs: 1,

  outputShape(s, inputs) {
    const x = inputs[0];
    if (x.length !== 1) {
      return { ok: false, expected: '(batch, n)', message: `Dense expects a vector (batch, n) but receives ${formatShape(x)}` };
    }
    return { ok: true, shape: [s.units as number] };
  },

  paramCount(s, inputs) {
    const I = inputs[0][0];
    const O = s.units as number;
    return I * O + (s.useBias ? O : 0);
  },

  // One multiply-add per weight; the bias add is not counted (Keras/ptflops MAC convention).
  macs: (s, inputs) => inputs[0][0] * (s.units as number),

  create(s, inputs, ctx) {
    const I = inputs[0][0];
    const O = s.units as number;
    const act = getActivation(s.activation as string)!;
    const W = newParam(ctx, 'kernel', [I, O]);
    initializeFromSettings(s, 'kernel', 'glorotUniform', W.value, I, O, ctx.initRng);
    const b = biasParam(s, ctx, O);

    let x: FloatArray = allocate(ctx.dtype, 0); // input of the last forward (not owned)
    const out = activationStage(act, ctx.dtype, 1, O); // z = x·W + b, y = f(z)

    const backwardFromZ = (dZ: FloatArray, dxs: readonly (FloatArray | null)[], B: number) => {
      kernels().denseBackward(x, W.value, dZ, dxs[0], W.grad, b ? b.grad : null, B, I, O);
    };

    return {
      params: b ? [W, b] : [W],
      activation: act.name,
      forward(xs, B) {
        x = xs[0];
        kernels().denseForward(x, W.value, b ? b.value : null, out.z(B), B, I, O);
        return out.forward(B);
      },
      backward: (dy, dxs, B) => backwardFromZ(out.backward(dy, B), dxs, B),
      preActivation: out.preActivation,
      backwardFromPreActivation: backwardFromZ,
    };
  },
};
