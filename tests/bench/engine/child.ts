// One engine on one workload, in its own process so its peak RSS is its own. Started by engine.bench.ts:
//   node [--experimental-wasm-relaxed-simd] --import tsx child.ts <engine> <workload> [--quick]
// Prints one line `RESULT {json}`. Timing: a warm-up (whole passes for at least WARM_UP_S for the fast
// engines, a few batches for TF.js cpu and Netloom's TypeScript kernels), then timed passes over all
// samples (same order, no shuffling); samples/s is from the median pass.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  compileNetwork, createOptimizer, defaultSettings, jsKernels, kernels, loadWasmKernels, setKernels, shareInputs,
  type DocNode, type LossKind, type NetworkDocument, type OptimizerConfig,
} from '../../../src/core';
import { parallelGradients } from '../../../src/trainer/engineChoice';
import { SplitDenseGradients } from '../../../src/trainer/splitDense';
import { gemmOperands, timeGemms } from './gemmLoop';
import { registerConv2DBackpropFilter } from './tfjsWasmConv';
import { loadWorkload, type WorkloadData, type WorkloadName } from './workloads';

/**
 * netloom-2t: the fast path on two threads, the engine the training process picks
 * (src/trainer/engineChoice.ts: a Dense chain cut between the threads, else data parallel).
 */
export type EngineName = 'netloom' | 'netloom-2t' | 'netloom-ts' | 'tfjs-cpu' | 'tfjs-wasm';

export interface ChildResult {
  engine: EngineName;
  workload: WorkloadName | 'gemm';
  samplesPerSec?: number;
  gflops?: number;
  /** Seconds of each timed pass. */
  passes: number[];
  samples?: number;
  peakRssMB: number;
  note?: string;
}

const [engine, workload] = process.argv.slice(2) as [EngineName, WorkloadName | 'gemm'];
const quick = process.argv.includes('--quick');
/**
 * Netloom's fast path gets more timed passes (a median robust to this VM's hiccups) and a whole warm-up
 * pass (JIT, the worker thread's too); so does TF.js wasm in a full run (--quick keeps its few batches, to stay under 2 minutes).
 */
const fastEngine = engine === 'netloom' || engine === 'netloom-2t' || (engine === 'tfjs-wasm' && !quick);
const repeats = engine === 'tfjs-cpu' ? 1 : engine === 'netloom' || engine === 'netloom-2t' ? 5 : 3;
/**
 * A fast engine warms up with whole passes for at least this long: V8 goes on tiering up the step's
 * JavaScript for the first ~1,000 steps (traced with --trace-opt: the MLP's 8,000-sample passes still
 * compiled up to pass 9), and on two threads each of those background compiles takes a core from a
 * training thread, which the other thread then waits for (a pass with compiles ran up to 2× slower).
 * The app trains for minutes; this measures the speed it trains at, not V8's warm-up.
 */
const WARM_UP_S = quick ? 1 : 3;
/** Timed passes add up to at least this (more than `repeats` of them when a pass is short, like the MLP's ~0.1 s). */
const MIN_TIMED_S = quick ? 0.5 : 1.5;
/** At most this many timed passes. */
const MAX_REPEATS = 25;
const notes: string[] = [];

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Whole passes until WARM_UP_S has passed (at least one). */
async function warmUp(pass: () => Promise<void> | void): Promise<void> {
  const t0 = performance.now();
  do await pass();
  while (performance.now() - t0 < WARM_UP_S * 1000);
}

async function time(pass: () => Promise<void> | void): Promise<number[]> {
  const out: number[] = [];
  const minTimed = fastEngine ? MIN_TIMED_S : 0;
  while (out.length < repeats || (out.reduce((a, b) => a + b, 0) < minTimed && out.length < MAX_REPEATS)) {
    const t0 = performance.now();
    await pass();
    out.push((performance.now() - t0) / 1000);
  }
  return out;
}

