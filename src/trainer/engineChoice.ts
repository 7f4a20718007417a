// Which gradient engine the training process trains a run on (src/trainer/worker.ts): how many
// threads, and for the network at hand the Dense split (splitDense.ts), data parallelism
// (parallelGradients.ts) or this thread alone.
import { availableParallelism } from 'node:os';
import {
  inProcessGradients, jsKernels, kernels, splitsAcrossSamples, summarizeGraph,
  type GradientEngine, type GradientEngineFactory, type GradientEngineSpec,
} from '../core';
import { ParallelGradients, type ParallelOptions } from './parallelGradients';
import { SplitDenseGradients, splitsByUnits } from './splitDense';

/** Threads per batch for the training process: NETLOOM_THREADS if set, else 2 when the machine has two cores or more. */
export function defaultThreads(env: NodeJS.ProcessEnv = process.env): number {
  const forced = Number(env.NETLOOM_THREADS);
  if (Number.isInteger(forced) && forced >= 1) return forced;
  return availableParallelism() >= 2 ? 2 : 1;
}

/** Batches smaller than this stay on one thread: waking a thread costs more than half of such a step saves. */
export const MIN_PARALLEL_BATCH = 16;
/**
 * Multiply-accumulates per batch per parameter below which a network stays off data parallelism:
 * every thread streams all the parameters, their gradients and its range's optimizer state each step,
 * so a batch must carry enough compute to pay for that (measured: the 784-128-64-10 MLP at batch 64,
 * 64 MACs per parameter, ran slower on two threads; the issue-6 CNN at batch 32, ~2,300, runs ~1.9× faster).
 */
export const MIN_MACS_PER_PARAM = 256;

/**
 * Multiply-accumulates per batch below which a Dense chain stays on one thread: splitting its units
 * costs a few barriers per step (~µs each), so a step must carry enough compute (the issue-6 MLP at
 * batch 64: ~7 M; an XOR starter net: ~10 k).
 */
export const MIN_SPLIT_MACS = 1 << 20;

/**
 * The training process's engine factory, when `threads` ≥ 2 and the batch has at least
 * MIN_PARALLEL_BATCH samples:
 * - a float32 chain of Dense layers with MIN_SPLIT_MACS per batch: its layers cut between the
 *   threads (splitDense.ts; each thread streams only its share of the weights);
 * - else a network with enough compute per parameter that splits by sample (no BatchNorm, no
 *   dropout, no RMSE loss: core/train/gradientEngine.ts): data parallel (ParallelGradients);
 * otherwise the model in this thread.
 */
export function parallelGradients(options: ParallelOptions): GradientEngineFactory {
  return (spec) => {
    if (options.threads < 2 || spec.batchSize < MIN_PARALLEL_BATCH) return oneThread(spec);
    const totals = summarizeGraph(spec.document).totals;
    if (totals.macs * spec.batchSize >= MIN_SPLIT_MACS && splitsByUnits(spec, options.threads)) return new SplitDenseGradients(spec, options);
    const enoughWork = totals.params > 0 && (totals.macs * spec.batchSize) / totals.params >= MIN_MACS_PER_PARAM;
    return enoughWork && splitsAcrossSamples(spec.model, spec.loss) ? new ParallelGradients(spec, options) : oneThread(spec);
  };
}

/** On this thread: a float32 Dense chain in a wasm workspace (SplitDenseGradients, one thread) when the WebAssembly kernels are installed, else the model itself. */
function oneThread(spec: GradientEngineSpec): GradientEngine {
  return kernels() !== jsKernels && splitsByUnits(spec, 1) ? new SplitDenseGradients(spec, { threads: 1 }) : inProcessGradients(spec);
}
