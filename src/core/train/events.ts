// Events a training session produces. They cross process boundaries as structured clones
// (Electron utilityProcess / child_process with 'advanced' serialization) or as JSON
// (the browser build's event stream), so they hold plain data and typed arrays only.

import type { OptimizerState } from '../optim/types';

export interface EpochMetrics {
  epoch: number; // 1-based
  trainLoss: number;
  trainAccuracy: number;
  valLoss: number | null; // null when validationSplit is 0
  valAccuracy: number | null;
  /** Regression datasets only (accuracy is then NaN): mean squared and mean absolute error. */
  trainMse?: number;
  trainMae?: number;
  valMse?: number | null;
  valMae?: number | null;
  /** Top-k accuracy (TrainConfig.topK) on classification tasks with more than k classes. */
  trainTopK?: number;
  valTopK?: number | null;
  /** The learning rate used in this epoch, when a schedule is set (TrainConfig.lrSchedule). */
  learningRate?: number;
}

/**
 * A classification run's confusion matrix (train/metrics.ts confusionMatrix): matrix[true][predicted]
 * counts samples (scikit-learn's layout: rows the true class, columns the prediction), over
 * max(2, outputs) classes. set: 'val' is the validation set (the test split when 'started' says
 * valSet 'test'), 'train' the training set when there is no validation set.
 */
export interface ConfusionMatrix {
  set: 'val' | 'train';
  matrix: number[][];
}

export type TrainEvent =
  | {
      type: 'started';
      runId: number;
      epochs: number;
      stepsPerEpoch: number;
      trainSize: number;
      valSize: number;
      /** 'test' when the dataset brings a fixed test split (MNIST): the val* metrics are test metrics. Absent otherwise. */
      valSet?: 'test';
      /** Optimizer steps per epoch (= stepsPerEpoch) and samples per step after resolving batchSize 'all' / 0. */
      iterationsPerEpoch?: number;
      batchSize?: number;
    }
  | {
      type: 'progress';
      runId: number;
      epoch: number; // 1-based, the epoch in progress
      step: number; // global step count done so far
      totalSteps: number;
      samplesPerSecond: number;
      etaSeconds: number;
      /** Loss of the last mini-batch. */
      batchLoss: number;
    }
  | ({ type: 'epoch'; runId: number } & EpochMetrics)
  | {
      type: 'snapshot';
      runId: number;
      /** Trainable parameters in the order of Model.getParams(). */
      params: Float32Array[];
      /** The final snapshot of a run (after 'done'): the optimizer's state with those weights (Optimizer.state()). */
      optimizerState?: OptimizerState;
    }
  | {
      type: 'done';
      runId: number;
      /** earlyStopped: early stopping ended the run (TrainConfig.earlyStopping). */
      reason: 'completed' | 'stopped' | 'earlyStopped';
      /** The last metrics; after early stopping with restored weights, those of the best epoch. */
      final: EpochMetrics | null;
      /** earlyStopped: the epoch whose loss was best. */
      bestEpoch?: number;
      /**
       * Classification runs that completed or stopped early: the confusion matrix of the weights `final`
       * describes (the run's last, or with restored weights its best, epoch), in inference mode.
       */
      confusion?: ConfusionMatrix;
    }
  | {
      type: 'error';
      runId: number;
      code: 'diverged' | 'invalidConfig' | 'internal';
      message: string;
      epoch?: number;
      step?: number;
    }
  /** Emitted by the host, not the session: the training process died. */
  | {
      type: 'crashed';
      runId: number;
      exitCode: number | null;
      signal: string | null;
    };
