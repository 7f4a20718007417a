import type { NetworkDocument } from '../graph/document';
import type { DType } from '../tensor/tensor';
import type { EarlyStoppingConfig } from './earlyStopping';
import type { LrSchedule } from './schedules';

/** The seeded 2-D point sets (TF Playground). */
export type Dataset2DKind = 'xor' | 'circles' | 'spirals' | 'blobs';
export type DatasetKind = Dataset2DKind | 'mnist' | 'sines' | 'iris';

/** A seeded 2-D classification dataset (two classes, labels 0/1), as in TF Playground. */
export interface Dataset2DConfig {
  kind: Dataset2DKind;
  /** Number of samples in total (train + validation). */
  samples: number;
  /** Noise level in [0, 1]. */
  noise: number;
  seed: number;
}

/** The 10,000 real MNIST digits shipped with the app: fixed 8,000 train / 2,000 test split (data/mnist.ts). */
export interface MnistConfig {
  kind: 'mnist';
}

/** Noisy sums of sines: forecast the value `horizon` steps after a window of `length` steps (data/sines.ts). */
export interface SinesConfig {
  kind: 'sines';
  /** Window length T (input shape [T, 1]). */
  length: number;
  /** Steps ahead of the window's last value to forecast (≥ 1). */
  horizon: number;
  /** Number of windows (samples), train + validation. */
  count: number;
  /** Standard deviation of the Gaussian noise added to the inputs (the target is the clean signal). */
  noise: number;
  seed: number;
}

/** Fisher's Iris: 150 flowers, 4 standardized features, 3 classes (data/iris.ts). */
export interface IrisConfig {
  kind: 'iris';
}

export type DatasetConfig = Dataset2DConfig | MnistConfig | SinesConfig | IrisConfig;

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
  /**
   * Samples per step: N (batch gradient descent: 'all' or 0), k (mini-batch), 1 (stochastic GD).
   * Capped at the training set size (train/features.ts resolveBatchSize).
   */
  batchSize: number | 'all';
  epochs: number;
  /** Fraction of samples held out for validation, in [0, 0.9]. */
  validationSplit: number;
  /** Seeds weight init, shuffling and dropout. Same seed + same config => identical run. */
  seed: number;
  // ---- Optional training features (train/features.ts); leaving them out keeps plain training.
  /** L1 / L2 penalty coefficients on the kernels: loss + l1·Σ|w| + l2·Σw² (Keras convention; default 0). */
  l1?: number;
  l2?: number;
  /** Clip gradients by their global L2 norm (PyTorch clip_grad_norm_) before the optimizer step. */
  clipNorm?: number;
  /** Clip every gradient value to [−clipValue, clipValue] (PyTorch clip_grad_value_). */
  clipValue?: number;
  /** Learning-rate schedule, stepped per epoch (PyTorch StepLR / ExponentialLR / CosineAnnealingLR). */
  lrSchedule?: LrSchedule;
  /** Stop when the monitored loss stops improving (Keras EarlyStopping); 'done' then has reason 'earlyStopped'. */
  earlyStopping?: EarlyStoppingConfig;
  /** Also report top-k accuracy (EpochMetrics.trainTopK / valTopK) on classification tasks with more than k classes. */
  topK?: number;
  /** Number type of the model's weights and arithmetic (default 'float32'; 'float64' for exact teaching examples). */
  dtype?: DType;
  /** Set by crossValidate(): validate on fold `index` of a seeded k-fold partition instead of validationSplit. */
  fold?: { k: number; index: number };
}
