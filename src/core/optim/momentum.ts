import { kernels } from '../tensor/kernels';
import type { Param } from '../tensor/tensor';
import { forEachSlice, ownKernels, slice, stateLike, withState, type Optimizer } from './types';

/**
 * SGD with momentum, PyTorch semantics (torch.optim.SGD, dampening 0):
 * g ← ∇ + λ·p (L2 weight decay, default 0), buf ← μ·buf + g (buf starts at 0, so buf = g on the first step),
 * then p ← p − lr·buf, or with nesterov (SGD nesterov=True) p ← p − lr·(g + μ·buf).
 * (Unlike the "v = μv − lr·g" textbook form, lr multiplies the buffer; the two agree for a constant lr.)
 * State: buf per parameter ('<name>/momentum'), lr. Float32 buf below the smallest normal float is
 * stored as 0 (tensor/optimizerKernels.ts F32_TINY).
 */
export function momentum(params: readonly Param[], lr: number, mu = 0.9, weightDecay = 0, nesterov = false): Optimizer {
  const bufs = params.map(stateLike);
  const own = ownKernels(params);
  const opt = withState({
    kind: nesterov ? 'nesterov' : 'momentum',
    learningRate: lr,
    step(range) {
      const h = { lr: opt.learningRate, mu, l2: weightDecay, nesterov };
      forEachSlice(params, range, (k, i0, i1) => {
        const p = params[k];
        (own[k] ?? kernels()).momentumUpdate(slice(p.value, i0, i1), slice(p.grad, i0, i1), slice(bufs[k], i0, i1), i1 - i0, h);
      });
    },
  }, params, { momentum: bufs });
  return opt;
}

/** Nesterov momentum: PyTorch SGD(nesterov=True); see momentum(). */
export function nesterov(params: readonly Param[], lr: number, mu = 0.9, weightDecay = 0): Optimizer {
  return momentum(params, lr, mu, weightDecay, true);
}
