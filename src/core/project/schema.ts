// The schema of project.json, format 1 (docs/file-format.md). Every object is loose: fields a
// newer version adds are kept as they are. Layer settings are checked against the layer
// registry afterwards (checkGraph), since their keys depend on the layer type.

import { z } from 'zod';
import { ALL_DATASET_KINDS } from '../data/dataset';
import { DATASET_KINDS } from '../data/datasets2d';
import { LOSSES } from '../losses';
import { OPTIMIZERS } from '../optim';
import type { LossKind, OptimizerKind } from '../train/config';

/** Bounds that keep a hand-edited file from asking for absurd allocations. */
export const LIMITS = { nodes: 10_000, batchSize: 1_000_000, epochs: 10_000_000, samples: 100_000 } as const;

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const id = z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

const node = z.looseObject({
  id,
  type: z.string().min(1, 'must not be empty'),
  settings: z.record(z.string(), z.unknown()).default({}),
  position: z.looseObject({ x: finite, y: finite }).default({ x: 0, y: 0 }),
});

const edge = z.looseObject({ id, source: id, target: id });

export const graphSchema = z.looseObject({
  nodes: z.array(node).max(LIMITS.nodes),
  edges: z.array(edge).max(LIMITS.nodes * 4),
});

const optimizer = z.looseObject({
  kind: z.enum(OPTIMIZERS as unknown as [OptimizerKind, ...OptimizerKind[]]),
  learningRate: finite,
  momentum: finite.optional(),
  beta1: finite.optional(),
  beta2: finite.optional(),
  epsilon: finite.optional(),
  weightDecay: finite.optional(),
  alpha: finite.optional(),
  centered: z.boolean().optional(),
});

export const trainingSchema = z.looseObject({
  loss: z.enum(LOSSES as unknown as [LossKind, ...LossKind[]]),
  optimizer,
  batchSize: z.int().min(1).max(LIMITS.batchSize),
  epochs: z.int().min(1).max(LIMITS.epochs),
  validationSplit: finite,
  seed: z.int(),
});

const dataset2D = z.looseObject({
  kind: z.string(),
  samples: z.int().min(0).max(LIMITS.samples),
  noise: finite,
  seed: z.int(),
});

/**
 * The dataset choice: the 2-D point sets have their fields checked here; other datasets (MNIST,
 * sines, Iris, …) only need a known kind and finite numbers — validateTrainConfig checks the rest
 * before a run, and the editor shows what it says.
 */
export const datasetSchema = z.looseObject({ kind: z.string() }).superRefine((d, ctx) => {
  if (!(ALL_DATASET_KINDS as readonly string[]).includes(d.kind)) {
    ctx.addIssue({ code: 'custom', path: ['kind'], message: `unknown dataset '${d.kind}' (known: ${ALL_DATASET_KINDS.join(', ')})` });
    return;
  }
  if ((DATASET_KINDS as readonly string[]).includes(d.kind)) {
    const r = dataset2D.safeParse(d);
    if (!r.success) for (const i of r.error.issues) ctx.addIssue({ code: 'custom', path: i.path, message: i.message });
    return;
  }
  for (const [k, v] of Object.entries(d)) {
    if (typeof v === 'number' && !(Number.isFinite(v) && Math.abs(v) <= 1e9)) ctx.addIssue({ code: 'custom', path: [k], message: 'must be a finite number' });
  }
});

/** JSON has no NaN: a metric that is NaN (accuracy of a regression run) is written as null and read back as NaN. */
const metric = finite.nullable().transform((v) => v ?? NaN);

const epochMetrics = z.looseObject({
  epoch: z.int().min(1),
  trainLoss: metric,
  trainAccuracy: metric,
  valLoss: finite.nullable(),
  valAccuracy: finite.nullable(),
});

const run = z.looseObject({
  status: z.enum(['completed', 'stopped', 'error', 'crashed']),
  graph: graphSchema,
  training: trainingSchema,
  dataset: datasetSchema,
  history: z.array(epochMetrics).max(LIMITS.epochs),
  /** Zip entry holding the weights, when saved. */
  weightsFile: z.string().optional(),
  optimizerFile: z.string().optional(),
});

export const projectSchema = z.looseObject({
  formatVersion: z.literal(1),
  name: z.string().max(1000).optional(),
  graph: graphSchema,
  training: trainingSchema,
  dataset: datasetSchema,
  run: run.optional(),
  views: z.record(z.string(), z.unknown()).optional(),
});

export type ProjectJson = z.infer<typeof projectSchema>;

/** `['graph', 'nodes', 3, 'settings']` -> `graph.nodes[3].settings`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}
