// Checks a training configuration before a run starts. Issues carry a stable code for the UI
// (translated with params) and an English message.

import { analyzeGraph } from '../graph/analyze';
import { LOSSES } from '../losses';
import { OPTIMIZERS } from '../optim';
import type { TrainConfig } from './config';

export interface TrainConfigIssue {
  code: 'invalidGraph' | 'inputShape' | 'lossOutputMismatch' | 'badHyperparameter';
  params: Record<string, string | number>;
  message: string;
}

/** Outputs each loss needs on the 2-class datasets. */
const OUTPUTS_FOR_LOSS: Record<string, number> = {
  mse: 1, mae: 1, rmse: 1, huber: 1, bce: 1, bceWithLogits: 1,
  categoricalCrossEntropy: 2, softmaxCrossEntropy: 2, sparseCategoricalCrossEntropy: 2,
};

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
    if (inShape.length !== 1 || inShape[0] !== 2) {
      issues.push({ code: 'inputShape', params: { expected: '[2]', got: `[${inShape.join(', ')}]` },
        message: `The 2-D datasets need an Input of shape [2], but the Input has shape [${inShape.join(', ')}]` });
    }
    const outShape = analysis.shapes[analysis.outputId!];
    const outputs = outShape.reduce((a, b) => a * b, 1);
    const need = OUTPUTS_FOR_LOSS[config.loss];
    if (need === undefined || !LOSSES.includes(config.loss)) bad('loss', config.loss, `must be one of ${LOSSES.join(', ')}`);
    else if (outputs !== need || outShape.length !== 1) {
      issues.push({ code: 'lossOutputMismatch', params: { loss: config.loss, expected: need, got: outputs },
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
  if (!isInt(config.batchSize, 1)) bad('batchSize', config.batchSize, 'must be a whole number ≥ 1');
  if (!isInt(config.epochs, 1)) bad('epochs', config.epochs, 'must be a whole number ≥ 1');
  const vs = config.validationSplit;
  if (!(typeof vs === 'number' && vs >= 0 && vs <= 0.9)) bad('validationSplit', vs, 'must be between 0 and 0.9');
  const d = config.dataset;
  if (!isInt(d?.samples, 2) || d.samples > 100_000) bad('samples', d?.samples, 'must be a whole number between 2 and 100000');
  else if (typeof vs === 'number' && vs >= 0 && vs <= 0.9 && d.samples - Math.round(d.samples * vs) < 1) bad('validationSplit', vs, 'leaves no training samples');
  if (!(typeof d?.noise === 'number' && d.noise >= 0 && d.noise <= 1)) bad('noise', d?.noise, 'must be between 0 and 1');
  return issues;
}

function isInt(v: unknown, min: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min;
}
