// DepthwiseConv2D: every input channel is convolved with its own depthMultiplier (M) filters and the
// channels are never mixed (TF/Keras conventions, NHWC, cross-correlation).
// x: (B, H, W, C) -> z: (B, Ho, Wo, C·M) -> y = f(z).  K: (kh, kw, C, M), b: (C·M).
//   z[b, oy, ox, c·M + m] = b[c·M + m] + Σ_{ky, kx} x[b, oy·sh − pt + ky·dh, ox·sw − pl + kx·dw, c] · K[ky, kx, c, m]
// Output size as Conv2D ('valid' / 'same' / 'explicit', dilation). Parameters kh·kw·C·M (+ C·M bias),
// against a Conv2D's kh·kw·C·Co + Co. Backward: dK += x·dz over the windows, dx += K·dz scattered back.
// Hot loops: kernels().depthwiseForward / depthwiseBackward (convKernels.ts).
// Init (settings kernelInitializer / biasInitializer): K glorotUniform with fanIn = kh·kw·C, fanOut = kh·kw·M (Keras' fans for the (kh, kw, C, M) shape), b zeros.

import { getActivation } from '../activations';
import { initializeFromSettings } from '../init/settings';
import { kernels } from '../tensor/kernels';
import { allocate, type FloatArray } from '../tensor/tensor';
import { activationStage, AFFINE_SETTINGS, biasParam, newParam } from './affine';
import { CONV_WINDOW_SETTINGS, windowedShape, windowOf } from './spatial';
import type { LayerDefinition } from './types';

export const depthwiseConv2dLayer: LayerDefinition = {
  type: 'depthwiseConv2d',
  label: 'DepthwiseConv2D',
  category: 'conv',
  settings: [
    ...CONV_WINDOW_SETTINGS,
    { key: 'depthMultiplier', kind: 'int', default: 1, min: 1, step: 1 },
    ...AFFINE_SETTINGS,
  ],
  minInputs: 1,
  maxInputs: 1,

  outputShape: (s, inputs) => windowedShape('DepthwiseConv2D', s, inputs[0], 'kernelSize', (g) => g.C * (s.depthMultiplier as number)),

  paramCount(s, inputs) {
    const [kh, kw] = s.kernelSize as number[];
    const CM = inputs[0][2] * (s.depthMultiplier as number);
    return kh * kw * CM + (s.useBias ? CM : 0);
  },

  macs(s, _inputs, output) {
    const [kh, kw] = s.kernelSize as number[];
    return output[0] * output[1] * output[2] * kh * kw;
  },

  create(s, inputs, ctx) {
    const g = windowOf(s, inputs[0], 'kernelSize');
    const { kh, kw, C, Ho, Wo } = g;
    const M = s.depthMultiplier as number;
    const act = getActivation(s.activation as string)!;
    const K = newParam(ctx, 'depthwiseKernel', [kh, kw, C, M]);
    initializeFromSettings(s, 'kernel', 'glorotUniform', K.value, kh * kw * C, kh * kw * M, ctx.initRng);
    const b = biasParam(s, ctx, C * M);

    let x: FloatArray = allocate(ctx.dtype, 0); // input of the last forward (not owned)
    const out = activationStage(act, ctx.dtype, Ho * Wo, C * M);

    const backwardFromZ = (dZ: FloatArray, dxs: readonly (FloatArray | null)[], B: number) => {
      kernels().depthwiseBackward(x, K.value, dZ, dxs[0], K.grad, b ? b.grad : null, B, g, M);
    };

    return {
      params: b ? [K, b] : [K],
      activation: act.name,
      forward(xs, B) {
        x = xs[0];
        kernels().depthwiseForward(x, K.value, b ? b.value : null, out.z(B), B, g, M);
        return out.forward(B);
      },
      backward: (dy, dxs, B) => backwardFromZ(out.backward(dy, B), dxs, B),
      preActivation: out.preActivation,
      backwardFromPreActivation: backwardFromZ,
    };
  },
};
