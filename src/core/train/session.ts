// A training run, driven one mini-batch at a time by its host (the trainer process calls
// step() in a loop and forwards the events). Everything random — init, validation split,
// per-epoch shuffling, dropout — comes from streams of the run's seed, so a seed replays a run.

import { loadDataset, type Dataset, type DatasetAssets } from '../data/dataset';
import { compileNetwork } from '../graph/compile';
import type { TrainableModel } from '../graph/model';
import { targetsPerSample } from '../losses';
import { createOptimizer, type Optimizer } from '../optim';
import { deriveSeed, Rng } from '../rng';
import { allocate, ensureCapacity, shapeSize, type FloatArray } from '../tensor/tensor';
import type { TrainConfig } from './config';
import type { ConfusionMatrix, EpochMetrics, TrainEvent } from './events';
import { confusionMatrix, countCorrect, countTopK, fillTargets, gatherRows, regressionErrors } from './metrics';
import { validateTrainConfig } from './validate';
import { resolveBatchSize, TrainingFeatures } from './features';
import { foldSplit } from './split';
import { inProcessGradients, shareInputs, type GradientEngine, type GradientEngineFactory } from './gradientEngine';

export interface TrainingSession {
  readonly runId: number;
  readonly done: boolean;
  /** Runs ONE mini-batch step and returns the events to forward ('started', 'epoch', 'done', 'error'). */
  step(): TrainEvent[];
  progress(): Extract<TrainEvent, { type: 'progress' }>;
  /** The current weights; with `withOptimizerState` also the optimizer's state (the final snapshot, for saving). */
  snapshot(withOptimizerState?: boolean): Extract<TrainEvent, { type: 'snapshot' }>;
  /** Ends the run: returns the 'done' {reason: 'stopped'} event. */
  stop(): TrainEvent;
}

/** Samples-per-second is measured over about this many milliseconds. */
const RATE_WINDOW_MS = 1000;
/** Epoch metrics are evaluated in chunks of this many samples. */
const EVAL_CHUNK = 512;

export interface SessionOptions {
  /** Where each batch's loss and gradients are computed (default: this thread; the trainer injects worker threads). */
  gradients?: GradientEngineFactory;
}

/**
 * clock: milliseconds, monotonic. assets: bytes of file-backed datasets (MNIST), loaded by the host.
 * Throws an Error listing the issues for an invalid config.
 */
export function createTrainingSession(
  config: TrainConfig, runId: number, clock: () => number, assets?: DatasetAssets, options: SessionOptions = {},
): TrainingSession {
  const issues = validateTrainConfig(config);
  if (issues.length) throw new Error(issues.map((i) => i.message).join('\n'));
  return new Session(config, runId, clock, assets, options);
}

class Session implements TrainingSession {
  done = false;
  private readonly model: TrainableModel;
  private readonly optimizer: Optimizer;
  private readonly data: Dataset;
  /** Input values per sample; target values per sample (regression). */
  private readonly features: number;
  private readonly targetSize: number;
  private readonly trainIdx: Uint32Array;
  private readonly valIdx: Uint32Array;
  private readonly shuffleRng: Rng;
  private readonly stepsPerEpoch: number;
  private readonly totalSteps: number;
  private readonly outputs: number;
  /** Samples per step (batchSize 'all' / 0 resolved to the training set size). */
  private readonly batchSize: number;
  /** L1/L2, clipping, learning-rate schedule, early stopping (train/features.ts). */
  private readonly extras: TrainingFeatures;
  /** Computes each batch's loss and gradients (train/gradientEngine.ts); released when the run ends. */
  private readonly engine: GradientEngine;
  private epoch = 1; // epoch in progress, 1-based
  private stepInEpoch = 0;
  private globalStep = 0;
  private samplesDone = 0;
  private lastBatchLoss = NaN;
  private lastMetrics: EpochMetrics | null = null;
  private started = false;
  private xb: FloatArray;
  private tb: FloatArray;
  private evalX: FloatArray | null = null;
  private rate: { t: number; samples: number }[] = [];

