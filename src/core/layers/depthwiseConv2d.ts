// DepthwiseConv2D: every input channel is convolved with its own depthMultiplier (M) filters and the
// channels are never mixed (TF/Keras conventions, NHWC, cross-correlation).
// x: (B, H, W, C) -> z: (B, Ho, Wo, C·M) -> y = f(z).  K: (kh, kw, C, M), b: (C·M).
//   z[b, oy, ox, c·M + m] = b[c·M + m] + Σ_{ky, kx} x[b, oy·sh − pt + ky·dh, ox·sw − pl + kx·dw, c] · K[ky, kx, c, m]
// Output size as Conv2D ('valid' / 'same' / 'explicit', dilation). Parameters kh·kw·C·M (+ C·M bias),
// against a Conv2D's kh·kw·C·Co + Co. Backward: dK += x·dz over the windows, dx += K·dz scattered back.
// Hot loops: kernels().depthwiseForward / depthwiseBackward (convKernels.ts).
// Init (settings kernelInitializer / biasInitializer): K glorotUniform with fanIn = kh·kw·C, fanOut = kh·kw·M (Keras' fans for the (kh, kw, C, M) shape), b zeros.

import { ACTIVATIONS, getActivation } from '../activations';
import { initializeFromSettings, initializerSettings } from '../init/settings';
import { kernels } from '../tensor/kernels';
import { allocate, ensureCapacity, type FloatArray, type Param } from '../tensor/tensor';
import { isWindow, layerWindow, notAnImage, paddingAmountSetting, paddingSetting, pairSetting } from './spatial';
import type { LayerDefinition } from './types';

export const depthwiseConv2dLayer: LayerDefinition = {
  type: 'depthwiseConv2d',
  label: 'DepthwiseConv2D',
  category: 'conv',
  settings: [
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
    const bad = notAnImage('DepthwiseConv2D', inputs[0]);
    if (bad) return bad;
    const g = layerWindow(s, inputs[0], 'kernelSize');
    return isWindow(g) ? { ok: true, shape: [g.Ho, g.Wo, g.C * (s.depthMultiplier as number)] } : g;
  },

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
    const g = layerWindow(s, inputs[0], 'kernelSize');
    if (!isWindow(g)) throw new Error(g.ok ? 'unreachable' : g.message);
    const { kh, kw, C, Ho, Wo } = g;
    const M = s.depthMultiplier as number;
    const out = Ho * Wo * C * M; // per sample
    const act = getActivation(s.activation as string)!;
    const K: Param = { name: `${ctx.name}.depthwiseKernel`, shape: [kh, kw, C, M], value: allocate(ctx.dtype, kh * kw * C * M), grad: allocate(ctx.dtype, kh * kw * C * M) };
    initializeFromSettings(s, 'kernel', 'glorotUniform', K.value, kh * kw * C, kh * kw * M, ctx.initRng);
    const b: Param | null = s.useBias ? { name: `${ctx.name}.bias`, shape: [C * M], value: allocate(ctx.dtype, C * M), grad: allocate(ctx.dtype, C * M) } : null;
    if (b) initializeFromSettings(s, 'bias', 'zeros', b.value, C * M, C * M, ctx.initRng);

    let x: FloatArray = allocate(ctx.dtype, 0); // input of the last forward (not owned)
    let z: FloatArray | null = null;
    let y: FloatArray | null = null; // aliases z when linear
    let dz: FloatArray | null = null;
    const isLinear = act.name === 'linear';

    const backwardFromZ = (dZ: FloatArray, dxs: readonly (FloatArray | null)[], B: number) => {
      kernels().depthwiseBackward(x, K.value, dZ, dxs[0], K.grad, b ? b.grad : null, B, g, M);
    };

    return {
      params: b ? [K, b] : [K],
      activation: act.name,
      forward(xs, B) {
        x = xs[0];
        z = ensureCapacity(z, ctx.dtype, B * out);
        kernels().depthwiseForward(x, K.value, b ? b.value : null, z, B, g, M);
        if (isLinear) return (y = z);
        y = ensureCapacity(y === z ? null : y, ctx.dtype, B * out);
        act.forward(z, y, B * Ho * Wo, C * M);
        return y;
      },
      backward(dy, dxs, B) {
        if (isLinear) return backwardFromZ(dy, dxs, B);
        dz = ensureCapacity(dz, ctx.dtype, B * out);
        dz.fill(0, 0, B * out);
        act.backward(z!, y!, dy, dz, B * Ho * Wo, C * M);
        backwardFromZ(dz, dxs, B);
      },
      preActivation: () => z!,
      backwardFromPreActivation: backwardFromZ,
    };
  },
};
