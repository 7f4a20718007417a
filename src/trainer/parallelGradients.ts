// Data-parallel gradients over worker threads (issue 6, "use both cores"): a GradientEngine
// (core/train/gradientEngine.ts) for the training process. Node only (worker_threads; Electron's
// utilityProcess has them too).
//
// Each batch of n samples is cut into `threads` fixed contiguous shards (batchShards: ⌈n/threads⌉
// first). This thread computes shard 0 on the session's own model; worker thread w holds a replica of
// the model and computes shard w. Per step:
//   1. the coordinator publishes the current weights and each worker's shard in shared memory and
//      wakes the workers (Atomics.notify);
//   2. everyone computes ∂L_s/∂θ of its shard's mean loss, scaled by its share B_s/B (workers into
//      their own gradient slot);
//   3. the coordinator waits for the slots in order and adds them to its gradients in a FIXED order
//      (g = slot 0 + slot 1 + …), then the session runs penalties, clipping and the optimizer as usual.
// The reduction order never depends on timing, so a seed gives the same run every time. It is not
// bit-identical to the one-thread run (float sums regroup), but agrees with it to float rounding.
//
// The coordinator blocks in Atomics.wait for at most one shard's compute per step (the session is
// synchronous; the pump's ~20 ms slices keep 'stop' prompt). A failing worker thread reports its
// error through shared memory, so it surfaces as an Error from lossAndGradients (the pump turns that
// into an 'error' event), never a hang; a thread that stays silent far longer than the coordinator's
// own shard took is reported as stalled.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  batchShards, inProcessGradients, jsKernels, kernels, splitsAcrossSamples, summarizeGraph, targetsPerSample,
  type GradientEngine, type GradientEngineFactory, type GradientEngineSpec,
} from '../core';
import type { FloatArray } from '../core/tensor/tensor';

/** Control words (Int32) of one worker's shared block. */
export const CTRL = {
  /** Step number the coordinator asks for (−1: exit). */
  seq: 0,
  /** Step number the worker finished. */
  done: 1,
  /** Samples in the worker's shard. */
  count: 2,
  /** Samples in the whole batch. */
  total: 3,
  /** 0 ok; 1 the worker failed (message in the error bytes); 2 the thread exited. */
  status: 4,
  /** 1 once the replica is built and the worker waits for steps. */
  ready: 5,
} as const;
const CTRL_WORDS = 8;
const ERROR_BYTES = 1024;
const STOP = -1;

/** What a gradient thread is started with (workerData). */
export interface ThreadData {
  spec: Omit<GradientEngineSpec, 'model'>;
  /** Install the WebAssembly kernels (the coordinator uses them). */
  wasm: boolean;
  ctrl: SharedArrayBuffer;
  loss: SharedArrayBuffer;
  error: SharedArrayBuffer;
  weights: SharedArrayBuffer;
  x: SharedArrayBuffer;
  t: SharedArrayBuffer;
  grads: SharedArrayBuffer;
  /** Tests: the thread throws while computing this step (1-based). */
  failAtStep?: number;
}

export interface ParallelOptions {
  /** Threads per batch including this one (≥ 2). */
  threads: number;
  /** Tests: worker thread 1 fails at this step. */
  failAtStep?: number;
}

interface ThreadHandle {
  worker: Worker;
  ctrl: Int32Array;
  loss: Float64Array;
  error: Uint8Array;
  x: FloatArray;
  t: FloatArray;
  grads: FloatArray;
}

/**
 * The thread entry next to this module: built (out/main/gradientThread.js), or in development and tests
 * the TypeScript source through tsx's require hook (loader flags do not reach worker threads on Node 20).
 */
