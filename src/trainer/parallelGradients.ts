// Data-parallel training over worker threads (issue 6, "use both cores"): a GradientEngine
// (core/train/gradientEngine.ts) for the training process. Node only (worker_threads; Electron's
// utilityProcess has them too).
//
// Each batch of n samples is cut into S contiguous shards (batchShards; S from the batch alone, up to
// MAX_SHARDS: shards.ts), more than there are threads. Thread 0 is this one, on the session's own
// model; worker thread w holds a replica of the model. Each thread takes the next unclaimed shard
// until none is left (a faster core takes more), computes ∂L_s/∂θ of the shard's mean loss scaled by
// its share B_s/B into the shard's gradient slot (shared memory), and its loss share. The batch's
// gradient is g = slot 0 + slot 1 + … added in that FIXED order, so a seed gives the same run every
// time, whoever computed which shard. It is not bit-identical to the one-thread run (float sums
// regroup), but agrees with it to float rounding.
//
// Two ways to step:
// - lossAndGradients(): the coordinator publishes the weights, the threads compute the shards, the
//   coordinator adds the slots and the session runs penalties, clipping and the optimizer itself.
// - trainStep() (no penalties, no clipping): the update is shared too. The flattened parameters are
//   cut into `threads` contiguous ranges; once every shard is computed thread w adds the slots on ITS
//   range only (same order), runs its optimizer's step(range) (every optimizer is elementwise, so the
//   values are exactly those of a whole step) and writes the new weights of its range to shared
//   memory; each thread then reads the other ranges. Per step: two handshakes, no thread runs an
//   O(parameters) pass over the whole model alone. Each worker keeps the optimizer state of its range;
//   dispose() gathers it back into the session's optimizer (for the saved project).
//
// The coordinator blocks in Atomics.wait while shards it did not take are computed (the session is
// synchronous; the pump's ~20 ms slices keep 'stop' prompt). A failing worker thread reports its
// error through shared memory, so it surfaces as an Error from the step (the pump turns that into an
// 'error' event), never a hang; a thread that stays silent far longer than a step takes is reported
// as stalled.
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import {
  batchShards, jsKernels, kernels, targetsPerSample,
  type GradientEngine, type GradientEngineSpec, type Optimizer, type OptimizerState, type ParamRange,
} from '../core';
import { forEachSlice } from '../core/optim/types';
import type { FloatArray, Param } from '../core/tensor/tensor';
import { claimShard, finishShard, openStep, shardBounds, shardLimit, WORK, WORK_WORDS } from './shards';
import { copyRows, decodeError, ERROR_BYTES, keepSpinning, spinFor, threadEntry } from './threads';

/** Control words (Int32) of one worker's shared block. */
export const CTRL = {
  /** Step number the coordinator asks for (−1: exit). */
  seq: 0,
  /** Step number whose shards (or state request) the worker is done with. */
  done: 1,
  /** Shards the worker computed in step `done` (tests and traces). */
  took: 2,
  /** 0 ok; 1 the worker failed (message in the error bytes); 2 the thread exited. */
  status: 4,
  /** 1 once the replica is built and the worker waits for steps. */
  ready: 5,
  /** What step `seq` asks for: MODE.*. */
  mode: 6,
  /** 1: read all the weights from shared memory first (else only the other threads' ranges). */
  sync: 7,
  /** trainStep: seq once every slot is written and the loss is finite (update your range), −seq: skip the update. */
  go: 8,
  /** trainStep: step number whose update the worker wrote to the shared weights. */
  stepped: 9,
} as const;
const CTRL_WORDS = 12;
const STOP = -1;

/** What the coordinator asks of a worker for one `seq`. */
export const MODE = {
  /** Shards' gradients into their slots (lossAndGradients). */
  gradients: 0,
  /** Shards' gradients, then (after `go`) the update of its parameter range (trainStep). */
  step: 1,
  /** Post its optimizer's state() on its port (dispose after shared steps). */
  state: 2,
} as const;

