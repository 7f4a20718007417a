// Pure helpers behind the dataset selector: switching kinds (each kind remembers its own
// settings), the loss that fits a task, and the Input-shape change that follows a dataset.
import { datasetSpec, is2DConfig, lossesForTask, type DatasetSpec } from '../../core';
import type { NetworkDocument } from '../../core/graph/document';
import type { DatasetConfig, DatasetKind, LossKind } from '../../core/train/config';

/** Any dataset setting the panel edits; only the ones the current kind has are kept. */
export interface DatasetPatch {
  kind?: DatasetKind;
  samples?: number;
  noise?: number;
  seed?: number;
  length?: number;
  horizon?: number;
  count?: number;
}

export const DEFAULT_SINES: Extract<DatasetConfig, { kind: 'sines' }> = { kind: 'sines', length: 24, horizon: 3, count: 1000, noise: 0.05, seed: 1 };

/** Settings a kind starts with when it was never chosen before. */
export function defaultDataset(kind: DatasetKind, previous: DatasetConfig): DatasetConfig {
  if (kind === 'mnist' || kind === 'iris') return { kind };
  if (kind === 'sines') return { ...DEFAULT_SINES };
  // 2-D kinds share samples / noise / seed with the 2-D set chosen before, as they always did.
  const base = is2DConfig(previous) ? previous : { samples: 400, noise: 0.1, seed: 1 };
  return { kind, samples: base.samples, noise: base.noise, seed: base.seed };
}

/**
 * The dataset after a panel edit. memory: the last config of each kind (a kind chosen again gets
 * its settings back). Patches for fields the kind does not have are ignored.
 */
export function datasetWith(current: DatasetConfig, patch: DatasetPatch, memory: Partial<Record<DatasetKind, DatasetConfig>>): DatasetConfig {
  let next: DatasetConfig = current;
  if (patch.kind !== undefined && patch.kind !== current.kind) {
    const remembered = memory[patch.kind];
    next = remembered && !is2DConfig(remembered) ? remembered : defaultDataset(patch.kind, is2DConfig(current) ? current : (memory.xor ?? current));
  }
  const out: Record<string, unknown> = { ...next };
  for (const [key, value] of Object.entries(patch)) {
    if (key !== 'kind' && value !== undefined && key in next) out[key] = value;
  }
  return out as unknown as DatasetConfig;
}

/** The loss to switch to when the current one does not fit the dataset's task (null: keep it). */
export function lossForTask(loss: LossKind, spec: DatasetSpec | null): LossKind | null {
  if (!spec || lossesForTask(spec.task).includes(loss)) return null;
  return spec.task === 'regression' ? 'mse' : spec.task === 'multiclass' ? 'sparseCategoricalCrossEntropy' : 'bce';
}

/** The Input node and the shape it should take for a dataset; null when it already has it (or there is no single Input). */
export function inputShapeChange(doc: NetworkDocument, dataset: DatasetConfig): { nodeId: string; shape: number[] } | null {
  const spec = datasetSpec(dataset);
  const inputs = doc.nodes.filter((n) => n.type === 'input');
  if (!spec || inputs.length !== 1) return null;
  const current = inputs[0].settings.shape;
  const want = spec.inputShape;
  const same = Array.isArray(current) && current.length === want.length && current.every((d, i) => d === want[i]);
  return same ? null : { nodeId: inputs[0].id, shape: [...want] };
}
