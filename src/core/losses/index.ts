import type { LossKind } from '../train/config';
import { bce } from './bce';
import { bceWithLogits } from './bceWithLogits';
import { categoricalCrossEntropy } from './categoricalCrossEntropy';
import { huber } from './huber';
import { mae } from './mae';
import { mse } from './mse';
import { rmse } from './rmse';
import { softmaxCrossEntropy } from './softmaxCrossEntropy';
import { sparseCategoricalCrossEntropy } from './sparseCategoricalCrossEntropy';
import type { LossFn } from './types';

export type { LossFn } from './types';
export { mse, mae, rmse, huber, bce, bceWithLogits, categoricalCrossEntropy, softmaxCrossEntropy, sparseCategoricalCrossEntropy };
export { BCE_EPS } from './bce';
export { HUBER_DELTA } from './huber';

export const LOSSES: readonly LossKind[] = [
  'mse', 'mae', 'rmse', 'huber', 'bce', 'bceWithLogits', 'categoricalCrossEntropy', 'softmaxCrossEntropy',
  'sparseCategoricalCrossEntropy',
];

const table: Record<LossKind, LossFn> = {
  mse, mae, rmse, huber, bce, bceWithLogits, categoricalCrossEntropy, softmaxCrossEntropy, sparseCategoricalCrossEntropy,
};

export function getLoss(kind: LossKind): LossFn {
  return table[kind];
}

/**
 * Losses that take logits and fuse with an output activation: when the output layer ends in it, the
 * model feeds the loss the layer's pre-activation and backpropagates from there (stable and exact).
 */
export const FUSED_ACTIVATION: Partial<Record<LossKind, string>> = {
  softmaxCrossEntropy: 'softmax',
  sparseCategoricalCrossEntropy: 'softmax',
  bceWithLogits: 'sigmoid',
};

/** Target values per sample a loss reads: 1 class index for sparse losses, else one per output. */
export function targetsPerSample(kind: LossKind, outputs: number): number {
  return kind === 'sparseCategoricalCrossEntropy' ? 1 : outputs;
}
