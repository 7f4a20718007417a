// Early stopping (Keras callbacks.EarlyStopping semantics, mode 'min'): after each epoch the monitored
// loss counts as an improvement when it is below best − minDelta; after `patience` epochs in a row
// without one, training stops. With restoreBestWeights the model gets back the weights of the best epoch.

import type { Param } from '../tensor/tensor';

export interface EarlyStoppingConfig {
  /** The quantity watched (default 'valLoss'; 'trainLoss' when training without a validation split). */
  monitor?: 'valLoss' | 'trainLoss';
  /** Epochs without improvement before stopping (≥ 1). */
  patience: number;
  /** The smallest decrease that counts as an improvement (default 0). */
  minDelta?: number;
  /** Put back the best epoch's weights when stopping early (default true). */
  restoreBestWeights?: boolean;
}

export class EarlyStopping {
  best = Infinity;
  bestEpoch = 0;
  private wait = 0;
  private bestWeights: Float64Array[] | null = null;

  constructor(private readonly config: EarlyStoppingConfig, private readonly params: readonly Param[]) {}

  /** Records the epoch's monitored value; returns true when training should stop now. */
  update(value: number, epoch: number): boolean {
    const minDelta = this.config.minDelta ?? 0;
    if (value < this.best - minDelta) {
      this.best = value;
      this.bestEpoch = epoch;
      this.wait = 0;
      if (this.config.restoreBestWeights ?? true) this.bestWeights = this.params.map((p) => Float64Array.from(p.value));
      return false;
    }
    this.wait++;
    return this.wait >= this.config.patience;
  }

  /** Copies the best epoch's weights back (when kept); returns whether it did. */
  restore(): boolean {
    if (!this.bestWeights) return false;
    this.params.forEach((p, k) => p.value.set(this.bestWeights![k]));
    return true;
  }
}
