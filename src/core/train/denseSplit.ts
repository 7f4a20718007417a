// Intra-operator ("tensor") parallelism for a chain of Dense layers: one thread's part of a training
// step (issue 6, the MLP's second core). The threads are the host's (src/trainer/splitDense.ts); this
// file is the arithmetic, with the host's barrier passed in as `sync`.
//
// Why not data parallelism: each data-parallel thread holds every weight, so each streams all the
// parameters, their gradients and the optimizer state every step. An MLP does little compute per
// parameter (64 multiply-adds per weight at batch 64), so that traffic, which a second thread does not
// shrink, dominates. Here each of P threads owns a slice of every layer (its weights, gradients and
// optimizer state, copied out as a contiguous matrix) and sees the whole batch. The cuts alternate,
// as in Megatron-LM's MLP (layerSplits):
//   columns  (the first hidden layer, the third, …) a thread owns output units: W[:, mine], b[mine].
//            Forward it computes a[:, mine] = f(a_in · W[:, mine] + b[mine]), nothing shared.
//   rows     (the layer after each columns layer) a thread owns the input rows that layer's units
//            feed: W[mine, :]; b is held by every thread. Its input is exactly the a[:, mine] the
//            layer below left on this thread; its output is a partial sum a[:, mine] · W[mine, :],
//            summed over the threads (publish, sync, add in thread order, so a seed replays a run
//            exactly), after which every thread has the whole output.
//   whole    the output layer after a rows layer, and every layer on one thread: every thread
//            computes it (same inputs, same values).
// Backward runs the same cuts in reverse: a rows layer's ∂L/∂input is ∂L/∂a[:, mine] of the columns
// layer below, on this thread; a columns layer after the first needs ∂L/∂a_in whole, the sum of every
// thread's term (reductions()). So the 784-128-64-10 MLP syncs once a step: the second layer's sum.
// Every thread thus streams 1/P of the cut weights. Values agree with one thread to float rounding
// (the sums regroup).
//
// With `resident` (the host installed the WebAssembly kernels), a part keeps its parameter slices,
// their gradients, its optimizer's state, its copy of the batch and every per-step array (z, y and dz
// of each layer, partial sums, ∂L/∂ terms) in a wasm workspace of its own (tensor/wasmKernels.ts),
// where its kernels and Adam work on them in place instead of copying them in and out on every call;
// only the sums with the other threads go through shared memory (one copy each way). P = 1 is the
// one-thread engine for such a chain.

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

/** How a layer's weights are cut between the threads (see the header). */
export type LayerSplit = 'columns' | 'rows' | 'whole';

/**
 * Each layer's split on `parts` threads: hidden layers alternate columns, rows, columns, … from the
 * first; the output layer is cut by rows after a columns layer, else whole (every thread computes it).
 * One thread: every layer whole.
 */
export function layerSplits(chain: readonly ChainLayer[], parts: number): LayerSplit[] {
  const last = chain.length - 1;
  return chain.map((_, l) => {
    if (parts === 1) return 'whole';
    if (l < last) return l % 2 === 0 ? 'columns' : 'rows';
    return (l - 1) % 2 === 0 ? 'rows' : 'whole';
  });
}

/** The range thread p owns of layer l: its output units (columns), its input rows (rows), everything (whole). */
function ownedRange(chain: readonly ChainLayer[], splits: readonly LayerSplit[], l: number, p: number, parts: number): { c0: number; c1: number } {
  const { I, O } = chain[l];
  if (splits[l] === 'columns') return unitRange(O, p, parts);
  if (splits[l] === 'rows') return unitRange(I, p, parts);
  return { c0: 0, c1: O };
}

/**
 * The sums the threads share, in order: one after the GEMM of each layer cut by rows (its output, n × O),
 * then one for ∂L/∂(input) of each layer cut by columns after the first (n × I); `layer` and `width`.
 */
export function reductions(chain: readonly ChainLayer[], parts: number): { layer: number; width: number; backward: boolean }[] {
  const splits = layerSplits(chain, parts);
  const out: { layer: number; width: number; backward: boolean }[] = [];
  splits.forEach((s, l) => {
    if (s === 'rows') out.push({ layer: l, width: chain[l].O, backward: false });
  });
  splits.forEach((s, l) => {
    if (s === 'columns' && l > 0) out.push({ layer: l, width: chain[l].I, backward: true });
  });
  return out;
}

