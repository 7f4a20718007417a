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

import { ACTIVATIONS, getActivation } from '../activations';
import { initializeFromSettings, initializerSettings } from '../init/settings';
import { kernels } from '../tensor/kernels';
import { allocate, ensureCapacity, type FloatArray, type Param } from '../tensor/tensor';
import { isWindow, layerWindow, notAnImage, paddingAmountSetting, paddingSetting, pairSetting } from './spatial';
import type { LayerDefinition } from './types';

export const separableConv2dLayer: LayerDefinition = {
  type: 'separableConv2d',
  label: 'SeparableConv2D',
  category: 'conv',
  settings: [
    { key: 'filters', kind: 'int', default: 8, min: 1, step: 1 },
    pairSetting('kernelSize', [3, 3]),
    pairSetting('strides', [1, 1]),
    paddingSetting('valid'),
    paddingAmountSetting,
    pairSetting('dilation', [1, 1]),
    { key: 'depthMultiplier', kind: 'int', default: 1, min: 1, step: 1 },
    { key: 'activation', kind: 'enum', default: 'linear', options: ACTIVATIONS },
    { key: 'useBias', kind: 'bool', default: true },
    ...initializerSettings('kernel', 'glorotUniform'),
    ...initializerSettings('bias', 'zeros'),
  ],
  minInputs: 1,
  maxInputs: 1,

  outputShape(s, inputs) {
    const bad = notAnImage('SeparableConv2D', inputs[0]);
    if (bad) return bad;
    const g = layerWindow(s, inputs[0], 'kernelSize');
    return isWindow(g) ? { ok: true, shape: [g.Ho, g.Wo, s.filters as number] } : g;
  },

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
    const g = layerWindow(s, inputs[0], 'kernelSize');
    if (!isWindow(g)) throw new Error(g.ok ? 'unreachable' : g.message);
    const { kh, kw, C, Ho, Wo } = g;
    const M = s.depthMultiplier as number;
    const CM = C * M;
    const F = s.filters as number;
    const pixels = Ho * Wo; // per sample
    const act = getActivation(s.activation as string)!;
    const param = (key: string, shape: number[]): Param => {
      const n = shape.reduce((a, d) => a * d, 1);
      return { name: `${ctx.name}.${key}`, shape, value: allocate(ctx.dtype, n), grad: allocate(ctx.dtype, n) };
    };
    const D = param('depthwiseKernel', [kh, kw, C, M]);
    initializeFromSettings(s, 'kernel', 'glorotUniform', D.value, kh * kw * C, kh * kw * M, ctx.initRng);
    const P = param('pointwiseKernel', [1, 1, CM, F]);
    initializeFromSettings(s, 'kernel', 'glorotUniform', P.value, CM, F, ctx.initRng);
    const b = s.useBias ? param('bias', [F]) : null;
    if (b) initializeFromSettings(s, 'bias', 'zeros', b.value, F, F, ctx.initRng);

    let x: FloatArray = allocate(ctx.dtype, 0); // input of the last forward (not owned)
    let u: FloatArray | null = null; // depthwise output
    let du: FloatArray | null = null;
    let z: FloatArray | null = null;
    let y: FloatArray | null = null; // aliases z when linear
    let dz: FloatArray | null = null;
    const isLinear = act.name === 'linear';

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
        z = ensureCapacity(z, ctx.dtype, B * pixels * F);
        kernels().denseForward(u, P.value, b ? b.value : null, z, B * pixels, CM, F);
        if (isLinear) return (y = z);
        y = ensureCapacity(y === z ? null : y, ctx.dtype, B * pixels * F);
        act.forward(z, y, B * pixels, F);
        return y;
      },
      backward(dy, dxs, B) {
        if (isLinear) return backwardFromZ(dy, dxs, B);
        dz = ensureCapacity(dz, ctx.dtype, B * pixels * F);
        dz.fill(0, 0, B * pixels * F);
        act.backward(z!, y!, dy, dz, B * pixels, F);
        backwardFromZ(dz, dxs, B);
      },
      preActivation: () => z!,
      backwardFromPreActivation: backwardFromZ,
    };
  },
};
