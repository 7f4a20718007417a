// What happens to the gradients between backprop and the optimizer step, in PyTorch's order:
// loss.backward() (the penalty's gradient included), then clipping, then optimizer.step().

import type { FloatArray, Param } from '../tensor/tensor';

/**
 * Whether L1/L2 penalties apply to a parameter: the kernels (Keras kernel_regularizer) — trainable
 * parameters whose name ends in 'kernel' ('d1.kernel', 'c1.depthwiseKernel', 'r.recurrentKernel'),
 * never biases, BatchNorm γ/β or running statistics.
 */
export function isPenalized(p: Param): boolean {
  return p.trainable !== false && /kernel$/i.test(p.name);
}

/**
 * Adds the L1 and L2 penalties on the kernels to their gradients and returns the penalty
 * (Keras' regularizers.L1L2 convention):
 *   R(W) = l1 · Σ|w| + l2 · Σw²,   ∂R/∂w = l1 · sign(w) + 2 · l2 · w   (sign(0) = 0).
 * (PyTorch's weight_decay λ adds λ·w to the gradient: that is l2 = λ/2.)
 */
export function addPenalties(params: readonly Param[], l1: number, l2: number): number {
  if (l1 === 0 && l2 === 0) return 0;
  let penalty = 0;
  for (const p of params) {
    if (!isPenalized(p)) continue;
    const w = p.value;
    const g = p.grad;
    for (let i = 0; i < w.length; i++) {
      const v = w[i];
      penalty += l1 * Math.abs(v) + l2 * v * v;
      g[i] += l1 * Math.sign(v) + 2 * l2 * v;
    }
  }
  return penalty;
}

/** The penalty R(W) alone (for evaluating the regularized loss without touching gradients). */
export function penalty(params: readonly Param[], l1: number, l2: number): number {
  let r = 0;
  for (const p of params) if (isPenalized(p)) for (const v of p.value) r += l1 * Math.abs(v) + l2 * v * v;
  return r;
}

/** L2 norm of one tensor, ‖g‖₂ = √Σ g². */
export function l2Norm(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

/** The global gradient norm: the L2 norm of all gradients as one vector, √Σ_p ‖g_p‖₂². */
export function globalGradNorm(params: readonly Param[]): number {
  let s = 0;
  for (const p of params) {
    const n = l2Norm(p.grad);
    s += n * n;
  }
  return Math.sqrt(s);
}

/**
 * PyTorch torch.nn.utils.clip_grad_norm_(params, maxNorm) (L2, foreach off): total = global gradient
 * norm; coef = maxNorm / (total + 1e-6); when coef < 1 every gradient is multiplied by coef.
 * Returns the total norm before clipping.
 */
export function clipGradNorm(params: readonly Param[], maxNorm: number): number {
  const total = globalGradNorm(params);
  const coef = maxNorm / (total + 1e-6);
  if (coef < 1) for (const p of params) scale(p.grad, coef);
  return total;
}

/** PyTorch torch.nn.utils.clip_grad_value_(params, clipValue): every gradient clamped to [−v, v]. */
export function clipGradValue(params: readonly Param[], clipValue: number): void {
  for (const p of params) {
    const g = p.grad;
    for (let i = 0; i < g.length; i++) g[i] = g[i] > clipValue ? clipValue : g[i] < -clipValue ? -clipValue : g[i];
  }
}

function scale(a: FloatArray, c: number): void {
  for (let i = 0; i < a.length; i++) a[i] *= c;
}
