import type { Param } from '../tensor/tensor';
import { forEachSlice, stateLike, withState, type Optimizer } from './types';

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
    step(range) {
      const lr = opt.learningRate;
      forEachSlice(params, range, (k, i0, i1) => {
        const b = bufs[k];
        const w = params[k].value;
        const dw = params[k].grad;
        for (let i = i0; i < i1; i++) {
          const g = dw[i] + weightDecay * w[i];
          b[i] = mu * b[i] + g;
          w[i] -= lr * (nesterov ? g + mu * b[i] : b[i]);
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
