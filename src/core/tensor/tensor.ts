// Tensor storage: flat row-major typed arrays plus explicit sizes. The engine keeps its own
// buffers (allocated once per batch capacity) and kernels take (buffer, sizes) like llm.c.

export type DType = 'float32' | 'float64';
export type FloatArray = Float32Array | Float64Array;

export function allocate(dtype: DType, size: number): FloatArray {
  return dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
}

/** Number of elements of a shape (1 for the empty shape). */
export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * Returns `buf` when it holds at least `size` elements, else a fresh buffer of that size.
 * Buffers only grow, so alternating batch sizes (full batches, then a short last one) allocate once.
 */
export function ensureCapacity(buf: FloatArray | null, dtype: DType, size: number): FloatArray {
  return buf !== null && buf.length >= size ? buf : allocate(dtype, size);
}

/** A trainable parameter: its value and the gradient accumulated for it. */
export interface Param {
  /** e.g. 'hidden1.kernel' */
  name: string;
  shape: number[];
  value: FloatArray;
  grad: FloatArray;
}
