import { kernels } from '../tensor/kernels';
import type { Param } from '../tensor/tensor';
import { forEachSlice, ownKernels, slice, stateLike, withState, type Optimizer } from './types';

/**
 * AdaGrad (Duchi et al. 2011), PyTorch semantics (torch.optim.Adagrad, lr_decay 0, initial accumulator 0):
 * g ← ∇ + λ·p (L2 weight decay, default 0),  s ← s + g²,  p ← p − lr·g / (√s + ε)   (ε = 1e-10, outside the sqrt).
 * State: s per parameter ('<name>/sum'), lr.
 */
export function adagrad(params: readonly Param[], lr: number, eps = 1e-10, weightDecay = 0): Optimizer {
  const sums = params.map(stateLike);
  const own = ownKernels(params);
  const opt = withState({
    kind: 'adagrad',
    learningRate: lr,
    step(range) {
      const h = { lr: opt.learningRate, eps, l2: weightDecay };
      forEachSlice(params, range, (k, i0, i1) => {
        const p = params[k];
        (own[k] ?? kernels()).adagradUpdate(slice(p.value, i0, i1), slice(p.grad, i0, i1), slice(sums[k], i0, i1), i1 - i0, h);
      });
    },
  }, params, { sum: sums });
  return opt;
}
