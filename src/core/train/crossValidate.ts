// K-fold cross-validation: K training runs of the same config, fold f of a seeded partition
// (train/split.ts foldSplit) validating run f, the other K − 1 folds training it. Synchronous and
// pure given the config (the clock only feeds the sessions' speed estimates).

import type { DatasetAssets } from '../data/dataset';
import type { TrainConfig } from './config';
import type { EpochMetrics, TrainEvent } from './events';
import { createTrainingSession } from './session';

export interface FoldResult {
  /** 0-based fold index. */
  fold: number;
  trainSize: number;
  valSize: number;
  /** The run's final metrics ('done' event), or null when it diverged. */
  metrics: EpochMetrics | null;
  /** Why the run ended: 'completed', 'earlyStopped', or 'diverged'. */
  outcome: 'completed' | 'earlyStopped' | 'diverged';
}

export interface CrossValidationResult {
  k: number;
  folds: FoldResult[];
  /**
   * Mean and (population, ddof = 0, like numpy's std) standard deviation over the folds that finished,
   * for every numeric metric they all report (trainLoss, trainAccuracy, valLoss, valAccuracy, …; not epoch).
   */
  mean: Record<string, number>;
  std: Record<string, number>;
}

/** Runs the K folds one after another. Throws like createTrainingSession for an invalid config or k < 2. */
export function crossValidate(config: TrainConfig, k: number, clock: () => number, assets?: DatasetAssets): CrossValidationResult {
  if (!(Number.isInteger(k) && k >= 2)) throw new Error(`crossValidate: k must be a whole number ≥ 2 (got ${k})`);
  const folds: FoldResult[] = [];
  for (let f = 0; f < k; f++) {
    const session = createTrainingSession({ ...config, fold: { k, index: f } }, f + 1, clock, assets);
    let started: Extract<TrainEvent, { type: 'started' }> | null = null;
    let result: FoldResult | null = null;
    while (!session.done) {
      for (const e of session.step()) {
        if (e.type === 'started') started = e;
        else if (e.type === 'done')
          result = { fold: f, trainSize: started!.trainSize, valSize: started!.valSize, metrics: e.final, outcome: e.reason === 'earlyStopped' ? 'earlyStopped' : 'completed' };
        else if (e.type === 'error') result = { fold: f, trainSize: started?.trainSize ?? 0, valSize: started?.valSize ?? 0, metrics: null, outcome: 'diverged' };
      }
    }
    folds.push(result!);
  }
  return { k, folds, ...meanAndStd(folds.map((r) => r.metrics).filter((m): m is EpochMetrics => m !== null)) };
}

/** Mean and population std of each numeric metric present (finite) in every run. */
export function meanAndStd(runs: readonly EpochMetrics[]): { mean: Record<string, number>; std: Record<string, number> } {
  const mean: Record<string, number> = {};
  const std: Record<string, number> = {};
  if (runs.length === 0) return { mean, std };
  for (const key of Object.keys(runs[0])) {
    if (key === 'epoch') continue;
    const values = runs.map((r) => (r as unknown as Record<string, unknown>)[key]);
    if (!values.every((v): v is number => typeof v === 'number' && Number.isFinite(v))) continue;
    const m = values.reduce((a, b) => a + b, 0) / values.length;
    mean[key] = m;
    std[key] = Math.sqrt(values.reduce((a, b) => a + (b - m) * (b - m), 0) / values.length);
  }
  return { mean, std };
}
