// GRU (Cho et al. 2014), PyTorch's nn.GRU equations (TF/Keras with reset_after = true):
//   z = σ(x_t·W_z + b_iz + h_{t−1}·U_z + b_hz)             update gate
//   r = σ(x_t·W_r + b_ir + h_{t−1}·U_r + b_hr)             reset gate
//   n = act(x_t·W_n + b_in + r ⊙ (h_{t−1}·U_n + b_hn))     candidate (act = tanh by default)
//   h_t = (1 − z) ⊙ n + z ⊙ h_{t−1},  h_0 = 0             one hidden state, no cell state
// σ is the logistic sigmoid (TF.js: set recurrentActivation 'sigmoid' and resetAfter true to match).
// x: (B, T, F) -> y: (B, T, H) with returnSequences, else h_T: (B, H).
// W: (F, 3H), U: (H, 3H), gate blocks [z, r, n] (Keras order; PyTorch's is r, z, n); bias (2, 3H):
// row 0 the input biases b_i·, row 1 the recurrent biases b_h· — two are needed because r multiplies
// b_hn but not b_in. Parameters 3[H(F + H) + 2H].
// Layout and the time loop: recurrent.ts; the step math: tensor/recurrentKernels.ts (gruStep*).

import { kernels } from '../tensor/kernels';
import { allocate, type FloatArray } from '../tensor/tensor';
import { createRecurrent, recurrentMacs, recurrentOutputShape, recurrentParamCount, recurrentSettings, StepBuffers } from './recurrent';
import type { LayerDefinition } from './types';

export const gruLayer: LayerDefinition = {
  type: 'gru',
  label: 'GRU',
  category: 'recurrent',
  settings: recurrentSettings,
  minInputs: 1,
  maxInputs: 1,
  outputShape: (s, inputs) => recurrentOutputShape('GRU', s, inputs),
  paramCount: (s, inputs) => recurrentParamCount(3, 2, s, inputs),
  macs: (s, inputs) => recurrentMacs(3, s, inputs),

  create: (s, inputs, ctx) =>
    createRecurrent({
      G: 3,
      recurrentBias: true,
      cell(H, T, act, dtype) {
        // Per-step caches, (T, B, ·); the time loop keeps hz_t (needed for ∂L/∂r).
        const gates = new StepBuffers(dtype, T, 3 * H);
        const zn = new StepBuffers(dtype, T, H);
        const n = new StepBuffers(dtype, T, H);
        let scratch: FloatArray = allocate(dtype, 0);
        const cache = (t: number) => ({ gates: gates.at(t), zn: zn.at(t), n: n.at(t) });
        return {
          sameGrad: false,
          prepare: (B) => [gates, zn, n].forEach((buf) => buf.size(B)),
          forward: (t, xz, hz, hPrev, h, B) => kernels().gruStepForward(xz, hz, hPrev, cache(t), h, B, H, act),
          beginBackward(B) {
            if (scratch.length < 2 * B * H) scratch = allocate(dtype, 2 * B * H);
          },
          backward: (t, hz, hPrev, _h, dh, dxz, dhz, dhPrev, B) =>
            kernels().gruStepBackward(cache(t), hz, hPrev, dh, dxz, dhz, dhPrev, scratch, B, H, act),
        };
      },
    }, s, inputs, ctx),
};
