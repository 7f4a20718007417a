// Intra-operator ("tensor") parallelism for a chain of Dense layers: one thread's part of a training
// step (issue 6, the MLP's second core). The threads are the host's (src/trainer/splitDense.ts); this
// file is the arithmetic, with the host's barrier passed in as `sync`.
//
// Why not data parallelism: each data-parallel thread holds every weight, so each streams all the
// parameters, their gradients and the optimizer state every step. An MLP does little compute per
// parameter (64 multiply-adds per weight at batch 64), so that traffic, which a second thread does not
// shrink, dominates. Here each of P threads owns a slice of every hidden layer's output units (its
// columns of W, copied out as a contiguous (I, O_p) matrix, of b, of their gradients and optimizer
// state) and sees the whole batch:
//   forward   a_l[:, mine] = f(a_{l-1} · W_l[:, mine] + b_l[mine]) into its block of the shared a_l;
//             sync; each thread assembles the whole a_l from the blocks
//   output    every thread computes the (small) output layer, the loss and ∂L/∂a_{L-2} itself: same
//             inputs, same values, so no exchange
//   backward  dz = f'(z_l) ⊙ ∂L/∂a_l[:, mine];  dW_l[:, mine] = a_{l-1}ᵀ·dz;  db_l[mine] = Σ_b dz
//             ∂L/∂a_{l-1} = Σ_p dz^p · W_l[:, p]ᵀ: each thread writes its term into its shared slot;
//             sync; each adds the slots in thread order (fixed, so a seed replays a run exactly)
//   update    each thread's optimizer steps its slices and its copy of the output layer
// Every thread thus streams 1/P of the hidden weights. Forward values and weight gradients agree
// with one thread to float rounding (the hidden ∂L/∂a sums regroup).
//
// With `resident` (the host installed the WebAssembly kernels), a part keeps its parameter slices,
// their gradients, its optimizer's state, its copy of the batch and every per-step array (z, y and dz
// of each layer, its copy of each shared activation, ∂L/∂ terms) in a wasm workspace of its own
// (tensor/wasmKernels.ts), where its kernels and Adam work on them in place instead of copying them in
// and out on every call; only the exchange with the other threads goes through shared memory (one
// copy each way). P = 1 is the one-thread engine for such a chain.

import { getActivation } from '../activations';
import type { TrainableModel } from '../graph/model';
import { activationStage, type StageBuffers } from '../layers/affine';
import { FUSED_ACTIVATION, getLoss } from '../losses';
import { kernels, type Kernels } from '../tensor/kernels';
import { createWasmWorkspace, type WasmWorkspace } from '../tensor/wasmKernels';
import { allocate, type FloatArray, type Param } from '../tensor/tensor';
import type { LossKind } from './config';
import { batchShards } from './gradientEngine';
import { gatherRows } from './metrics';
import type { OptimizerState } from '../optim';

/** One Dense layer of a chain: its parameters in the model and its sizes. */
export interface ChainLayer {
  kernel: Param;
  bias: Param | null;
  I: number;
  O: number;
  activation: string;
}

/**
 * The Dense layers of a model that is Input → Dense → … → Dense (two or more, every hidden
 * activation elementwise, every parameter trainable, float32), or null for any other network.
 */
export function denseChain(model: TrainableModel): ChainLayer[] | null {
  const nodes = model.nodes;
  if (model.dtype !== 'float32' || nodes.length < 3 || nodes[0].type !== 'input') return null;
  const chain: ChainLayer[] = [];
  for (let k = 1; k < nodes.length; k++) {
    const { type, layer, inputs } = nodes[k];
    if (type !== 'dense' || inputs.length !== 1 || inputs[0] !== k - 1) return null;
    const [kernel, bias = null] = layer.params;
    if (layer.params.some((p) => p.trainable === false)) return null;
    const activation = layer.activation ?? 'linear';
    if (k < nodes.length - 1 && activation === 'softmax') return null; // row-wise: needs every unit
    chain.push({ kernel, bias, I: kernel.shape[0], O: kernel.shape[1], activation });
  }
  return chain;
}

