// Checks of TrainConfig's optional training features (train/features.ts). Each problem names the
// field, as validateTrainConfig's badHyperparameter issues do (translated under hyper.<name>).

import type { TrainConfig } from './config';
import { checkSchedule } from './schedules';

export interface FeatureProblem {
  name: string;
  value: unknown;
  rule: string;
}

export function checkTrainingFeatures(config: TrainConfig): FeatureProblem[] {
  const out: FeatureProblem[] = [];
  const bad = (name: string, value: unknown, rule: string) => out.push({ name, value, rule });
  const nonNegative = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
  const positive = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;
  const wholeAtLeast = (v: unknown, min: number) => typeof v === 'number' && Number.isInteger(v) && v >= min;

  const b = config.batchSize;
  if (!(b === 'all' || wholeAtLeast(b, 0))) bad('batchSize', b, "must be a whole number ≥ 1, or 'all' / 0 for the whole training set");
  if (config.l1 !== undefined && !nonNegative(config.l1)) bad('l1', config.l1, 'must be a number ≥ 0');
  if (config.l2 !== undefined && !nonNegative(config.l2)) bad('l2', config.l2, 'must be a number ≥ 0');
  if (config.clipNorm !== undefined && !positive(config.clipNorm)) bad('clipNorm', config.clipNorm, 'must be a positive number');
  if (config.clipValue !== undefined && !positive(config.clipValue)) bad('clipValue', config.clipValue, 'must be a positive number');
  if (config.lrSchedule !== undefined) {
    const p = checkSchedule(config.lrSchedule);
    if (p) bad(p.name, p.value, p.rule);
  }
  const es = config.earlyStopping;
  if (es !== undefined) {
    if (!wholeAtLeast(es?.patience, 1)) bad('patience', es?.patience, 'must be a whole number ≥ 1');
    if (es?.minDelta !== undefined && !nonNegative(es.minDelta)) bad('minDelta', es.minDelta, 'must be a number ≥ 0');
    if (es?.monitor !== undefined && es.monitor !== 'valLoss' && es.monitor !== 'trainLoss') bad('monitor', es.monitor, 'must be valLoss or trainLoss');
    if (es?.restoreBestWeights !== undefined && typeof es.restoreBestWeights !== 'boolean') bad('restoreBestWeights', es.restoreBestWeights, 'must be true or false');
  }
  if (config.topK !== undefined && !wholeAtLeast(config.topK, 1)) bad('topK', config.topK, 'must be a whole number ≥ 1');
  if (config.dtype !== undefined && config.dtype !== 'float32' && config.dtype !== 'float64') bad('dtype', config.dtype, 'must be float32 or float64');
  const f = config.fold;
  if (f !== undefined) {
    if (!wholeAtLeast(f?.k, 2)) bad('folds', f?.k, 'must be a whole number ≥ 2');
    else if (!(wholeAtLeast(f.index, 0) && f.index < f.k)) bad('fold', f.index, `must be a whole number from 0 to ${f.k - 1}`);
  }
  return out;
}