// ---- Netloom ----------------------------------------------------------------------------------

function chain(spec: [string, Record<string, unknown>][]): NetworkDocument {
  const nodes: DocNode[] = spec.map(([type, s], i) => ({ id: `n${i}`, type, settings: { ...defaultSettings(type), ...s }, position: { x: 0, y: 0 } }));
  const edges = nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: nodes[i].id, target: n.id }));
  return { nodes, edges };
}

function netloomModel(d: WorkloadData): { doc: NetworkDocument; loss: LossKind; opt: OptimizerConfig } {
  const input: [string, Record<string, unknown>] = ['input', { shape: d.inputShape }];
  switch (d.name) {
    case 'mlp':
      return {
        doc: chain([input, ['dense', { units: 128, activation: 'relu' }], ['dense', { units: 64, activation: 'relu' }], ['dense', { units: 10, activation: 'softmax' }]]),
        loss: 'softmaxCrossEntropy',
        opt: { kind: 'adam', learningRate: 1e-3 },
      };
    case 'cnn': {
      const conv = (filters: number): [string, Record<string, unknown>] => ['conv2d', { filters, kernelSize: [5, 5], padding: 'same', activation: 'relu' }];
      const pool: [string, Record<string, unknown>] = ['maxPool2d', { poolSize: [2, 2], strides: [2, 2] }];
      return {
        doc: chain([input, conv(8), pool, conv(16), pool, ['flatten', {}], ['dense', { units: 10, activation: 'softmax' }]]),
        loss: 'softmaxCrossEntropy',
        opt: { kind: 'momentum', learningRate: 0.01, momentum: 0.9 },
      };
    }
    default:
      return {
        doc: chain([input, [d.name, { units: 32 }], ['dense', { units: 1 }]]),
        loss: 'mse',
        opt: { kind: 'adam', learningRate: 1e-3 },
      };
  }
}

async function runNetloom(data: WorkloadData): Promise<number[]> {
  // The training session's inputs are in shared memory (core/train/session.ts), where an engine's threads gather their own rows.
  const d = { ...data, x: shareInputs(data.x) };
  const { doc, loss, opt } = netloomModel(d);
  const model = compileNetwork(doc, { seed: 1 });
  const optimizer = createOptimizer(opt, model.parameters());
  const inSize = d.x.length / d.n;
  // The engine the training process picks on one or two threads (for a Dense chain on one thread: its
  // arrays in a wasm workspace; the TypeScript kernels: the model itself).
  const threads = engine === 'netloom-2t' ? 2 : 1;
  const gradients = parallelGradients({ threads })({ model, document: doc, seed: 1, dtype: 'float32', loss, optimizer: opt, batchSize: d.batch, inputs: d.x });
  if (gradients.threads < threads) throw new Error(`netloom-2t: the app keeps the ${d.name} network on one thread`);
  if (gradients instanceof SplitDenseGradients) notes.push(`Netloom ${threads === 2 ? '2 threads: Dense layers cut between the threads (by units, then by input rows)' : '1 thread: the Dense chain engine (arrays in a wasm workspace)'}`);
  else if (threads === 2) notes.push('Netloom 2 threads: data parallel');
  const order = Uint32Array.from({ length: d.n }, (_, i) => i);
  const pass = (nSamples: number) => {
    for (let s = 0; s < nSamples; s += d.batch) {
      const B = Math.min(d.batch, nSamples - s);
      // As the session: the engine's threads take the rows themselves when they can (takeRows), else the batch is handed over.
      const x = gradients.takeRows?.(d.x, inSize, order, s, B) ? gradients.batchBuffers!().x : d.x.subarray(s * inSize, (s + B) * inSize);
      const y = d.y.subarray(s * d.outputs, (s + B) * d.outputs);
      if (gradients.trainStep) gradients.trainStep(x, y, B, optimizer); // the engine steps the optimizer (shared between threads)
      else {
        gradients.lossAndGradients(x, y, B);
        optimizer.step();
      }
    }
  };
  if (fastEngine) await warmUp(() => pass(d.n));
  else pass(Math.min(d.n, 4 * d.batch));
  const passes = await time(() => pass(d.n));
  gradients.dispose();
  return passes;
}

