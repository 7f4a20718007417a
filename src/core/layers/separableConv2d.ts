// SeparableConv2D (depthwise separable convolution): a depthwise convolution (each channel filtered on its
// own, depthMultiplier M filters per channel, no bias) followed by a pointwise 1×1 convolution that mixes
// the C·M channels into `filters` (F) outputs (TF/Keras conventions, NHWC).
// x: (B, H, W, C) -> u: (B, Ho, Wo, C·M) -> z = u·P + b: (B, Ho, Wo, F) -> y = f(z).
//   u[b, oy, ox, c·M + m] = Σ_{ky, kx} x[b, oy·sh − pt + ky·dh, ox·sw − pl + kx·dw, c] · D[ky, kx, c, m]
//   z[b, oy, ox, o]       = b[o] + Σ_q u[b, oy, ox, q] · P[0, 0, q, o]
// D: (kh, kw, C, M), P: (1, 1, C·M, F), b: (F). Parameters kh·kw·C·M + C·M·F (+ F), against a Conv2D's
// kh·kw·C·F (+ F): for 3×3, C = 16, F = 32, M = 1: 144 + 512 + 32 = 688 vs 4,640.
// Backward: the pointwise part as a matrix product over the B·Ho·Wo pixels, then the depthwise one.
// Init: the kernelInitializer setting for both kernels (default glorotUniform: D with fans kh·kw·C, kh·kw·M,
// P with fans C·M, F, as Keras), biasInitializer for b (default zeros).

import { getActivation } from '../activations';
import { initializeFromSettings } from '../init/settings';
import { kernels } from '../tensor/kernels';
import { allocate, ensureCapacity, type FloatArray } from '../tensor/tensor';
import { activationStage, AFFINE_SETTINGS, biasParam, newParam } from './affine';
import { CONV_WINDOW_SETTINGS, windowedShape, windowOf } from './spatial';
import type { LayerDefinition } from './types';

export const separableConv2dLayer: LayerDefinition = {
  type: 'separableConv2d',
  label: 'SeparableConv2D',
  category: 'conv',
  settings: [
    { key: 'filters', kind: 'int', default: 8, min: 1, step: 1 },
    ...CONV_WINDOW_SETTINGS,
    { key: 'depthMultiplier', kind: 'int', default: 1, min: 1, step: 1 },
    ...AFFINE_SETTINGS,
  ],
  minInputs: 1,
  maxInputs: 1,

  outputShape: (s, inputs) => windowedShape('SeparableConv2D', s, inputs[0], 'kernelSize', () => s.filters as number),

  paramCount(s, inputs) {
    const [kh, kw] = s.kernelSize as number[];
    const CM = inputs[0][2] * (s.depthMultiplier as number);
    const F = s.filters as number;
    return kh * kw * CM + CM * F + (s.useBias ? F : 0);
  },

  macs(s, inputs, output) {
    const [kh, kw] = s.kernelSize as number[];
    const CM = inputs[0][2] * (s.depthMultiplier as number);
    return output[0] * output[1] * CM * (kh * kw + output[2]);
  },

  create(s, inputs, ctx) {
    const g = windowOf(s, inputs[0], 'kernelSize');
    const { kh, kw, C, Ho, Wo } = g;
    const M = s.depthMultiplier as number;
    const CM = C * M;
    const F = s.filters as number;
    const pixels = Ho * Wo; // per sample
    const act = getActivation(s.activation as string)!;
    const D = newParam(ctx, 'depthwiseKernel', [kh, kw, C, M]);
    initializeFromSettings(s, 'kernel', 'glorotUniform', D.value, kh * kw * C, kh * kw * M, ctx.initRng);
    const P = newParam(ctx, 'pointwiseKernel', [1, 1, CM, F]);
    initializeFromSettings(s, 'kernel', 'glorotUniform', P.value, CM, F, ctx.initRng);
    const b = biasParam(s, ctx, F);

    let x: FloatArray = allocate(ctx.dtype, 0); // input of the last forward (not owned)
    let u: FloatArray | null = null; // depthwise output
    let du: FloatArray | null = null;
    const out = activationStage(act, ctx.dtype, pixels, F);

    const backwardFromZ = (dZ: FloatArray, dxs: readonly (FloatArray | null)[], B: number) => {
      const n = B * pixels * CM;
      (du = ensureCapacity(du, ctx.dtype, n)).fill(0, 0, n);
      kernels().denseBackward(u!, P.value, dZ, du, P.grad, b ? b.grad : null, B * pixels, CM, F);
      kernels().depthwiseBackward(x, D.value, du, dxs[0], D.grad, null, B, g, M);
    };

    return {
      params: b ? [D, P, b] : [D, P],
      activation: act.name,
      forward(xs, B) {
        x = xs[0];
        u = ensureCapacity(u, ctx.dtype, B * pixels * CM);
        kernels().depthwiseForward(x, D.value, null, u, B, g, M);
        kernels().denseForward(u, P.value, b ? b.value : null, out.z(B), B * pixels, CM, F);
        return out.forward(B);
      },
      backward: (dy, dxs, B) => backwardFromZ(out.backward(dy, B), dxs, B),
      preActivation: out.preActivation,
      backwardFromPreActivation: backwardFromZ,
    };
  },
};
