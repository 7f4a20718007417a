// TF.js conformance (cpu backend, float32) of BatchNorm (training and inference), DepthwiseConv2D,
// SeparableConv2D, Add and Concat, plus explicit padding: the same weights and inputs through our layers
// and through tf ops / tf.layers must give the same outputs, input gradients and parameter gradients,
// and BatchNorm the same moving mean and variance. L = Σ dy ⊙ y for a random dy, so ∂L/∂y = dy on both sides.
// Error measure: max |ours − tf| / max |tf| over the tensor, ≤ 1e-4 (as tfjsConformance.test.ts).
// tf.depthwiseConv2d has no gradient for dilation > 1: that case uses the kernel spread out with zeros,
// built from differentiable ops (as tfjsConformance.test.ts does for Conv2D); explicit padding is tf.pad then 'valid'.

import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../../src/core';
import { chain, testRandom } from './helpers';
import { TOL, dilateKernel, float32Layer, oursMany, outShapeOf, randomArray, reference, relError, useCpuBackend } from './tfjsHelpers';

useCpuBackend();

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

describe('TF.js conformance: BatchNorm (momentum 0.99, ε 0.001 like tf.layers.batchNormalization)', () => {
  for (const inShape of [[5], [3, 4, 2]]) {
    const B = 4;
    const C = inShape[inShape.length - 1];
    const shape = [B, ...inShape];
    const axes = shape.slice(0, -1).map((_, i) => i);

    const setup = () => {
      const rand = testRandom(inShape.length * 11);
      const layer = float32Layer('batchNorm', {}, [inShape]);
      const [gamma, beta, mean, variance] = layer.params;
      gamma.value.set(randomArray(C, rand, 0.5, 1.5));
      beta.value.set(randomArray(C, rand));
      mean.value.set(randomArray(C, rand));
      variance.value.set(randomArray(C, rand, 0.5, 2));
      const x = randomArray(B * size(inShape), rand, -2, 3);
      const dy = randomArray(B * size(inShape), rand);
      const tfLayer = tf.layers.batchNormalization({ axis: -1, momentum: 0.99, epsilon: 0.001 });
      tfLayer.build(shape);
      tfLayer.setWeights([gamma, beta, mean, variance].map((p) => tf.tensor1d(p.value as Float32Array)));
      return { layer, gamma, beta, mean, variance, x, dy, tfLayer };
    };

    it(`training, input (batch, ${inShape.join(', ')}): output, dx, dγ, dβ and the moving averages`, () => {
      const { layer, gamma, beta, mean, variance, x, dy, tfLayer } = setup();
      const ref = reference((xt, g, b) => {
        const m = tf.moments(xt, axes);
        return tf.batchNorm(xt, m.mean, m.variance, b as tf.Tensor1D, g as tf.Tensor1D, 0.001);
      }, [tf.tensor(x, shape), tf.tensor1d(gamma.value as Float32Array), tf.tensor1d(beta.value as Float32Array)], dy);
      const tfY = (tfLayer.apply(tf.tensor(x, shape), { training: true }) as tf.Tensor).dataSync();
      const got = oursMany(layer, [x], B, dy, true);
      expect(relError(got.y, ref.y)).toBeLessThan(TOL);
      expect(relError(got.y, tfY)).toBeLessThan(TOL);
      expect(relError(got.dxs[0], ref.grads[0])).toBeLessThan(TOL);
      expect(relError(got.grads[0], ref.grads[1])).toBeLessThan(TOL);
      expect(relError(got.grads[1], ref.grads[2])).toBeLessThan(TOL);
      const [, , tfMean, tfVar] = tfLayer.getWeights().map((w) => w.dataSync());
      expect(relError(mean.value, tfMean)).toBeLessThan(TOL);
      expect(relError(variance.value, tfVar)).toBeLessThan(TOL);
    });

    it(`inference, input (batch, ${inShape.join(', ')}): output, dx, dγ, dβ from the moving statistics`, () => {
      const { layer, gamma, beta, mean, variance, x, dy, tfLayer } = setup();
      const ref = reference((xt, g, b) => tf.batchNorm(xt, tf.tensor1d(mean.value as Float32Array), tf.tensor1d(variance.value as Float32Array),
        b as tf.Tensor1D, g as tf.Tensor1D, 0.001), [tf.tensor(x, shape), tf.tensor1d(gamma.value as Float32Array), tf.tensor1d(beta.value as Float32Array)], dy);
      const tfY = (tfLayer.apply(tf.tensor(x, shape), { training: false }) as tf.Tensor).dataSync();
      const got = oursMany(layer, [x], B, dy, false);
      expect(relError(got.y, ref.y)).toBeLessThan(TOL);
      expect(relError(got.y, tfY)).toBeLessThan(TOL);
      expect(relError(got.dxs[0], ref.grads[0])).toBeLessThan(TOL);
      expect(relError(got.grads[0], ref.grads[1])).toBeLessThan(TOL);
      expect(relError(got.grads[1], ref.grads[2])).toBeLessThan(TOL);
    });
  }
});