/** The output units thread p of `parts` owns in a layer of O units ([c0, c1), larger parts first). */
export function unitRange(O: number, p: number, parts: number): { c0: number; c1: number } {
  const { start, count } = batchShards(O, parts)[p];
  return { c0: start, c1: start + count };
}

/**
 * What the threads share in a step: per hidden layer l its activations (maxBatch, O_l); per hidden
 * layer l ≥ 1 a slot per thread for its ∂L/∂a_{l-1} term (maxBatch, I_l). There are two sets, used by
 * alternate steps: a thread may still read step k's set after the step's last sync while another
 * starts step k+1, and none can start step k+2 before every thread has reached step k+1's first sync.
 */
export interface SplitBuffers {
  acts: FloatArray[];
  partials: FloatArray[][];
}

/** Sizes of the shared buffers of a chain (floats), in SplitBuffers order. */
export function splitBufferSizes(chain: readonly ChainLayer[], parts: number, maxBatch: number): { acts: number[]; partials: number[][] } {
  const hidden = chain.slice(0, -1);
  return {
    acts: hidden.map((l) => maxBatch * l.O),
    partials: hidden.map((l, i) => (i === 0 ? [] : Array.from({ length: parts }, () => maxBatch * l.I))),
  };
}

/** Copies columns [c0, c0+w) of rows × cols `full` into rows × w `slice` (toSlice) or back (by element: no views to allocate per row). */
export function copyColumns(full: FloatArray, cols: number, slice: FloatArray, c0: number, w: number, rows: number, toSlice: boolean): void {
  for (let r = 0; r < rows; r++) {
    const f = r * cols + c0;
    const o = r * w;
    if (toSlice) for (let j = 0; j < w; j++) slice[o + j] = full[f + j];
    else for (let j = 0; j < w; j++) full[f + j] = slice[o + j];
  }
}

interface PartLayer {
  src: ChainLayer;
  /** Output units owned: all of them for the output layer. */
  c0: number;
  w: number;
  /** Every thread's units of this layer (a hidden layer's blocks in the shared activations). */
  blocks: { c0: number; w: number }[];
  kernel: Param;
  bias: Param | null;
  stage: ReturnType<typeof activationStage>;
}

/** Optimizer state buffers per parameter a workspace makes room for (RMSprop, centered with momentum, keeps three). */
const STATE_BUFFERS = 3;

/** Thread `part`'s share of a Dense chain (see the header). */
export class DenseSplitPart {
  /** Its parameter slices and its copy of the output layer, named like the model's (an optimizer runs over these). */
  readonly params: Param[];
  private readonly layers: PartLayer[];
  /** Where its arrays live (resident), else null: the installed kernels copy them per call. */
  readonly workspace: WasmWorkspace | null;
  private readonly k: Kernels | null;
  /** Its copy of the batch's inputs (in the workspace when resident). */
  private readonly x: FloatArray;
  private readonly maxBatch: number;
  /** Each hidden layer's whole activations (n, O), assembled from the threads' blocks (none on one thread: its y is all of them). */
  private readonly acts: FloatArray[];
  /** Its term of ∂L/∂a_{l-1} (n, I_l), then copied into its shared slot; two, alternating by layer (on one thread the next layer down reads the last one as its dy). */
  private readonly dxs: FloatArray[];
  private readonly dOut: FloatArray;
  private readonly dHidden: FloatArray; // ∂L/∂(the last hidden layer's output), from the output layer
  private readonly dMine: FloatArray; // ∂L/∂a_l[:, mine], contiguous
  private steps = 0;

