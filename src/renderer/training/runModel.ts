import type { DatasetConfig, TrainConfig } from '../../core/train/config';
import { compileNetwork, generateDataset, is2DConfig, type Dataset2D, type Model } from '../../core';

// Renderer-side copies of the run's model and data, built by core. One model per run
// (compiled from the run's document snapshot); snapshots only swap its parameters.

let modelConfig: TrainConfig | null = null;
let model: Model | null = null;

export function modelForRun(config: TrainConfig | null): Model | null {
  if (!config) return null;
  if (config !== modelConfig) {
    modelConfig = config;
    try {
      model = compileNetwork(config.document, { seed: config.seed });
    } catch {
      model = null; // an invalid snapshot cannot be drawn; the trainer reports the problem
    }
  }
  return model;
}

let datasetKey = '';
let dataset: Dataset2D | null = null;

/** The 2-D dataset of a config (null for the other kinds: they have no decision boundary). */
export function datasetFor(config: DatasetConfig): Dataset2D | null {
  if (!is2DConfig(config)) return null;
  const key = `${config.kind}|${config.samples}|${config.noise}|${config.seed}`;
  if (key !== datasetKey) {
    datasetKey = key;
    try {
      dataset = generateDataset(config);
    } catch {
      dataset = null; // e.g. samples out of range while typing: validateTrainConfig explains
    }
  }
  return dataset;
}

export function sameDataset(a: DatasetConfig, b: DatasetConfig): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