const windowCases: [string, number[], Record<string, unknown>][] = [
  ['valid 3×3, depthMultiplier 2', [6, 5, 3], { depthMultiplier: 2 }],
  ['same, stride 2, 2×3 kernel', [7, 6, 2], { kernelSize: [2, 3], strides: [2, 2], padding: 'same' }],
  ['dilation 2, M 2', [7, 7, 2], { dilation: [2, 2], depthMultiplier: 2 }],
  ['explicit p = 2, stride 2', [5, 6, 2], { padding: 'explicit', paddingAmount: 2, strides: [2, 2] }],
];

/** TF.js depthwise conv of x with K (kh, kw, C, M) under our settings, built so gradients exist. */
function tfDepthwise(x: tf.Tensor, K: tf.Tensor, s: Record<string, unknown>, C: number): tf.Tensor4D {
  const [kh, kw] = (s.kernelSize as number[] | undefined) ?? [3, 3];
  const M = (s.depthMultiplier as number | undefined) ?? 1;
  const strides = (s.strides as [number, number] | undefined) ?? [1, 1];
  const dil = (s.dilation as number[] | undefined) ?? [1, 1];
  const kernel = dil[0] > 1 || dil[1] > 1 ? dilateKernel(K, [kh, kw, C, M], dil) : (K as tf.Tensor4D);
  let input = x as tf.Tensor4D;
  let pad: 'valid' | 'same' = (s.padding as 'valid' | 'same' | undefined) ?? 'valid';
  if (s.padding === 'explicit') {
    const p = s.paddingAmount as number;
    input = tf.pad(input, [[0, 0], [p, p], [p, p], [0, 0]]);
    pad = 'valid';
  }
  return tf.depthwiseConv2d(input, kernel, strides, pad);
}