  constructor(
    chain: readonly ChainLayer[], readonly part: number, readonly parts: number,
    private readonly shared: readonly [SplitBuffers, SplitBuffers], private readonly sync: () => void,
    options: { maxBatch: number; resident: boolean },
  ) {
    const last = chain.length - 1;
    const ranges = chain.map((src, l) => (l === last ? { c0: 0, c1: src.O } : unitRange(src.O, part, parts)));
    this.workspace = options.resident ? createWasmWorkspace(workspaceFloats(chain, ranges, parts, options.maxBatch)) : null;
    this.k = this.workspace?.kernels ?? null;
    const ws = this.workspace;
    const floats = (n: number): FloatArray => (ws ? ws.allocate(n) : allocate('float32', n));
    const B = (this.maxBatch = options.maxBatch);
    this.x = floats(B * chain[0].I);
    this.layers = chain.map((src, l) => {
      const { c0, c1 } = ranges[l];
      const w = c1 - c0;
      const slice = (p: Param, n: number): Param => ({ name: p.name, shape: l === last ? p.shape : [...p.shape.slice(0, -1), w], value: floats(n), grad: floats(n) });
      const stage: StageBuffers | undefined = ws ? { z: ws.allocate(B * w), y: ws.allocate(B * w), dz: ws.allocate(B * w), kernels: ws.kernels } : undefined;
      const blocks = Array.from({ length: l === last ? 1 : parts }, (_, q) => {
        const r = l === last ? { c0: 0, c1: src.O } : unitRange(src.O, q, parts);
        return { c0: r.c0, w: r.c1 - r.c0 };
      });
      return {
        src, c0, w, blocks,
        kernel: slice(src.kernel, src.I * w),
        bias: src.bias ? slice(src.bias, w) : null,
        stage: activationStage(getActivation(src.activation)!, 'float32', 1, w, stage),
      };
    });
    this.params = this.layers.flatMap((l) => (l.bias ? [l.kernel, l.bias] : [l.kernel]));
    const { acts, dx, dMine } = exchangeFloats(chain, ranges, parts, B);
    this.acts = acts.map(floats);
    this.dxs = dx ? [floats(dx), floats(dx)] : [];
    this.dOut = floats(B * chain[last].O);
    this.dHidden = floats(B * chain[last].I);
    this.dMine = floats(dMine);
  }

  /** Takes its columns of every layer from full tensors (`full(p)`: the model's layout of model parameter p). */
  loadWeights(full: (p: Param) => FloatArray): void {
    for (const l of this.layers) {
      copyColumns(full(l.src.kernel), l.src.O, l.kernel.value, l.c0, l.w, l.src.I, true);
      if (l.bias && l.src.bias) l.bias.value.set(full(l.src.bias).subarray(l.c0, l.c0 + l.w));
    }
  }

  /** Writes its columns into full tensors; the output layer too when `withOutput` (one thread writes it). */
  storeWeights(full: (p: Param) => FloatArray, withOutput: boolean): void {
    const last = this.layers.length - 1;
    this.layers.forEach((l, i) => {
      if (i === last && !withOutput) return;
      copyColumns(full(l.src.kernel), l.src.O, l.kernel.value, l.c0, l.w, l.src.I, false);
      if (l.bias && l.src.bias) full(l.src.bias).set(l.bias.value, l.c0);
    });
  }

  /** Its copy of the batch's inputs (maxBatch, I), where a caller may gather a batch itself (then lossAndGradients copies nothing). */
  get input(): FloatArray {
    return this.x;
  }

  /** Gathers the rows idx[0 … n) of `rows` ((·, I), row-major) into its copy of the batch's inputs. */
  gather(rows: FloatArray, idx: ArrayLike<number>, n: number): void {
    if (n > this.maxBatch) throw new Error(`DenseSplitPart: a batch of ${n} samples is larger than the ${this.maxBatch} it was built for`);
    gatherRows(rows, this.layers[0].src.I, idx, 0, n, this.x);
  }

  /** Which of the two sets of shared buffers (and of the host's batch buffers) the next step uses: 0, 1, 0, … */
  get parity(): number {
    return this.steps & 1;
  }

