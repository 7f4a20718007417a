import type { Param } from '../tensor/tensor';
import { forEachSlice, stateLike, withState, type Optimizer } from './types';

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
    step(range) {
      const lr = opt.learningRate;
      forEachSlice(params, range, (k, i0, i1) => {
        const s = sums[k];
        const w = params[k].value;
        const dw = params[k].grad;
        for (let i = i0; i < i1; i++) {
          const g = dw[i] + weightDecay * w[i];
          s[i] += g * g;
          w[i] -= (lr * g) / (Math.sqrt(s[i]) + eps);
        }
      });
    },
  }, params, { sum: sums });
  return opt;
}
