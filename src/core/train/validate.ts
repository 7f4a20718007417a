// Checks a training configuration before a run starts. Issues carry a stable code for the UI
// (translated with params) and an English message.

import type { GraphFix } from '../graph/analysis';
import { analyzeGraph } from '../graph/analyze';
import { getLayerDefinition } from '../layers/registry';
import { LOSSES } from '../losses';
import { OPTIMIZERS } from '../optim';
import type { TrainConfig } from './config';
import { checkTrainingFeatures } from './validateFeatures';
import { datasetSpec, is2DConfig, type DatasetSpec } from '../data/dataset';

export interface TrainConfigIssue {
  code: 'invalidGraph' | 'inputShape' | 'lossOutputMismatch' | 'lossTask' | 'badHyperparameter';
  params: Record<string, string | number>;
  message: string;
  /** The node the issue concerns (the Input for inputShape, the output layer for lossOutputMismatch). */
  nodeIds?: string[];
  /** A one-click repair, as for graph issues (core's applyFix): set the Input's shape, or the output layer's units. */
  fix?: GraphFix;
}

/** Outputs each loss needs on the 2-class datasets. */
const OUTPUTS_FOR_LOSS: Record<string, number> = {
  mse: 1, mae: 1, rmse: 1, huber: 1, bce: 1, bceWithLogits: 1,
  categoricalCrossEntropy: 2, softmaxCrossEntropy: 2, sparseCategoricalCrossEntropy: 2,
};

const REGRESSION_LOSSES: readonly string[] = ['mse', 'mae', 'rmse', 'huber'];
const CLASSIFICATION_LOSSES: readonly string[] = ['categoricalCrossEntropy', 'softmaxCrossEntropy', 'sparseCategoricalCrossEntropy'];

/**
 * Losses that fit a task. binary: all (1 output for mse…bceWithLogits, 2 for the cross-entropies);
 * multiclass: the cross-entropies, or a regression loss on one-hot targets (one output per class);
 * regression: mse, mae, rmse, huber (one output per target value).
 */
export function lossesForTask(task: DatasetSpec['task']): readonly string[] {
  if (task === 'binary') return LOSSES;
  if (task === 'multiclass') return [...REGRESSION_LOSSES, ...CLASSIFICATION_LOSSES];
  return REGRESSION_LOSSES;
}

/** Outputs the network must have for a loss on a dataset (per sample, flattened). */
function outputsNeeded(spec: DatasetSpec, loss: string): number {
  if (spec.task === 'binary') return OUTPUTS_FOR_LOSS[loss];
  if (spec.task === 'multiclass') return spec.numClasses!;
  return (spec.targetShape ?? [1]).reduce((a, b) => a * b, 1);
}

