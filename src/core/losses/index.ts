import type { LossKind } from '../train/config';
import { bce } from './bce';
import { mse } from './mse';
import { softmaxCrossEntropy } from './softmaxCrossEntropy';
import type { LossFn } from './types';

export type { LossFn } from './types';
export { mse, bce, softmaxCrossEntropy };
export { BCE_EPS } from './bce';

export const LOSSES: readonly LossKind[] = ['mse', 'bce', 'softmaxCrossEntropy'];

export function getLoss(kind: LossKind): LossFn {
  switch (kind) {
    case 'mse':
      return mse;
    case 'bce':
      return bce;
    case 'softmaxCrossEntropy':
      return softmaxCrossEntropy;
  }
}
