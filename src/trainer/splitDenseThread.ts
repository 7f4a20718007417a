// One worker thread of SplitDenseGradients (splitDense.ts): thread `part` of a Dense chain cut between
// the threads (core/train/denseSplit.ts). It builds a replica of the model for the chain's shapes, takes its
// share of the session's weights from shared memory, and for each step the coordinator posts runs
// its DenseSplitPart over the whole batch (its copy of the rows gathered itself from the shared inputs
// when the coordinator took rows) and steps its optimizer over its slices; asked to, it writes
// its share of the weights into the shared weights or posts its optimizer's state. Built to out/main/splitDenseThread.js next to the training process's entry.
import { workerData } from 'node:worker_threads';
import { compileNetwork, createOptimizer, loadWasmKernels, setKernels } from '../core';
import { DenseSplitPart, denseChain } from '../core/train/denseSplit';
import { Barrier, decodeError, spinWhile, writeError } from './threads';
import { paramViews, SPLIT_CTRL, SPLIT_MODE, splitViews, type SplitThreadData } from './splitDense';

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
  // The coordinator's kernels (each thread has its own WebAssembly instance): the threads compute the
  // output layer each, and must get the same values.
  const fast = data.wasm ? loadWasmKernels() : null;
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
  const part = new DenseSplitPart(chain, data.part, data.parts, splitViews(data.buffers), () => barrier.sync(), { maxBatch: data.maxBatch, resident: data.wasm });
  part.loadWeights(view);
  const optimizer = createOptimizer(spec.optimizer, part.params);
  const x = data.x.map((b) => new Float32Array(b));
  const t = data.t.map((b) => new Float32Array(b));
  const inputs = data.inputs ? new Float32Array(data.inputs.buffer, data.inputs.byteOffset, data.inputs.length) : null;
  const idx = data.idx.map((b) => new Int32Array(b));
  const nums = new Float64Array(data.nums);

  let last = 0;
  let steps = 0;
  for (;;) {
    spinWhile(ctrl, SPLIT_CTRL.seq, last);
    Atomics.wait(ctrl, SPLIT_CTRL.seq, last);
    const seq = Atomics.load(ctrl, SPLIT_CTRL.seq);
    if (seq < 0) break;
    if (seq === last) continue;
    last = seq;
    const mode = ctrl[SPLIT_CTRL.mode];
    if (mode === SPLIT_MODE.state) {
      data.port.postMessage(optimizer.state()); // the coordinator polls its port
      continue;
    }
    if (mode === SPLIT_MODE.store) {
      part.storeWeights(view, false);
      const word = SPLIT_CTRL.answered + data.part - 1;
      Atomics.store(ctrl, word, seq);
      Atomics.notify(ctrl, word);
      continue;
    }
    steps++;
    if (data.failAtStep === steps) throw new Error(`test failure at step ${steps}`);
    // Read before the step's first barrier (the coordinator writes the next step's only after it).
    const n = ctrl[SPLIT_CTRL.n];
    const lr = nums[0];
    const set = part.parity;
    // Its own copy of the batch's rows straight from the shared inputs, or the batch the coordinator copied.
    if (mode === SPLIT_MODE.stepRows) {
      if (!inputs) throw new Error('no shared inputs to gather rows from');
      part.gather(inputs, idx[set], n);
    }
    const loss = part.lossAndGradients(mode === SPLIT_MODE.stepRows ? part.input : x[set], t[set], n, spec.loss);
    if (Number.isFinite(loss)) {
      optimizer.learningRate = lr;
      optimizer.step();
    }
  }
} catch (err) {
  const message = err instanceof Error ? err.message : String(err);
  if (message !== 'stopped') report(1, message);
}