/** What a gradient thread is started with (workerData). */
export interface ThreadData {
  spec: Omit<GradientEngineSpec, 'model'>;
  /** This thread's index (1, 2, …: 0 is the coordinator) and the thread count. */
  index: number;
  threads: number;
  /** Install the WebAssembly kernels (the coordinator uses them). */
  wasm: boolean;
  ctrl: SharedArrayBuffer;
  /** Float64 [learning rate of the step]. */
  nums: SharedArrayBuffer;
  error: SharedArrayBuffer;
  /** The shard claims every thread shares (Int32, shards.ts WORK). */
  work: SharedArrayBuffer;
  /** Float64 per shard: its loss × its share of the batch. */
  losses: SharedArrayBuffer;
  weights: SharedArrayBuffer;
  /** The whole batch (every thread may take any shard). */
  x: SharedArrayBuffer;
  t: SharedArrayBuffer;
  /** One gradient slot per shard (index = shard). */
  slots: SharedArrayBuffer[];
  /** Where the thread posts its optimizer state (MODE.state). */
  port: MessagePort;
  /** Tests: the thread throws while computing this step (1-based). */
  failAtStep?: number;
  /** Tests: the thread spins this long before each claim (a slow core). */
  delayMs?: number;
}

export interface ParallelOptions {
  /** Threads per batch including this one (≥ 2). */
  threads: number;
  /** Tests: worker thread 1 fails at this step. */
  failAtStep?: number;
  /** Tests: thread i spins delayMs[i] ms before each shard it claims (0: this thread). */
  delayMs?: number[];
}

interface ThreadHandle {
  worker: Worker;
  ctrl: Int32Array;
  nums: Float64Array;
  error: Uint8Array;
  port: MessagePort;
}

/** The parameter ranges of `threads` threads over `total` flattened parameters (thread w updates ranges[w]). */
export function paramRanges(total: number, threads: number): ParamRange[] {
  return batchShards(total, threads).map(({ start, count }) => ({ from: start, to: start + count }));
}

function floatView(dtype: GradientEngineSpec['dtype'], b: SharedArrayBuffer): FloatArray {
  return dtype === 'float64' ? new Float64Array(b) : new Float32Array(b);
}

export class ParallelGradients implements GradientEngine {
  readonly threads: number;
  private readonly model: GradientEngineSpec['model'];
  private readonly loss: GradientEngineSpec['loss'];
  private readonly inSize: number;
  private readonly tSize: number;
  private readonly weights: FloatArray;
  /** Where each parameter starts in the flattened weights and slots. */
  private readonly offsets: number[];
  /** Gradient slots, one per shard. */
  private readonly slots: FloatArray[];
  private readonly work: Int32Array;
  private readonly losses: Float64Array;
  private readonly x: FloatArray;
  private readonly t: FloatArray;
  /** Thread w updates ranges[w] of the flattened parameters in trainStep(). */
  private readonly ranges: ParamRange[];
  /** Every parameter is trainable, so the optimizer's flattened parameters are the model's. */
  private readonly sharesUpdate: boolean;
  private readonly workers: ThreadHandle[] = [];
  private readonly delayMs: number;
  private seq = 0;
  /** Shards each thread computed in the last step (index = thread). */
  private took: number[] = [];
  /** The shared weights hold the current weights of every range (after a shared step). */
  private weightsShared = false;
  /** The optimizer whose update the workers shared; its state is gathered back on dispose(). */
  private sharedOptimizer: Optimizer | null = null;
  private failure: Error | null = null;
  private disposed = false;

