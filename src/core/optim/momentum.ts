import { allocate, type Param } from '../tensor/tensor';
import type { Optimizer } from './types';

/**
 * SGD with momentum, PyTorch semantics (torch.optim.SGD, dampening 0, not Nesterov):
 * buf ← μ·buf + g (buf starts at 0, so buf = g on the first step), p ← p − lr·buf.
 * (Unlike the "v = μv − lr·g" textbook form, lr multiplies the buffer; the two agree for a constant lr.)
 */
export function momentum(params: readonly Param[], lr: number, mu = 0.9): Optimizer {
  const bufs = params.map((p) => allocate(p.value instanceof Float64Array ? 'float64' : 'float32', p.value.length));
  return {
    kind: 'momentum',
    step() {
      params.forEach((p, k) => {
        const b = bufs[k];
        for (let i = 0; i < p.value.length; i++) {
          b[i] = mu * b[i] + p.grad[i];
          p.value[i] -= lr * b[i];
        }
      });
    },
  };
}
