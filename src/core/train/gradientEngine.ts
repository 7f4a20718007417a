// Where a training step's loss and gradients are computed. The session asks a GradientEngine for
// ∂(mean loss)/∂θ of each batch and then runs penalties, clipping and the optimizer itself. The
// default engine is the model in this thread (unchanged results); a host may inject a data-parallel
// one (src/trainer/parallelGradients.ts: worker threads, Node only), which splits the batch into
// fixed contiguous shards and adds the shards' gradients in a fixed order, so a seed still replays a run.
//
// Data parallelism rests on the mean loss being a weighted sum of per-shard mean losses:
//   L = (1/B) Σ_b ℓ_b = Σ_s (B_s/B) · L_s,   so   ∂L/∂θ = Σ_s (B_s/B) · ∂L_s/∂θ.
// That holds when every sample's loss depends on its own inputs only. It does not for BatchNorm in
// training (the batch statistics couple the samples), for RMSE (a square root of the mean), and the
// dropout masks are drawn from one stream in batch order, so a shard would draw other masks: networks
// with those run on one thread (splitsAcrossSamples).

import type { NetworkDocument } from '../graph/document';
import type { TrainableModel } from '../graph/model';
import type { Optimizer } from '../optim';
import type { DType, FloatArray } from '../tensor/tensor';
import type { LossKind, OptimizerConfig } from './config';

export interface GradientEngine {
  /** Threads computing each batch (1: in this thread). */
  readonly threads: number;
  /**
   * Like TrainableModel.lossAndGradients: overwrites every parameter's grad with ∂loss/∂θ of the
   * mean loss over the n samples of (x, t) and returns that loss. x: (n, inputSize); t: (n, targets).
   */
  lossAndGradients(x: ArrayLike<number>, t: ArrayLike<number>, n: number): number;
  /**
   * Optional: a whole training step without penalties or clipping — the gradients as above, then
   * optimizer.step() on them, the update itself shared between the threads (each steps its own
   * ParamRange of the parameters). The same values as lossAndGradients() followed by optimizer.step();
   * when the loss is not finite nothing steps. `optimizer` is the session's, over the model's parameters.
   */
  trainStep?(x: ArrayLike<number>, t: ArrayLike<number>, n: number, optimizer: Optimizer): number;
  /**
   * Optional: an engine that keeps the newest weights elsewhere between steps (split over threads)
   * writes them into the session's model. The session calls it before it reads the model (evaluation,
   * snapshots); without it the model is current after every step.
   */
  syncModel?(): void;
  /**
   * Optional: where the session should gather the next batch (x: batchSize × inputSize, t: batchSize ×
   * targets, in the model's dtype) — memory the engine's threads read directly, so the step copies nothing.
   */
  batchBuffers?(): { x: FloatArray; t: FloatArray };
  /**
   * Optional: the next batch's inputs are the rows idx[start … start+n) of x ((rows, size), row-major),
   * which must be the spec's `inputs`; an engine whose threads can read them (shared memory) has each
   * thread gather them straight into its own memory, instead of this thread gathering them for all.
   * Returns false when it does not take them: the caller then gathers them into batchBuffers().x as
   * usual. When it does, the next trainStep or lossAndGradients gets batchBuffers().x, unfilled.
   */
  takeRows?(x: FloatArray, size: number, idx: ArrayLike<number>, start: number, n: number): boolean;
  /** Releases threads; idempotent. An engine that shared the optimizer's work first gathers its state back into the session's optimizer. */
  dispose(): void;
}

/** What an engine factory gets: the session's model and what it needs to build replicas of it. */
export interface GradientEngineSpec {
  model: TrainableModel;
  document: NetworkDocument;
  seed: number;
  dtype: DType;
  loss: LossKind;
  /** The session's optimizer, for engines that share its update between threads. */
  optimizer: OptimizerConfig;
  /** Samples per full batch (the last batch of an epoch may be shorter). */
  batchSize: number;
  /** The training inputs (rows of the model's input size), for takeRows; in shared memory when the host can share them (shareInputs). */
  inputs?: FloatArray;
}

/**
 * x in shared memory (a copy, unless it is there already), so that an engine's threads can read it;
 * x itself where there is no SharedArrayBuffer (a browser page without cross-origin isolation).
 */
export function shareInputs(x: Float32Array): Float32Array {
  if (typeof SharedArrayBuffer !== 'function' || x.buffer instanceof SharedArrayBuffer) return x;
  const shared = new Float32Array(new SharedArrayBuffer(x.byteLength));
  shared.set(x);
  return shared;
}

export type GradientEngineFactory = (spec: GradientEngineSpec) => GradientEngine;

/** The default: the model computes its own gradients in this thread. */
export function inProcessGradients(spec: Pick<GradientEngineSpec, 'model' | 'loss'>): GradientEngine {
  const { model, loss } = spec;
  return { threads: 1, lossAndGradients: (x, t, n) => model.lossAndGradients(x, t, n, loss), dispose: () => {} };
}

/** A batch of n samples cut into `parts` contiguous shards, larger ones first: sizes ⌈n/parts⌉ or ⌊n/parts⌋ (some may be 0). */
export function batchShards(n: number, parts: number): { start: number; count: number }[] {
  const out: { start: number; count: number }[] = [];
  let start = 0;
  for (let k = 0; k < parts; k++) {
    const count = Math.floor(n / parts) + (k < n % parts ? 1 : 0);
    out.push({ start, count });
    start += count;
  }
  return out;
}

/** Layer types whose training forward does not split by sample (see the header). */
const SINGLE_THREAD_LAYERS: ReadonlySet<string> = new Set(['batchNorm', 'dropout']);
/** Losses that are not a mean of per-sample terms. */
const SINGLE_THREAD_LOSSES: ReadonlySet<LossKind> = new Set<LossKind>(['rmse']);

/** Whether a batch's gradient equals the (B_s/B)-weighted sum of its shards' gradients for this model and loss. */
export function splitsAcrossSamples(model: TrainableModel, loss: LossKind): boolean {
  return !SINGLE_THREAD_LOSSES.has(loss) && model.nodes.every((node) => !SINGLE_THREAD_LAYERS.has(node.type));
}
