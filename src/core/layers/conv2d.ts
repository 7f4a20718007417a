// Conv2D: y = f(conv(x, K) + b), NHWC, TF/Keras conventions (cross-correlation, no kernel flip).
// x: (B, H, W, C) -> z: (B, Ho, Wo, Co) -> y = f(z): (B, Ho, Wo, Co).  K: (kh, kw, C, Co), b: (Co).
//   z[b, oy, ox, o] = b[o] + Σ_{ky, kx, c} x[b, oy·sh − pt + ky·dh, ox·sw − pl + kx·dw, c] · K[ky, kx, c, o]
// (out-of-range x reads as 0). Output size per axis with k_eff = d·(k − 1) + 1: 'valid' ⌊(n − k_eff)/s⌋ + 1,
// 'same' ⌈n/s⌉ with TF's padding split, 'explicit' p zeros per side ⌊(n + 2p − k_eff)/s⌋ + 1 (convKernels.ts window2D). Computed as im2col then the kernels'
// matrix multiply: cols (B·Ho·Wo, kh·kw·C) · K (kh·kw·C, Co); backward is the same product transposed
// (dK += colsᵀ·dz, dcols = dz·Kᵀ) followed by col2im.
// Init (settings kernelInitializer / biasInitializer): K glorotUniform with fanIn = kh·kw·C, fanOut = kh·kw·Co (Keras), b zeros.

import { ACTIVATIONS, getActivation } from '../activations';
import { initializeFromSettings, initializerSettings } from '../init/settings';
import { kernels } from '../tensor/kernels';
import { allocate, ensureCapacity, type FloatArray, type Param } from '../tensor/tensor';
import { isWindow, layerWindow, notAnImage, paddingAmountSetting, paddingSetting, pairSetting } from './spatial';
import type { LayerDefinition } from './types';

export const conv2dLayer: LayerDefinition = {
  type: 'conv2d',
  label: 'Conv2D',
  category: 'conv',
  settings: [
    { key: 'filters', kind: 'int', default: 8, min: 1, step: 1 },
    pairSetting('kernelSize', [3, 3]),
    pairSetting('strides', [1, 1]),
    paddingSetting('valid'),
    paddingAmountSetting,
    pairSetting('dilation', [1, 1]),
    { key: 'activation', kind: 'enum', default: 'linear', options: ACTIVATIONS },
    { key: 'useBias', kind: 'bool', default: true },
    ...initializerSettings('kernel', 'glorotUniform'),
    ...initializerSettings('bias', 'zeros'),
  ],
  minInputs: 1,
  maxInputs: 1,

  outputShape(s, inputs) {
    const bad = notAnImage('Conv2D', inputs[0]);
    if (bad) return bad;
    const g = layerWindow(s, inputs[0], 'kernelSize');
    return isWindow(g) ? { ok: true, shape: [g.Ho, g.Wo, s.filters as number] } : g;
  },

  paramCount(s, inputs) {
    const [kh, kw] = s.kernelSize as number[];
    const O = s.filters as number;
    return kh * kw * inputs[0][2] * O + (s.useBias ? O : 0);
  },

  create(s, inputs, ctx) {
    const g = layerWindow(s, inputs[0], 'kernelSize');
    if (!isWindow(g)) throw new Error(g.ok ? 'unreachable' : g.message);
    const { kh, kw, C, Ho, Wo } = g;
    const O = s.filters as number;
    const K = kh * kw * C; // one im2col row
    const rows = Ho * Wo; // output pixels per sample
    const act = getActivation(s.activation as string)!;
    const W: Param = { name: `${ctx.name}.kernel`, shape: [kh, kw, C, O], value: allocate(ctx.dtype, K * O), grad: allocate(ctx.dtype, K * O) };
    initializeFromSettings(s, 'kernel', 'glorotUniform', W.value, K, kh * kw * O, ctx.initRng);
    const b: Param | null = s.useBias ? { name: `${ctx.name}.bias`, shape: [O], value: allocate(ctx.dtype, O), grad: allocate(ctx.dtype, O) } : null;
    if (b) initializeFromSettings(s, 'bias', 'zeros', b.value, O, O, ctx.initRng);

    let cols: FloatArray | null = null; // im2col of the last forward's input
    let dcols: FloatArray | null = null;
    let z: FloatArray | null = null;
    let y: FloatArray | null = null; // aliases z when linear
    let dz: FloatArray | null = null;
    const isLinear = act.name === 'linear';

    // dz: (B, Ho, Wo, Co) = (B·Ho·Wo, Co) rows -> dK, db, and dx via col2im.
    const backwardFromZ = (dZ: FloatArray, dxs: readonly (FloatArray | null)[], B: number) => {
      const dx = dxs[0];
      const n = B * rows * K;
      if (dx) (dcols = ensureCapacity(dcols, ctx.dtype, n)).fill(0, 0, n);
      kernels().denseBackward(cols!, W.value, dZ, dx ? dcols : null, W.grad, b ? b.grad : null, B * rows, K, O);
      if (dx) kernels().col2im(dcols!, dx, B, g);
    };

    return {
      params: b ? [W, b] : [W],
      activation: act.name,
      forward(xs, B) {
        cols = ensureCapacity(cols, ctx.dtype, B * rows * K);
        kernels().im2col(xs[0], cols, B, g);
        z = ensureCapacity(z, ctx.dtype, B * rows * O);
        kernels().denseForward(cols, W.value, b ? b.value : null, z, B * rows, K, O);
        if (isLinear) return (y = z);
        y = ensureCapacity(y === z ? null : y, ctx.dtype, B * rows * O);
        act.forward(z, y, B * rows, O);
        return y;
      },
      backward(dy, dxs, B) {
        if (isLinear) return backwardFromZ(dy, dxs, B);
        dz = ensureCapacity(dz, ctx.dtype, B * rows * O);
        dz.fill(0, 0, B * rows * O);
        act.backward(z!, y!, dy, dz, B * rows, O);
        backwardFromZ(dz, dxs, B);
      },
      preActivation: () => z!,
      backwardFromPreActivation: backwardFromZ,
    };
  },
};