  constructor(spec: GradientEngineSpec, options: ParallelOptions) {
    const { model, ...rest } = spec;
    this.threads = Math.max(2, Math.floor(options.threads));
    this.model = model;
    this.loss = spec.loss;
    this.inSize = model.inputSize;
    this.tSize = targetsPerSample(spec.loss, model.outputSize);
    this.delayMs = options.delayMs?.[0] ?? 0;
    const F = (b: SharedArrayBuffer) => floatView(spec.dtype, b);
    const bytes = spec.dtype === 'float64' ? 8 : 4;
    const params = model.parameters();
    this.offsets = [];
    let total = 0;
    for (const p of params) {
      this.offsets.push(total);
      total += p.value.length;
    }
    this.sharesUpdate = params.every((p) => p.trainable !== false);
    this.ranges = paramRanges(total, this.threads);
    const weightsBuf = new SharedArrayBuffer(total * bytes);
    this.weights = F(weightsBuf);
    const maxBatch = Math.max(1, spec.batchSize);
    const slotBufs = Array.from({ length: Math.min(maxBatch, shardLimit(total, bytes, this.threads)) }, () => new SharedArrayBuffer(total * bytes));
    this.slots = slotBufs.map(F);
    const workBuf = new SharedArrayBuffer(WORK_WORDS * 4);
    const lossesBuf = new SharedArrayBuffer(slotBufs.length * 8);
    const xBuf = new SharedArrayBuffer(maxBatch * this.inSize * bytes);
    const tBuf = new SharedArrayBuffer(maxBatch * this.tSize * bytes);
    this.work = new Int32Array(workBuf);
    this.losses = new Float64Array(lossesBuf);
    this.x = F(xBuf);
    this.t = F(tBuf);
    const entry = threadEntry('gradientThread');
    for (let w = 1; w < this.threads; w++) {
      const { port1, port2 } = new MessageChannel();
      const data: ThreadData = {
        spec: rest, index: w, threads: this.threads, wasm: kernels() !== jsKernels,
        ctrl: new SharedArrayBuffer(CTRL_WORDS * 4), nums: new SharedArrayBuffer(8), error: new SharedArrayBuffer(ERROR_BYTES),
        work: workBuf, losses: lossesBuf, weights: weightsBuf, x: xBuf, t: tBuf, slots: slotBufs, port: port2,
        failAtStep: w === 1 ? options.failAtStep : undefined,
        delayMs: options.delayMs?.[w],
      };
      const worker = new Worker(entry.script, { eval: entry.eval, workerData: data, transferList: [port2], stdout: false, stderr: false });
      worker.unref(); // never keeps the process alive
      port1.unref();
      const handle: ThreadHandle = { worker, ctrl: new Int32Array(data.ctrl), nums: new Float64Array(data.nums), error: new Uint8Array(data.error), port: port1 };
      // Seen only when this thread gets back to its event loop (between pump slices); the shared status covers the rest.
      worker.on('error', (err) => this.fail(new Error(`training thread ${w} failed: ${err.message}`)));
      worker.on('exit', (code) => {
        if (!this.disposed) this.fail(new Error(`training thread ${w} exited (code ${code})`));
      });
      this.workers.push(handle);
    }
  }

  /** Shards each thread computed in the last step (index = thread; 0 is this one). */
  lastShards(): readonly number[] {
    return this.took;
  }

  lossAndGradients(x: ArrayLike<number>, t: ArrayLike<number>, n: number): number {
    this.check();
    this.weightsShared = false; // the session steps the optimizer on this thread's model afterwards
    const params = this.model.parameters();
    this.publishWeights(params);
    const { seq, shards } = this.post(x, t, n, MODE.gradients, true, 0);
    const loss = this.computeShards(seq, shards);
    this.workers.forEach((h, i) => this.await(h, i + 1, seq, CTRL.done));
    this.noteShards();
    // Slots 0, 1, … in order: g = slot 0 + slot 1 + … regardless of which thread computed which.
    params.forEach((p, k) => sumSlots(p.grad, this.slots, shards, this.offsets[k], 0, p.grad.length));
    return loss;
  }

  trainStep(x: ArrayLike<number>, t: ArrayLike<number>, n: number, optimizer: Optimizer): number {
    if (!this.sharesUpdate) {
      const loss = this.lossAndGradients(x, t, n);
      if (Number.isFinite(loss)) optimizer.step();
      return loss;
    }
    this.check();
    // Every thread takes part in every step's update, even when it took no shard: each thread's
    // optimizer state must see every step of its range.
    this.sharedOptimizer = optimizer;
    const params = this.model.parameters();
    const sync = !this.weightsShared;
    if (sync) this.publishWeights(params);
    const { seq, shards } = this.post(x, t, n, MODE.step, sync, optimizer.learningRate);
    const loss = this.computeShards(seq, shards);
    const ok = Number.isFinite(loss);
    for (const h of this.workers) {
      Atomics.store(h.ctrl, CTRL.go, ok ? seq : -seq);
      Atomics.notify(h.ctrl, CTRL.go);
    }
    const mine = this.ranges[0];
    if (ok) {
      forEachSlice(params, mine, (k, i0, i1) => sumSlots(params[k].grad, this.slots, shards, this.offsets[k], i0, i1));
      optimizer.step(mine);
      forEachSlice(params, mine, (k, i0, i1) => this.weights.set(params[k].value.subarray(i0, i1), this.offsets[k] + i0));
    }
    this.workers.forEach((h, i) => this.await(h, i + 1, seq, CTRL.stepped));
    this.noteShards();
    if (ok) {
      for (let w = 1; w < this.threads; w++) {
        forEachSlice(params, this.ranges[w], (k, i0, i1) => params[k].value.set(this.weights.subarray(this.offsets[k] + i0, this.offsets[k] + i1), i0));
      }
      this.weightsShared = true;
    }
    return loss;
  }

