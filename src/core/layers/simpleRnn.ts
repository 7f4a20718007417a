// SimpleRNN (Elman network), PyTorch's nn.RNN equation with one bias (b = b_ih + b_hh):
//   h_t = act(x_t·W + h_{t−1}·U + b),  h_0 = 0,  act = tanh by default
// x: (B, T, F) -> y: (B, T, H) with returnSequences, else the last h_T: (B, H).
// W: (F, H), U: (H, H), b: (H) — parameters H(F + H) + H. The course's
//   h_t = tanh(W_hx x_t + W_hh h_{t−1} + b_h),  y_t = W_yh h_t + b_y
// is this layer (returnSequences on) followed by a Dense layer. Layout, init and the time loop:
// recurrent.ts; the step math: tensor/recurrentKernels.ts (rnnStepForward / rnnStepBackward).

import { kernels } from '../tensor/kernels';
import { createRecurrent, recurrentMacs, recurrentOutputShape, recurrentParamCount, recurrentSettings, StepBuffers } from './recurrent';
import type { LayerDefinition } from './types';

export const simpleRnnLayer: LayerDefinition = {
  type: 'simpleRnn',
  label: 'SimpleRNN',
  category: 'recurrent',
  settings: recurrentSettings,
  minInputs: 1,
  maxInputs: 1,
  outputShape: (s, inputs) => recurrentOutputShape('SimpleRNN', s, inputs),
  paramCount: (s, inputs) => recurrentParamCount(1, 1, s, inputs),
  macs: (s, inputs) => recurrentMacs(1, s, inputs),

  create: (s, inputs, ctx) =>
    createRecurrent({
      G: 1,
      recurrentBias: false,
      cell(H, T, act, dtype) {
        const zs = new StepBuffers(dtype, T, H); // pre-activations z_t: (T, B, H)
        return {
          sameGrad: true,
          prepare: (B) => zs.size(B),
          // z_t = xz + hz, h_t = act(z_t)
          forward: (t, xz, hz, _hPrev, h, B) => kernels().rnnStepForward(xz, hz, zs.at(t), h, B, H, act),
          // dz_t = act'(z_t) ⊙ dh_t; the time loop turns it into dW, dU, db, dx and dh_{t−1}
          backward: (t, _hz, _hPrev, h, dh, dz, _dhz, _dhPrev, B) => kernels().rnnStepBackward(zs.at(t), h, dh, dz, B, H, act),
        };
      },
    }, s, inputs, ctx),
};
