import { allocate, type Param } from '../tensor/tensor';
import type { Optimizer } from './types';

/**
 * Adam (Kingma & Ba 2015), PyTorch semantics (torch.optim.Adam, no weight decay):
 * m ← β1·m + (1 − β1)·g,  v ← β2·v + (1 − β2)·g²,
 * m̂ = m / (1 − β1^t),  v̂ = v / (1 − β2^t),  p ← p − lr·m̂ / (√v̂ + ε)   (ε outside the sqrt).
 * State (m, v) per parameter tensor; t counts steps from 1.
 */
export function adam(params: readonly Param[], lr: number, beta1 = 0.9, beta2 = 0.999, eps = 1e-8): Optimizer {
  const dtypeOf = (p: Param) => (p.value instanceof Float64Array ? 'float64' : 'float32');
  const m = params.map((p) => allocate(dtypeOf(p), p.value.length));
  const v = params.map((p) => allocate(dtypeOf(p), p.value.length));
  let t = 0;
  return {
    kind: 'adam',
    step() {
      t++;
      const bc1 = 1 - Math.pow(beta1, t);
      const bc2 = 1 - Math.pow(beta2, t);
      params.forEach((p, k) => {
        const mk = m[k];
        const vk = v[k];
        for (let i = 0; i < p.value.length; i++) {
          const g = p.grad[i];
          mk[i] = beta1 * mk[i] + (1 - beta1) * g;
          vk[i] = beta2 * vk[i] + (1 - beta2) * g * g;
          p.value[i] -= (lr * (mk[i] / bc1)) / (Math.sqrt(vk[i] / bc2) + eps);
        }
      });
    },
  };
}