/**
 * What the threads share in a step: per reduction (reductions()) a slot per thread (maxBatch × width).
 * There are two sets, used by alternate steps: a thread may still read step k's set after the step's
 * last sync while another starts step k+1, and none can start step k+2 before every thread has reached
 * step k+1's first sync (every step has one: a chain cut between threads has at least one reduction).
 */
export interface SplitBuffers {
  slots: FloatArray[][];
}

/** Sizes of the shared buffers of a chain (floats), in SplitBuffers order. */
export function splitBufferSizes(chain: readonly ChainLayer[], parts: number, maxBatch: number): { slots: number[][] } {
  return { slots: reductions(chain, parts).map((r) => Array.from({ length: parts }, () => maxBatch * r.width)) };
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
  split: LayerSplit;
  /** The range owned: output units (columns), input rows (rows), all units (whole). */
  c0: number;
  w: number;
  /** Its input and output widths as this thread computes them. */
  I: number;
  O: number;
  /** Its slice of W, (I, O) as seen here; its bias: its units' (columns) or all of it (rows, whole: every thread holds it). */
  kernel: Param;
  bias: Param | null;
  stage: ReturnType<typeof activationStage>;
  /** Index into the shared slots of the sum of its output (rows), or of ∂L/∂input (columns after the first); else −1. */
  reduce: number;
  /** Its partial output before the sum (rows), its ∂L/∂input term (layers after the first), and that term summed over the threads (columns after the first). */
  partial: FloatArray | null;
  dx: FloatArray | null;
  dxSum: FloatArray | null;
}

/** Optimizer state buffers per parameter a workspace makes room for (RMSprop, centered with momentum, keeps three). */
const STATE_BUFFERS = 3;

/** The shapes of thread `part`'s layers (see PartLayer). */
function partShapes(chain: readonly ChainLayer[], part: number, parts: number) {
  const splits = layerSplits(chain, parts);
  const sums = reductions(chain, parts);
  return chain.map((src, l) => {
    const split = splits[l];
    const { c0, c1 } = ownedRange(chain, splits, l, part, parts);
    const w = c1 - c0;
    return {
      src, split, c0, w,
      I: split === 'rows' ? w : src.I,
      O: split === 'columns' ? w : src.O,
      biasWidth: split === 'columns' ? w : src.O,
      reduce: sums.findIndex((r) => r.layer === l),
      /** A partial output summed over the threads (rows), and ∂L/∂input summed over them (columns after the first). */
      sumsOutput: split === 'rows',
      sumsInputGrad: split === 'columns' && l > 0,
    };
  });
}

/** Thread `part`'s share of a Dense chain (see the header). */
export class DenseSplitPart {
  /** Its parameter slices and its copies of the layers every thread holds, named like the model's (an optimizer runs over these). */
  readonly params: Param[];
  private readonly layers: PartLayer[];
  /** Where its arrays live (resident), else null: the installed kernels copy them per call. */
  readonly workspace: WasmWorkspace | null;
  private readonly k: Kernels | null;
  /** Its copy of the batch's inputs (in the workspace when resident). */
  private readonly x: FloatArray;
  private readonly maxBatch: number;
  private readonly dOut: FloatArray;
  private steps = 0;

  constructor(
    chain: readonly ChainLayer[], readonly part: number, readonly parts: number,
    private readonly shared: readonly [SplitBuffers, SplitBuffers], private readonly sync: () => void,
    options: { maxBatch: number; resident: boolean },
  ) {
    const shapes = partShapes(chain, part, parts);
    this.workspace = options.resident ? createWasmWorkspace(workspaceFloats(chain, part, parts, options.maxBatch)) : null;
    this.k = this.workspace?.kernels ?? null;
    const ws = this.workspace;
    const floats = (n: number): FloatArray => (ws ? ws.allocate(n) : allocate('float32', n));
    const B = (this.maxBatch = options.maxBatch);
    this.x = floats(B * chain[0].I);
    this.layers = shapes.map((sh, l) => {
      const { src, I, O } = sh;
      const param = (p: Param, shape: number[], n: number): Param => ({ name: p.name, shape, value: floats(n), grad: floats(n) });
      const stage: StageBuffers | undefined = ws ? { z: ws.allocate(B * O), y: ws.allocate(B * O), dz: ws.allocate(B * O), kernels: ws.kernels } : undefined;
      return {
        src, split: sh.split, c0: sh.c0, w: sh.w, I, O, reduce: sh.reduce,
        kernel: param(src.kernel, [I, O], I * O),
        bias: src.bias ? param(src.bias, [sh.biasWidth], sh.biasWidth) : null,
        stage: activationStage(getActivation(src.activation)!, 'float32', 1, O, stage),
        partial: sh.sumsOutput ? floats(B * O) : null,
        dx: l > 0 ? floats(B * I) : null,
        dxSum: sh.sumsInputGrad ? floats(B * src.I) : null,
      };
    });
    this.params = this.layers.flatMap((l) => (l.bias ? [l.kernel, l.bias] : [l.kernel]));
    this.dOut = floats(B * chain[chain.length - 1].O);
  }