  constructor(private readonly config: TrainConfig, readonly runId: number, private readonly clock: () => number, assets?: DatasetAssets, options: SessionOptions = {}) {
    const data = loadDataset(config.dataset, assets);
    // An injected engine may have threads: they gather each batch themselves from shared inputs (takeRows).
    this.data = options.gradients ? { ...data, x: shareInputs(data.x) } : data;
    this.features = shapeSize(this.data.inputShape);
    this.targetSize = this.data.task === 'regression' ? shapeSize(this.data.targetShape ?? [1]) : 1;
    this.model = compileNetwork(config.document, { seed: config.seed, dtype: config.dtype ?? 'float32' });
    this.optimizer = createOptimizer(config.optimizer, this.model.parameters());
    this.outputs = this.model.outputSize;

    if (config.fold) {
      // K-fold cross-validation (crossValidate): fold `index` validates, the rest train.
      const fold = foldSplit(this.data.split ? this.data.split.train : this.data.n, config.seed, config.fold.k, config.fold.index);
      this.trainIdx = fold.trainIdx;
      this.valIdx = fold.valIdx;
    } else if (this.data.split) {
      // A fixed test split (MNIST) stands in for the validation split.
      this.trainIdx = this.data.split.train.slice();
      this.valIdx = this.data.split.test.slice();
    } else {
      // Validation split: one seeded permutation, taken once for the whole run.
      const perm = new Rng(deriveSeed(config.seed, 'split')).shuffle(Uint32Array.from({ length: this.data.n }, (_, i) => i));
      const valSize = Math.round(this.data.n * config.validationSplit);
      this.valIdx = perm.slice(0, valSize);
      this.trainIdx = perm.slice(valSize);
    }
    this.shuffleRng = new Rng(deriveSeed(config.seed, 'shuffle'));
    this.batchSize = resolveBatchSize(config.batchSize, this.trainIdx.length);
    this.stepsPerEpoch = Math.ceil(this.trainIdx.length / this.batchSize);
    this.totalSteps = this.stepsPerEpoch * config.epochs;
    this.xb = allocate(this.model.dtype, this.batchSize * this.features);
    this.tb = allocate(this.model.dtype, this.batchSize * this.outputs);
    const spec = {
      model: this.model, document: config.document, seed: config.seed, dtype: this.model.dtype, loss: config.loss, optimizer: config.optimizer,
      batchSize: this.batchSize, inputs: this.data.x,
    };
    this.engine = (options.gradients ?? inProcessGradients)(spec);
    this.extras = new TrainingFeatures(config, this.model, this.optimizer, this.engine);
  }

  step(): TrainEvent[] {
    if (this.done) return [];
    const events: TrainEvent[] = [];
    if (!this.started) {
      this.started = true;
      this.rate.push({ t: this.clock(), samples: 0 });
      events.push({
        type: 'started', runId: this.runId, epochs: this.config.epochs, stepsPerEpoch: this.stepsPerEpoch,
        trainSize: this.trainIdx.length, valSize: this.valIdx.length, iterationsPerEpoch: this.stepsPerEpoch, batchSize: this.batchSize, ...(this.data.split ? { valSet: 'test' as const } : {}),
      });
    }
    if (this.stepInEpoch === 0) {
      this.shuffleRng.shuffle(this.trainIdx);
      this.extras.beginEpoch(this.epoch);
    }

    // Gather the batch.
    const start = this.stepInEpoch * this.batchSize;
    const n = Math.min(this.batchSize, this.trainIdx.length - start);
    // Straight into the engine's buffers when it has some (shared with its threads: no copy per step),
    // or by the engine's threads themselves.
    const into = this.engine.batchBuffers?.() ?? { x: this.xb, t: this.tb };
    if (!this.engine.takeRows?.(this.data.x, this.features, this.trainIdx, start, n)) gatherRows(this.data.x, this.features, this.trainIdx, start, n, into.x);
    this.fillTargets(this.trainIdx, start, n, into.t);

    // Gradients (+ penalties, clipping) and the optimizer step, unless the loss is not finite.
    const loss = this.extras.step(into.x, into.t, n);
    this.stepInEpoch++;
    this.globalStep++;
    this.lastBatchLoss = loss;
    if (!Number.isFinite(loss)) return [...events, this.diverged(loss)];
    this.samplesDone += n;
    this.recordRate();

    if (this.stepInEpoch === this.stepsPerEpoch) {
      const metrics = this.evaluateEpoch();
      if (!Number.isFinite(metrics.trainLoss)) return [...events, this.diverged(metrics.trainLoss)];
      this.lastMetrics = metrics;
      events.push({ type: 'epoch', runId: this.runId, ...metrics });
      const early = this.extras.endEpoch(metrics);
      if (early.stop) {
        this.done = true;
        this.lastMetrics = early.final;
        events.push({ type: 'done', runId: this.runId, reason: 'earlyStopped', final: early.final, bestEpoch: early.bestEpoch, ...this.confusion() });
      } else if (this.epoch === this.config.epochs) {
        this.done = true;
        events.push({ type: 'done', runId: this.runId, reason: 'completed', final: metrics, ...this.confusion() });
      } else {
        this.epoch++;
        this.stepInEpoch = 0;
      }
    }
    if (this.done) this.engine.dispose();
    return events;
  }