describe('TF.js conformance: DepthwiseConv2D and SeparableConv2D', () => {
  for (const [label, inShape, settings] of windowCases) {
    it(`DepthwiseConv2D ${label}`, () => {
      const rand = testRandom(label.length * 5);
      const B = 2;
      const C = inShape[2];
      const layer = float32Layer('depthwiseConv2d', settings, [inShape]);
      const [K, b] = layer.params;
      b.value.set(randomArray(b.value.length, rand));
      const x = randomArray(B * size(inShape), rand);
      const dy = randomArray(B * size(outShapeOf('depthwiseConv2d', settings, inShape)), rand);
      const ref = reference((xt, Kt, bt) => tf.add(tfDepthwise(xt, Kt, settings, C), bt),
        [tf.tensor(x, [B, ...inShape]), tf.tensor(K.value as Float32Array, K.shape), tf.tensor1d(b.value as Float32Array)], dy);
      const got = oursMany(layer, [x], B, dy);
      expect(relError(got.y, ref.y)).toBeLessThan(TOL);
      expect(relError(got.dxs[0], ref.grads[0])).toBeLessThan(TOL);
      expect(relError(got.grads[0], ref.grads[1])).toBeLessThan(TOL);
      expect(relError(got.grads[1], ref.grads[2])).toBeLessThan(TOL);
    });

    it(`SeparableConv2D ${label}, 4 filters`, () => {
      const rand = testRandom(label.length * 9);
      const B = 2;
      const C = inShape[2];
      const full = { ...settings, filters: 4 };
      const layer = float32Layer('separableConv2d', full, [inShape]);
      const [D, P, b] = layer.params;
      b.value.set(randomArray(4, rand));
      const x = randomArray(B * size(inShape), rand);
      const dy = randomArray(B * size(outShapeOf('separableConv2d', full, inShape)), rand);
      const ref = reference((xt, Dt, Pt, bt) => tf.add(tf.conv2d(tfDepthwise(xt, Dt, settings, C), Pt as tf.Tensor4D, 1, 'valid'), bt),
        [tf.tensor(x, [B, ...inShape]), tf.tensor(D.value as Float32Array, D.shape), tf.tensor(P.value as Float32Array, P.shape), tf.tensor1d(b.value as Float32Array)], dy);
      const got = oursMany(layer, [x], B, dy);
      expect(relError(got.y, ref.y)).toBeLessThan(TOL);
      expect(relError(got.dxs[0], ref.grads[0])).toBeLessThan(TOL);
      got.grads.forEach((g, k) => expect(relError(g, ref.grads[k + 1]), layer.params[k].name).toBeLessThan(TOL));
    });
  }

  it('SeparableConv2D matches tf.separableConv2d and tf.layers.separableConv2d (same padding, M 2)', () => {
    const rand = testRandom(77);
    const inShape = [6, 6, 3];
    const settings = { filters: 5, padding: 'same', depthMultiplier: 2, strides: [2, 2] };
    const layer = float32Layer('separableConv2d', settings, [inShape]);
    const [D, P, b] = layer.params;
    b.value.set(randomArray(5, rand));
    const x = randomArray(2 * size(inShape), rand);
    const xt = tf.tensor4d(x, [2, 6, 6, 3]);
    const want = tf.add(tf.separableConv2d(xt, tf.tensor4d(D.value as Float32Array, [3, 3, 3, 2]), tf.tensor4d(P.value as Float32Array, [1, 1, 6, 5]), 2, 'same'),
      tf.tensor1d(b.value as Float32Array)).dataSync();
    const tfLayer = tf.layers.separableConv2d({ filters: 5, kernelSize: 3, strides: 2, padding: 'same', depthMultiplier: 2 });
    tfLayer.build([2, 6, 6, 3]);
    tfLayer.setWeights([tf.tensor4d(D.value as Float32Array, [3, 3, 3, 2]), tf.tensor4d(P.value as Float32Array, [1, 1, 6, 5]), tf.tensor1d(b.value as Float32Array)]);
    const fromLayer = (tfLayer.apply(xt) as tf.Tensor).dataSync();
    const got = layer.forward([x], 2, false).slice(0, want.length);
    expect(relError(got, want)).toBeLessThan(TOL);
    expect(relError(got, fromLayer)).toBeLessThan(TOL);
    expect(tfLayer.countParams()).toBe(analyzeGraph(chain(['in', 'input', { shape: inShape }], ['l', 'separableConv2d', settings])).paramCounts.l);
  });

  it('DepthwiseConv2D matches tf.layers.depthwiseConv2d, parameter count included', () => {
    const rand = testRandom(78);
    const inShape = [5, 5, 3];
    const layer = float32Layer('depthwiseConv2d', { depthMultiplier: 2 }, [inShape]);
    const [K, b] = layer.params;
    b.value.set(randomArray(6, rand));
    const x = randomArray(2 * size(inShape), rand);
    const tfLayer = tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2 });
    tfLayer.build([2, 5, 5, 3]);
    tfLayer.setWeights([tf.tensor4d(K.value as Float32Array, [3, 3, 3, 2]), tf.tensor1d(b.value as Float32Array)]);
    const want = (tfLayer.apply(tf.tensor4d(x, [2, 5, 5, 3])) as tf.Tensor).dataSync();
    expect(relError(layer.forward([x], 2, false).slice(0, want.length), want)).toBeLessThan(TOL);
    expect(tfLayer.countParams()).toBe(analyzeGraph(chain(['in', 'input', { shape: inShape }], ['l', 'depthwiseConv2d', { depthMultiplier: 2 }])).paramCounts.l);
  });

  it('Conv2D and pools with explicit padding match tf ops with numeric padding', () => {
    const rand = testRandom(79);
    const inShape = [5, 6, 2];
    const x = randomArray(2 * size(inShape), rand);
    const xt = tf.tensor4d(x, [2, ...inShape] as [number, number, number, number]);
    const conv = float32Layer('conv2d', { filters: 3, kernelSize: [5, 5], padding: 'explicit', paddingAmount: 2, strides: [2, 2], useBias: false }, [inShape]);
    const want = tf.conv2d(xt, tf.tensor4d(conv.params[0].value as Float32Array, [5, 5, 2, 3]), 2, 2).dataSync();
    expect(relError(conv.forward([x], 2, false).slice(0, want.length), want)).toBeLessThan(TOL);
    const pool = float32Layer('maxPool2d', { poolSize: [3, 3], strides: [2, 2], padding: 'explicit', paddingAmount: 1 }, [inShape]);
    const wantPool = tf.maxPool(tf.pad(xt, [[0, 0], [1, 1], [1, 1], [0, 0]], -1e9), 3, 2, 'valid').dataSync();
    expect(relError(pool.forward([x], 2, false).slice(0, wantPool.length), wantPool)).toBeLessThan(TOL);
  });
});