  dispose(): void {
    if (this.disposed) return;
    if (this.sharedOptimizer && !this.failure) this.gatherOptimizerState(this.sharedOptimizer);
    this.disposed = true;
    for (const h of this.workers) {
      Atomics.store(h.ctrl, CTRL.seq, STOP);
      Atomics.notify(h.ctrl, CTRL.seq);
      void h.worker.terminate();
    }
  }

  private check(): void {
    if (this.failure) throw this.failure;
    if (this.disposed) throw new Error('ParallelGradients: used after dispose()');
  }

  private publishWeights(params: readonly Param[]): void {
    params.forEach((p, k) => this.weights.set(p.value, this.offsets[k]));
  }

  /** Copies the batch into shared memory, opens its shards and wakes every worker for a new step; returns the step's number and shard count. */
  private post(x: ArrayLike<number>, t: ArrayLike<number>, n: number, mode: number, sync: boolean, lr: number): { seq: number; shards: number } {
    const seq = ++this.seq;
    if (n > this.x.length / this.inSize) throw new Error(`ParallelGradients: a batch of ${n} samples is larger than the ${this.x.length / this.inSize} it was built for`);
    copyRows(x, 0, n * this.inSize, this.x);
    copyRows(t, 0, n * this.tSize, this.t);
    const shards = Math.max(1, Math.min(n, this.slots.length));
    openStep(this.work, seq, shards, n);
    for (const h of this.workers) {
      h.ctrl[CTRL.mode] = mode;
      h.ctrl[CTRL.sync] = sync ? 1 : 0;
      h.nums[0] = lr;
      Atomics.store(h.ctrl, CTRL.seq, seq);
      Atomics.notify(h.ctrl, CTRL.seq);
    }
    return { seq, shards };
  }

  /**
   * Takes shards of step `seq` on the session's model until none is left, waits until the other
   * threads computed theirs, and returns the batch's loss (the shards' shares added in shard order).
   */
  private computeShards(seq: number, shards: number): number {
    const started = performance.now();
    const took = takeShards({
      model: this.model, loss: this.loss, work: this.work, seq, x: this.x, t: this.t, inSize: this.inSize, tSize: this.tSize,
      slots: this.slots, offsets: this.offsets, losses: this.losses, delayMs: this.delayMs,
    });
    this.took = [took];
    this.awaitShards(shards, performance.now() - started);
    let loss = 0;
    for (let s = 0; s < shards; s++) loss += this.losses[s];
    return loss;
  }

  /** Records how many shards each worker took in the step just ended. */
  private noteShards(): void {
    for (const h of this.workers) this.took.push(Atomics.load(h.ctrl, CTRL.took));
  }

  /**
   * After shared steps each worker holds the optimizer state of its range: ask each for its state()
   * (posted on its port while this thread waits) and load the merged state into `optimizer`.
   */
  private gatherOptimizerState(optimizer: Optimizer): void {
    const params = this.model.parameters();
    const index = new Map(params.map((p, k) => [p.name, k]));
    const merged = optimizer.state();
    try {
      this.workers.forEach((h, i) => {
        const w = i + 1;
        const seq = ++this.seq;
        h.ctrl[CTRL.mode] = MODE.state;
        Atomics.store(h.ctrl, CTRL.seq, seq);
        Atomics.notify(h.ctrl, CTRL.seq);
        this.await(h, w, seq, CTRL.done);
        const theirs = receiveMessageOnPort(h.port)?.message as OptimizerState | undefined;
        if (!theirs) throw new Error(`training thread ${w} sent no optimizer state`);
        for (const [key, value] of Object.entries(theirs)) {
          const k = index.get(key.slice(0, key.lastIndexOf('/')));
          const mine = merged[key];
          if (k === undefined || typeof value === 'number' || typeof mine !== 'object') continue;
          forEachSlice(params, this.ranges[w], (kk, i0, i1) => {
            if (kk === k) mine.set(value.subarray(i0, i1), i0);
          });
        }
      });
      optimizer.loadState(merged);
    } catch (err) {
      // The run's weights are whole; only the optimizer state of the workers' ranges is lost.
      this.failure = err instanceof Error ? err : new Error(String(err));
    }
  }

