import type { Param } from '../tensor/tensor';
import type { Optimizer } from './types';

/**
 * Plain SGD (PyTorch torch.optim.SGD, momentum 0): g ← ∇ + λ·p (L2 weight decay λ, default 0), p ← p − lr·g.
 */
export function sgd(params: readonly Param[], lr: number, weightDecay = 0): Optimizer {
  return {
    kind: 'sgd',
    step() {
      for (const p of params) for (let i = 0; i < p.value.length; i++) p.value[i] -= lr * (p.grad[i] + weightDecay * p.value[i]);
    },
  };
}
