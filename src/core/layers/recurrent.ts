// Shared by the recurrent layers (SimpleRNN, LSTM, GRU): settings, the shape check, parameters and
// the time loop with full backpropagation through time. Each layer file supplies its cell (the
// per-step gate math, in tensor/recurrentKernels.ts behind kernels()).
//
// Layout. A sequence is (B, T, F): batch, timesteps, features, row-major (x[(b·T + t)·F + f]); the
// document shape of one sample is [T, F]. Weights follow Keras exactly, so they can be exchanged with
// Keras / TF.js unchanged:
//   kernel          W: (F, G·H)   input weights, G gate blocks of H columns
//   recurrentKernel U: (H, G·H)   recurrent weights, same blocks
//   bias            b: (G·H)      one bias per gate (Keras style) — for SimpleRNN and LSTM b_ih + b_hh
//                                 of PyTorch folded into one; the GRU needs both: (2, G·H), row 0 the
//                                 input bias b_i, row 1 the recurrent bias b_h (TF's reset_after = true)
// Gate blocks: SimpleRNN [h]; LSTM [i, f, g, o] (= PyTorch's and Keras's order); GRU [z, r, n]
// (Keras's order; PyTorch stacks r, z, n). PyTorch's W_ih for gate k is Wᵀ's block k.
// Per step: xz_t = x_t·W + b (for all t in one product), hz_t = h_{t−1}·U (+ b_h); h_0 = 0 (and c_0 = 0).
// Parameter counts: SimpleRNN H(F + H) + H, LSTM 4[H(F + H) + H], GRU 3[H(F + H) + 2H].
// Init (Keras): W glorotUniform (fanIn F, fanOut G·H), U orthogonal (rows orthonormal), b zeros
// (LSTM: forget block 1, Keras's unit_forget_bias).

import { ACTIVATIONS, getActivation, type Activation } from '../activations';
import { formatShape } from '../graph/analysis';
import type { Shape } from '../graph/document';
import { initializeFromSettings, initializerSettings } from '../init/settings';
import type { Rng } from '../rng';
import { kernels } from '../tensor/kernels';
import { allocate, ensureCapacity, type DType, type FloatArray, type Param } from '../tensor/tensor';
import type { Layer, LayerContext, LayerSettings, SettingSpec, ShapeResult } from './types';

export const SEQUENCE_SHAPE = '(batch, timesteps, features)';

/** The recurrent layers' activation choices: the elementwise ones (softmax normalizes a whole row). */
export const RECURRENT_ACTIVATIONS: readonly string[] = ACTIVATIONS.filter((a) => a !== 'softmax');

export const recurrentSettings: readonly SettingSpec[] = [
  { key: 'units', kind: 'int', default: 8, min: 1, step: 1 },
  { key: 'activation', kind: 'enum', default: 'tanh', options: RECURRENT_ACTIVATIONS },
  { key: 'returnSequences', kind: 'bool', default: false },
  { key: 'useBias', kind: 'bool', default: true },
  ...initializerSettings('kernel', 'glorotUniform'),
  ...initializerSettings('bias', 'zeros'),
];

/** (T, F) -> (T, H) with returnSequences, else (H); anything but a sequence is a shapeMismatch. */
export function recurrentOutputShape(label: string, s: LayerSettings, inputs: readonly Shape[]): ShapeResult {
  const x = inputs[0];
  if (x.length !== 2) {
    return { ok: false, expected: SEQUENCE_SHAPE, message: `${label} expects a sequence ${SEQUENCE_SHAPE} but receives ${formatShape(x)}` };
  }
  const H = s.units as number;
  return { ok: true, shape: s.returnSequences ? [x[0], H] : [H] };
}

/** G gate blocks of H(F + H) weights plus G·H biases per bias row (the GRU has two rows). */
export function recurrentParamCount(G: number, biasRows: number, s: LayerSettings, inputs: readonly Shape[]): number {
  const F = inputs[0][1];
  const H = s.units as number;
  return G * H * (F + H) + (s.useBias ? biasRows * G * H : 0);
}

/** Multiply-adds per sample: T steps of x_t·W and h_{t−1}·U. */
export function recurrentMacs(G: number, s: LayerSettings, inputs: readonly Shape[]): number {
  const [T, F] = inputs[0];
  const H = s.units as number;
  return T * G * H * (F + H);
}

/**
 * Fills w, a (rows, cols) matrix with rows ≤ cols, with orthonormal rows: Gram–Schmidt on Gaussian
 * rows (the Keras Orthogonal initializer, gain 1, which takes the QR of a Gaussian matrix).
 */