function runNetloomGemm(n: number): number[] {
  const ops = gemmOperands(n);
  kernels().denseForward(ops.A, ops.B, null, ops.C, n, n, n);
  return timeGemms(ops, n, engineIsSlow() ? 1 : 5);
}

/**
 * netloom-2t GEMM: this thread and a worker thread each run the same GEMMs at the same time; returns
 * the seconds per GEMM *pair* (the slower thread's total / reps), so 2·flops / that = the machine's
 * two-thread throughput. The worker loads TypeScript through tsx's require hook (loader flags do not
 * reach worker threads on Node 20).
 */
async function runNetloomGemmTwoThreads(n: number): Promise<number[]> {
  const reps = 5;
  const start = new SharedArrayBuffer(8);
  const flag = new Int32Array(start);
  const tsx = createRequire(__filename).resolve('tsx/cjs');
  const script = `require(${JSON.stringify(tsx)}); require(${JSON.stringify(join(__dirname, 'gemmThread.ts'))});`;
  const worker = new Worker(script, { eval: true, workerData: { n, reps, start } });
  const theirs = new Promise<number[]>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const ops = gemmOperands(n);
  kernels().denseForward(ops.A, ops.B, null, ops.C, n, n, n);
  while (Atomics.load(flag, 1) === 0) await new Promise((r) => setTimeout(r, 10));
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
  const mine = timeGemms(ops, n, reps);
  const other = await theirs;
  await worker.terminate();
  const total = Math.max(mine.reduce((a, b) => a + b), other.reduce((a, b) => a + b));
  notes.push('Netloom 2 threads, GEMM: two threads each multiplying at once, GFLOP/s of the pair');
  return Array.from({ length: reps }, () => total / reps / 2); // per GEMM, so 2n³/t is the pair's rate
}

const engineIsSlow = () => engine === 'netloom-ts' || engine === 'tfjs-cpu';

// ---- TF.js ------------------------------------------------------------------------------------

type Tf = typeof import('@tensorflow/tfjs');

async function setupTf(): Promise<Tf> {
  const tf = await import('@tensorflow/tfjs');
  if (engine === 'tfjs-wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(join(require.resolve('@tensorflow/tfjs-backend-wasm'), '..') + '/');
    wasm.setThreadsCount(1);
    // TF.js wasm has no Conv2DBackpropFilter (the CNN's kernel gradient), so it cannot train a CNN.
    if (registerConv2DBackpropFilter(tf)) {
      if (workload === 'cnn') notes.push('TF.js wasm: the bench registered the missing Conv2DBackpropFilter kernel (im2col + GEMM in Netloom\'s TypeScript reference kernels)');
    }
    await tf.setBackend('wasm');
  } else {
    await tf.setBackend('cpu');
  }
  await tf.ready();
  return tf;
}

function tfModel(tf: Tf, d: WorkloadData) {
  const m = tf.sequential();
  switch (d.name) {
    case 'mlp':
      m.add(tf.layers.dense({ units: 128, activation: 'relu', inputShape: d.inputShape }));
      m.add(tf.layers.dense({ units: 64, activation: 'relu' }));
      m.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
      m.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
      break;
    case 'cnn':
      m.add(tf.layers.conv2d({ filters: 8, kernelSize: 5, padding: 'same', activation: 'relu', inputShape: d.inputShape }));
      m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
      m.add(tf.layers.conv2d({ filters: 16, kernelSize: 5, padding: 'same', activation: 'relu' }));
      m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
      m.add(tf.layers.flatten());
      m.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
      m.compile({ optimizer: tf.train.momentum(0.01, 0.9), loss: 'categoricalCrossentropy' });
      break;
    default: {
      const cell = { lstm: tf.layers.lstm, gru: tf.layers.gru, simpleRnn: tf.layers.simpleRNN }[d.name];
      const extra = d.name === 'simpleRnn' ? {} : { recurrentActivation: 'sigmoid' as const };
      m.add(cell({ units: 32, inputShape: d.inputShape, ...extra }));
      m.add(tf.layers.dense({ units: 1 }));
      m.compile({ optimizer: tf.train.adam(1e-3), loss: 'meanSquaredError' });
    }
  }
  return m;
}

