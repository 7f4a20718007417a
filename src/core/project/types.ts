// A Netloom project: what a `.netloom` file holds (docs/file-format.md), in memory.
// Objects read from a file keep any fields this version does not know (a newer app wrote
// them), so writing the project back loses nothing.

import type { NetworkDocument } from '../graph/document';
import type { DatasetConfig, TrainConfig } from '../train/config';
import type { EpochMetrics } from '../train/events';
import type { NamedTensor } from './safetensors';

export const FORMAT_VERSION = 1;

/** The training configuration: TrainConfig without the document and the dataset. */
export type ProjectTraining = Omit<TrainConfig, 'document' | 'dataset'>;

/** The last training run: what was trained, how, what it measured and what it learned. */
export interface ProjectRun {
  status: 'completed' | 'stopped' | 'error' | 'crashed';
  /** The network as it was when the run started (the weights belong to it). */
  graph: NetworkDocument;
  training: ProjectTraining;
  dataset: DatasetConfig;
  /** Metrics per epoch. */
  history: EpochMetrics[];
  /** Trained parameters in model order (TrainableModel.getParams()), from weights.safetensors. */
  weights?: NamedTensor[];
  /**
   * Optimizer state (Optimizer.state(): buffers keyed `<param>/<buffer>`, scalars 'lr', 't') from
   * optimizer.safetensors, when one was saved.
   */
  optimizerState?: Record<string, Float32Array | number>;
}

export interface Project {
  formatVersion: typeof FORMAT_VERSION;
  /** Shown in the window title; the file name when missing. */
  name?: string;
  /** Nodes (settings, canvas positions) and edges. */
  graph: NetworkDocument;
  training: ProjectTraining;
  /** The dataset choice. */
  dataset: DatasetConfig;
  run?: ProjectRun;
  /** View state of other panels, kept opaque here (views.race: the optimizer race). */
  views?: Record<string, unknown>;
  /** Zip entries this version does not know, kept byte for byte for the round trip. */
  extraFiles?: Record<string, Uint8Array>;
}

/**
 * Why a file is wrong, as a stable code the UI translates (i18n `fileIssues.<code>`, interpolated
 * with `params`); `message` stays the English text for the CLI and logs.
 */
export type ProjectIssueCode =
  | 'empty' | 'notProject' | 'badZip' | 'entryTooLarge' | 'missingEntry' | 'badJson' | 'tooDeep' | 'unreadable'
  | 'notObject' | 'noFormatVersion' | 'badFormatVersion' | 'newerVersion' | 'upgraded' | 'defaultTraining' | 'defaultDataset'
  // schema (zod) problems: params { expected } / { limit } / { options }
  | 'missing' | 'invalidType' | 'tooSmall' | 'tooBig' | 'invalidOption' | 'notFinite' | 'unknownDataset' | 'invalid'
  // what the schema cannot see (checkGraph, weights)
  | 'duplicateId' | 'unknownLayer' | 'settingKind' | 'unknownNode' | 'networkTooLarge' | 'badWeights' | 'badTensors'
  // a view's slot (views.race) the app could not restore: a warning, the network still opens
  | 'viewVersion' | 'viewInvalid';

/** Where a file is wrong: a JSON path (`graph.nodes[3].settings.units`) or a zip entry, and why. */
export interface ProjectIssue {
  path: string;
  message: string;
  /** Absent only for issues made outside core/project (the UI then shows `message`). */
  code?: ProjectIssueCode;
  params?: Record<string, string | number>;
}

export type ReadProjectResult =
  | { ok: true; project: Project; warnings: ProjectIssue[] }
  | { ok: false; errors: ProjectIssue[] };

export const DEFAULT_TRAINING: ProjectTraining = {
  loss: 'bce',
  optimizer: { kind: 'adam', learningRate: 0.03, momentum: 0.9 },
  batchSize: 16,
  epochs: 60,
  validationSplit: 0.2,
  seed: 1,
};

export const DEFAULT_DATASET: DatasetConfig = { kind: 'xor', samples: 400, noise: 0.1, seed: 1 };

/** The run configuration of a project's current settings. */
export function projectTrainConfig(p: Pick<Project, 'graph' | 'training' | 'dataset'>): TrainConfig {
  return { ...p.training, dataset: p.dataset, document: p.graph };
}
