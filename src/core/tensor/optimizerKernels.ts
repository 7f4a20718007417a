// The optimizers' elementwise updates as kernels (optim/*.ts call them; the formulas are there): the
// TypeScript reference. The WebAssembly kernels (wasm/kernels.ts) compute the same in float32 and are
// tested against these. Every update reads g = dw + l2·w (L2 weight decay) and works in place.
import type { FloatArray } from './tensor';

/**
 * The smallest normal float32 (2^-126). Float32 state that decays (Adam's m and v, momentum buffers,
 * RMSprop's averages) is stored as 0 below it: flush to zero, the mode TensorFlow's CPU threads run in
 * and torch.set_flush_denormal sets. An input that stops firing leaves its m decaying ×β1 a step
 * through the subnormals, where every operation on it costs a microcode assist on x86 (about 100×); on
 * a MNIST MLP after six epochs that was 0.7 % of Adam's m, and it doubled the WebAssembly Adam's time.
 * The step such a value would give is tiny: Adam's at most lr·2⁻¹²⁶/(bc1·ε), about 1e-33 at lr 1e-3.
 * Float64 state keeps its subnormals.
 */
export const F32_TINY = 1.1754943508222875e-38;

/** The threshold below which `a`'s values are stored as 0: F32_TINY for float32 state, 0 (never) for float64. */
const tinyFor = (a: FloatArray): number => (a instanceof Float32Array ? F32_TINY : 0);

/**
 * For float32 state `a`: the smallest |g| whose square term c·g² (Adam's and RMSprop's (1 − β)·g²,
 * AdaGrad's g²) is a normal float32, √(2^-126 / c) in float32 arithmetic; a smaller g adds no square
 * term. That is flush to zero again, for the product: in float32 the square of a gradient below
 * about 1e-19 is subnormal, and on a network that fits its data many gradients get there (a MNIST MLP
 * after ~200 epochs: Adam took 1.6× as long). The term it drops is below 2^-126, the smallest value
 * the state keeps. The WebAssembly kernels compute the same bound in float32. Float64 state: 0 (every
 * term is kept).
 */
export function squareFloor(a: FloatArray, c: number): number {
  if (!(a instanceof Float32Array)) return 0;
  const f = Math.fround;
  return f(Math.sqrt(f(F32_TINY / f(c))));
}

/** The scalars of one Adam step (bias corrections bc1 = 1 − β1ᵗ, bc2 = 1 − β2ᵗ; AdamW: l2 = 0, shrink = 1 − lr·λ). */
export interface AdamHyper {
  lr: number;
  beta1: number;
  beta2: number;
  bc1: number;
  bc2: number;
  eps: number;
  l2: number;
  shrink: number;
}

export interface SgdHyper {
  lr: number;
  l2: number;
}

export interface MomentumHyper {
  lr: number;
  mu: number;
  l2: number;
  nesterov: boolean;
}

export interface AdagradHyper {
  lr: number;
  eps: number;
  l2: number;
}

export interface RmspropHyper {
  lr: number;
  alpha: number;
  eps: number;
  /** The momentum buffer's μ (used when there is a buffer). */
  mu: number;
  l2: number;
}

/**
 * Adam / AdamW over n values, in place on w, m, v: w ← shrink·w; m ← β1·m + (1 − β1)·g;
 * v ← β2·v + (1 − β2)·g² (no square term for |g| below squareFloor); w ← w − lr·(m/bc1) / (√(v/bc2) + ε).
 */
export function adamUpdate(w: FloatArray, dw: FloatArray, m: FloatArray, v: FloatArray, n: number, { lr, beta1, beta2, bc1, bc2, eps, l2, shrink }: AdamHyper): void {
  const tiny = tinyFor(m);
  const floor = squareFloor(v, 1 - beta2);
  for (let i = 0; i < n; i++) {
    const g = dw[i] + l2 * w[i];
    w[i] *= shrink;
    m[i] = beta1 * m[i] + (1 - beta1) * g;
    v[i] = beta2 * v[i] + (Math.abs(g) < floor ? 0 : (1 - beta2) * g * g);
    if (Math.abs(m[i]) < tiny) m[i] = 0;
    if (v[i] < tiny) v[i] = 0;
    w[i] -= (lr * (m[i] / bc1)) / (Math.sqrt(v[i] / bc2) + eps);
  }
}

/** SGD over n values: w ← w − lr·g. */
export function sgdUpdate(w: FloatArray, dw: FloatArray, n: number, { lr, l2 }: SgdHyper): void {
  for (let i = 0; i < n; i++) w[i] -= lr * (dw[i] + l2 * w[i]);
}

/** Momentum over n values: b ← μ·b + g; w ← w − lr·b, or with nesterov w ← w − lr·(g + μ·b). */
export function momentumUpdate(w: FloatArray, dw: FloatArray, b: FloatArray, n: number, { lr, mu, l2, nesterov }: MomentumHyper): void {
  const tiny = tinyFor(b);
  for (let i = 0; i < n; i++) {
    const g = dw[i] + l2 * w[i];
    b[i] = mu * b[i] + g;
    if (Math.abs(b[i]) < tiny) b[i] = 0;
    w[i] -= lr * (nesterov ? g + mu * b[i] : b[i]);
  }
}

/** AdaGrad over n values: s ← s + g² (not for |g| below squareFloor); w ← w − lr·g / (√s + ε). */
export function adagradUpdate(w: FloatArray, dw: FloatArray, s: FloatArray, n: number, { lr, eps, l2 }: AdagradHyper): void {
  const floor = squareFloor(s, 1);
  for (let i = 0; i < n; i++) {
    const g = dw[i] + l2 * w[i];
    if (!(Math.abs(g) < floor)) s[i] += g * g; // a NaN gradient still reaches s, as in the wasm kernel
    w[i] -= (lr * g) / (Math.sqrt(s[i]) + eps);
  }
}

/**
 * RMSprop over n values: v ← α·v + (1 − α)·g² (no square term for |g| below squareFloor); centered (a given): a ← α·a + (1 − α)·g and
 * d = √(v − a²) + ε, else d = √v + ε; with a momentum buffer b: b ← μ·b + g/d, w ← w − lr·b; else
 * w ← w − lr·g/d.
 */
export function rmspropUpdate(
  w: FloatArray, dw: FloatArray, v: FloatArray, a: FloatArray | null, b: FloatArray | null, n: number, { lr, alpha, eps, mu, l2 }: RmspropHyper,
): void {
  const tiny = tinyFor(v);
  const floor = squareFloor(v, 1 - alpha);
  for (let i = 0; i < n; i++) {
    const g = dw[i] + l2 * w[i];
    v[i] = alpha * v[i] + (Math.abs(g) < floor ? 0 : (1 - alpha) * g * g);
    if (v[i] < tiny) v[i] = 0;
    let second = v[i];
    if (a) {
      a[i] = alpha * a[i] + (1 - alpha) * g;
      if (Math.abs(a[i]) < tiny) a[i] = 0;
      second -= a[i] * a[i];
    }
    const d = Math.sqrt(second) + eps;
    if (b) {
      b[i] = mu * b[i] + g / d;
      if (Math.abs(b[i]) < tiny) b[i] = 0;
      w[i] -= lr * b[i];
    } else {
      w[i] -= (lr * g) / d;
    }
  }
}
