import { kernels } from '../tensor/kernels';
import type { Param } from '../tensor/tensor';
import { forEachSlice, ownKernels, slice, withState, type Optimizer } from './types';

/**
 * Plain SGD (PyTorch torch.optim.SGD, momentum 0): g ← ∇ + λ·p (L2 weight decay λ, default 0), p ← p − lr·g.
 * State: the learning rate only.
 */
export function sgd(params: readonly Param[], lr: number, weightDecay = 0): Optimizer {
  const own = ownKernels(params);
  const opt = withState({
    kind: 'sgd',
    learningRate: lr,
    step(range) {
      const h = { lr: opt.learningRate, l2: weightDecay };
      forEachSlice(params, range, (k, i0, i1) => {
        const p = params[k];
        (own[k] ?? kernels()).sgdUpdate(slice(p.value, i0, i1), slice(p.grad, i0, i1), i1 - i0, h);
      });
    },
  }, params, {});
  return opt;
}
