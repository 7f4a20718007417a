// Reference kernels of one recurrent time step (SimpleRNN, LSTM, GRU): the fused gate activations and
// cell update, forward and backward. Layers reach them through kernels() (kernels.ts), so a WASM version
// can replace them; the time loop and the matrix products (x·W for all steps at once, h_{t−1}·U per
// step, both denseForward) stay in layers/recurrent.ts.
//
// Shape letters: B batch, H units, G gates (1, 4 or 3). Each step's pre-activations arrive in two
// (B, G·H) buffers whose rows are G blocks of H (the Keras weight layout, kernel (F, G·H)):
//   xz = x_t·W + b      the input part
//   hz = h_{t−1}·U + b_h the recurrent part (b_h only in the GRU)
// Gate k of row b is [b·G·H + k·H, b·G·H + (k + 1)·H). Every other buffer is (B, H), contiguous.
// σ is the logistic sigmoid (PyTorch; not TF.js's default hard sigmoid). `act` is the candidate /
// output activation (tanh by default), applied through the Activation interface on contiguous (B, H)
// buffers, so it must be elementwise (not softmax). Backward writes the pre-activation gradients
// (dz, dxz, dhz: overwritten, not accumulated); the layer accumulates the weight gradients.

import type { Activation } from '../activations/types';
import type { FloatArray } from './tensor';

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** SimpleRNN: z = xz + hz, h = act(z). xz, hz, z, h: (B, H). */
export function rnnStepForward(xz: FloatArray, hz: FloatArray, z: FloatArray, h: FloatArray, B: number, H: number, act: Activation): void {
  for (let i = 0, n = B * H; i < n; i++) z[i] = xz[i] + hz[i];
  act.forward(z, h, B, H);
}

/** SimpleRNN backward: dz = act'(z) ⊙ dh (overwrites dz; ∂L/∂xz = ∂L/∂hz = dz). */
export function rnnStepBackward(z: FloatArray, h: FloatArray, dh: FloatArray, dz: FloatArray, B: number, H: number, act: Activation): void {
  dz.fill(0, 0, B * H);
  act.backward(z, h, dh, dz, B, H);
}

/** What the LSTM step keeps for its backward pass (all (B, H) except gates). */
export interface LstmStepCache {
  /** (B, 4H): σ(z_i), σ(z_f), (unused), σ(z_o) in the i, f, g, o blocks. */
  gates: FloatArray;
  /** Candidate pre-activation z_g and g = act(z_g). */
  zg: FloatArray;
  g: FloatArray;
  /** Cell state c_t and act(c_t). */
  c: FloatArray;
  tc: FloatArray;
}

/**
 * LSTM step, gate blocks i, f, g, o (PyTorch and Keras order):
 *   i = σ(z_i), f = σ(z_f), g = act(z_g), o = σ(z_o)   with z = xz + hz
 *   c_t = f ⊙ c_{t−1} + i ⊙ g,   h_t = o ⊙ act(c_t)
 */
export function lstmStepForward(
  xz: FloatArray, hz: FloatArray, cPrev: FloatArray, s: LstmStepCache, h: FloatArray, B: number, H: number, act: Activation,
): void {
  const { gates, zg, g, c, tc } = s;
  const G = 4 * H;
  for (let b = 0; b < B; b++) {
    const r = b * G;
    for (let j = 0; j < H; j++) {
      gates[r + j] = sigmoid(xz[r + j] + hz[r + j]);
      gates[r + H + j] = sigmoid(xz[r + H + j] + hz[r + H + j]);
      gates[r + 3 * H + j] = sigmoid(xz[r + 3 * H + j] + hz[r + 3 * H + j]);
      zg[b * H + j] = xz[r + 2 * H + j] + hz[r + 2 * H + j];
    }
  }
  act.forward(zg, g, B, H);
  for (let b = 0; b < B; b++) {
    const r = b * G;
    for (let j = 0, k = b * H; j < H; j++, k++) c[k] = gates[r + H + j] * cPrev[k] + gates[r + j] * g[k];
  }
  act.forward(c, tc, B, H);
  for (let b = 0; b < B; b++) {
    const r = b * G + 3 * H;
    for (let j = 0, k = b * H; j < H; j++, k++) h[k] = gates[r + j] * tc[k];
  }
}

/**
 * LSTM step backward. dh = ∂L/∂h_t; dc holds ∂L/∂c_t arriving from step t + 1 and is replaced by
 * ∂L/∂c_{t−1} = dc_t ⊙ f. dz (B, 4H) = ∂L/∂z (= ∂L/∂xz = ∂L/∂hz). scratch: at least 3·B·H.
 *   dc_t = dc + act'(c_t) ⊙ (dh ⊙ o),  dz_o = dh ⊙ act(c_t) ⊙ o(1 − o),
 *   dz_i = dc_t ⊙ g ⊙ i(1 − i),  dz_f = dc_t ⊙ c_{t−1} ⊙ f(1 − f),  dz_g = act'(z_g) ⊙ (dc_t ⊙ i)
 */
