/** Updates the parameters it was built over from their accumulated gradients. */
export interface Optimizer {
  readonly kind: string;
  /** One update p ← p − Δ(grad); grads are left as they are (the model zeroes them before each batch). */
  step(): void;
}