  /**
   * Fills every grad of `params` with ∂(mean loss)/∂θ over the n samples of (x, t) and returns the
   * loss; every thread calls it for the same batch at the same time (it meets the others in sync()).
   */
  lossAndGradients(x: FloatArray, t: ArrayLike<number>, n: number, loss: LossKind): number {
    const shared = this.shared[this.parity];
    this.steps++;
    const L = this.layers.length;
    const k = this.k ?? kernels();
    const inSize = this.layers[0].src.I;
    if (n > this.maxBatch) throw new Error(`DenseSplitPart: a batch of ${n} samples is larger than the ${this.maxBatch} it was built for`);
    const into = this.x;
    if (!(x.buffer === into.buffer && x.byteOffset === into.byteOffset)) into.set(x.length === n * inSize ? x : x.subarray(0, n * inSize));
    const solo = this.parts === 1;
    const inputs: FloatArray[] = [into];
    // Hidden layers: my units, published as my block of the shared activations; then the whole layer
    // assembled from every thread's block (mine from y, which this thread has at hand).
    for (let i = 0; i < L - 1; i++) {
      const l = this.layers[i];
      k.denseForward(inputs[i], l.kernel.value, l.bias ? l.bias.value : null, l.stage.z(n), n, l.src.I, l.w);
      const y = l.stage.forward(n);
      if (solo) {
        inputs.push(y);
        continue;
      }
      const blocks = shared.acts[i];
      blocks.set(y.subarray(0, n * l.w), this.maxBatch * l.c0);
      this.sync();
      const a = this.acts[i];
      for (const [q, { c0, w }] of l.blocks.entries()) {
        const block = q === this.part ? y : blocks.subarray(this.maxBatch * c0, this.maxBatch * c0 + n * w);
        k.copyColumns(block, w, a.subarray(c0), l.src.O, n, w, false);
      }
      inputs.push(a);
    }
    // The output layer, whole, on every thread.
    const out = this.layers[L - 1];
    const O = out.src.O;
    k.denseForward(inputs[L - 1], out.kernel.value, out.bias ? out.bias.value : null, out.stage.z(n), n, out.src.I, O);
    // A loss fused with the output activation takes the logits: y itself is not needed.
    const fused = FUSED_ACTIVATION[loss] === out.src.activation;
    const dOut = this.dOut;
    const value = getLoss(loss)(fused ? out.stage.preActivation() : out.stage.forward(n), t, n, O, dOut);
    for (const p of this.params) p.grad.fill(0);
    const dH = this.dHidden;
    dH.fill(0, 0, n * out.src.I);
    k.denseBackward(inputs[L - 1], out.kernel.value, fused ? dOut : out.stage.backward(dOut, n), dH, out.kernel.grad, out.bias ? out.bias.grad : null, n, out.src.I, O);
    // Hidden layers, last to first. dy = ∂L/∂a_l[:, mine]: my columns of dH, or the sum of my columns of
    // every thread's term (in thread order, so a seed replays a run exactly).
    for (let i = L - 2; i >= 0; i--) {
      const l = this.layers[i];
      const above = this.dxs[(i + 1) & 1]; // the layer above's term, computed by this thread
      let dy: FloatArray;
      if (solo) dy = i === L - 2 ? dH : above;
      else {
        dy = this.dMine;
        if (i === L - 2) k.copyColumns(dH.subarray(l.c0), l.src.O, dy, l.w, n, l.w, false);
        else {
          const slots = shared.partials[i + 1];
          for (let q = 0; q < slots.length; q++) k.copyColumns((q === this.part ? above : slots[q]).subarray(l.c0), l.src.O, dy, l.w, n, l.w, q > 0);
        }
      }
      const dz = l.stage.backward(dy, n);
      const dx = i > 0 ? this.dxs[i & 1] : null;
      dx?.fill(0, 0, n * l.src.I);
      k.denseBackward(inputs[i], l.kernel.value, dz, dx, l.kernel.grad, l.bias ? l.bias.grad : null, n, l.src.I, l.w);
      if (dx && !solo) {
        shared.partials[i][this.part].set(dx.subarray(0, n * l.src.I));
        this.sync();
      }
    }
    return value;
  }
}