function threadEntry(): { script: string; eval: boolean } {
  if (!__filename.endsWith('.ts')) {
    // This module may be bundled into the entry (out/main) or a shared chunk (out/main/chunks).
    const built = [join(__dirname, 'gradientThread.js'), join(__dirname, '..', 'gradientThread.js')];
    return { script: built.find((f) => existsSync(f)) ?? built[0], eval: false };
  }
  const tsx = createRequire(__filename).resolve('tsx/cjs');
  return { script: `require(${JSON.stringify(tsx)}); require(${JSON.stringify(join(__dirname, 'gradientThread.ts'))});`, eval: true };
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
  private readonly offsets: number[];
  private readonly workers: ThreadHandle[] = [];
  private seq = 0;
  private failure: Error | null = null;
  private disposed = false;

  constructor(spec: GradientEngineSpec, options: ParallelOptions) {
    const { model, ...rest } = spec;
    this.threads = Math.max(2, Math.floor(options.threads));
    this.model = model;
    this.loss = spec.loss;
    this.inSize = model.inputSize;
    this.tSize = targetsPerSample(spec.loss, model.outputSize);
    const F = (b: SharedArrayBuffer) => floatView(spec.dtype, b);
    const bytes = spec.dtype === 'float64' ? 8 : 4;
    this.offsets = [];
    let total = 0;
    for (const p of model.parameters()) {
      this.offsets.push(total);
      total += p.value.length;
    }
    const weightsBuf = new SharedArrayBuffer(total * bytes);
    this.weights = F(weightsBuf);
    const maxShard = Math.ceil(spec.batchSize / this.threads);
    const entry = threadEntry();
    for (let w = 1; w < this.threads; w++) {
      const data: ThreadData = {
        spec: rest, wasm: kernels() !== jsKernels,
        ctrl: new SharedArrayBuffer(CTRL_WORDS * 4), loss: new SharedArrayBuffer(8), error: new SharedArrayBuffer(ERROR_BYTES),
        weights: weightsBuf,
        x: new SharedArrayBuffer(maxShard * this.inSize * bytes), t: new SharedArrayBuffer(maxShard * this.tSize * bytes),
        grads: new SharedArrayBuffer(total * bytes),
        failAtStep: w === 1 ? options.failAtStep : undefined,
      };
      const worker = new Worker(entry.script, { eval: entry.eval, workerData: data, stdout: false, stderr: false });
      worker.unref(); // never keeps the process alive
      const handle: ThreadHandle = {
        worker, ctrl: new Int32Array(data.ctrl), loss: new Float64Array(data.loss), error: new Uint8Array(data.error),
        x: F(data.x), t: F(data.t), grads: F(data.grads),
      };
      // Seen only when this thread gets back to its event loop (between pump slices); the shared status covers the rest.
      worker.on('error', (err) => this.fail(new Error(`training thread ${w} failed: ${err.message}`)));
      worker.on('exit', (code) => {
        if (!this.disposed) this.fail(new Error(`training thread ${w} exited (code ${code})`));
      });
      this.workers.push(handle);
    }
  }

  lossAndGradients(x: ArrayLike<number>, t: ArrayLike<number>, n: number): number {
    if (this.failure) throw this.failure;
    if (this.disposed) throw new Error('ParallelGradients: used after dispose()');
    const shards = batchShards(n, this.threads);
    if (shards[1].count === 0) return this.model.lossAndGradients(x, t, n, this.loss); // one sample: nothing to split
    const params = this.model.parameters();
    params.forEach((p, k) => this.weights.set(p.value, this.offsets[k]));
    const seq = ++this.seq;
    this.workers.forEach((h, i) => {
      const { start, count } = shards[i + 1];
      copyRows(x, start * this.inSize, count * this.inSize, h.x);
      copyRows(t, start * this.tSize, count * this.tSize, h.t);
      h.ctrl[CTRL.count] = count;
      h.ctrl[CTRL.total] = n;
      Atomics.store(h.ctrl, CTRL.seq, seq);
      Atomics.notify(h.ctrl, CTRL.seq);
    });

    // Shard 0 here, on the session's model.
    const t0 = performance.now();
    const n0 = shards[0].count;
    const share0 = n0 / n;
    let loss = this.model.lossAndGradients(sub(x, 0, n0 * this.inSize), sub(t, 0, n0 * this.tSize), n0, this.loss) * share0;
    for (const p of params) scale(p.grad, share0);
    const ownMs = performance.now() - t0;

    // Slots 1, 2, … in order: g = slot 0 + slot 1 + … regardless of which thread finished first.
    this.workers.forEach((h, i) => {
      if (shards[i + 1].count === 0) return;
      this.await(h, i + 1, seq, ownMs);
      loss += h.loss[0];
      params.forEach((p, k) => addFrom(p.grad, h.grads, this.offsets[k]));
    });
    return loss;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const h of this.workers) {
      Atomics.store(h.ctrl, CTRL.seq, STOP);
      Atomics.notify(h.ctrl, CTRL.seq);
      void h.worker.terminate();
    }
  }

  /** Blocks until worker `w` finished step `seq`; throws (and releases the threads) when it failed, exited or stalled. */
  private await(h: ThreadHandle, w: number, seq: number, ownMs: number): void {
    const started = performance.now();
    // Starting a thread (and, in development, compiling its TypeScript) takes a while: no stall check until it is ready.
    const stallMs = 30_000 + 50 * ownMs;
    for (;;) {
      const done = Atomics.load(h.ctrl, CTRL.done);
      const status = Atomics.load(h.ctrl, CTRL.status);
      if (status !== 0) {
        const message = status === 1 ? decodeError(h.error) : 'the thread exited';
        this.fail(new Error(`training thread ${w} failed: ${message}`));
        throw this.failure!;
      }
      if (done === seq) return;
      Atomics.wait(h.ctrl, CTRL.done, done, 100);
      if (Atomics.load(h.ctrl, CTRL.ready) === 1 && performance.now() - started > stallMs) {
        this.fail(new Error(`training thread ${w} stalled (no result after ${Math.round(stallMs / 1000)} s)`));
        throw this.failure!;
      }
    }
  }

  private fail(err: Error): void {
    if (!this.failure) this.failure = err;
    this.dispose();
  }
}

