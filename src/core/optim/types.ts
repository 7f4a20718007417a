import type { FloatArray, Param } from '../tensor/tensor';

/** Updates the parameters it was built over from their accumulated gradients. */
export interface Optimizer {
  readonly kind: string;
  /** One update p ← p − Δ(grad); grads are left as they are (the model zeroes them before each batch). */
  step(): void;
}

/** A zeroed state buffer shaped like a parameter (same dtype). */
export function stateLike(p: Param): FloatArray {
  return p.value instanceof Float64Array ? new Float64Array(p.value.length) : new Float32Array(p.value.length);
}
