// LSTM (Hochreiter & Schmidhuber 1997, with forget gate), PyTorch's nn.LSTM equations with one bias
// per gate (b = b_ih + b_hh, Keras style):
//   i = σ(x_t·W_i + h_{t−1}·U_i + b_i)     input gate
//   f = σ(x_t·W_f + h_{t−1}·U_f + b_f)     forget gate
//   g = act(x_t·W_g + h_{t−1}·U_g + b_g)   candidate cell (act = tanh by default)
//   o = σ(x_t·W_o + h_{t−1}·U_o + b_o)     output gate
//   c_t = f ⊙ c_{t−1} + i ⊙ g               cell state,   h_t = o ⊙ act(c_t)   hidden state;  h_0 = c_0 = 0
// σ is the logistic sigmoid (TF.js defaults to a hard sigmoid; set recurrentActivation 'sigmoid' to match).
// x: (B, T, F) -> y: (B, T, H) with returnSequences, else h_T: (B, H).
// W: (F, 4H), U: (H, 4H), b: (4H), gate blocks [i, f, g, o] — parameters 4[H(F + H) + H].
// Init as Keras: the forget block of b starts at 1 (unit_forget_bias), so early on the cell remembers.
// Layout and the time loop: recurrent.ts; the step math: tensor/recurrentKernels.ts (lstmStep*).

import { kernels } from '../tensor/kernels';
import { allocate, type FloatArray } from '../tensor/tensor';
import { createRecurrent, recurrentMacs, recurrentOutputShape, recurrentParamCount, recurrentSettings, StepBuffers } from './recurrent';
import type { LayerDefinition } from './types';

export const lstmLayer: LayerDefinition = {
  type: 'lstm',
  label: 'LSTM',
  category: 'recurrent',
  settings: recurrentSettings,
  minInputs: 1,
  maxInputs: 1,
  outputShape: (s, inputs) => recurrentOutputShape('LSTM', s, inputs),
  paramCount: (s, inputs) => recurrentParamCount(4, 1, s, inputs),
  macs: (s, inputs) => recurrentMacs(4, s, inputs),

  create: (s, inputs, ctx) =>
    createRecurrent({
      G: 4,
      recurrentBias: false,
      initBias: (b, H) => b.fill(1, H, 2 * H),
      cell(H, T, act, dtype) {
        // Per-step caches, (T, B, ·); c holds c_0 … c_T.
        const gates = new StepBuffers(dtype, T, 4 * H);
        const zg = new StepBuffers(dtype, T, H);
        const g = new StepBuffers(dtype, T, H);
        const c = new StepBuffers(dtype, T + 1, H);
        const tc = new StepBuffers(dtype, T, H);
        let dc: FloatArray = allocate(dtype, 0); // ∂L/∂c carried from step t + 1 to t
        let scratch: FloatArray = allocate(dtype, 0);
        const cache = (t: number) => ({ gates: gates.at(t), zg: zg.at(t), g: g.at(t), c: c.at(t + 1), tc: tc.at(t) });
        return {
          sameGrad: true,
          prepare(B) {
            for (const buf of [gates, zg, g, c, tc]) buf.size(B);
            c.at(0).fill(0);
          },
          forward: (t, xz, hz, _hPrev, h, B) => kernels().lstmStepForward(xz, hz, c.at(t), cache(t), h, B, H, act),
          beginBackward(B) {
            if (dc.length < B * H) (dc = allocate(dtype, B * H)), (scratch = allocate(dtype, 3 * B * H));
            dc.fill(0);
          },
          backward: (t, _hz, _hPrev, _h, dh, dz, _dhz, _dhPrev, B) =>
            kernels().lstmStepBackward(cache(t), c.at(t), dh, dc, dz, scratch, B, H, act),
        };
      },
    }, s, inputs, ctx),
};
