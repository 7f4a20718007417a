import type { NetworkDocument } from '../graph/document';

export type DatasetKind = 'xor' | 'circles' | 'spirals' | 'blobs';

/** A seeded 2-D classification dataset (two classes, labels 0/1), as in TF Playground. */
export interface DatasetConfig {
  kind: DatasetKind;
  /** Number of samples in total (train + validation). */
  samples: number;
  /** Noise level in [0, 1]. */
  noise: number;
  seed: number;
}

export type LossKind =
  | 'mse'
  | 'mae'
  | 'rmse'
  | 'huber'
  | 'bce' // from probabilities
  | 'bceWithLogits'
  | 'categoricalCrossEntropy' // from probabilities, one-hot targets
  | 'softmaxCrossEntropy' // from logits (fused with a softmax output), one-hot targets
  | 'sparseCategoricalCrossEntropy'; // from logits (fused with a softmax output), integer labels
export type OptimizerKind = 'sgd' | 'momentum' | 'nesterov' | 'adagrad' | 'rmsprop' | 'adam' | 'adamw';

export interface OptimizerConfig {
  kind: OptimizerKind;
  learningRate: number;
  /** Momentum factor: momentum and nesterov (default 0.9 in our UI), rmsprop (PyTorch default 0). */
  momentum?: number;
  /** Adam/AdamW β1, β2 (PyTorch defaults 0.9, 0.999). */
  beta1?: number;
  beta2?: number;
  /** ε: adam, adamw, rmsprop 1e-8; adagrad 1e-10 (PyTorch defaults). */
  epsilon?: number;
  /**
   * Weight decay λ. adamw: decoupled, p ← p − lr·λ·p (PyTorch default 0.01). Every other optimizer:
   * L2 added to the gradient, g ← g + λ·p (PyTorch's weight_decay, default 0).
   */
  weightDecay?: number;
  /** RMSprop smoothing constant α (PyTorch default 0.99). */
  alpha?: number;
  /** RMSprop: divide by the centered second moment (an estimate of the gradient's variance). Default false. */
  centered?: boolean;
}

export interface TrainConfig {
  document: NetworkDocument;
  dataset: DatasetConfig;
  loss: LossKind;
  optimizer: OptimizerConfig;
  batchSize: number;
  epochs: number;
  /** Fraction of samples held out for validation, in [0, 0.9]. */
  validationSplit: number;
  /** Seeds weight init, shuffling and dropout. Same seed + same config => identical run. */
  seed: number;
}