async function runTf(tf: Tf, d: WorkloadData): Promise<number[]> {
  const m = tfModel(tf, d);
  const inSize = d.x.length / d.n;
  const batches: [import('@tensorflow/tfjs').Tensor, import('@tensorflow/tfjs').Tensor][] = [];
  for (let s = 0; s < d.n; s += d.batch) {
    const B = Math.min(d.batch, d.n - s);
    batches.push([
      tf.tensor(d.x.subarray(s * inSize, (s + B) * inSize), [B, ...d.inputShape]),
      tf.tensor(d.y.subarray(s * d.outputs, (s + B) * d.outputs), [B, d.outputs]),
    ]);
  }
  const pass = async (k: number) => {
    for (let i = 0; i < k; i++) await m.trainOnBatch(batches[i][0], batches[i][1]);
  };
  if (fastEngine) await warmUp(() => pass(batches.length));
  else await pass(Math.min(batches.length, engine === 'tfjs-cpu' && d.name === 'cnn' ? 1 : 4));
  return time(() => pass(batches.length));
}

async function runTfGemm(tf: Tf, n: number): Promise<number[]> {
  const a = tf.randomUniform([n, n]);
  const b = tf.randomUniform([n, n]);
  tf.matMul(a, b).dataSync();
  const out: number[] = [];
  for (let r = 0; r < (engineIsSlow() ? 1 : 5); r++) {
    const t0 = performance.now();
    const c = tf.matMul(a, b);
    c.dataSync();
    out.push((performance.now() - t0) / 1000);
    c.dispose();
  }
  return out;
}

// ---- main -------------------------------------------------------------------------------------

async function main(): Promise<void> {
  let passes: number[];
  let samples: number | undefined;
  let tf: Tf | null = null;
  if (engine === 'netloom' || engine === 'netloom-2t') {
    const w = loadWasmKernels();
    if (w) {
      setKernels(w.kernels);
      notes.push(`Netloom wasm kernels: ${w.variant === 'relaxed' ? 'SIMD + relaxed fused multiply-add' : 'SIMD (no relaxed FMA)'}`);
    } else notes.push('Netloom: no WebAssembly SIMD, TypeScript kernels');
  } else if (engine === 'netloom-ts') {
    setKernels(jsKernels);
  } else {
    tf = await setupTf();
  }
  if (workload === 'gemm') {
    const n = 1024;
    passes = tf ? await runTfGemm(tf, n) : engine === 'netloom-2t' ? await runNetloomGemmTwoThreads(n) : runNetloomGemm(n);
    const result: ChildResult = { engine, workload, gflops: (2 * n ** 3) / median(passes) / 1e9, passes, peakRssMB: process.resourceUsage().maxRSS / 1024 };
    console.log(`RESULT ${JSON.stringify({ ...result, note: notes.join('; ') || undefined })}`);
    return;
  }
  const d = loadWorkload(workload, quick);
  samples = d.n;
  passes = tf ? await runTf(tf, d) : await runNetloom(d);
  const result: ChildResult = {
    engine, workload, samplesPerSec: d.n / median(passes), passes, samples, peakRssMB: process.resourceUsage().maxRSS / 1024,
    note: notes.join('; ') || undefined,
  };
  console.log(`RESULT ${JSON.stringify(result)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
