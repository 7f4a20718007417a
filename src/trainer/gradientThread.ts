// One worker thread of ParallelGradients (parallelGradients.ts): holds a replica of the session's
// model and, for each step the coordinator posts in shared memory, reads the published weights,
// computes the gradient of its shard's mean loss scaled by its share of the batch into its slot, and
// signals. Built to out/main/gradientThread.js next to the training process's entry.
import { workerData } from 'node:worker_threads';
import { compileNetwork, loadWasmKernels, setKernels, targetsPerSample } from '../core';
import type { FloatArray } from '../core/tensor/tensor';
import { CTRL, type ThreadData } from './parallelGradients';

/**
 * Polls before sleeping: between steps the coordinator runs the optimizer; a thread that sleeps in
 * Atomics.wait through it may be woken onto the coordinator's busy core. Bounded, so an idle run
 * costs no CPU.
 */
const SPIN_MS = 3;

const data = workerData as ThreadData;
const ctrl = new Int32Array(data.ctrl);

/** Reports a failure through shared memory: the coordinator may be blocked and cannot see events. */
function report(status: 1 | 2, message: string): void {
  if (status === 1) {
    const bytes = new TextEncoder().encode(message).subarray(0, data.error.byteLength - 1);
    new Uint8Array(data.error).set(bytes);
  }
  if (Atomics.compareExchange(ctrl, CTRL.status, 0, status) === 0) Atomics.notify(ctrl, CTRL.done);
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
  const slot = F(data.grads);
  const loss = new Float64Array(data.loss);
  const params = model.parameters();
  const inSize = model.inputSize;
  const tSize = targetsPerSample(spec.loss, model.outputSize);
  Atomics.store(ctrl, CTRL.ready, 1);

  let last = 0;
  for (;;) {
    spinWhile(ctrl, CTRL.seq, last, SPIN_MS);
    Atomics.wait(ctrl, CTRL.seq, last);
    const seq = Atomics.load(ctrl, CTRL.seq);
    if (seq < 0) break;
    if (seq === last) continue;
    last = seq;
    if (data.failAtStep === seq) throw new Error(`test failure at step ${seq}`);
    const n = ctrl[CTRL.count];
    const share = n / ctrl[CTRL.total];
    let offset = 0;
    for (const p of params) {
      p.value.set(weights.subarray(offset, offset + p.value.length));
      offset += p.value.length;
    }
    loss[0] = model.lossAndGradients(x.subarray(0, n * inSize), t.subarray(0, n * tSize), n, spec.loss) * share;
    offset = 0;
    for (const p of params) {
      scaleInto(p.grad, share, slot, offset);
      offset += p.grad.length;
    }
    Atomics.store(ctrl, CTRL.done, seq);
    Atomics.notify(ctrl, CTRL.done);
  }
} catch (err) {
  report(1, err instanceof Error ? err.message : String(err));
}

function scaleInto(g: FloatArray, c: number, slot: FloatArray, offset: number): void {
  for (let i = 0; i < g.length; i++) slot[offset + i] = g[i] * c;
}

function spinWhile(a: Int32Array, index: number, value: number, ms: number): void {
  const end = performance.now() + ms;
  for (let i = 0; Atomics.load(a, index) === value; i++) if ((i & 1023) === 0 && performance.now() > end) return;
}
