// Tensor storage: flat row-major typed arrays plus explicit sizes. The engine keeps its own
// buffers (allocated once per batch capacity) and kernels take (buffer, sizes) like llm.c.
//
// Layout: the batch comes first, then the shape of one sample, row-major. Images are NHWC
// (batch, height, width, channels), as in Keras/TF.js: element (b, i, j, c) of a (B, H, W, C)
// tensor sits at ((b·H + i)·W + j)·C + c, so the channels of one pixel are adjacent.
// Document shapes leave the batch out: an MNIST image is [28, 28, 1].

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

/** A parameter: its value and the gradient accumulated for it. */
export interface Param {
  /** e.g. 'hidden1.kernel' */
  name: string;
  shape: number[];
  value: FloatArray;
  grad: FloatArray;
  /**
   * false for state that is saved with the weights but not learned by gradient descent (BatchNorm's
   * running mean and variance: the layer updates them itself, their grad stays 0). Absent = true.
   */
  trainable?: boolean;
}

/** The parameters an optimizer should update (those not marked trainable: false). */
export function trainableParams(params: readonly Param[]): Param[] {
  return params.filter((p) => p.trainable !== false);
}
