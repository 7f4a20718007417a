// Conformance with TF.js (@tensorflow/tfjs, cpu backend, float32): the same weights and inputs through
// our layers and through tf ops must give the same outputs and the same input and parameter gradients.
// The loss is L = Σ dy ⊙ y for a random dy, so ∂L/∂y = dy on both sides.
// Error measure: max |ours − tf| / max |tf| over the tensor, ≤ 1e-4.
//
// Two TF.js gaps are routed around with references built from differentiable TF.js ops:
// - tf.conv2d has no gradient for dilation > 1: the reference convolves with the kernel spread out by
//   zero-insertion (selection-matrix products, so gradients flow back to the small kernel). Its forward
//   is also checked against tf.conv2d with dilations directly.
// - tf.avgPool with 'same' padding divides by the in-bounds count going forward but its cpu gradient
//   (AvgPoolGrad: avgMultiplier = 1 / (filterHeight·filterWidth)) by the full window, so it is not the
//   gradient of its own forward. The reference is the same forward as pad → window sum (depthwiseConv2d
//   with ones) ÷ in-bounds count; forward checked against tf.avgPool.

import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { testRandom } from './helpers';
import { TOL, dilateKernel, float32Layer, ours, outShapeOf, randomArray, reference, relError, useCpuBackend } from './tfjsHelpers';

useCpuBackend();