/** Threads per batch for the training process: NETLOOM_THREADS if set, else 2 when the machine has two cores or more. */
export function defaultThreads(env: NodeJS.ProcessEnv = process.env): number {
  const forced = Number(env.NETLOOM_THREADS);
  if (Number.isInteger(forced) && forced >= 1) return forced;
  return availableParallelism() >= 2 ? 2 : 1;
}

/** Batches smaller than this stay on one thread: waking a thread costs more than half of such a step saves. */
export const MIN_PARALLEL_BATCH = 16;
/**
 * Multiply-accumulates per batch per parameter below which a network stays on one thread: the
 * optimizer step, publishing the weights and adding the slots are O(parameters) work on this thread,
 * so a batch must carry enough compute to pay for them (measured: the 784-128-64-10 MLP at batch 64,
 * 64 MACs per parameter, runs slower on two threads; the issue-6 CNN at batch 32, ~2,300, runs ~1.5× faster).
 */
export const MIN_MACS_PER_PARAM = 256;

/**
 * The training process's engine factory: worker threads when `threads` ≥ 2, the batch has at least
 * MIN_PARALLEL_BATCH samples and enough compute per parameter, and the network splits by sample (no
 * BatchNorm, no dropout, no RMSE loss: core/train/gradientEngine.ts); otherwise the model in this thread.
 */
export function parallelGradients(options: ParallelOptions): GradientEngineFactory {
  return (spec) => {
    const totals = summarizeGraph(spec.document).totals;
    const enoughWork = totals.params > 0 && (totals.macs * spec.batchSize) / totals.params >= MIN_MACS_PER_PARAM;
    return options.threads >= 2 && spec.batchSize >= MIN_PARALLEL_BATCH && enoughWork && splitsAcrossSamples(spec.model, spec.loss)
      ? new ParallelGradients(spec, options)
      : inProcessGradients(spec);
  };
}

function sub(a: ArrayLike<number>, start: number, end: number): ArrayLike<number> {
  return ArrayBuffer.isView(a) ? (a as FloatArray).subarray(start, end) : Array.prototype.slice.call(a, start, end);
}

function copyRows(src: ArrayLike<number>, start: number, count: number, dst: FloatArray): void {
  if (ArrayBuffer.isView(src)) dst.set((src as FloatArray).subarray(start, start + count));
  else for (let i = 0; i < count; i++) dst[i] = src[start + i];
}

function scale(a: FloatArray, c: number): void {
  for (let i = 0; i < a.length; i++) a[i] *= c;
}

function addFrom(g: FloatArray, slot: FloatArray, offset: number): void {
  for (let i = 0; i < g.length; i++) g[i] += slot[offset + i];
}

function decodeError(bytes: Uint8Array): string {
  const copy = bytes.slice(); // TextDecoder does not read shared memory
  const end = copy.indexOf(0);
  return new TextDecoder().decode(end < 0 ? copy : copy.subarray(0, end)) || 'unknown error';
}