/** Floats of a part's exchange arrays: each hidden layer's assembled activations (with other threads only), each of its two ∂L/∂a terms, and dMine. */
function exchangeFloats(
  chain: readonly ChainLayer[], ranges: readonly { c0: number; c1: number }[], parts: number, B: number,
): { acts: number[]; dx: number; dMine: number } {
  const hidden = chain.slice(0, -1);
  return {
    acts: parts > 1 ? hidden.map((l) => B * l.O) : [],
    dx: B * Math.max(0, ...chain.slice(1, -1).map((l) => l.I)),
    dMine: B * Math.max(...hidden.map((_, i) => ranges[i].c1 - ranges[i].c0)),
  };
}

/** A part's workspace: every array it allocates there (see the constructor), and scratch for operands that live elsewhere (shared memory, callers' arrays). */
function workspaceFloats(
  chain: readonly ChainLayer[], ranges: readonly { c0: number; c1: number }[], parts: number, B: number,
): { resident: number; scratch: number } {
  const last = chain.length - 1;
  const ws = ranges.map((r) => r.c1 - r.c0);
  const { acts, dx, dMine } = exchangeFloats(chain, ranges, parts, B);
  const arrays = [B * chain[0].I, ...acts, dx, dx, B * chain[last].O, B * chain[last].I, dMine];
  chain.forEach((l, i) => {
    const w = ws[i];
    arrays.push(B * w, B * w, B * w); // z, y, dz
    for (let k = 0; k < 2 + STATE_BUFFERS; k++) {
      arrays.push(l.I * w); // the kernel: value, grad, optimizer state
      if (l.bias) arrays.push(w);
    }
  });
  // Each array takes a multiple of 4 floats.
  const resident = arrays.reduce((sum, n) => sum + Math.ceil(n / 4) * 4, 0);
  return { resident, scratch: Math.max(...chain.map((l, i) => B * (2 * l.I + ws[i]))) };
}

/** Copies thread q's columns of every hidden layer (kernel and bias) from one full layout to another. */
export function copyPartUnits(
  chain: readonly ChainLayer[], q: number, parts: number, from: (p: Param) => FloatArray, to: (p: Param) => FloatArray,
): void {
  for (const l of chain.slice(0, -1)) {
    const { c0, c1 } = unitRange(l.O, q, parts);
    const src = from(l.kernel);
    const dst = to(l.kernel);
    for (let r = 0; r < l.I; r++) dst.set(src.subarray(r * l.O + c0, r * l.O + c1), r * l.O + c0);
    if (l.bias) to(l.bias).set(from(l.bias).subarray(c0, c1), c0);
  }
}

/**
 * Writes thread `part`'s share of an optimizer state (over its DenseSplitPart's params) into `into`, a
 * state over the model's parameters: its columns of each hidden layer's buffers; thread 0 also the
 * output layer's buffers (every thread holds the same) and the scalars (the step count).
 */
export function scatterPartState(chain: readonly ChainLayer[], part: number, parts: number, mine: OptimizerState, into: OptimizerState): void {
  const last = chain.length - 1;
  const where = new Map<string, { l: ChainLayer; isKernel: boolean; isOutput: boolean }>();
  chain.forEach((l, i) => {
    where.set(l.kernel.name, { l, isKernel: true, isOutput: i === last });
    if (l.bias) where.set(l.bias.name, { l, isKernel: false, isOutput: i === last });
  });
  for (const [key, value] of Object.entries(mine)) {
    const target = into[key];
    if (typeof value === 'number') {
      if (part === 0) into[key] = value;
      continue;
    }
    const at = where.get(key.slice(0, key.lastIndexOf('/')));
    if (!at || typeof target !== 'object' || (at.isOutput && part !== 0)) continue;
    const { c0, c1 } = at.isOutput ? { c0: 0, c1: at.l.O } : unitRange(at.l.O, part, parts);
    if (at.isOutput) target.set(value);
    else if (at.isKernel) copyColumns(target, at.l.O, value, c0, c1 - c0, at.l.I, false);
    else target.set(value, c0);
  }
}
