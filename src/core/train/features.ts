// The optional training features a TrainConfig can switch on, kept out of session.ts so the session
// only calls four hooks: resolveBatchSize() once, beginEpoch() / step() / endEpoch() as it goes.
//   batch size:   N (batch GD, batchSize 'all' or 0), k (mini-batch), 1 (stochastic GD)
//   each step:    loss.backward() → + L1/L2 penalty gradients → clip (norm, then value) → optimizer.step()
//   each epoch:   learning rate from the schedule; early stopping on the monitored loss

import type { TrainableModel } from '../graph/model';
import type { Optimizer } from '../optim';
import { trainableParams, type Param } from '../tensor/tensor';
import type { LossKind, TrainConfig } from './config';
import { EarlyStopping } from './earlyStopping';
import type { GradientEngine } from './gradientEngine';
import type { EpochMetrics } from './events';
import { addPenalties, clipGradNorm, clipGradValue } from './gradients';
import { learningRateAt } from './schedules';

/** Samples per step: the whole training set for 'all' or 0 (batch gradient descent), else batchSize capped at N. */
export function resolveBatchSize(batchSize: TrainConfig['batchSize'], trainSize: number): number {
  const n = Math.max(1, trainSize);
  return batchSize === 'all' || batchSize === 0 ? n : Math.min(batchSize, n);
}

/** The per-step gradient options of a TrainConfig. */
export interface StepOptions {
  l1?: number;
  l2?: number;
  clipNorm?: number;
  clipValue?: number;
}

/**
 * One training step on a batch: gradients of the mean loss, plus the L1/L2 penalty on the kernels
 * (train/gradients.ts), clipped by global norm and/or by value, then the optimizer update. Returns
 * the regularized loss; when it is not finite the optimizer does not step (the run has diverged).
 * engine: where the loss and gradients are computed (train/gradientEngine.ts); default the model itself.
 * Without penalties and clipping an engine with trainStep() runs the whole step (sharing the update).
 */
export function trainStep(
  model: TrainableModel, optimizer: Optimizer, x: ArrayLike<number>, t: ArrayLike<number>, n: number, loss: LossKind, options: StepOptions = {},
  engine?: GradientEngine,
): number {
  const plain = !options.l1 && !options.l2 && options.clipNorm === undefined && options.clipValue === undefined;
  if (plain && engine?.trainStep) return engine.trainStep(x, t, n, optimizer);
  let value = engine ? engine.lossAndGradients(x, t, n) : model.lossAndGradients(x, t, n, loss);
  if (!Number.isFinite(value)) return value;
  const params = trainableParams(model.parameters());
  value += addPenalties(params, options.l1 ?? 0, options.l2 ?? 0);
  if (options.clipNorm !== undefined) clipGradNorm(params, options.clipNorm);
  if (options.clipValue !== undefined) clipGradValue(params, options.clipValue);
  optimizer.step();
  return value;
}

/** Schedules and early stopping for one run. */
export class TrainingFeatures {
  private readonly baseLr: number;
  private readonly stopper: EarlyStopping | null;
  private readonly history = new Map<number, EpochMetrics>();

  constructor(
    private readonly config: TrainConfig, private readonly model: TrainableModel, private readonly optimizer: Optimizer,
    private readonly engine?: GradientEngine,
  ) {
    this.baseLr = optimizer.learningRate;
    const params: Param[] = [...model.parameters()]; // running statistics too: restoring puts the whole model back
    this.stopper = config.earlyStopping ? new EarlyStopping(config.earlyStopping, params) : null;
  }

  /** Before the first step of `epoch` (1-based): the scheduled learning rate. */
  beginEpoch(epoch: number): void {
    this.optimizer.learningRate = learningRateAt(this.config.lrSchedule, this.baseLr, epoch - 1);
  }

  /** See trainStep(). */
  step(x: ArrayLike<number>, t: ArrayLike<number>, n: number): number {
    return trainStep(this.model, this.optimizer, x, t, n, this.config.loss, this.config, this.engine);
  }

  /** The learning rate in use (reported with the epoch's metrics when a schedule is set). */
  learningRate(): number {
    return this.optimizer.learningRate;
  }

  /**
   * After an epoch's metrics: whether early stopping ends the run now. When it does and
   * restoreBestWeights is on (the default), the best epoch's weights are back in the model and
   * `final` is that epoch's metrics; otherwise `final` is this epoch's.
   */
  endEpoch(metrics: EpochMetrics): { stop: boolean; final: EpochMetrics; bestEpoch?: number } {
    if (!this.stopper) return { stop: false, final: metrics };
    this.history.set(metrics.epoch, metrics);
    const monitor = this.config.earlyStopping!.monitor ?? 'valLoss';
    const value = monitor === 'valLoss' && metrics.valLoss !== null ? metrics.valLoss : metrics.trainLoss;
    if (!this.stopper.update(value, metrics.epoch)) return { stop: false, final: metrics };
    const bestEpoch = this.stopper.bestEpoch;
    const restored = this.stopper.restore();
    return { stop: true, final: restored ? this.history.get(bestEpoch) ?? metrics : metrics, bestEpoch };
  }
}