  /** Throws (and releases the threads) when worker `w` failed or exited. */
  private checkWorker(h: ThreadHandle, w: number): void {
    const status = Atomics.load(h.ctrl, CTRL.status);
    if (status === 0) return;
    const message = status === 1 ? decodeError(h.error) : 'the thread exited';
    this.fail(new Error(`training thread ${w} failed: ${message}`));
    throw this.failure!;
  }

  /** Throws (and releases the threads) after `stallMs` of waiting once every worker is ready (starting one, and in development compiling its TypeScript, takes a while). */
  private checkStall(what: string, started: number, stallMs: number): void {
    if (performance.now() - started > stallMs && this.workers.every((h) => Atomics.load(h.ctrl, CTRL.ready) === 1)) {
      this.fail(new Error(`${what} stalled (no result after ${Math.round(stallMs / 1000)} s)`));
      throw this.failure!;
    }
  }

  /** Blocks until all `shards` shards of the step are computed; throws when a worker failed, exited or stalled. */
  private awaitShards(shards: number, ownMs: number): void {
    const started = performance.now();
    const stallMs = 30_000 + 50 * ownMs;
    let spinning = true;
    for (let polls = 0; ; polls++) {
      const seen = Atomics.load(this.work, WORK.finished);
      if (seen >= shards) return;
      for (let w = 1; w < this.threads; w++) this.checkWorker(this.workers[w - 1], w);
      if (spinning && (spinning = keepSpinning(started, polls))) continue; // the other shards are usually in within a shard's time
      Atomics.wait(this.work, WORK.finished, seen, 100);
      this.checkStall('a training thread', started, stallMs);
    }
  }

  /** Blocks until worker `w` wrote `seq` into control word `word`; throws (and releases the threads) when it failed, exited or stalled. */
  private await(h: ThreadHandle, w: number, seq: number, word: number): void {
    const started = performance.now();
    let spinning = true;
    for (let polls = 0; ; polls++) {
      const seen = Atomics.load(h.ctrl, word);
      this.checkWorker(h, w);
      if (seen === seq) return;
      if (spinning && (spinning = keepSpinning(started, polls))) continue; // the worker usually finishes within microseconds of this thread
      Atomics.wait(h.ctrl, word, seen, 100);
      this.checkStall(`training thread ${w}`, started, 30_000);
    }
  }

  private fail(err: Error): void {
    if (!this.failure) this.failure = err;
    this.dispose();
  }
}

/** What a thread needs to take shards of a step (takeShards). */
export interface ShardWork {
  model: GradientEngineSpec['model'];
  loss: GradientEngineSpec['loss'];
  work: Int32Array;
  seq: number;
  x: FloatArray;
  t: FloatArray;
  inSize: number;
  tSize: number;
  slots: readonly FloatArray[];
  offsets: readonly number[];
  losses: Float64Array;
  /** Tests: spin this long before each claim. */
  delayMs?: number;
}

/**
 * Takes shards of step `seq` until none is left (shards.ts), on `model`: for each, its loss × its
 * share into losses[s] and the gradient of its mean loss scaled by its share into slots[s]. Returns
 * how many it took. The coordinator and every worker thread run this.
 */
export function takeShards(w: ShardWork): number {
  const n = w.work[WORK.n];
  const bounds = shardBounds(n, w.work[WORK.shards]);
  const params = w.model.parameters();
  let took = 0;
  for (;;) {
    if (w.delayMs) spinFor(w.delayMs);
    const s = claimShard(w.work, w.seq);
    if (s < 0) return took;
    const { start, count } = bounds[s];
    const share = count / n;
    const xs = w.x.subarray(start * w.inSize, (start + count) * w.inSize);
    const ts = w.t.subarray(start * w.tSize, (start + count) * w.tSize);
    w.losses[s] = w.model.lossAndGradients(xs, ts, count, w.loss, share) * share;
    params.forEach((p, k) => w.slots[s].set(p.grad, w.offsets[k]));
    finishShard(w.work);
    took++;
  }
}

/** g[i] = slot 0[offset + i] + slot 1[offset + i] + … (the first `shards` slots, in that order) for i in [i0, i1). */
export function sumSlots(g: FloatArray, slots: readonly FloatArray[], shards: number, offset: number, i0: number, i1: number): void {
  g.set(slots[0].subarray(offset + i0, offset + i1), i0);
  for (let s = 1; s < shards; s++) {
    const slot = slots[s];
    for (let i = i0; i < i1; i++) g[i] += slot[offset + i];
  }
}