  /** Takes its share of every layer from full tensors (`full(p)`: the model's layout of model parameter p). */
  loadWeights(full: (p: Param) => FloatArray): void {
    for (const l of this.layers) {
      const W = full(l.src.kernel);
      if (l.split === 'columns') copyColumns(W, l.src.O, l.kernel.value, l.c0, l.w, l.src.I, true);
      else l.kernel.value.set(W.subarray(l.c0 * l.src.O, (l.c0 + l.I) * l.src.O));
      if (l.bias && l.src.bias) {
        const b = full(l.src.bias);
        l.bias.value.set(l.split === 'columns' ? b.subarray(l.c0, l.c0 + l.w) : b);
      }
    }
  }

  /** Writes its share into full tensors; what every thread holds (whole layers, the biases of layers cut by rows) only when `withShared` (one thread writes it). */
  storeWeights(full: (p: Param) => FloatArray, withShared: boolean): void {
    for (const l of this.layers) {
      if (l.split === 'whole' && !withShared) continue;
      const W = full(l.src.kernel);
      if (l.split === 'columns') copyColumns(W, l.src.O, l.kernel.value, l.c0, l.w, l.src.I, false);
      else W.set(l.kernel.value, l.c0 * l.src.O);
      if (l.bias && l.src.bias && (l.split === 'columns' || withShared)) full(l.src.bias).set(l.bias.value, l.split === 'columns' ? l.c0 : 0);
    }
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
    const slots = this.shared[this.parity].slots;
    this.steps++;
    const L = this.layers.length;
    const k = this.k ?? kernels();
    const inSize = this.layers[0].src.I;
    if (n > this.maxBatch) throw new Error(`DenseSplitPart: a batch of ${n} samples is larger than the ${this.maxBatch} it was built for`);
    const into = this.x;
    if (!(x.buffer === into.buffer && x.byteOffset === into.byteOffset)) into.set(x.length === n * inSize ? x : x.subarray(0, n * inSize));
    // Forward. A layer cut by columns gives its units, which the next layer (cut by rows) takes as its
    // input rows; a layer cut by rows gives a partial output, summed over the threads.
    const inputs: FloatArray[] = [into];
    for (let i = 0; i < L; i++) {
      const l = this.layers[i];
      const z = l.stage.z(n);
      if (l.partial) {
        // Thread 0's partial carries the bias: the sum adds it once.
        k.denseForward(inputs[i], l.kernel.value, l.bias && this.part === 0 ? l.bias.value : null, l.partial, n, l.I, l.O);
        this.allReduce(k, slots[l.reduce], l.partial, z, n, l.O);
      } else {
        k.denseForward(inputs[i], l.kernel.value, l.bias ? l.bias.value : null, z, n, l.I, l.O);
      }
      if (i < L - 1) inputs.push(l.stage.forward(n));
    }
    // The loss, on the whole output (every thread has it). A loss fused with the output activation takes the logits.
    const out = this.layers[L - 1];
    const fused = FUSED_ACTIVATION[loss] === out.src.activation;
    const dOut = this.dOut;
    const value = getLoss(loss)(fused ? out.stage.preActivation() : out.stage.forward(n), t, n, out.O, dOut);
    for (const p of this.params) p.grad.fill(0);
    // Backward, last to first. dy = ∂L/∂(this layer's output as this thread holds it): its units of a
    // layer cut by columns (the rows layer above gave exactly those), else all of them.
    let dy = dOut;
    for (let i = L - 1; i >= 0; i--) {
      const l = this.layers[i];
      const dz = i === L - 1 && fused ? dy : l.stage.backward(dy, n);
      const dx = l.dx;
      dx?.fill(0, 0, n * l.I);
      k.denseBackward(inputs[i], l.kernel.value, dz, dx, l.kernel.grad, l.bias ? l.bias.grad : null, n, l.I, l.O);
      if (!dx) break;
      if (l.dxSum) {
        this.allReduce(k, slots[l.reduce], dx, l.dxSum, n, l.src.I);
        dy = l.dxSum;
      } else dy = dx;
    }
    return value;
  }

