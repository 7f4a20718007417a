// A training run, driven one mini-batch at a time by its host (the trainer process calls
// step() in a loop and forwards the events). Everything random — init, validation split,
// per-epoch shuffling, dropout — comes from streams of the run's seed, so a seed replays a run.

import { generateDataset, type Dataset2D } from '../data/datasets2d';
import { compileNetwork } from '../graph/compile';
import type { TrainableModel } from '../graph/model';
import { targetsPerSample } from '../losses';
import { createOptimizer, type Optimizer } from '../optim';
import { deriveSeed, Rng } from '../rng';
import { allocate, ensureCapacity, type FloatArray } from '../tensor/tensor';
import type { TrainConfig } from './config';
import type { EpochMetrics, TrainEvent } from './events';
import { countCorrect, fillTargets } from './metrics';
import { validateTrainConfig } from './validate';

export interface TrainingSession {
  readonly runId: number;
  readonly done: boolean;
  /** Runs ONE mini-batch step and returns the events to forward ('started', 'epoch', 'done', 'error'). */
  step(): TrainEvent[];
  progress(): Extract<TrainEvent, { type: 'progress' }>;
  snapshot(): Extract<TrainEvent, { type: 'snapshot' }>;
  /** Ends the run: returns the 'done' {reason: 'stopped'} event. */
  stop(): TrainEvent;
}

/** Samples-per-second is measured over about this many milliseconds. */
const RATE_WINDOW_MS = 1000;
/** Epoch metrics are evaluated in chunks of this many samples. */
const EVAL_CHUNK = 512;

/** clock: milliseconds, monotonic. Throws an Error listing the issues for an invalid config. */
export function createTrainingSession(config: TrainConfig, runId: number, clock: () => number): TrainingSession {
  const issues = validateTrainConfig(config);
  if (issues.length) throw new Error(issues.map((i) => i.message).join('\n'));
  return new Session(config, runId, clock);
}

class Session implements TrainingSession {
  done = false;
  private readonly model: TrainableModel;
  private readonly optimizer: Optimizer;
  private readonly data: Dataset2D;
  private readonly trainIdx: Uint32Array;
  private readonly valIdx: Uint32Array;
  private readonly shuffleRng: Rng;
  private readonly stepsPerEpoch: number;
  private readonly totalSteps: number;
  private readonly outputs: number;
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

  constructor(private readonly config: TrainConfig, readonly runId: number, private readonly clock: () => number) {
    this.data = generateDataset(config.dataset);
    this.model = compileNetwork(config.document, { seed: config.seed, dtype: 'float32' });
    this.optimizer = createOptimizer(config.optimizer, this.model.parameters());
    this.outputs = this.model.outputSize;

    // Validation split: one seeded permutation, taken once for the whole run.
    const perm = new Rng(deriveSeed(config.seed, 'split')).shuffle(Uint32Array.from({ length: this.data.n }, (_, i) => i));
    const valSize = Math.round(this.data.n * config.validationSplit);
    this.valIdx = perm.slice(0, valSize);
    this.trainIdx = perm.slice(valSize);
    this.shuffleRng = new Rng(deriveSeed(config.seed, 'shuffle'));
    this.stepsPerEpoch = Math.ceil(this.trainIdx.length / config.batchSize);
    this.totalSteps = this.stepsPerEpoch * config.epochs;
    this.xb = allocate('float32', config.batchSize * 2);
    this.tb = allocate('float32', config.batchSize * this.outputs);
  }

