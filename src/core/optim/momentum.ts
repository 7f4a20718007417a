import type { Param } from '../tensor/tensor';
import { stateLike, withState, type Optimizer } from './types';

/**
 * SGD with momentum, PyTorch semantics (torch.optim.SGD, dampening 0):
 * g ← ∇ + λ·p (L2 weight decay, default 0), buf ← μ·buf + g (buf starts at 0, so buf = g on the first step),
 * then p ← p − lr·buf, or with nesterov (SGD nesterov=True) p ← p − lr·(g + μ·buf).
 * (Unlike the "v = μv − lr·g" textbook form, lr multiplies the buffer; the two agree for a constant lr.)
 * State: buf per parameter ('<name>/momentum'), lr.
 */
export function momentum(params: readonly Param[], lr: number, mu = 0.9, weightDecay = 0, nesterov = false): Optimizer {
  const bufs = params.map(stateLike);
  const opt = withState({
    kind: nesterov ? 'nesterov' : 'momentum',
    learningRate: lr,
    step() {
      const lr = opt.learningRate;
      params.forEach((p, k) => {
        const b = bufs[k];
        for (let i = 0; i < p.value.length; i++) {
          const g = p.grad[i] + weightDecay * p.value[i];
          b[i] = mu * b[i] + g;
          p.value[i] -= lr * (nesterov ? g + mu * b[i] : b[i]);
        }
      });
    },
  }, params, { momentum: bufs });
  return opt;
}

/** Nesterov momentum: PyTorch SGD(nesterov=True); see momentum(). */
export function nesterov(params: readonly Param[], lr: number, mu = 0.9, weightDecay = 0): Optimizer {
  return momentum(params, lr, mu, weightDecay, true);
}
