// The one data shape training reads, whatever the source: n samples of a fixed per-sample input
// shape, with class labels (binary / multiclass) or real-valued targets (regression), and
// optionally a fixed train/test split that replaces the random validation split.
//
//   x: (n, ...inputShape) row-major float32 (an MNIST image is (28, 28, 1) NHWC, a window of a
//      sequence is (T, 1)); y: (n) class indices for classification, (n, ...targetShape) for regression.

import type { DatasetConfig, Dataset2DKind } from '../train/config';
import { DATASET_KINDS, generateDataset } from './datasets2d';
import { IRIS_SIZE, loadIris } from './iris';
import { decodeMnist, MNIST_SIZE } from './mnist';
import { generateSines } from './sines';

export type DatasetTask = 'binary' | 'multiclass' | 'regression';

export interface Dataset {
  n: number;
  /** (n, ...inputShape), row-major. */
  x: Float32Array;
  /** Classification: (n) class indices 0..numClasses−1. Regression: (n, ...targetShape). */
  y: Float32Array;
  /** Shape of one sample, without the batch dimension. */
  inputShape: number[];
  task: DatasetTask;
  /** Classification only: the number of classes (2 for binary). */
  numClasses?: number;
  /** Regression only: the shape of one sample's target ([1] for a single forecast value). */
  targetShape?: number[];
  /** A fixed split (MNIST's 8,000 / 2,000): sample indices; when present, validationSplit is ignored. */
  split?: { train: Uint32Array; test: Uint32Array };
}

/** What is known about a dataset from its config alone (no data generated or loaded): for validation and the UI. */
export interface DatasetSpec {
  inputShape: number[];
  task: DatasetTask;
  numClasses?: number;
  targetShape?: number[];
  /** Samples in total. */
  size: number;
  /** Whether the dataset brings its own test split. */
  fixedSplit: boolean;
}

/** Bytes the host loads for datasets that come from files (core does no I/O). */
export interface DatasetAssets {
  /** resources/data/mnist.bin.gz, already gunzipped (the layout is in data/mnist.ts). */
  mnist?: Uint8Array;
}

/** Every dataset kind, in the order the training panel lists them. */
export const ALL_DATASET_KINDS: readonly DatasetConfig['kind'][] = [...DATASET_KINDS, 'mnist', 'sines', 'iris'];

export function is2DConfig(config: DatasetConfig): config is Extract<DatasetConfig, { kind: Dataset2DKind }> {
  return (DATASET_KINDS as readonly string[]).includes(config?.kind);
}

/** Shape, task and size of a config's dataset; null for an unknown kind. */
export function datasetSpec(config: DatasetConfig): DatasetSpec | null {
  if (is2DConfig(config)) return { inputShape: [2], task: 'binary', numClasses: 2, size: config.samples, fixedSplit: false };
  switch (config?.kind) {
    case 'mnist':
      return { inputShape: [28, 28, 1], task: 'multiclass', numClasses: 10, size: MNIST_SIZE, fixedSplit: true };
    case 'sines':
      return { inputShape: [config.length, 1], task: 'regression', targetShape: [1], size: config.count, fixedSplit: false };
    case 'iris':
      return { inputShape: [4], task: 'multiclass', numClasses: 3, size: IRIS_SIZE, fixedSplit: false };
    default:
      return null;
  }
}

/** Builds (or decodes) a config's dataset. Throws when a file-backed dataset's bytes are missing. */
export function loadDataset(config: DatasetConfig, assets: DatasetAssets = {}): Dataset {
  if (is2DConfig(config)) return generateDataset(config);
  switch (config.kind) {
    case 'mnist':
      if (!assets.mnist) throw new Error('The MNIST data is not available to the trainer (resources/data/mnist.bin.gz was not loaded).');
      return decodeMnist(assets.mnist);
    case 'sines':
      return generateSines(config);
    case 'iris':
      return loadIris();
    default:
      throw new Error(`Unknown dataset kind '${String((config as { kind?: unknown })?.kind)}'`);
  }
}
