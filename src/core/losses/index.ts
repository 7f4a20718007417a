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
import { F32_TINY } from '../tensor/optimizerKernels';

export type { LossFn } from './types';
export { mse, mae, rmse, huber, bce, bceWithLogits, categoricalCrossEntropy, softmaxCrossEntropy, sparseCategoricalCrossEntropy };
export { BCE_EPS } from './bce';
export { HUBER_DELTA } from './huber';

export const LOSSES: readonly LossKind[] = [
  'mse', 'mae', 'rmse', 'huber', 'bce', 'bceWithLogits', 'categoricalCrossEntropy', 'softmaxCrossEntropy',
  'sparseCategoricalCrossEntropy',
];

/**
 * A loss whose float32 gradient stores values below the smallest normal float (2^-126) as 0: flush to
 * zero (optimizerKernels.ts F32_TINY). A classifier that fits its data gives probabilities far below
 * it (e^-100 for a confident wrong class), and every float32 kernel after the loss paid a microcode
 * assist per operation on them (the MNIST MLP's output layer took 3× as long after ~200 epochs). Such a
 * gradient moves nothing. A float64 gradient keeps its subnormals.
 */
function flushed(fn: LossFn): LossFn {
  return (pred, target, rows, cols, grad) => {
    const value = fn(pred, target, rows, cols, grad);
    if (grad instanceof Float32Array) {
      for (let i = 0, n = rows * cols; i < n; i++) if (Math.abs(grad[i]) < F32_TINY) grad[i] = 0;
    }
    return value;
  };
}

const table: Record<LossKind, LossFn> = {
  mse, mae, rmse, huber, bce: flushed(bce), bceWithLogits: flushed(bceWithLogits), categoricalCrossEntropy: flushed(categoricalCrossEntropy),
  softmaxCrossEntropy: flushed(softmaxCrossEntropy), sparseCategoricalCrossEntropy: flushed(sparseCategoricalCrossEntropy),
};

/** The loss `kind`, as the engines call it (the probability losses' float32 gradients flushed to zero below 2^-126). */
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
