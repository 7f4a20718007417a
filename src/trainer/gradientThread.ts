// One worker thread of ParallelGradients (parallelGradients.ts): holds a replica of the session's
// model and, for each step the coordinator posts in shared memory, reads the weights it needs, then
// takes shards of the batch until none is left (shards.ts), computing for each the gradient of its
// mean loss scaled by its share of the batch (lossAndGradients' gradScale) into the shard's slot, and
// signals. In a shared step (MODE.step) it then adds every slot on its own parameter range, runs its
// optimizer's step on that range and writes the new weights of the range back. Built to
// out/main/gradientThread.js next to the training process's entry.
import { workerData } from 'node:worker_threads';
import { compileNetwork, createOptimizer, loadWasmKernels, setKernels, targetsPerSample } from '../core';
import { forEachSlice } from '../core/optim/types';
import type { FloatArray } from '../core/tensor/tensor';
import { CTRL, MODE, paramRanges, sumSlots, takeShards, type ThreadData } from './parallelGradients';
import { WORK } from './shards';
import { keepSpinning, spinWhile, writeError } from './threads';


const data = workerData as ThreadData;
const ctrl = new Int32Array(data.ctrl);

/** Reports a failure through shared memory: the coordinator may be blocked and cannot see events. */
function report(status: 1 | 2, message: string): void {
  if (status === 1) {
    writeError(new Uint8Array(data.error), message);
  }
  if (Atomics.compareExchange(ctrl, CTRL.status, 0, status) === 0) {
    Atomics.notify(ctrl, CTRL.done);
    Atomics.notify(ctrl, CTRL.stepped);
  }
}

process.on('exit', () => report(2, 'exited'));

try {
  // Each thread has its own WebAssembly instance (the kernels keep per-instance scratch memory).
  if (data.wasm) {
    const fast = loadWasmKernels();
    if (fast) setKernels(fast.kernels);
  }
  const { spec } = data;
  const model = compileNetwork(spec.document, { seed: spec.seed, dtype: spec.dtype });
  const F = (b: SharedArrayBuffer): FloatArray => (spec.dtype === 'float64' ? new Float64Array(b) : new Float32Array(b));
  const weights = F(data.weights);
  const x = F(data.x);
  const t = F(data.t);
  const slots = data.slots.map(F);
  const work = new Int32Array(data.work);
  const losses = new Float64Array(data.losses);
  const nums = new Float64Array(data.nums);
  const params = model.parameters();
  const optimizer = createOptimizer(spec.optimizer, params);
  const offsets: number[] = [];
  let total = 0;
  for (const p of params) {
    offsets.push(total);
    total += p.value.length;
  }
  const ranges = paramRanges(total, data.threads);
  const mine = ranges[data.index];
  const inSize = model.inputSize;
  const tSize = targetsPerSample(spec.loss, model.outputSize);
  Atomics.store(ctrl, CTRL.ready, 1);

  let last = 0;
  for (;;) {
    spinWhile(ctrl, CTRL.seq, last);
    Atomics.wait(ctrl, CTRL.seq, last);
    const seq = Atomics.load(ctrl, CTRL.seq);
    if (seq < 0) break;
    if (seq === last) continue;
    last = seq;
    const mode = ctrl[CTRL.mode];
    if (mode === MODE.state) {
      data.port.postMessage(optimizer.state()); // queued before `done`, so the coordinator finds it
      Atomics.store(ctrl, CTRL.done, seq);
      Atomics.notify(ctrl, CTRL.done);
      continue;
    }
    if (data.failAtStep === seq) throw new Error(`test failure at step ${seq}`);

    // The weights: all of them, or (after a shared step) the ranges the other threads updated.
    if (ctrl[CTRL.sync] === 1) {
      params.forEach((p, k) => p.value.set(weights.subarray(offsets[k], offsets[k] + p.value.length)));
    } else {
      ranges.forEach((r, w) => {
        if (w !== data.index) forEachSlice(params, r, (k, i0, i1) => params[k].value.set(weights.subarray(offsets[k] + i0, offsets[k] + i1), i0));
      });
    }

    // Shards until none is left (another thread may take them all).
    const shards = work[WORK.shards];
    const took = takeShards({ model, loss: spec.loss, work, seq, x, t, inSize, tSize, slots, offsets, losses, delayMs: data.delayMs });
    ctrl[CTRL.took] = took;
    Atomics.store(ctrl, CTRL.done, seq);
    Atomics.notify(ctrl, CTRL.done);
    if (mode !== MODE.step) continue;

    // Every slot written (the coordinator says so): g = slot 0 + slot 1 + … on this thread's range, in that order.
    if (awaitGo(seq) === seq) {
      forEachSlice(params, mine, (k, i0, i1) => sumSlots(params[k].grad, slots, shards, offsets[k], i0, i1));
      optimizer.learningRate = nums[0];
      optimizer.step(mine);
      forEachSlice(params, mine, (k, i0, i1) => weights.set(params[k].value.subarray(i0, i1), offsets[k] + i0));
    }
    Atomics.store(ctrl, CTRL.stepped, seq);
    Atomics.notify(ctrl, CTRL.stepped);
  }
} catch (err) {
  report(1, err instanceof Error ? err.message : String(err));
}

/**
 * Waits until the coordinator's `go` is seq or −seq: polls for up to SPIN_MS, then sleeps in
 * Atomics.wait. (It may already be set: the coordinator gives it as soon as the last shard is in.)
 */
function awaitGo(seq: number): number {
  const started = performance.now();
  let spinning = true;
  for (let polls = 0; ; polls++) {
    const go = Atomics.load(ctrl, CTRL.go);
    if (go === seq || go === -seq) return go;
    if (spinning && (spinning = keepSpinning(started, polls))) continue;
    Atomics.wait(ctrl, CTRL.go, go, 100);
  }
}

