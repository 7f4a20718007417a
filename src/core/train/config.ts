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

export type LossKind = 'mse' | 'bce' | 'softmaxCrossEntropy';
export type OptimizerKind = 'sgd' | 'momentum' | 'adam';

export interface OptimizerConfig {
  kind: OptimizerKind;
  learningRate: number;
  /** Momentum factor (momentum only; PyTorch default 0.9 in our UI). */
  momentum?: number;
  /** Adam β1, β2, ε (PyTorch defaults 0.9, 0.999, 1e-8). */
  beta1?: number;
  beta2?: number;
  epsilon?: number;
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