  /** sum = Σ_q (thread q's `mine`), in thread order (so a seed replays a run exactly): publish, sync, add up. */
  private allReduce(k: Kernels, slot: FloatArray[], mine: FloatArray, sum: FloatArray, n: number, width: number): void {
    const size = n * width;
    slot[this.part].set(mine.subarray(0, size));
    this.sync();
    for (let q = 0; q < slot.length; q++) k.copyColumns(q === this.part ? mine : slot[q], width, sum, width, n, width, q > 0);
  }
}

/** A part's workspace: every array it allocates there (see the constructor), and scratch for operands that live elsewhere (shared memory, callers' arrays). */
function workspaceFloats(chain: readonly ChainLayer[], part: number, parts: number, B: number): { resident: number; scratch: number } {
  const arrays = [B * chain[0].I, B * chain[chain.length - 1].O];
  partShapes(chain, part, parts).forEach((sh, l) => {
    arrays.push(B * sh.O, B * sh.O, B * sh.O); // z, y, dz
    if (sh.sumsOutput) arrays.push(B * sh.O); // partial
    if (l > 0) arrays.push(B * sh.I); // dx
    if (sh.sumsInputGrad) arrays.push(B * sh.src.I); // dxSum
    for (let k = 0; k < 2 + STATE_BUFFERS; k++) {
      arrays.push(sh.I * sh.O); // the kernel: value, grad, optimizer state
      if (sh.src.bias) arrays.push(sh.biasWidth);
    }
  });
  // Each array takes a multiple of 4 floats.
  const resident = arrays.reduce((sum, n) => sum + Math.ceil(n / 4) * 4, 0);
  return { resident, scratch: Math.max(...chain.map((l) => B * (2 * l.I + l.O))) };
}

/** Copies thread q's share of every layer cut between threads (its columns or rows of the kernel, its columns of the bias) from one full layout to another. */
export function copyPartUnits(
  chain: readonly ChainLayer[], q: number, parts: number, from: (p: Param) => FloatArray, to: (p: Param) => FloatArray,
): void {
  const splits = layerSplits(chain, parts);
  chain.forEach((l, i) => {
    if (splits[i] === 'whole') return;
    const { c0, c1 } = ownedRange(chain, splits, i, q, parts);
    const src = from(l.kernel);
    const dst = to(l.kernel);
    if (splits[i] === 'rows') {
      dst.set(src.subarray(c0 * l.O, c1 * l.O), c0 * l.O);
      return;
    }
    for (let r = 0; r < l.I; r++) dst.set(src.subarray(r * l.O + c0, r * l.O + c1), r * l.O + c0);
    if (l.bias) to(l.bias).set(from(l.bias).subarray(c0, c1), c0);
  });
}

/**
 * Writes thread `part`'s share of an optimizer state (over its DenseSplitPart's params) into `into`, a
 * state over the model's parameters: its share of each layer cut between threads; thread 0 also what
 * every thread holds (whole layers, the biases of layers cut by rows) and the scalars (the step count).
 */
export function scatterPartState(chain: readonly ChainLayer[], part: number, parts: number, mine: OptimizerState, into: OptimizerState): void {
  const splits = layerSplits(chain, parts);
  const where = new Map<string, { i: number; isKernel: boolean }>();
  chain.forEach((l, i) => {
    where.set(l.kernel.name, { i, isKernel: true });
    if (l.bias) where.set(l.bias.name, { i, isKernel: false });
  });
  for (const [key, value] of Object.entries(mine)) {
    const target = into[key];
    if (typeof value === 'number') {
      if (part === 0) into[key] = value;
      continue;
    }
    const at = where.get(key.slice(0, key.lastIndexOf('/')));
    if (!at || typeof target !== 'object') continue;
    const l = chain[at.i];
    const split = splits[at.i];
    const everyThread = split === 'whole' || (split === 'rows' && !at.isKernel);
    if (everyThread) {
      if (part === 0) target.set(value);
      continue;
    }
    const { c0, c1 } = ownedRange(chain, splits, at.i, part, parts);
    if (split === 'rows') target.set(value, c0 * l.O);
    else if (at.isKernel) copyColumns(target, l.O, value, c0, c1 - c0, l.I, false);
    else target.set(value, c0);
  }
}
