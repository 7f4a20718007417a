import type { Param } from '../tensor/tensor';
import { stateLike, withState, type Optimizer } from './types';

/**
 * AdaGrad (Duchi et al. 2011), PyTorch semantics (torch.optim.Adagrad, lr_decay 0, initial accumulator 0):
 * g ← ∇ + λ·p (L2 weight decay, default 0),  s ← s + g²,  p ← p − lr·g / (√s + ε)   (ε = 1e-10, outside the sqrt).
 * State: s per parameter ('<name>/sum'), lr.
 */
export function adagrad(params: readonly Param[], lr: number, eps = 1e-10, weightDecay = 0): Optimizer {
  const sums = params.map(stateLike);
  const opt = withState({
    kind: 'adagrad',
    learningRate: lr,
    step() {
      const lr = opt.learningRate;
      params.forEach((p, k) => {
        const s = sums[k];
        for (let i = 0; i < p.value.length; i++) {
          const g = p.grad[i] + weightDecay * p.value[i];
          s[i] += g * g;
          p.value[i] -= (lr * g) / (Math.sqrt(s[i]) + eps);
        }
      });
    },
  }, params, { sum: sums });
  return opt;
}
