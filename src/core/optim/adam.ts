import { kernels } from '../tensor/kernels';
import type { Param } from '../tensor/tensor';
import { forEachSlice, ownKernels, slice, stateLike, withState, type Optimizer } from './types';

/**
 * Adam (Kingma & Ba 2015), PyTorch semantics (torch.optim.Adam, amsgrad off):
 * g ← ∇ + λ·p (L2 weight decay, default 0),
 * m ← β1·m + (1 − β1)·g,  v ← β2·v + (1 − β2)·g²,
 * m̂ = m / (1 − β1^t),  v̂ = v / (1 − β2^t),  p ← p − lr·m̂ / (√v̂ + ε)   (ε outside the sqrt).
 * State (m, v) per parameter tensor ('<name>/m', '<name>/v'); t counts steps from 1; lr. Float32 m or v
 * below the smallest normal float is stored as 0 (flush to zero: tensor/optimizerKernels.ts F32_TINY says why).
 *
 * AdamW (Loshchilov & Hutter 2019, torch.optim.AdamW) is the same update with the decay DECOUPLED
 * from the gradient: p ← p − lr·λ·p first, then the Adam step on the raw gradient (PyTorch default λ = 0.01).
 */
export function adam(params: readonly Param[], lr: number, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 0, decoupled = false): Optimizer {
  const m = params.map(stateLike);
  const v = params.map(stateLike);
  // A parameter in a wasm workspace is updated by that workspace's kernels, in place.
  const own = ownKernels(params);
  let t = 0;
  const l2 = decoupled ? 0 : weightDecay;
  const opt = withState({
    kind: decoupled ? 'adamw' : 'adam',
    learningRate: lr,
    step(range) {
      const lr = opt.learningRate;
      const shrink = decoupled ? 1 - lr * weightDecay : 1;
      t++;
      const bc1 = 1 - Math.pow(beta1, t);
      const bc2 = 1 - Math.pow(beta2, t);
      const h = { lr, beta1, beta2, bc1, bc2, eps, l2, shrink };
      forEachSlice(params, range, (k, i0, i1) => {
        const p = params[k];
        (own[k] ?? kernels()).adamUpdate(slice(p.value, i0, i1), slice(p.grad, i0, i1), slice(m[k], i0, i1), slice(v[k], i0, i1), i1 - i0, h);
      });
    },
  }, params, { m, v }, { get: () => ({ t }), set: (s) => (t = s.t) });
  return opt;
}

/** AdamW: Adam with decoupled weight decay (PyTorch default λ = 0.01); see adam(). */
export function adamw(params: readonly Param[], lr: number, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 0.01): Optimizer {
  return adam(params, lr, beta1, beta2, eps, weightDecay, true);
}
