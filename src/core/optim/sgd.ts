import type { Param } from '../tensor/tensor';
import { forEachSlice, withState, type Optimizer } from './types';

/**
 * Plain SGD (PyTorch torch.optim.SGD, momentum 0): g ← ∇ + λ·p (L2 weight decay λ, default 0), p ← p − lr·g.
 * State: the learning rate only.
 */
export function sgd(params: readonly Param[], lr: number, weightDecay = 0): Optimizer {
  const opt = withState({
    kind: 'sgd',
    learningRate: lr,
    step(range) {
      const rate = opt.learningRate;
      forEachSlice(params, range, (k, i0, i1) => {
        const w = params[k].value;
        const dw = params[k].grad;
        for (let i = i0; i < i1; i++) w[i] -= rate * (dw[i] + weightDecay * w[i]);
      });
    },
  }, params, {});
  return opt;
}