export function orthogonalRows(w: FloatArray, rows: number, cols: number, rng: Rng): void {
  const m = Float64Array.from({ length: rows * cols }, () => rng.normal());
  for (let i = 0; i < rows; i++) {
    const ri = m.subarray(i * cols, (i + 1) * cols);
    for (let k = 0; k < i; k++) {
      const rk = m.subarray(k * cols, (k + 1) * cols);
      let dot = 0;
      for (let j = 0; j < cols; j++) dot += ri[j] * rk[j];
      for (let j = 0; j < cols; j++) ri[j] -= dot * rk[j];
    }
    let norm = 0;
    for (let j = 0; j < cols; j++) norm += ri[j] * ri[j];
    norm = Math.sqrt(norm);
    for (let j = 0; j < cols; j++) ri[j] /= norm;
  }
  for (let i = 0; i < rows * cols; i++) w[i] = m[i];
}

/**
 * T blocks of (B, width) in one buffer, with a view per block. Grows only when a larger batch arrives;
 * views are rebuilt only when the batch size changes, so steady training allocates nothing.
 */
export class StepBuffers {
  private buf: FloatArray | null = null;
  private views: FloatArray[] = [];
  private B = -1;
  constructor(private readonly dtype: DType, private readonly steps: number, private readonly width: number) {}

  size(B: number): void {
    if (B === this.B) return;
    const n = B * this.width;
    const buf = (this.buf = ensureCapacity(this.buf, this.dtype, this.steps * n));
    this.views = Array.from({ length: this.steps }, (_, t) => buf.subarray(t * n, (t + 1) * n));
    this.B = B;
  }

  /** Block t: (B, width). */
  at(t: number): FloatArray {
    return this.views[t];
  }

  /** All blocks: (steps, B, width). */
  get all(): FloatArray {
    return this.buf!;
  }
}

/** One layer's cell: the per-step math between the pre-activations and h_t. */
export interface RecurrentCell {
  /** ∂L/∂hz = ∂L/∂xz (z = xz + hz: SimpleRNN, LSTM), so backward gets one buffer for both. */
  readonly sameGrad: boolean;
  /** Sizes the per-step caches for batch B (before each forward). */
  prepare(B: number): void;
  /** Step t: xz, hz (B, G·H), h_{t−1} (B, H) -> h_t (B, H). */
  forward(t: number, xz: FloatArray, hz: FloatArray, hPrev: FloatArray, h: FloatArray, B: number): void;
  /** Before the reverse sweep (the LSTM zeroes its carried ∂L/∂c). */
  beginBackward?(B: number): void;
  /**
   * Step t in reverse: dh = ∂L/∂h_t (B, H) -> dxz = ∂L/∂xz, dhz = ∂L/∂hz (B, G·H), and dhPrev += the part
   * of ∂L/∂h_{t−1} that does not go through hz (the GRU's z ⊙ h_{t−1} term).
   */
  backward(t: number, hz: FloatArray, hPrev: FloatArray, h: FloatArray, dh: FloatArray,
    dxz: FloatArray, dhz: FloatArray, dhPrev: FloatArray, B: number): void;
}

export interface RecurrentSpec {
  /** Gate blocks: 1, 4 or 3. */
  G: number;
  /** The GRU's second bias row b_h, added to hz inside the reset gate's product. */
  recurrentBias: boolean;
  /** Adjusts the initial bias (LSTM: forget block 1). */
  initBias?(b: FloatArray, H: number): void;
  cell(H: number, T: number, act: Activation, dtype: DType): RecurrentCell;
}

