// A GradientEngine that trains a chain of Dense layers on worker threads by cutting its layers between
// them, by units and by input rows in turn (intra-operator parallelism; the arithmetic and why:
// core/train/denseSplit.ts).
// Node only (worker_threads; Electron's utilityProcess has them too). With threads: 1 there are no
// workers: it is the one-thread engine for such a chain, whose part keeps its arrays in a wasm workspace.
//
// Thread 0 is this one; worker thread q runs splitDenseThread.ts on a replica of the model. Per
// trainStep this thread puts the batch's targets, and either its inputs or (after takeRows: the
// session's inputs are in shared memory) their row indices, into shared memory (one of two sets,
// alternating, like the part's buffers) and bumps `seq`; every thread gathers the rows itself if asked,
// runs its DenseSplitPart over the whole batch (meeting in the Barrier inside) and steps its own
// optimizer over its slices. Nobody waits at the end of a step: the next step's first barrier absorbs
// who finished later.
//
// The newest weights are thus spread over the threads. syncModel() (the session calls it before it
// evaluates or snapshots the model) gathers them: this thread writes its columns into the session's
// model, asks each worker to write its columns into the shared weights, and copies those in.
//
// The session's optimizer is not stepped; each thread's optimizer keeps the state of its slices, and
// dispose() gathers them back into the session's optimizer (for the saved project). A failing worker
// reports through shared memory, so it surfaces as an Error from the step, never a hang.
import { receiveMessageOnPort, MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import {
  createOptimizer, gatherRows, jsKernels, kernels, targetsPerSample, type GradientEngine, type GradientEngineSpec, type Optimizer, type OptimizerState,
} from '../core';
import {
  copyPartUnits, DenseSplitPart, denseChain, scatterPartState, splitBufferSizes, type ChainLayer, type SplitBuffers,
} from '../core/train/denseSplit';
import type { FloatArray, Param } from '../core/tensor/tensor';
import { Barrier, copyRows, decodeError, ERROR_BYTES, threadEntry } from './threads';

/** Control words (Int32) shared with every worker. */
export const SPLIT_CTRL = {
  /** Step number asked for (−1: exit). */
  seq: 0,
  /** Samples in the step's batch. */
  n: 1,
  /** MODE.* */
  mode: 2,
  /** The seq of the last MODE.store request a worker answered (one word per worker from here: answered + q − 1). */
  answered: 3,
} as const;

/** What a worker is asked for with a new seq. */
export const SPLIT_MODE = {
  /** A training step on the batch in x/t set (step count & 1). */
  step: 0,
  /** Post the optimizer's state on the port. */
  state: 1,
  /** Write its share of the weights into the shared weights, then answer. */
  store: 2,
  /** A training step whose inputs each thread gathers itself: the rows of the shared inputs listed in idx set, targets in t set. */
  stepRows: 3,
} as const;
const STOP = -1;
const STALL_MS = 60_000;

/** What a split thread is started with (workerData). */
export interface SplitThreadData {
  spec: Omit<GradientEngineSpec, 'model'>;
  part: number;
  parts: number;
  maxBatch: number;
  /** Install the WebAssembly kernels (as the coordinator did): every thread must compute the replicated output layer with the same kernels. */
  wasm: boolean;
  ctrl: SharedArrayBuffer;
  /** The barrier's counters, one Int32 per thread. */
  sync: SharedArrayBuffer;
  /** Float64 [learning rate of the step]. */
  nums: SharedArrayBuffer;
  /** Per thread: its error bytes (index = part). */
  errors: SharedArrayBuffer[];
  /** Per thread: its status word (Int32, index = part). */
  status: SharedArrayBuffer;
  weights: SharedArrayBuffer;
  /** The batch, two sets (by the step count's parity). */
  x: [SharedArrayBuffer, SharedArrayBuffer];
  t: [SharedArrayBuffer, SharedArrayBuffer];
  /** The part's shared buffers (splitBuffers), two sets. */
  buffers: [SharedBuffers, SharedBuffers];
  /** The training inputs in shared memory (GradientEngineSpec.inputs), or null: the rows a MODE.stepRows step gathers. */
  inputs: { buffer: SharedArrayBuffer; byteOffset: number; length: number } | null;
  /** A MODE.stepRows step's row indices (Int32, maxBatch), two sets. */
  idx: [SharedArrayBuffer, SharedArrayBuffer];
  port: MessagePort;
  /** Tests: the thread throws while computing this step (1-based). */
  failAtStep?: number;
}

export interface SplitOptions {
  threads: number;
  failAtStep?: number;
}

/** Whether splitDense can train this spec's network on `threads` threads: a float32 Dense chain whose hidden layers have at least one unit per thread. */
export function splitsByUnits(spec: Pick<GradientEngineSpec, 'model'>, threads: number): boolean {
  const chain = denseChain(spec.model);
  return !!chain && chain.slice(0, -1).every((l) => l.O >= threads);
}

/** The flattened layout of a model's parameters: a view of each in `flat`, by name. */
export function paramViews(params: readonly Param[], flat: FloatArray): Map<string, FloatArray> {
  const views = new Map<string, FloatArray>();
  let at = 0;
  for (const p of params) {
    views.set(p.name, flat.subarray(at, at + p.value.length));
    at += p.value.length;
  }
  return views;
}

export interface SharedBuffers {
  slots: SharedArrayBuffer[][];
}

/** One set of a chain's shared step buffers (core/train/denseSplit.ts SplitBuffers). */
export function splitBuffers(chain: readonly ChainLayer[], parts: number, maxBatch: number): SharedBuffers {
  return { slots: splitBufferSizes(chain, parts, maxBatch).slots.map((row) => row.map((n) => new SharedArrayBuffer(n * 4))) };
}

/** Float32 views of both sets. */
export function splitViews(sets: readonly SharedBuffers[]): [SplitBuffers, SplitBuffers] {
  const view = ({ slots }: SharedBuffers): SplitBuffers => ({ slots: slots.map((row) => row.map((b) => new Float32Array(b))) });
  return [view(sets[0]), view(sets[1])];
}

export class SplitDenseGradients implements GradientEngine {
  readonly threads: number;
  private readonly model: GradientEngineSpec['model'];
  private readonly loss: GradientEngineSpec['loss'];
  private readonly chain: ChainLayer[];
  private readonly part: DenseSplitPart;
  private readonly optimizer: Optimizer;
  private readonly ctrl: Int32Array;
  private readonly status: Int32Array;
  private readonly nums: Float64Array;
  private readonly errors: Uint8Array[];
  private readonly x: [Float32Array, Float32Array];
  private readonly t: [Float32Array, Float32Array];
  /** The spec's inputs when the workers can read them (shared memory, several threads), else null. */
  private readonly inputs: Float32Array | null;
  private readonly idx: [Int32Array, Int32Array];
  /** takeRows() took the next batch's inputs: its sample count (they are not in x yet). */
  private pendingRows: number | null = null;
  private readonly barrier: Barrier;
  private readonly modelViews: (p: Param) => FloatArray;
  private readonly sharedViews: (p: Param) => FloatArray;
  private readonly workers: { worker: Worker; port: MessagePort }[] = [];
  private readonly inSize: number;
  private readonly maxBatch: number;
  private readonly tSize: number;
  private seq = 0;
  /** The session's optimizer, once a step ran here: dispose() loads the threads' state into it. */
  private sessionOptimizer: Optimizer | null = null;
  /** After a gradient-only call (penalties or clipping), the rest of the run trains on this thread. */
  private local = false;
  /** The session's model holds the newest weights. */
  private synced = true;
  private failure: Error | null = null;
  /** The workers were told to exit. */
  private stopped = false;
  private disposed = false;

  constructor(spec: GradientEngineSpec, options: SplitOptions) {
    const { model, ...rest } = spec;
    this.threads = Math.max(1, Math.floor(options.threads));
    this.model = model;
    this.loss = spec.loss;
    const chain = denseChain(model);
    if (!chain || !splitsByUnits(spec, this.threads)) throw new Error('SplitDenseGradients: the network is not a Dense chain with enough units per layer');
    this.chain = chain;
    this.inSize = model.inputSize;
    this.tSize = targetsPerSample(spec.loss, model.outputSize);
    const maxBatch = (this.maxBatch = Math.max(1, spec.batchSize));
    const params = model.parameters();
    const total = params.reduce((s, p) => s + p.value.length, 0);

    const ctrlBuf = new SharedArrayBuffer((SPLIT_CTRL.answered + this.threads) * 4);
    const syncBuf = new SharedArrayBuffer(this.threads * 4);
    const statusBuf = new SharedArrayBuffer(this.threads * 4);
    const numsBuf = new SharedArrayBuffer(8);
    const errorBufs = Array.from({ length: this.threads }, () => new SharedArrayBuffer(ERROR_BYTES));
    const weightsBuf = new SharedArrayBuffer(total * 4);
    const two = (n: number): [SharedArrayBuffer, SharedArrayBuffer] => [new SharedArrayBuffer(n * 4), new SharedArrayBuffer(n * 4)];
    const xBuf = two(maxBatch * this.inSize);
    const tBuf = two(maxBatch * this.tSize);
    const buffers: [SharedBuffers, SharedBuffers] = [splitBuffers(chain, this.threads, maxBatch), splitBuffers(chain, this.threads, maxBatch)];
    const { inputs } = spec;
    this.inputs = this.threads > 1 && inputs instanceof Float32Array && inputs.buffer instanceof SharedArrayBuffer ? inputs : null;
    const idxBuf = two(maxBatch);
    this.idx = [new Int32Array(idxBuf[0]), new Int32Array(idxBuf[1])];
    this.ctrl = new Int32Array(ctrlBuf);
    this.status = new Int32Array(statusBuf);
    this.nums = new Float64Array(numsBuf);
    this.errors = errorBufs.map((b) => new Uint8Array(b));
    this.x = [new Float32Array(xBuf[0]), new Float32Array(xBuf[1])];
    this.t = [new Float32Array(tBuf[0]), new Float32Array(tBuf[1])];

    // The workers start from the session's current weights.
    const shared = paramViews(params, new Float32Array(weightsBuf));
    params.forEach((p) => shared.get(p.name)!.set(p.value));
    const byName = new Map(params.map((p) => [p.name, p.value]));
    this.modelViews = (p) => byName.get(p.name)!;
    this.sharedViews = (p) => shared.get(p.name)!;

    this.barrier = new Barrier(new Int32Array(syncBuf), 0, (waited) => this.checkWorkers(waited));
    this.part = new DenseSplitPart(chain, 0, this.threads, splitViews(buffers), () => this.barrier.sync(), { maxBatch, resident: kernels() !== jsKernels });
    this.part.loadWeights(this.modelViews);
    this.optimizer = createOptimizer(spec.optimizer, this.part.params);

    const entry = threadEntry('splitDenseThread');
    for (let q = 1; q < this.threads; q++) {
      const { port1, port2 } = new MessageChannel();
      const data: SplitThreadData = {
        spec: rest, part: q, parts: this.threads, maxBatch, wasm: kernels() !== jsKernels,
        ctrl: ctrlBuf, sync: syncBuf, nums: numsBuf, errors: errorBufs, status: statusBuf,
        weights: weightsBuf, x: xBuf, t: tBuf, buffers, port: port2, idx: idxBuf,
        inputs: this.inputs ? { buffer: this.inputs.buffer as SharedArrayBuffer, byteOffset: this.inputs.byteOffset, length: this.inputs.length } : null,
        failAtStep: q === 1 ? options.failAtStep : undefined,
      };
      const worker = new Worker(entry.script, { eval: entry.eval, workerData: data, transferList: [port2], stdout: false, stderr: false });
      worker.unref(); // never keeps the process alive
      port1.unref();
      worker.on('error', (err) => this.fail(new Error(`training thread ${q} failed: ${err.message}`)));
      worker.on('exit', (code) => {
        if (!this.stopped) this.fail(new Error(`training thread ${q} exited (code ${code})`));
      });
      this.workers.push({ worker, port: port1 });
    }
  }

  /** Gradients only (the session adds penalties or clips, then steps its optimizer): from here on the run trains on this thread. */
  lossAndGradients(x: ArrayLike<number>, t: ArrayLike<number>, n: number): number {
    this.check();
    if (this.pendingRows !== null) {
      // The rows takeRows() took: gathered here after all (x is batchBuffers().x).
      gatherRows(this.inputs!, this.inSize, this.idx[this.part.parity], 0, this.pendingRows, this.x[this.part.parity]);
      this.pendingRows = null;
    }
    if (!this.local) this.goLocal();
    return this.model.lossAndGradients(x, t, n, this.loss);
  }

  trainStep(x: ArrayLike<number>, t: ArrayLike<number>, n: number, optimizer: Optimizer): number {
    this.check();
    if (this.local) {
      const loss = this.model.lossAndGradients(x, t, n, this.loss);
      if (Number.isFinite(loss)) optimizer.step();
      return loss;
    }
    if (n > this.maxBatch) throw new Error(`SplitDenseGradients: a batch of ${n} samples is larger than the ${this.maxBatch} it was built for`);
    this.sessionOptimizer = optimizer;
    const set = this.part.parity;
    // Rows that takeRows() took: every thread gathers them itself (x is not read). Alone, this thread
    // reads a typed batch where it is (its part copies it into its workspace, unless it was gathered
    // there); otherwise the batch goes to the workers through shared memory.
    const rows = this.pendingRows;
    this.pendingRows = null;
    if (rows !== null && rows !== n) throw new Error(`SplitDenseGradients: takeRows() took ${rows} samples, trainStep() got ${n}`);
    const alone = rows === null && this.threads === 1 && ArrayBuffer.isView(x) && ArrayBuffer.isView(t);
    if (rows === null && !alone && x !== this.x[set]) copyRows(x, 0, n * this.inSize, this.x[set]);
    if (!alone && t !== this.t[set]) copyRows(t, 0, n * this.tSize, this.t[set]);
    // A worker reads n and the learning rate before the step's first barrier: this thread cannot pass
    // that barrier, and so post the next step, before it has.
    this.ctrl[SPLIT_CTRL.n] = n;
    this.nums[0] = optimizer.learningRate;
    this.post(rows !== null ? SPLIT_MODE.stepRows : SPLIT_MODE.step);
    this.synced = false;
    try {
      if (rows !== null) this.part.gather(this.inputs!, this.idx[set], n);
      const input = rows !== null ? this.part.input : alone ? (x as FloatArray) : this.x[set];
      const loss = this.part.lossAndGradients(input, alone ? t : this.t[set], n, this.loss);
      if (Number.isFinite(loss)) {
        this.optimizer.learningRate = optimizer.learningRate;
        this.optimizer.step();
      }
      return loss;
    } catch (err) {
      this.fail(err instanceof Error ? err : new Error(String(err)));
      throw this.failure!;
    }
  }

  /** Takes the next batch's rows when the workers can read `x` (the spec's inputs, in shared memory): see GradientEngine.takeRows. */
  takeRows(x: FloatArray, size: number, idx: ArrayLike<number>, start: number, n: number): boolean {
    if (this.inputs === null || x !== this.inputs || size !== this.inSize || this.local || this.failure || n > this.maxBatch) return false;
    const into = this.idx[this.part.parity];
    for (let i = 0; i < n; i++) into[i] = idx[start + i];
    this.pendingRows = n;
    return true;
  }

  /** Where the session gathers the next batch: the shared batch buffers (alone: its part's workspace copy of x), so trainStep copies nothing. */
  batchBuffers(): { x: FloatArray; t: FloatArray } {
    const set = this.part.parity;
    return { x: (this.threads === 1 ? this.part.input : null) ?? this.x[set], t: this.t[set] };
  }

  /** Brings the session's model up to the newest weights (see the header); cheap when it already has them. */
  syncModel(): void {
    if (this.synced || this.stopped || this.failure) return;
    this.part.storeWeights(this.modelViews, true);
    const seq = this.post(SPLIT_MODE.store);
    for (let q = 1; q < this.threads; q++) {
      const word = SPLIT_CTRL.answered + q - 1;
      const started = performance.now();
      for (let seen = Atomics.load(this.ctrl, word); seen !== seq; seen = Atomics.load(this.ctrl, word)) {
        try {
          this.checkWorkers(performance.now() - started);
        } catch (err) {
          this.fail(err instanceof Error ? err : new Error(String(err)));
          throw this.failure!;
        }
        Atomics.wait(this.ctrl, word, seen, 5);
      }
      copyPartUnits(this.chain, q, this.threads, this.sharedViews, this.modelViews);
    }
    this.synced = true;
  }

  dispose(): void {
    if (this.disposed) return;
    if (!this.local && !this.failure) {
      this.syncModel();
      if (this.sessionOptimizer) this.gatherOptimizerState(this.sessionOptimizer);
    }
    this.stopWorkers();
    this.disposed = true;
  }

  /** Asks every worker for `mode` with a new seq; returns the seq. */
  private post(mode: number): number {
    this.ctrl[SPLIT_CTRL.mode] = mode;
    const seq = ++this.seq;
    Atomics.store(this.ctrl, SPLIT_CTRL.seq, seq);
    Atomics.notify(this.ctrl, SPLIT_CTRL.seq);
    return seq;
  }

  private stopWorkers(): void {
    if (this.stopped) return;
    this.stopped = true;
    Atomics.store(this.ctrl, SPLIT_CTRL.seq, STOP);
    Atomics.notify(this.ctrl, SPLIT_CTRL.seq);
    for (const { worker } of this.workers) void worker.terminate();
  }

  private goLocal(): void {
    this.syncModel();
    if (this.sessionOptimizer && !this.failure) this.gatherOptimizerState(this.sessionOptimizer);
    this.stopWorkers();
    this.local = true;
  }

  private check(): void {
    if (this.failure) throw this.failure;
    if (this.disposed) throw new Error('SplitDenseGradients: used after dispose()');
  }

  /** While this thread waits in a barrier: throws when a worker failed, exited or stalled. */
  private checkWorkers(waitedMs: number): void {
    for (let q = 1; q < this.threads; q++) {
      const s = Atomics.load(this.status, q);
      if (s !== 0) throw new Error(`training thread ${q} failed: ${s === 1 ? decodeError(this.errors[q]) : 'the thread exited'}`);
    }
    if (waitedMs > STALL_MS) throw new Error(`a training thread stalled (no result after ${Math.round(STALL_MS / 1000)} s)`);
  }

  /** Asks each worker for its optimizer's state (posted on its port while this thread waits) and loads the merged state into `optimizer`. */
  private gatherOptimizerState(optimizer: Optimizer): void {
    const merged: OptimizerState = optimizer.state();
    try {
      scatterPartState(this.chain, 0, this.threads, this.optimizer.state(), merged);
      this.post(SPLIT_MODE.state);
      this.workers.forEach(({ port }, i) => {
        const q = i + 1;
        const started = performance.now();
        for (;;) {
          const message = receiveMessageOnPort(port)?.message as OptimizerState | undefined;
          if (message) {
            scatterPartState(this.chain, q, this.threads, message, merged);
            break;
          }
          this.checkWorkers(performance.now() - started);
          Atomics.wait(this.status, q, 0, 5);
        }
      });
      optimizer.loadState(merged);
    } catch (err) {
      // The run's weights are whole; only the optimizer state of the workers' slices is lost.
      this.failure = err instanceof Error ? err : new Error(String(err));
    }
  }

  private fail(err: Error): void {
    if (!this.failure) this.failure = err;
    this.stopWorkers();
  }
}