export function lstmStepBackward(
  s: LstmStepCache, cPrev: FloatArray, dh: FloatArray, dc: FloatArray, dz: FloatArray, scratch: FloatArray,
  B: number, H: number, act: Activation,
): void {
  const { gates, zg, g, c, tc } = s;
  const G = 4 * H;
  const n = B * H;
  const dtc = scratch.subarray(0, n);
  const dg = scratch.subarray(n, 2 * n);
  const dzg = scratch.subarray(2 * n, 3 * n);
  for (let b = 0; b < B; b++) {
    const r = b * G + 3 * H;
    for (let j = 0, k = b * H; j < H; j++, k++) {
      const o = gates[r + j];
      dtc[k] = dh[k] * o;
      dz[r + j] = dh[k] * tc[k] * o * (1 - o);
    }
  }
  act.backward(c, tc, dtc, dc, B, H); // dc += act'(c) ⊙ dtc
  for (let b = 0; b < B; b++) {
    const r = b * G;
    for (let j = 0, k = b * H; j < H; j++, k++) {
      const i = gates[r + j];
      const f = gates[r + H + j];
      const d = dc[k];
      dz[r + j] = d * g[k] * i * (1 - i);
      dz[r + H + j] = d * cPrev[k] * f * (1 - f);
      dg[k] = d * i;
      dc[k] = d * f;
    }
  }
  dzg.fill(0);
  act.backward(zg, g, dg, dzg, B, H);
  for (let b = 0; b < B; b++) {
    const r = b * G + 2 * H;
    for (let j = 0, k = b * H; j < H; j++, k++) dz[r + j] = dzg[k];
  }
}

/** What the GRU step keeps for its backward pass; hz (the step's recurrent part) is kept by the layer. */
export interface GruStepCache {
  /** (B, 3H): σ(z_z), σ(z_r), (unused) in the z, r, n blocks. */
  gates: FloatArray;
  /** Candidate pre-activation z_n = xz_n + r ⊙ hz_n and n = act(z_n). */
  zn: FloatArray;
  n: FloatArray;
}

/**
 * GRU step, gate blocks z, r, n (Keras order), PyTorch's equations (TF's reset_after = true):
 *   z = σ(xz_z + hz_z), r = σ(xz_r + hz_r), n = act(xz_n + r ⊙ hz_n)
 *   h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
 * with xz_n = W_in x + b_in and hz_n = W_hn h + b_hn: the reset gate multiplies the recurrent bias too.
 */
export function gruStepForward(
  xz: FloatArray, hz: FloatArray, hPrev: FloatArray, s: GruStepCache, h: FloatArray, B: number, H: number, act: Activation,
): void {
  const { gates, zn, n } = s;
  const G = 3 * H;
  for (let b = 0; b < B; b++) {
    const r = b * G;
    for (let j = 0; j < H; j++) {
      gates[r + j] = sigmoid(xz[r + j] + hz[r + j]);
      const rg = (gates[r + H + j] = sigmoid(xz[r + H + j] + hz[r + H + j]));
      zn[b * H + j] = xz[r + 2 * H + j] + rg * hz[r + 2 * H + j];
    }
  }
  act.forward(zn, n, B, H);
  for (let b = 0; b < B; b++) {
    const r = b * G;
    for (let j = 0, k = b * H; j < H; j++, k++) {
      const z = gates[r + j];
      h[k] = (1 - z) * n[k] + z * hPrev[k];
    }
  }
}

/**
 * GRU step backward. dh = ∂L/∂h_t. Writes dxz, dhz (B, 3H) = ∂L/∂xz, ∂L/∂hz (they differ in the n
 * block: dhz_n = dz_n ⊙ r) and adds the direct path dh ⊙ z to dhPrev. scratch: at least 2·B·H.
 *   dz_n = act'(z_n) ⊙ dh ⊙ (1 − z),  dz_z = dh ⊙ (h_{t−1} − n) ⊙ z(1 − z),  dz_r = dz_n ⊙ hz_n ⊙ r(1 − r)
 */
export function gruStepBackward(
  s: GruStepCache, hz: FloatArray, hPrev: FloatArray, dh: FloatArray, dxz: FloatArray, dhz: FloatArray, dhPrev: FloatArray,
  scratch: FloatArray, B: number, H: number, act: Activation,
): void {
  const { gates, zn, n } = s;
  const G = 3 * H;
  const m = B * H;
  const dn = scratch.subarray(0, m);
  const dzn = scratch.subarray(m, 2 * m);
  for (let b = 0; b < B; b++) {
    const r = b * G;
    for (let j = 0, k = b * H; j < H; j++, k++) dn[k] = dh[k] * (1 - gates[r + j]);
  }
  dzn.fill(0);
  act.backward(zn, n, dn, dzn, B, H);
  for (let b = 0; b < B; b++) {
    const r = b * G;
    for (let j = 0, k = b * H; j < H; j++, k++) {
      const z = gates[r + j];
      const rg = gates[r + H + j];
      const dZ = dh[k] * (hPrev[k] - n[k]) * z * (1 - z);
      const dR = dzn[k] * hz[r + 2 * H + j] * rg * (1 - rg);
      dxz[r + j] = dhz[r + j] = dZ;
      dxz[r + H + j] = dhz[r + H + j] = dR;
      dxz[r + 2 * H + j] = dzn[k];
      dhz[r + 2 * H + j] = dzn[k] * rg;
      dhPrev[k] += dh[k] * z;
    }
  }
}