  progress(): Extract<TrainEvent, { type: 'progress' }> {
    const first = this.rate[0];
    const last = this.rate[this.rate.length - 1];
    const dt = first && last ? last.t - first.t : 0;
    const samplesPerSecond = dt > 0 ? ((last.samples - first.samples) * 1000) / dt : 0;
    const remainingSamples = (this.totalSteps - this.globalStep) * (this.trainIdx.length / this.stepsPerEpoch);
    return {
      type: 'progress', runId: this.runId, epoch: this.epoch, step: this.globalStep, totalSteps: this.totalSteps,
      samplesPerSecond, etaSeconds: samplesPerSecond > 0 ? remainingSamples / samplesPerSecond : 0,
      batchLoss: this.lastBatchLoss,
    };
  }

  snapshot(withOptimizerState = false): Extract<TrainEvent, { type: 'snapshot' }> {
    this.engine.syncModel?.();
    const event: Extract<TrainEvent, { type: 'snapshot' }> = { type: 'snapshot', runId: this.runId, params: this.model.getParams() };
    if (withOptimizerState) event.optimizerState = this.optimizer.state();
    return event;
  }

  stop(): TrainEvent {
    this.done = true;
    this.engine.dispose();
    return { type: 'done', runId: this.runId, reason: 'stopped', final: this.lastMetrics };
  }

  /** Keeps (time, samples) points spanning about the last RATE_WINDOW_MS. */
  private recordRate(): void {
    const t = this.clock();
    this.rate.push({ t, samples: this.samplesDone });
    while (this.rate.length > 2 && this.rate[1].t <= t - RATE_WINDOW_MS) this.rate.shift();
  }

  private diverged(loss: number): TrainEvent {
    this.done = true;
    this.engine.dispose();
    const what = Number.isNaN(loss) ? 'NaN' : loss > 0 ? 'Infinity' : '-Infinity';
    return {
      type: 'error', runId: this.runId, code: 'diverged', epoch: this.epoch, step: this.stepInEpoch,
      message: `Training diverged at epoch ${this.epoch}, step ${this.stepInEpoch} (loss is ${what}). Try a smaller learning rate.`,
    };
  }

  /** Targets of rows idx[start … start+n): class labels as the loss wants them, or regression values. */
  private fillTargets(idx: Uint32Array, start: number, n: number, t: FloatArray): void {
    if (this.data.task === 'regression') gatherRows(this.data.y, this.targetSize, idx, start, n, t);
    else fillTargets(this.data.y, idx, start, n, targetsPerSample(this.config.loss, this.outputs), t);
  }

