import type { FloatArray } from '../tensor/tensor';

/**
 * An elementwise (or, for softmax, row-wise) activation on a (rows, cols) buffer.
 * forward overwrites y; backward ACCUMULATES dx += ∂L/∂x given dy = ∂L/∂y
 * (it may read x, y or both, whichever makes the derivative cheapest).
 */
export interface Activation {
  name: string;
  forward(x: FloatArray, y: FloatArray, rows: number, cols: number): void;
  backward(x: FloatArray, y: FloatArray, dy: FloatArray, dx: FloatArray, rows: number, cols: number): void;
}
