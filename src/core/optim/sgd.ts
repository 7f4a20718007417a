import type { Param } from '../tensor/tensor';
import { withState, type Optimizer } from './types';

/**
 * Plain SGD (PyTorch torch.optim.SGD, momentum 0): g ← ∇ + λ·p (L2 weight decay λ, default 0), p ← p − lr·g.
 * State: the learning rate only.
 */
export function sgd(params: readonly Param[], lr: number, weightDecay = 0): Optimizer {
  const opt = withState({
    kind: 'sgd',
    learningRate: lr,
    step() {
      const rate = opt.learningRate;
      for (const p of params) for (let i = 0; i < p.value.length; i++) p.value[i] -= rate * (p.grad[i] + weightDecay * p.value[i]);
    },
  }, params, {});
  return opt;
}
