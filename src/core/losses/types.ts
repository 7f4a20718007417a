import type { FloatArray } from '../tensor/tensor';

/**
 * A loss over a (rows, cols) batch: returns the mean loss and, when grad is given, OVERWRITES
 * grad with ∂loss/∂pred (the batch mean already divided in).
 */
export type LossFn = (pred: FloatArray, target: ArrayLike<number>, rows: number, cols: number, grad: FloatArray | null) => number;