  step(): TrainEvent[] {
    if (this.done) return [];
    const events: TrainEvent[] = [];
    if (!this.started) {
      this.started = true;
      this.rate.push({ t: this.clock(), samples: 0 });
      events.push({
        type: 'started', runId: this.runId, epochs: this.config.epochs, stepsPerEpoch: this.stepsPerEpoch,
        trainSize: this.trainIdx.length, valSize: this.valIdx.length,
      });
    }
    if (this.stepInEpoch === 0) this.shuffleRng.shuffle(this.trainIdx);

    // Gather the batch.
    const start = this.stepInEpoch * this.config.batchSize;
    const n = Math.min(this.config.batchSize, this.trainIdx.length - start);
    const { x, y } = this.data;
    for (let b = 0; b < n; b++) {
      const i = this.trainIdx[start + b];
      this.xb[2 * b] = x[2 * i];
      this.xb[2 * b + 1] = x[2 * i + 1];
    }
    fillTargets(y, this.trainIdx, start, n, targetsPerSample(this.config.loss, this.outputs), this.tb);

    const loss = this.model.lossAndGradients(this.xb, this.tb, n, this.config.loss);
    this.stepInEpoch++;
    this.globalStep++;
    this.lastBatchLoss = loss;
    if (!Number.isFinite(loss)) return [...events, this.diverged(loss)];
    this.optimizer.step();
    this.samplesDone += n;
    this.recordRate();

    if (this.stepInEpoch === this.stepsPerEpoch) {
      const metrics = this.evaluateEpoch();
      if (!Number.isFinite(metrics.trainLoss)) return [...events, this.diverged(metrics.trainLoss)];
      this.lastMetrics = metrics;
      events.push({ type: 'epoch', runId: this.runId, ...metrics });
      if (this.epoch === this.config.epochs) {
        this.done = true;
        events.push({ type: 'done', runId: this.runId, reason: 'completed', final: metrics });
      } else {
        this.epoch++;
        this.stepInEpoch = 0;
      }
    }
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

  snapshot(): Extract<TrainEvent, { type: 'snapshot' }> {
    return { type: 'snapshot', runId: this.runId, params: this.model.getParams() };
  }

  stop(): TrainEvent {
    this.done = true;
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
    const what = Number.isNaN(loss) ? 'NaN' : loss > 0 ? 'Infinity' : '-Infinity';
    return {
      type: 'error', runId: this.runId, code: 'diverged', epoch: this.epoch, step: this.stepInEpoch,
      message: `Training diverged at epoch ${this.epoch}, step ${this.stepInEpoch} (loss is ${what}). Try a smaller learning rate.`,
    };
  }

  /** Loss and accuracy on the train and validation sets, in inference mode (dropout off). */
  private evaluateEpoch(): EpochMetrics {
    const train = this.evaluate(this.trainIdx);
    const val = this.valIdx.length ? this.evaluate(this.valIdx) : null;
    return { epoch: this.epoch, trainLoss: train.loss, trainAccuracy: train.accuracy, valLoss: val ? val.loss : null, valAccuracy: val ? val.accuracy : null };
  }

  private evaluate(idx: Uint32Array): { loss: number; accuracy: number } {
    const { x, y } = this.data;
    const O = this.outputs;
    let lossSum = 0;
    let correct = 0;
    for (let start = 0; start < idx.length; start += EVAL_CHUNK) {
      const n = Math.min(EVAL_CHUNK, idx.length - start);
      const xe = (this.evalX = ensureCapacity(this.evalX, 'float32', n * 2));
      for (let b = 0; b < n; b++) {
        xe[2 * b] = x[2 * idx[start + b]];
        xe[2 * b + 1] = x[2 * idx[start + b] + 1];
      }
      const t = allocate('float32', n * O);
      fillTargets(y, idx, start, n, targetsPerSample(this.config.loss, O), t);
      lossSum += this.model.evaluateLoss(xe, t, n, this.config.loss) * n;
      // bceWithLogits on a non-sigmoid output: the output is a logit, so the class boundary is 0.
      const threshold = this.config.loss === 'bceWithLogits' && this.model.outputActivation !== 'sigmoid' ? 0 : 0.5;
      correct += countCorrect(this.model.forward(xe, n, false), y, idx, start, n, O, threshold);
    }
    return { loss: lossSum / idx.length, accuracy: correct / idx.length };
  }
}
