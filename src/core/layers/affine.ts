// Shared by the layers that compute z = (a linear map of x) + b and end in an activation y = f(z):
// Dense and the convolutions. Their common settings, parameter allocation, and the activation stage
// with its reused buffers (y is z itself when f is linear).

import { ACTIVATIONS, type Activation } from '../activations';
import { initializeFromSettings, initializerSettings } from '../init/settings';
import { kernels as globalKernels, type Kernels } from '../tensor/kernels';
import { allocate, ensureCapacity, type DType, type FloatArray, type Param } from '../tensor/tensor';
import type { LayerContext, LayerSettings, SettingSpec } from './types';

/** activation, useBias, and the kernel and bias initializers (Keras defaults: glorotUniform, zeros). */
export const AFFINE_SETTINGS: readonly SettingSpec[] = [
  { key: 'activation', kind: 'enum', default: 'linear', options: ACTIVATIONS },
  { key: 'useBias', kind: 'bool', default: true },
  ...initializerSettings('kernel', 'glorotUniform'),
  ...initializerSettings('bias', 'zeros'),
];

/** A parameter named `<layer>.<key>` of `shape`, value and gradient zeroed. */
export function newParam(ctx: LayerContext, key: string, shape: number[]): Param {
  const n = shape.reduce((a, d) => a * d, 1);
  return { name: `${ctx.name}.${key}`, shape, value: allocate(ctx.dtype, n), grad: allocate(ctx.dtype, n) };
}

/** The bias (n) when useBias is on, drawn by the biasInitializer setting (Keras: a 1-D shape has fanIn = fanOut = n); else null. */
export function biasParam(s: LayerSettings, ctx: LayerContext, n: number): Param | null {
  if (!s.useBias) return null;
  const b = newParam(ctx, 'bias', [n]);
  initializeFromSettings(s, 'bias', 'zeros', b.value, n, n, ctx.initRng);
  return b;
}

/**
 * Buffers a stage starts with, and the kernels its ReLU runs on: a wasm workspace's, whose kernels use
 * arrays in its memory in place (core/train/denseSplit.ts). A larger batch than they hold gets new ones.
 */
export interface StageBuffers {
  z: FloatArray;
  y: FloatArray;
  dz: FloatArray;
  kernels: Kernels;
}

/**
 * y = f(z) over z: (B·rows, cols), rows per sample, and its backward dz = f'(z) ⊙ dy. The layer fills
 * z(B) in its forward, then returns forward(B); its backward passes backward(dy, B) on to its own
 * backward from z (the one fused softmax + cross-entropy calls with dz directly).
 */
export function activationStage(act: Activation, dtype: DType, rows: number, cols: number, fixed?: StageBuffers) {
  let z: FloatArray | null = fixed?.z ?? null; // pre-activation
  let y: FloatArray | null = fixed?.y ?? null; // output (aliases z when linear)
  let dz: FloatArray | null = fixed?.dz ?? null; // scratch for backward
  const isLinear = act.name === 'linear';
  const isRelu = act.name === 'relu'; // through the kernels, which may have a faster one
  const kernels = fixed ? () => fixed.kernels : globalKernels;
  return {
    /** z's buffer for a batch of B, for the layer to fill. */
    z(B: number): FloatArray {
      return (z = ensureCapacity(z, dtype, B * rows * cols));
    },
    /** y = f(z) of the z just filled. */
    forward(B: number): FloatArray {
      if (isLinear) return (y = z!);
      y = ensureCapacity(y, dtype, B * rows * cols);
      if (isRelu) kernels().reluForward(z!, y, B * rows * cols);
      else act.forward(z!, y, B * rows, cols);
      return y;
    },
    /** dz = f'(z) ⊙ dy (dy itself when linear). */
    backward(dy: FloatArray, B: number): FloatArray {
      if (isLinear) return dy;
      const n = B * rows * cols;
      dz = ensureCapacity(dz, dtype, n);
      dz.fill(0, 0, n);
      if (isRelu) kernels().reluBackward(z!, dy, dz, n);
      else act.backward(z!, y!, dy, dz, B * rows, cols);
      return dz;
    },
    preActivation: (): FloatArray => z!,
  };
}
