// Shared by the TF.js conformance tests (tfjsConformance, tfjsNormMerge, tfjsRecurrent): the cpu
// backend, float32 layers, our side and the TF.js side of L = Σ dy ⊙ y (so ∂L/∂y = dy on both
// sides), the error measure max |ours − tf| / max |tf|, and differentiable stand-ins for TF.js gaps.

import * as tf from '@tensorflow/tfjs';
import { beforeAll } from 'vitest';
import { Rng, analyzeGraph, defaultSettings, getLayerDefinition, type Layer } from '../../../src/core';
import { chain } from './helpers';

export { relError } from './helpers';

export const TOL = 1e-4;

/** Runs the file's tests on the TF.js cpu backend (call at the top level of a test file). */
export function useCpuBackend(): void {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });
}

/** Uniform values in [lo, hi) as float32. */
export function randomArray(n: number, rand: () => number, lo = -1, hi = 1): Float32Array {
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * rand());
}

/** Our float32 layer of `type` (defaults filled in), its weights drawn by Rng(seed). */
export function float32Layer(type: string, settings: Record<string, unknown>, inShapes: number[][], seed = 3): Layer {
  const def = getLayerDefinition(type)!;
  return def.create({ ...defaultSettings(type), ...settings }, inShapes, { dtype: 'float32', initRng: new Rng(seed), noiseRng: new Rng(seed + 1), name: 'l' });
}

/** The output shape (no batch) of one `type` layer after an input of `inShape`, as the graph analysis infers it. */
export function outShapeOf(type: string, settings: Record<string, unknown>, inShape: number[]): number[] {
  return analyzeGraph(chain(['in', 'input', { shape: inShape }], ['l', type, settings])).shapes.l;
}

/** Our layer: output, every dx and the trainable parameters' grads for L = Σ dy ⊙ y. */
export function oursMany(layer: Layer, xs: Float32Array[], B: number, dy: Float32Array, training = false) {
  const y = layer.forward(xs, B, training).slice(0, dy.length);
  for (const p of layer.params) p.grad.fill(0);
  const dxs = xs.map((x) => new Float32Array(x.length));
  layer.backward(dy, dxs, B);
  return { y, dxs, grads: layer.params.filter((p) => p.trainable !== false).map((p) => Float32Array.from(p.grad)) };
}

/** oursMany for a one-input layer (inference mode): output, dx and parameter grads. */
export function ours(layer: Layer, x: Float32Array, B: number, dy: Float32Array) {
  const { y, dxs, grads } = oursMany(layer, [x], B, dy);
  return { y, dx: dxs[0], grads };
}

/** TF.js: y = f(...inputs) and the gradients of Σ dy ⊙ y with respect to every input. */
export function reference(f: (...ts: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[], dy: Float32Array) {
  return tf.tidy(() => {
    const y = f(...inputs);
    const dyT = tf.tensor(dy, y.shape);
    const grads = tf.grads((...ts: tf.Tensor[]) => tf.sum(tf.mul(f(...ts), dyT)))(inputs);
    return { y: y.dataSync().slice(), grads: grads.map((g) => g.dataSync().slice()) };
  });
}

/** (keh, k) selection matrix: row u·d has a 1 in column u. */
function spread(k: number, d: number): tf.Tensor2D {
  const ke = d * (k - 1) + 1;
  const m = new Float32Array(ke * k);
  for (let u = 0; u < k; u++) m[u * d * k + u] = 1;
  return tf.tensor2d(m, [ke, k]);
}

/**
 * Kernel (kh, kw, C, O) -> its dilated form (keh, kew, C, O) with zeros between taps, differentiably
 * (selection-matrix products, so gradients flow back to the small kernel): tf.conv2d and
 * tf.depthwiseConv2d have no gradient for dilation > 1.
 */
export function dilateKernel(K: tf.Tensor, [kh, kw, C, O]: number[], [dh, dw]: number[]): tf.Tensor4D {
  const keh = dh * (kh - 1) + 1;
  const kew = dw * (kw - 1) + 1;
  const a = tf.matMul(spread(kh, dh), tf.reshape(K, [kh, kw * C * O])); // (keh, kw·C·O)
  const t = tf.reshape(tf.transpose(tf.reshape(a, [keh, kw, C * O]), [1, 0, 2]), [kw, keh * C * O]);
  const b = tf.matMul(spread(kw, dw), t); // (kew, keh·C·O)
  return tf.transpose(tf.reshape(b, [kew, keh, C, O]), [1, 0, 2, 3]) as tf.Tensor4D;
}