describe('TF.js conformance: Add and Concat', () => {
  it('Add of three (batch, 2, 3) tensors: output and each dx (tf.addN)', () => {
    const rand = testRandom(81);
    const shape = [2, 3];
    const layer = float32Layer('add', {}, [shape, shape, shape]);
    const xs = [0, 1, 2].map(() => randomArray(2 * 6, rand));
    const dy = randomArray(12, rand);
    const ref = reference((a, b, c) => tf.addN([a, b, c]), xs.map((x) => tf.tensor(x, [2, ...shape])), dy);
    const got = oursMany(layer, xs, 2, dy);
    expect(relError(got.y, ref.y)).toBeLessThan(TOL);
    got.dxs.forEach((dx, k) => expect(relError(dx, ref.grads[k])).toBeLessThan(TOL));
  });

  for (const [axis, shapes] of [[-1, [[2, 3, 2], [2, 3, 1], [2, 3, 3]]], [1, [[2, 3, 2], [1, 3, 2]]], [2, [[2, 1, 2], [2, 4, 2]]]] as [number, number[][]][]) {
    it(`Concat axis ${axis} of ${shapes.map((s) => `(batch, ${s.join(', ')})`).join(', ')} (tf.concat and tf.layers.concatenate)`, () => {
      const rand = testRandom(83 + axis);
      const B = 2;
      const layer = float32Layer('concat', { axis }, shapes);
      const xs = shapes.map((s) => randomArray(B * size(s), rand));
      const dy = randomArray(B * shapes.reduce((a, s) => a + size(s), 0), rand);
      const ref = reference((...ts) => tf.concat(ts, axis), xs.map((x, k) => tf.tensor(x, [B, ...shapes[k]])), dy);
      const fromLayer = (tf.layers.concatenate({ axis }).apply(xs.map((x, k) => tf.tensor(x, [B, ...shapes[k]]))) as tf.Tensor).dataSync();
      const got = oursMany(layer, xs, B, dy);
      expect(relError(got.y, ref.y)).toBeLessThan(TOL);
      expect(relError(got.y, fromLayer)).toBeLessThan(TOL);
      got.dxs.forEach((dx, k) => expect(relError(dx, ref.grads[k])).toBeLessThan(TOL));
    });
  }
});
