// TF.js wasm has no Conv2DBackpropFilter kernel (the gradient of a convolution's filter), so it cannot
// train a CNN. The bench registers one: im2col + dW = colsᵀ·dy with Netloom's TypeScript reference
// kernels (not its wasm ones), reading x and dy out of wasm memory and writing dW back.
import type * as TfModule from '@tensorflow/tfjs';
import { jsKernels, window2D } from '../../../src/core';

/** Registers the kernel for the 'wasm' backend unless it has one; returns whether it did. */
export function registerConv2DBackpropFilter(tf: typeof TfModule): boolean {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return false;
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs, backend }) => {
      const wb = backend as unknown as {
        readSync(id: object): Float32Array;
        makeOutput(shape: number[], dtype: string, offset?: number, values?: Float32Array): unknown;
      };
      const { x, dy } = inputs as unknown as Record<string, { dataId: object; shape: number[] }>;
      const { strides, pad, filterShape } = attrs as unknown as { strides: number | [number, number]; pad: string; filterShape: number[] };
      if (typeof pad !== 'string' || (pad !== 'same' && pad !== 'valid')) throw new Error(`bench Conv2DBackpropFilter: pad ${String(pad)} not supported`);
      const [sh, sw] = typeof strides === 'number' ? [strides, strides] : strides;
      const [B, H, W, C] = x.shape;
      const [kh, kw, , O] = filterShape;
      const g = window2D(H, W, C, kh, kw, sh, sw, 1, 1, pad)!;
      const K = kh * kw * C;
      const cols = new Float32Array(B * g.Ho * g.Wo * K);
      jsKernels.im2col(wb.readSync(x.dataId), cols, B, g);
      const dW = new Float32Array(K * O);
      jsKernels.denseBackward(cols, new Float32Array(K * O), wb.readSync(dy.dataId), null, dW, null, B * g.Ho * g.Wo, K, O);
      return wb.makeOutput(filterShape, 'float32', undefined, dW) as never;
    },
  });
  return true;
}