/** Builds a runtime recurrent layer: params, then the BPTT time loop around `spec.cell`. */
export function createRecurrent(spec: RecurrentSpec, s: LayerSettings, inputs: readonly Shape[], ctx: LayerContext): Layer {
  const [T, F] = inputs[0];
  const H = s.units as number;
  const { G } = spec;
  const GH = G * H;
  const dtype = ctx.dtype;
  const act = getActivation(s.activation as string)!;
  const returnSequences = s.returnSequences === true;
  const param = (suffix: string, shape: number[]): Param => {
    const n = shape.reduce((a, b) => a * b, 1);
    return { name: `${ctx.name}.${suffix}`, shape, value: allocate(dtype, n), grad: allocate(dtype, n) };
  };
  const W = param('kernel', [F, GH]);
  initializeFromSettings(s, 'kernel', 'glorotUniform', W.value, F, GH, ctx.initRng);
  const U = param('recurrentKernel', [H, GH]);
  orthogonalRows(U.value, H, GH, ctx.initRng);
  const bias = s.useBias ? param('bias', spec.recurrentBias ? [2, GH] : [GH]) : null;
  if (bias) {
    initializeFromSettings(s, 'bias', 'zeros', bias.value, bias.value.length, bias.value.length, ctx.initRng);
    spec.initBias?.(bias.value, H);
  }
  // Input and recurrent bias views (taken per pass: cheap, and safe if a buffer is replaced).
  const bIn = (a: FloatArray | undefined) => (a && spec.recurrentBias ? a.subarray(0, GH) : a ?? null);
  const bRec = (a: FloatArray | undefined) => (a && spec.recurrentBias ? a.subarray(GH, 2 * GH) : null);

  const cell = spec.cell(H, T, act, dtype);
  const xT = new StepBuffers(dtype, T, F); // x time-major: (T, B, F)
  const xz = new StepBuffers(dtype, T, GH); // (T, B, G·H)
  const hz = new StepBuffers(dtype, T, GH);
  const hs = new StepBuffers(dtype, T + 1, H); // h_0 … h_T: (T + 1, B, H)
  const dxz = new StepBuffers(dtype, T, GH);
  const dxT = new StepBuffers(dtype, T, F);
  let dhz: FloatArray | null = null; // (B, G·H) when it differs from dxz
  let dh: FloatArray | null = null; // (B, H): ∂L/∂h_t at the current step
  let dhNext: FloatArray | null = null; // (B, H): ∂L/∂h_{t−1} gathered during step t
  let y: FloatArray | null = null;
  const outSize = returnSequences ? T * H : H;

  return {
    params: bias ? [W, U, bias] : [W, U],

    // x: (B, T, F) -> y: (B, T, H) or (B, H)
    forward(xs, B) {
      const x = xs[0];
      for (const buf of [xT, xz, hz, hs]) buf.size(B);
      cell.prepare(B);
      const xt = xT.all;
      for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) for (let f = 0; f < F; f++) xt[(t * B + b) * F + f] = x[(b * T + t) * F + f];
      kernels().denseForward(xt, W.value, bIn(bias?.value), xz.all, T * B, F, GH);
      hs.at(0).fill(0);
      for (let t = 0; t < T; t++) {
        kernels().denseForward(hs.at(t), U.value, bRec(bias?.value), hz.at(t), B, H, GH);
        cell.forward(t, xz.at(t), hz.at(t), hs.at(t), hs.at(t + 1), B);
      }
      const out = (y = ensureCapacity(y, dtype, B * outSize));
      if (returnSequences) {
        for (let t = 0; t < T; t++) {
          const h = hs.at(t + 1);
          for (let b = 0; b < B; b++) for (let j = 0; j < H; j++) out[(b * T + t) * H + j] = h[b * H + j];
        }
      } else {
        out.set(hs.at(T).subarray(0, B * H));
      }
      return out;
    },

    // dy: (B, T, H) or (B, H) -> dW, dU, db and dx: (B, T, F), sweeping t = T − 1 … 0
    backward(dyAll, dxs, B) {
      const dx = dxs[0];
      dxz.size(B);
      const n = B * H;
      const dH = (dh = ensureCapacity(dh, dtype, n));
      const dNext = (dhNext = ensureCapacity(dhNext, dtype, n));
      if (!cell.sameGrad) dhz = ensureCapacity(dhz, dtype, B * GH);
      dNext.fill(0, 0, n);
      cell.beginBackward?.(B);
      for (let t = T - 1; t >= 0; t--) {
        for (let k = 0; k < n; k++) dH[k] = dNext[k];
        if (returnSequences) {
          for (let b = 0; b < B; b++) for (let j = 0; j < H; j++) dH[b * H + j] += dyAll[(b * T + t) * H + j];
        } else if (t === T - 1) {
          for (let k = 0; k < n; k++) dH[k] += dyAll[k];
        }
        dNext.fill(0, 0, n);
        const dZx = dxz.at(t);
        const dZh = cell.sameGrad ? dZx : dhz!;
        cell.backward(t, hz.at(t), hs.at(t), hs.at(t + 1), dH, dZx, dZh, dNext, B);
        // dU += h_{t−1}ᵀ·dhz, db_h += Σ dhz, ∂L/∂h_{t−1} += dhz·Uᵀ (h_0 is a constant: no gradient needed)
        kernels().denseBackward(hs.at(t), U.value, dZh, t > 0 ? dNext : null, U.grad, bRec(bias?.grad), B, H, GH);
      }
      // dW += x_tᵀ·dxz, db += Σ dxz, dx = dxz·Wᵀ for all steps at once
      let dxt: FloatArray | null = null;
      if (dx) {
        dxT.size(B);
        (dxt = dxT.all).fill(0, 0, T * B * F);
      }
      kernels().denseBackward(xT.all, W.value, dxz.all, dxt, W.grad, bIn(bias?.grad), T * B, F, GH);
      if (dx && dxt) {
        for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) for (let f = 0; f < F; f++) dx[(b * T + t) * F + f] += dxt[(t * B + b) * F + f];
      }
    },
  };
}