  /** Loss and accuracy (classification) or MSE / MAE (regression) on the train and validation sets, in inference mode. */
  private evaluateEpoch(): EpochMetrics {
    const train = this.evaluate(this.trainIdx);
    const val = this.valIdx.length ? this.evaluate(this.valIdx) : null;
    const metrics: EpochMetrics = {
      epoch: this.epoch, trainLoss: train.loss, trainAccuracy: train.accuracy, valLoss: val ? val.loss : null, valAccuracy: val ? val.accuracy : null,
    };
    if (this.data.task === 'regression') {
      Object.assign(metrics, { trainMse: train.mse, trainMae: train.mae, valMse: val ? val.mse : null, valMae: val ? val.mae : null });
    }
    if (this.reportsTopK()) Object.assign(metrics, { trainTopK: train.topK, valTopK: val ? val.topK : null });
    if (this.config.lrSchedule) metrics.learningRate = this.extras.learningRate();
    return metrics;
  }

  /** A single output's class boundary: bceWithLogits on a non-sigmoid output reads a logit (boundary 0), else a probability (0.5). */
  private classThreshold(): number {
    return this.config.loss === 'bceWithLogits' && this.model.outputActivation !== 'sigmoid' ? 0 : 0.5;
  }

  /**
   * Classification: { confusion }, the confusion matrix of the validation set (the training set when
   * there is none) under the current weights, in inference mode — at the end of a run, the weights the
   * final metrics describe. Regression: {}.
   */
  private confusion(): { confusion?: ConfusionMatrix } {
    if (this.data.task === 'regression') return {};
    const idx = this.valIdx.length ? this.valIdx : this.trainIdx;
    const F = this.features;
    const classes = Math.max(2, this.outputs, this.data.numClasses ?? 0);
    const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
    this.engine.syncModel?.();
    const labels = new Float32Array(Math.min(EVAL_CHUNK, idx.length));
    for (let start = 0; start < idx.length; start += EVAL_CHUNK) {
      const n = Math.min(EVAL_CHUNK, idx.length - start);
      const xe = (this.evalX = ensureCapacity(this.evalX, this.model.dtype, n * F));
      gatherRows(this.data.x, F, idx, start, n, xe);
      gatherRows(this.data.y, 1, idx, start, n, labels);
      const part = confusionMatrix(this.model.forward(xe, n, false), labels, n, this.outputs, classes, this.classThreshold());
      part.forEach((row, i) => row.forEach((count, j) => (matrix[i][j] += count)));
    }
    return { confusion: { set: this.valIdx.length ? 'val' : 'train', matrix } };
  }

  /** Top-k accuracy fits classification with more than k classes (TrainConfig.topK). */
  private reportsTopK(): boolean {
    return this.config.topK !== undefined && this.data.task !== 'regression' && this.outputs > this.config.topK;
  }

  private evaluate(idx: Uint32Array): { loss: number; accuracy: number; mse: number; mae: number; topK: number } {
    const { y } = this.data;
    const O = this.outputs;
    const F = this.features;
    const regression = this.data.task === 'regression';
    let lossSum = 0;
    let correct = 0;
    let topK = 0;
    let sse = 0;
    let sae = 0;
    this.engine.syncModel?.();
    for (let start = 0; start < idx.length; start += EVAL_CHUNK) {
      const n = Math.min(EVAL_CHUNK, idx.length - start);
      const xe = (this.evalX = ensureCapacity(this.evalX, this.model.dtype, n * F));
      gatherRows(this.data.x, F, idx, start, n, xe);
      const t = allocate(this.model.dtype, n * (regression ? this.targetSize : O));
      this.fillTargets(idx, start, n, t);
      const out = this.model.forward(xe, n, false);
      lossSum += this.model.lossOfLastForward(t, n, this.config.loss) * n;
      if (regression) {
        const e = regressionErrors(out, y, this.targetSize, idx, start, n);
        sse += e.sse;
        sae += e.sae;
      } else {
        correct += countCorrect(out, y, idx, start, n, O, this.classThreshold());
        if (this.reportsTopK()) topK += countTopK(out, y, idx, start, n, O, this.config.topK!);
      }
    }
    const N = idx.length;
    const values = N * this.targetSize;
    return {
      loss: lossSum / N,
      // Regression has no classes: accuracy is not defined.
      accuracy: regression ? NaN : correct / N,
      mse: regression ? sse / values : NaN,
      mae: regression ? sae / values : NaN,
      topK: topK / N,
    };
  }
}
