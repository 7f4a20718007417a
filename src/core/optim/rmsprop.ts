import { kernels } from '../tensor/kernels';
import type { Param } from '../tensor/tensor';
import { forEachSlice, ownKernels, slice, stateLike, withState, type Optimizer } from './types';

export interface RmspropOptions {
  /** Smoothing constant α (PyTorch default 0.99). */
  alpha?: number;
  /** ε, added outside the sqrt (PyTorch default 1e-8). */
  eps?: number;
  /** Momentum μ (PyTorch default 0: no buffer). */
  momentum?: number;
  /** Divide by an estimate of the gradient's variance instead of its raw second moment (default false). */
  centered?: boolean;
  /** L2 weight decay λ added to the gradient (default 0). */
  weightDecay?: number;
}

/**
 * RMSprop (Hinton's lecture 6e), PyTorch semantics (torch.optim.RMSprop):
 * g ← ∇ + λ·p,  v ← α·v + (1 − α)·g²;
 * centered: ḡ ← α·ḡ + (1 − α)·g and d = √(v − ḡ²) + ε, otherwise d = √v + ε   (ε outside the sqrt);
 * μ > 0: buf ← μ·buf + g / d, p ← p − lr·buf;  μ = 0: p ← p − lr·g / d.
 * v, ḡ and buf start at 0; float32 values of them below the smallest normal float are stored as 0
 * (tensor/optimizerKernels.ts F32_TINY). State: '<name>/squareAvg', '<name>/gradAvg' (centered), '<name>/momentum' (μ > 0), lr.
 */
export function rmsprop(params: readonly Param[], lr: number, options: RmspropOptions = {}): Optimizer {
  const { alpha = 0.99, eps = 1e-8, momentum = 0, centered = false, weightDecay = 0 } = options;
  const v = params.map(stateLike);
  const gAvg = centered ? params.map(stateLike) : null;
  const buf = momentum > 0 ? params.map(stateLike) : null;
  const own = ownKernels(params);
  const opt = withState({
    kind: 'rmsprop',
    learningRate: lr,
    step(range) {
      const h = { lr: opt.learningRate, alpha, eps, mu: momentum, l2: weightDecay };
      forEachSlice(params, range, (k, i0, i1) => {
        const p = params[k];
        (own[k] ?? kernels()).rmspropUpdate(
          slice(p.value, i0, i1), slice(p.grad, i0, i1), slice(v[k], i0, i1),
          gAvg ? slice(gAvg[k], i0, i1) : null, buf ? slice(buf[k], i0, i1) : null, i1 - i0, h,
        );
      });
    },
  }, params, { squareAvg: v, gradAvg: gAvg, momentum: buf });
  return opt;
}
