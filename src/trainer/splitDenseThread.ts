// One worker thread of SplitDenseGradients (splitDense.ts): thread `part` of a Dense chain split by
// units (core/train/denseSplit.ts). It builds a replica of the model for the chain's shapes, takes its
// columns of the session's weights from shared memory, and for each step the coordinator posts runs
// its DenseSplitPart over the whole batch, steps its optimizer over its slices and writes its updated
// columns into the shared weights. Built to out/main/splitDenseThread.js next to the training process's entry.
import { workerData } from 'node:worker_threads';
import { compileNetwork, createOptimizer, loadWasmKernels, setKernels } from '../core';
import { DenseSplitPart, denseChain } from '../core/train/denseSplit';
import { Barrier, decodeError, writeError } from './threads';
import { paramViews, SPLIT_CTRL, splitViews, type SplitThreadData } from './splitDense';

/** Polls before sleeping between steps (the coordinator is between batches only briefly); bounded, so an idle run costs no CPU. */
const SPIN_MS = 3;
const STALL_MS = 60_000;

const data = workerData as SplitThreadData;
const ctrl = new Int32Array(data.ctrl);
const status = new Int32Array(data.status);

/** Reports a failure through shared memory: the coordinator may be blocked in a barrier and cannot see events. */
function report(code: 1 | 2, message: string): void {
  if (code === 1) writeError(new Uint8Array(data.errors[data.part]), message);
  if (Atomics.compareExchange(status, data.part, 0, code) === 0) Atomics.notify(status, data.part);
}

process.on('exit', () => report(2, 'exited'));

try {
  const fast = loadWasmKernels(); // each thread has its own WebAssembly instance
  if (fast) setKernels(fast.kernels);
  const { spec } = data;
  const model = compileNetwork(spec.document, { seed: spec.seed, dtype: spec.dtype });
  const chain = denseChain(model);
  if (!chain) throw new Error('the network is not a Dense chain');
  const shared = paramViews(model.parameters(), new Float32Array(data.weights));
  const view = (p: { name: string }) => shared.get(p.name)!;
  const barrier = new Barrier(new Int32Array(data.sync), data.part, (waited) => {
    for (let q = 0; q < data.parts; q++) {
      const s = q === data.part ? 0 : Atomics.load(status, q);
      if (s !== 0) throw new Error(`thread ${q} ${s === 1 ? `failed: ${decodeError(new Uint8Array(data.errors[q]))}` : 'exited'}`);
    }
    if (Atomics.load(ctrl, SPLIT_CTRL.seq) < 0) throw new Error('stopped');
    if (waited > STALL_MS) throw new Error('the other threads stalled');
  });
  const part = new DenseSplitPart(chain, data.part, data.parts, splitViews(data.acts, data.partials), () => barrier.sync());
  part.loadWeights(view);
  const optimizer = createOptimizer(spec.optimizer, part.params);
  const x = new Float32Array(data.x);
  const t = new Float32Array(data.t);
  const nums = new Float64Array(data.nums);

  let last = 0;
  for (;;) {
    spinWhile(ctrl, SPLIT_CTRL.seq, last, SPIN_MS);
    Atomics.wait(ctrl, SPLIT_CTRL.seq, last);
    const seq = Atomics.load(ctrl, SPLIT_CTRL.seq);
    if (seq < 0) break;
    if (seq === last) continue;
    last = seq;
    if (ctrl[SPLIT_CTRL.mode] === 1) {
      data.port.postMessage(optimizer.state()); // the coordinator polls its port
      continue;
    }
    if (data.failAtStep === seq) throw new Error(`test failure at step ${seq}`);
    const loss = part.lossAndGradients(x, t, ctrl[SPLIT_CTRL.n], spec.loss);
    if (Number.isFinite(loss)) {
      optimizer.learningRate = nums[0];
      optimizer.step();
    }
    part.storeWeights(view, false);
    barrier.sync();
  }
} catch (err) {
  const message = err instanceof Error ? err.message : String(err);
  if (message !== 'stopped') report(1, message);
}

function spinWhile(a: Int32Array, index: number, value: number, ms: number): void {
  const end = performance.now() + ms;
  for (let i = 0; Atomics.load(a, index) === value; i++) if ((i & 1023) === 0 && performance.now() - end > 0) return;
}