export function validateTrainConfig(config: TrainConfig): TrainConfigIssue[] {
  const issues: TrainConfigIssue[] = [];
  const bad = (name: string, value: unknown, rule: string) =>
    issues.push({ code: 'badHyperparameter', params: { name, rule }, message: `${name} ${rule} (got ${String(value)})` });

  const analysis = analyzeGraph(config.document);
  if (!analysis.ok) {
    issues.push({
      code: 'invalidGraph',
      params: { count: analysis.issues.length },
      message: `The network has ${analysis.issues.length} problem(s): ${analysis.issues.map((i) => i.message).join('; ')}`,
    });
  } else {
    const inShape = analysis.shapes[analysis.inputId!];
    const spec = datasetSpec(config.dataset);
    const want = spec?.inputShape;
    if (want && (inShape.length !== want.length || inShape.some((d, i) => d !== want[i]))) {
      const expected = `[${want.join(', ')}]`;
      const got = `[${inShape.join(', ')}]`;
      const inputId = analysis.inputId!;
      issues.push({ code: 'inputShape', params: { expected, got, dataset: config.dataset.kind }, nodeIds: [inputId],
        fix: { kind: 'setSetting', nodeId: inputId, key: 'shape', value: [...want], label: `set shape of '${inputId}' to ${expected}` },
        message: is2DConfig(config.dataset)
          ? `The 2-D datasets need an Input of shape [2], but the Input has shape ${got}`
          : `The ${config.dataset.kind} dataset needs an Input of shape ${expected}, but the Input has shape ${got}` });
    }
    const outShape = analysis.shapes[analysis.outputId!];
    const outputs = outShape.reduce((a, b) => a * b, 1);
    if (OUTPUTS_FOR_LOSS[config.loss] === undefined || !LOSSES.includes(config.loss)) bad('loss', config.loss, `must be one of ${LOSSES.join(', ')}`);
    else if (!spec) {
      // unknown dataset: reported below
    } else if (!lossesForTask(spec.task).includes(config.loss)) {
      issues.push({ code: 'lossTask', params: { loss: config.loss, task: spec.task },
        message: `Loss ${config.loss} does not fit a ${spec.task} task (use one of ${lossesForTask(spec.task).join(', ')})` });
    } else if (outputs !== outputsNeeded(spec, config.loss) || (spec.task !== 'regression' && outShape.length !== 1)) {
      const need = outputsNeeded(spec, config.loss);
      const outputId = analysis.outputId!;
      issues.push({ code: 'lossOutputMismatch', params: { loss: config.loss, expected: need, got: outputs }, nodeIds: [outputId],
        ...unitsFix(config, outputId, outShape.length, need),
        message: `Loss ${config.loss} needs ${need} output${need === 1 ? '' : 's'} but the network has ${outputs}` });
    }
  }

  const o = config.optimizer;
  if (!o || !OPTIMIZERS.includes(o.kind)) bad('optimizer', o?.kind, `must be one of ${OPTIMIZERS.join(', ')}`);
  if (!(typeof o?.learningRate === 'number' && o.learningRate > 0 && Number.isFinite(o.learningRate))) bad('learningRate', o?.learningRate, 'must be a positive number');
  if (o?.momentum !== undefined && !(o.momentum >= 0 && o.momentum < 1)) bad('momentum', o.momentum, 'must be in [0, 1)');
  if (o?.beta1 !== undefined && !(o.beta1 >= 0 && o.beta1 < 1)) bad('beta1', o.beta1, 'must be in [0, 1)');
  if (o?.beta2 !== undefined && !(o.beta2 >= 0 && o.beta2 < 1)) bad('beta2', o.beta2, 'must be in [0, 1)');
  if (o?.epsilon !== undefined && !(o.epsilon > 0)) bad('epsilon', o.epsilon, 'must be positive');
  if (o?.weightDecay !== undefined && !(o.weightDecay >= 0 && Number.isFinite(o.weightDecay))) bad('weightDecay', o.weightDecay, 'must be a number ≥ 0');
  if (o?.alpha !== undefined && !(o.alpha >= 0 && o.alpha < 1)) bad('alpha', o.alpha, 'must be in [0, 1)');
  if (o?.centered !== undefined && typeof o.centered !== 'boolean') bad('centered', o.centered, 'must be true or false');
  // batchSize ('all' / 0 = full batch), L1/L2, clipping, schedule, early stopping, top-k, dtype, fold.
  for (const p of checkTrainingFeatures(config)) bad(p.name, p.value, p.rule);
  if (!isInt(config.epochs, 1)) bad('epochs', config.epochs, 'must be a whole number ≥ 1');
  const vs = config.validationSplit;
  if (!(typeof vs === 'number' && vs >= 0 && vs <= 0.9)) bad('validationSplit', vs, 'must be between 0 and 0.9');
  const d = config.dataset;
  const vsOk = typeof vs === 'number' && vs >= 0 && vs <= 0.9;
  if (d && is2DConfig(d)) {
    if (!isInt(d.samples, 2) || d.samples > 100_000) bad('samples', d.samples, 'must be a whole number between 2 and 100000');
    else if (vsOk && d.samples - Math.round(d.samples * vs) < 1) bad('validationSplit', vs, 'leaves no training samples');
    if (!(typeof d.noise === 'number' && d.noise >= 0 && d.noise <= 1)) bad('noise', d.noise, 'must be between 0 and 1');
  } else if (d?.kind === 'sines') {
    if (!isInt(d.length, 2) || d.length > 1000) bad('length', d.length, 'must be a whole number between 2 and 1000');
    if (!isInt(d.horizon, 1) || d.horizon > 1000) bad('horizon', d.horizon, 'must be a whole number between 1 and 1000');
    if (!isInt(d.count, 2) || d.count > 100_000) bad('count', d.count, 'must be a whole number between 2 and 100000');
    else if (vsOk && d.count - Math.round(d.count * vs) < 1) bad('validationSplit', vs, 'leaves no training samples');
    if (!(typeof d.noise === 'number' && d.noise >= 0 && d.noise <= 1)) bad('noise', d.noise, 'must be between 0 and 1');
  } else if (!datasetSpec(d)) {
    bad('dataset', (d as { kind?: unknown } | undefined)?.kind, 'must be a known dataset');
  }
  return issues;
}

/**
 * The output layer's units set to what the loss needs, when the layer has a `units` setting and a
 * vector output (Dense, a recurrent layer's last step): then its output has exactly `need` values.
 */
function unitsFix(config: TrainConfig, nodeId: string, rank: number, need: number): { fix?: GraphFix } {
  const node = config.document.nodes.find((n) => n.id === nodeId);
  const def = node && getLayerDefinition(node.type);
  if (!def?.settings.some((spec) => spec.key === 'units') || rank !== 1) return {};
  return { fix: { kind: 'setSetting', nodeId, key: 'units', value: need, label: `set units of '${nodeId}' to ${need}` } };
}

function isInt(v: unknown, min: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min;
}
