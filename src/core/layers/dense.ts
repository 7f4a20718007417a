// Dense (fully connected): y = f(x·W + b).
// x: (B, I) -> z = x·W + b: (B, O) -> y = f(z): (B, O).  W: (I, O) (Keras layout), b: (O).
// Init (settings kernelInitializer / biasInitializer): W glorotUniform (Keras default), b zeros.

import { getActivation, ACTIVATIONS } from '../activations';
import { initializeFromSettings, initializerSettings } from '../init/settings';
import { formatShape } from '../graph/analysis';
import { allocate, ensureCapacity, type FloatArray, type Param } from '../tensor/tensor';
import { kernels } from '../tensor/kernels';
import type { LayerDefinition } from './types';

export const denseLayer: LayerDefinition = {
  type: 'dense',
  label: 'Dense',
  category: 'core',
  settings: [
    { key: 'units', kind: 'int', default: 8, min: 1, step: 1 },
    { key: 'activation', kind: 'enum', default: 'linear', options: ACTIVATIONS },
    { key: 'useBias', kind: 'bool', default: true },
    ...initializerSettings('kernel', 'glorotUniform'),
    ...initializerSettings('bias', 'zeros'),
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
    const W: Param = { name: `${ctx.name}.kernel`, shape: [I, O], value: allocate(ctx.dtype, I * O), grad: allocate(ctx.dtype, I * O) };
    initializeFromSettings(s, 'kernel', 'glorotUniform', W.value, I, O, ctx.initRng);
    const b: Param | null = s.useBias ? { name: `${ctx.name}.bias`, shape: [O], value: allocate(ctx.dtype, O), grad: allocate(ctx.dtype, O) } : null;
    if (b) initializeFromSettings(s, 'bias', 'zeros', b.value, O, O, ctx.initRng); // Keras: a 1-D shape has fanIn = fanOut = O

    let x: FloatArray = allocate(ctx.dtype, 0); // input of the last forward (not owned)
    let z: FloatArray | null = null; // pre-activation
    let y: FloatArray | null = null; // output (aliases z when linear)
    let dz: FloatArray | null = null; // scratch for backward
    const isLinear = act.name === 'linear';

    const backwardFromZ = (dZ: FloatArray, dxs: readonly (FloatArray | null)[], B: number) => {
      kernels().denseBackward(x, W.value, dZ, dxs[0], W.grad, b ? b.grad : null, B, I, O);
    };

    return {
      params: b ? [W, b] : [W],
      activation: act.name,
      forward(xs, B) {
        x = xs[0];
        z = ensureCapacity(z, ctx.dtype, B * O);
        kernels().denseForward(x, W.value, b ? b.value : null, z, B, I, O);
        if (isLinear) return (y = z);
        y = ensureCapacity(y === z ? null : y, ctx.dtype, B * O);
        act.forward(z, y, B, O);
        return y;
      },
      backward(dy, dxs, B) {
        if (isLinear) return backwardFromZ(dy, dxs, B);
        dz = ensureCapacity(dz, ctx.dtype, B * O);
        dz.fill(0, 0, B * O);
        act.backward(z!, y!, dy, dz, B, O);
        backwardFromZ(dz, dxs, B);
      },
      preActivation: () => z!,
      backwardFromPreActivation: backwardFromZ,
    };
  },
};