/** TF 'same' padding amounts (before, after) per spatial axis. */
function samePads(n: number, k: number, s: number): [number, number] {
  const total = Math.max((Math.ceil(n / s) - 1) * s + k - n, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/** Average pooling, TF 'same' semantics (mean over in-bounds values), from differentiable ops. */
function avgPoolSame(x: tf.Tensor4D, [ph, pw]: [number, number], strides: [number, number]): tf.Tensor {
  const [, H, W, C] = x.shape;
  const pads: [number, number][] = [[0, 0], samePads(H, ph, strides[0]), samePads(W, pw, strides[1]), [0, 0]];
  const ones = tf.ones([ph, pw, C, 1]) as tf.Tensor4D;
  const sum = tf.depthwiseConv2d(tf.pad(x, pads), ones, strides, 'valid');
  const count = tf.depthwiseConv2d(tf.pad(tf.onesLike(x), pads), ones, strides, 'valid');
  return tf.div(sum, count);
}

describe('TF.js conformance (float32, cpu backend)', () => {
  it('Dense: y = x·W + b', () => {
    const rand = testRandom(1);
    const [B, I, O] = [4, 5, 3];
    const layer = float32Layer('dense', { units: O }, [[I]]);
    layer.params[1].value.set(randomArray(O, rand));
    const x = randomArray(B * I, rand);
    const dy = randomArray(B * O, rand);
    const [W, b] = layer.params;
    const ref = reference((xt, Wt, bt) => tf.add(tf.matMul(xt as tf.Tensor2D, Wt as tf.Tensor2D), bt),
      [tf.tensor2d(x, [B, I]), tf.tensor2d(W.value as Float32Array, [I, O]), tf.tensor1d(b.value as Float32Array)], dy);
    const got = ours(layer, x, B, dy);
    expect(relError(got.y, ref.y)).toBeLessThan(TOL);
    expect(relError(got.dx, ref.grads[0])).toBeLessThan(TOL);
    expect(relError(got.grads[0], ref.grads[1])).toBeLessThan(TOL);
    expect(relError(got.grads[1], ref.grads[2])).toBeLessThan(TOL);
  });

  const convCases: [string, number[], Record<string, unknown>][] = [
    ['valid', [7, 6, 3], { filters: 4, kernelSize: [3, 3], padding: 'valid' }],
    ['same', [7, 6, 3], { filters: 4, kernelSize: [3, 2], padding: 'same' }],
    ['stride 2, valid', [8, 7, 2], { filters: 3, kernelSize: [3, 3], strides: [2, 2], padding: 'valid' }],
    ['stride 2, same', [8, 7, 2], { filters: 3, kernelSize: [4, 3], strides: [2, 2], padding: 'same' }],
    ['dilation 2, valid', [9, 8, 2], { filters: 3, kernelSize: [3, 3], dilation: [2, 2], padding: 'valid' }],
    ['dilation 2, same', [9, 8, 2], { filters: 3, kernelSize: [3, 2], dilation: [2, 2], padding: 'same' }],
  ];
  for (const [label, inShape, settings] of convCases) {
    it(`Conv2D ${label}`, () => {
      const rand = testRandom(label.length);
      const B = 2;
      const [H, W, C] = inShape;
      const O = settings.filters as number;
      const [kh, kw] = settings.kernelSize as number[];
      const strides = (settings.strides as [number, number]) ?? [1, 1];
      const dilation = (settings.dilation as [number, number]) ?? [1, 1];
      const layer = float32Layer('conv2d', settings, [inShape]);
      const [K, bias] = layer.params;
      bias.value.set(randomArray(O, rand));
      const x = randomArray(B * H * W * C, rand);
      const out = outShapeOf('conv2d', settings, inShape);
      const dy = randomArray(B * out[0] * out[1] * out[2], rand);
      const pad = settings.padding as 'valid' | 'same';
      const inputs = [tf.tensor4d(x, [B, H, W, C]), tf.tensor4d(K.value as Float32Array, [kh, kw, C, O]), tf.tensor1d(bias.value as Float32Array)];
      const dilated = dilation[0] > 1 || dilation[1] > 1;
      const ref = reference(
        dilated
          ? (xt, Kt, bt) => tf.add(tf.conv2d(xt as tf.Tensor4D, dilateKernel(Kt, [kh, kw, C, O], dilation), strides, pad), bt)
          : (xt, Kt, bt) => tf.add(tf.conv2d(xt as tf.Tensor4D, Kt as tf.Tensor4D, strides, pad, 'NHWC', dilation), bt),
        inputs, dy);
      if (dilated) {
        const direct = tf.tidy(() => tf.add(tf.conv2d(inputs[0] as tf.Tensor4D, inputs[1] as tf.Tensor4D, strides, pad, 'NHWC', dilation), inputs[2]).dataSync().slice());
        expect(relError(ref.y, direct), 'zero-inserted kernel = tf dilations').toBeLessThan(1e-6);
      }
      const got = ours(layer, x, B, dy);
      expect(got.y.length).toBe(ref.y.length);
      expect(relError(got.y, ref.y), 'y').toBeLessThan(TOL);
      expect(relError(got.dx, ref.grads[0]), 'dx').toBeLessThan(TOL);
      expect(relError(got.grads[0], ref.grads[1]), 'dK').toBeLessThan(TOL);
      expect(relError(got.grads[1], ref.grads[2]), 'db').toBeLessThan(TOL);
    });
  }

  const poolCases: [string, 'maxPool2d' | 'avgPool2d', number[], Record<string, unknown>][] = [];
  for (const type of ['maxPool2d', 'avgPool2d'] as const) {
    poolCases.push(
      [`${type} 2×2 valid`, type, [6, 7, 3], { poolSize: [2, 2], strides: [2, 2], padding: 'valid' }],
      [`${type} 3×3 stride 2 same`, type, [7, 6, 2], { poolSize: [3, 3], strides: [2, 2], padding: 'same' }],
      [`${type} 2×3 stride 1 same (overlapping)`, type, [5, 5, 2], { poolSize: [2, 3], strides: [1, 1], padding: 'same' }],
    );
  }

  it("TF.js's own avgPool 'same' gradient is not the gradient of its forward (why the reference above is built from ops)", () => {
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    const [g] = tf.grads((t: tf.Tensor) => tf.sum(tf.avgPool(t as tf.Tensor4D, 2, 2, 'same')))([x]);
    // The bottom-right output is x[2][2] alone (count 1), so ∂/∂x[2][2] is 1; TF.js reports 1/4.
    expect(g.dataSync()[8]).toBeCloseTo(0.25, 6);
    const [h] = tf.grads((t: tf.Tensor) => tf.sum(avgPoolSame(t as tf.Tensor4D, [2, 2], [2, 2])))([x]);
    expect(h.dataSync()[8]).toBeCloseTo(1, 6);
    const layer = float32Layer('avgPool2d', { padding: 'same' }, [[3, 3, 1]]);
    expect(ours(layer, Float32Array.from(x.dataSync()), 1, new Float32Array(4).fill(1)).dx[8]).toBeCloseTo(1, 6);
  });
  for (const [label, type, inShape, settings] of poolCases) {
    it(label, () => {
      const rand = testRandom(label.length * 3);
      const B = 2;
      const [H, W, C] = inShape;
      const layer = float32Layer(type, settings, [inShape]);
      const x = randomArray(B * H * W * C, rand);
      const out = outShapeOf(type, settings, inShape);
      const dy = randomArray(B * out[0] * out[1] * out[2], rand);
      const pool = settings.poolSize as [number, number];
      const strides = settings.strides as [number, number];
      const pad = settings.padding as 'valid' | 'same';
      const op = type === 'maxPool2d' ? tf.maxPool : tf.avgPool;
      const xt = tf.tensor4d(x, [B, H, W, C]);
      const viaOps = type === 'avgPool2d' && pad === 'same';
      const ref = reference((t) => (viaOps ? avgPoolSame(t as tf.Tensor4D, pool, strides) : op(t as tf.Tensor4D, pool, strides, pad)), [xt], dy);
      if (viaOps) expect(relError(ref.y, tf.tidy(() => tf.avgPool(xt, pool, strides, pad).dataSync().slice())), 'ops = tf.avgPool').toBeLessThan(1e-6);
      const got = ours(layer, x, B, dy);
      expect(got.y.length).toBe(ref.y.length);
      expect(relError(got.y, ref.y), 'y').toBeLessThan(TOL);
      expect(relError(got.dx, ref.grads[0]), 'dx').toBeLessThan(TOL);
    });
  }
});
