// Image layers (NHWC): Conv2D, MaxPool2D, AvgPool2D, GlobalAvgPool2D, Flatten, Reshape.
// Shapes and validation through analyzeGraph; forward values by hand and against a direct
// (7-loop) convolution written here; gradients against central differences (float64).

import { describe, expect, it } from 'vitest';
import { analyzeGraph, compileNetwork, createOptimizer, type NetworkDocument } from '../../../src/core';
import { buildLayer, chain, layerGradientErrors, maxRelativeError, numericalGradient, testRandom } from './helpers';

const TOL = 1e-6;

const image = (shape: number[]) => ['in', 'input', { shape }] as [string, string, Record<string, unknown>];
const issueOf = (doc: NetworkDocument) => analyzeGraph(doc).issues[0];

describe('shapes and parameter counts', () => {
  it('seed §5: 64×64 input, 5×5 kernel, stride 1: same → 64×64, valid → 60×60', () => {
    const same = analyzeGraph(chain(image([64, 64, 1]), ['c', 'conv2d', { filters: 4, kernelSize: [5, 5], padding: 'same' }]));
    expect(same.shapes.c).toEqual([64, 64, 4]);
    expect(same.paramCounts.c).toBe(5 * 5 * 1 * 4 + 4);
    const valid = analyzeGraph(chain(image([64, 64, 1]), ['c', 'conv2d', { filters: 4, kernelSize: [5, 5], padding: 'valid' }]));
    expect(valid.shapes.c).toEqual([60, 60, 4]);
  });

  it('(n − k_eff + 2p)/s + 1 with strides, dilation and rectangular kernels', () => {
    const shape = (settings: Record<string, unknown>, input = [7, 9, 2]) =>
      analyzeGraph(chain(image(input), ['c', 'conv2d', { filters: 3, ...settings }])).shapes.c;
    expect(shape({ kernelSize: [3, 3], strides: [2, 2] })).toEqual([3, 4, 3]); // ⌊(7−3)/2⌋+1, ⌊(9−3)/2⌋+1
    expect(shape({ kernelSize: [3, 3], strides: [2, 2], padding: 'same' })).toEqual([4, 5, 3]); // ⌈7/2⌉, ⌈9/2⌉
    expect(shape({ kernelSize: [3, 3], dilation: [2, 2] })).toEqual([3, 5, 3]); // k_eff 5
    expect(shape({ kernelSize: [3, 3], dilation: [2, 2], padding: 'same' })).toEqual([7, 9, 3]);
    expect(shape({ kernelSize: [1, 4] })).toEqual([7, 6, 3]);
    expect(analyzeGraph(chain(image([7, 9, 2]), ['c', 'conv2d', { filters: 3, kernelSize: [2, 3], useBias: false }])).paramCounts.c).toBe(2 * 3 * 2 * 3);
  });

  it('the MNIST CNN: conv 8 → pool → conv 16 → pool → flatten → dense 10', () => {
    const a = analyzeGraph(chain(image([28, 28, 1]), ['c1', 'conv2d', { filters: 8 }], ['p1', 'maxPool2d', {}], ['c2', 'conv2d', { filters: 16 }],
      ['p2', 'maxPool2d', {}], ['f', 'flatten', {}], ['out', 'dense', { units: 10, activation: 'softmax' }]));
    expect(a.ok).toBe(true);
    expect([a.shapes.c1, a.shapes.p1, a.shapes.c2, a.shapes.p2, a.shapes.f, a.shapes.out]).toEqual([[26, 26, 8], [13, 13, 8], [11, 11, 16], [5, 5, 16], [400], [10]]);
    expect(a.paramCounts).toMatchObject({ c1: 3 * 3 * 8 + 8, p1: 0, c2: 3 * 3 * 8 * 16 + 16, p2: 0, f: 0, out: 400 * 10 + 10 });
  });

  it('pools, global pooling and reshape', () => {
    const shapes = analyzeGraph(chain(image([7, 6, 3]), ['m', 'maxPool2d', {}], ['a', 'avgPool2d', { poolSize: [2, 2], strides: [1, 1], padding: 'same' }],
      ['g', 'globalAvgPool2d', {}], ['r', 'reshape', { targetShape: [1, 3] }])).shapes;
    expect([shapes.m, shapes.a, shapes.g, shapes.r]).toEqual([[3, 3, 3], [3, 3, 3], [3], [1, 3]]);
    expect(analyzeGraph(chain(image([7, 6, 3]), ['m', 'maxPool2d', { poolSize: [3, 3], strides: [2, 2], padding: 'same' }])).shapes.m).toEqual([4, 3, 3]);
  });
});

describe('invalid settings and shape mismatches', () => {
  it("a kernel larger than the input with 'valid' padding: invalidSetting naming kernelSize", () => {
    const i = issueOf(chain(image([3, 3, 1]), ['c', 'conv2d', { kernelSize: [5, 5] }]));
    expect(i).toMatchObject({ code: 'invalidSetting', nodeIds: ['c'], params: { layer: 'c', setting: 'kernelSize' } });
    expect(i.message).toBe("Conv2D 'c': kernelSize 5×5 is larger than the 3×3 input with 'valid' padding; use a smaller kernelSize or 'same' padding");
    // 'same' padding makes it fit
    expect(analyzeGraph(chain(image([3, 3, 1]), ['c', 'conv2d', { kernelSize: [5, 5], padding: 'same' }])).ok).toBe(true);
  });

  it('dilation counts: a 3×3 kernel dilated by 2 spans 5×5', () => {
    const i = issueOf(chain(image([4, 8, 1]), ['c', 'conv2d', { kernelSize: [3, 3], dilation: [2, 2] }]));
    expect(i.params.setting).toBe('kernelSize');
    expect(i.message).toContain('(5×5 with dilation 2×2)');
  });

  it('a pool window larger than the input: invalidSetting naming poolSize', () => {
    for (const type of ['maxPool2d', 'avgPool2d']) {
      expect(issueOf(chain(image([1, 5, 2]), ['p', type, {}]))).toMatchObject({ code: 'invalidSetting', params: { setting: 'poolSize' } });
    }
  });

  const badSettings: [string, Record<string, unknown>, string][] = [
    ['conv2d', { filters: 0 }, 'filters'],
    ['conv2d', { kernelSize: [3] }, 'kernelSize'],
    ['conv2d', { kernelSize: [3, 0] }, 'kernelSize'],
    ['conv2d', { strides: [1, 1, 1] }, 'strides'],
    ['conv2d', { padding: 'full' }, 'padding'],
    ['conv2d', { dilation: [0, 1] }, 'dilation'],
    ['maxPool2d', { poolSize: 2 }, 'poolSize'],
    ['avgPool2d', { strides: [2, -1] }, 'strides'],
    ['reshape', { targetShape: [5, 5] }, 'targetShape'],
  ];
  for (const [type, settings, setting] of badSettings) {
    it(`${type} ${JSON.stringify(settings)}: invalidSetting ${setting}`, () => {
      const doc = chain(image([8, 8, 2]), ['x', type, settings]);
      const i = issueOf(doc);
      expect(i).toMatchObject({ code: 'invalidSetting', nodeIds: ['x'], params: { layer: 'x', setting } });
      expect(i.message).toContain(setting);
    });
  }

  it('reshape names both sizes', () => {
    expect(issueOf(chain(image([8, 8, 2]), ['r', 'reshape', { targetShape: [5, 5] }])).message)
      .toBe("Reshape 'r': targetShape (batch, 5, 5) holds 25 values per sample but the input (batch, 8, 8, 2) has 128");
  });

  for (const type of ['conv2d', 'maxPool2d', 'avgPool2d', 'globalAvgPool2d']) {
    it(`${type} on a vector: shapeMismatch naming the layer, expected and received shape`, () => {
      const i = issueOf(chain(['in', 'input', { shape: [10] }], ['x', type, {}]));
      expect(i).toMatchObject({ code: 'shapeMismatch', nodeIds: ['x'], params: { layer: 'x', expected: '(batch, height, width, channels)', got: '(batch, 10)' } });
      expect(i.message).toMatch(/^\w+ 'x': \w+ expects an image \(batch, height, width, channels\) but receives \(batch, 10\)$/);
    });
  }

  it('Dense right after a conv asks for a vector (Flatten fixes it)', () => {
    const i = issueOf(chain(image([8, 8, 1]), ['c', 'conv2d', {}], ['d', 'dense', {}]));
    expect(i).toMatchObject({ code: 'shapeMismatch', nodeIds: ['d'], params: { got: '(batch, 6, 6, 8)' } });
    expect(analyzeGraph(chain(image([8, 8, 1]), ['c', 'conv2d', {}], ['f', 'flatten', {}], ['d', 'dense', {}])).ok).toBe(true);
  });
});

/** The output of a one-node network on x (float64). */
function run(type: string, settings: Record<string, unknown>, inShape: number[], x: number[], params?: number[][], B = 1): number[] {
  const model = compileNetwork(chain(image(inShape), ['l', type, settings]), { dtype: 'float64' });
  if (params) model.setParams(params);
  return [...model.predict(Float64Array.from(x), B)];
}

const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('forward values by hand', () => {
  // x = [[1, 2, 3], [4, 5, 6], [7, 8, 9]] (one channel), kernel [[1, 2], [3, 4]].
  it("3×3 input, 2×2 kernel, 'valid'", () => {
    // y00 = 1·1 + 2·2 + 4·3 + 5·4 = 37, y01 = 2 + 6 + 15 + 24 = 47, y10 = 4 + 10 + 21 + 32 = 67, y11 = 5 + 12 + 24 + 36 = 77
    expect(run('conv2d', { filters: 1, kernelSize: [2, 2], useBias: false }, [3, 3, 1], oneTo(9), [[1, 2, 3, 4]])).toEqual([37, 47, 67, 77]);
  });

  it("'same' with an even kernel pads after (TF): the last row and column see only the top-left weight", () => {
    // Padding total 1 per axis, 0 before, 1 after: y[i][j] = x[i][j] + 2·x[i][j+1] + 3·x[i+1][j] + 4·x[i+1][j+1], zeros outside.
    // y02 = 3 + 3·6 = 21, y12 = 6 + 3·9 = 33, y20 = 7 + 2·8 = 23, y21 = 8 + 2·9 = 26, y22 = 9.
    const y = run('conv2d', { filters: 1, kernelSize: [2, 2], padding: 'same', useBias: false }, [3, 3, 1], oneTo(9), [[1, 2, 3, 4]]);
    expect(y).toEqual([37, 47, 21, 67, 77, 33, 23, 26, 9]);
  });

  it("'same' 3×3 kernel of ones: neighbourhood sums; bias added", () => {
    const y = run('conv2d', { filters: 1, kernelSize: [3, 3], padding: 'same' }, [3, 3, 1], oneTo(9), [new Array(9).fill(1), [0.5]]);
    expect(y).toEqual([12, 21, 16, 27, 45, 33, 24, 39, 28].map((v) => v + 0.5));
  });

  it('stride 2 and dilation 2 on a 5×5 input', () => {
    // stride 2, 3×3 ones, valid: windows at rows/cols 0 and 2. Sum of x[r..r+2][c..c+2] with x = 1..25.
    const win = (r: number, c: number) => [0, 1, 2].flatMap((i) => [0, 1, 2].map((j) => (r + i) * 5 + (c + j) + 1)).reduce((a, b) => a + b);
    expect(run('conv2d', { filters: 1, kernelSize: [3, 3], strides: [2, 2], useBias: false }, [5, 5, 1], oneTo(25), [new Array(9).fill(1)]))
      .toEqual([win(0, 0), win(0, 2), win(2, 0), win(2, 2)]);
    // dilation 2, 2×2 kernel [[1, 2], [3, 4]]: k_eff 3, out 3×3; y00 taps x(0,0), x(0,2), x(2,0), x(2,2) = 1, 3, 11, 13
    const y = run('conv2d', { filters: 1, kernelSize: [2, 2], dilation: [2, 2], useBias: false }, [5, 5, 1], oneTo(25), [[1, 2, 3, 4]]);
    expect(y.length).toBe(9);
    expect(y[0]).toBe(1 + 2 * 3 + 3 * 11 + 4 * 13);
  });

  it('channels: NHWC input, kernel (kh, kw, Cin, Cout)', () => {
    // 1×1 input with 2 channels (x = [2, 3]); 1×1 kernel K[0][0] = [[1, 10], [100, 1000]] (Cin × Cout).
    expect(run('conv2d', { filters: 2, kernelSize: [1, 1], useBias: false }, [1, 1, 2], [2, 3], [[1, 10, 100, 1000]])).toEqual([2 + 300, 20 + 3000]);
  });

  it('pools on 4×4 (x = 1..16), 2×2 windows', () => {
    expect(run('maxPool2d', {}, [4, 4, 1], oneTo(16))).toEqual([6, 8, 14, 16]);
    expect(run('avgPool2d', {}, [4, 4, 1], oneTo(16))).toEqual([3.5, 5.5, 11.5, 13.5]);
  });

  it("avgPool 'same' averages only the in-bounds values (TF); maxPool ignores padding even for negatives", () => {
    // 3×3 → 2×2, padding 0 before, 1 after: windows {1,2,4,5}, {3,6}, {7,8}, {9}
    expect(run('avgPool2d', { padding: 'same' }, [3, 3, 1], oneTo(9))).toEqual([3, 4.5, 7.5, 9]);
    expect(run('maxPool2d', { padding: 'same' }, [3, 3, 1], oneTo(9).map((v) => -v))).toEqual([-1, -3, -7, -9]);
  });

  it('globalAvgPool2d: per-channel mean; flatten and reshape keep the values in order', () => {
    // 2×2×2, channel 0 = 1, 3, 5, 7; channel 1 = 2, 4, 6, 8
    expect(run('globalAvgPool2d', {}, [2, 2, 2], oneTo(8))).toEqual([4, 5]);
    expect(run('flatten', {}, [2, 2, 2], oneTo(8))).toEqual(oneTo(8));
    expect(run('reshape', { targetShape: [4, 2] }, [2, 2, 2], oneTo(8))).toEqual(oneTo(8));
  });
});

/** Direct convolution from the definition, independent of im2col (TF 'same' split). */
function directConv(x: Float64Array, K: Float64Array, bias: Float64Array | null, B: number, [H, W, C]: number[], O: number,
  [kh, kw]: number[], [sh, sw]: number[], [dh, dw]: number[], padding: string): number[] {
  const ke = [dh * (kh - 1) + 1, dw * (kw - 1) + 1];
  const Ho = padding === 'same' ? Math.ceil(H / sh) : Math.floor((H - ke[0]) / sh) + 1;
  const Wo = padding === 'same' ? Math.ceil(W / sw) : Math.floor((W - ke[1]) / sw) + 1;
  const pt = padding === 'same' ? Math.floor(Math.max((Ho - 1) * sh + ke[0] - H, 0) / 2) : 0;
  const pl = padding === 'same' ? Math.floor(Math.max((Wo - 1) * sw + ke[1] - W, 0) / 2) : 0;
  const y: number[] = [];
  for (let b = 0; b < B; b++) for (let i = 0; i < Ho; i++) for (let j = 0; j < Wo; j++) for (let o = 0; o < O; o++) {
    let s = bias ? bias[o] : 0;
    for (let u = 0; u < kh; u++) for (let v = 0; v < kw; v++) for (let c = 0; c < C; c++) {
      const r = i * sh - pt + u * dh;
      const q = j * sw - pl + v * dw;
      if (r >= 0 && r < H && q >= 0 && q < W) s += x[((b * H + r) * W + q) * C + c] * K[((u * kw + v) * C + c) * O + o];
    }
    y.push(s);
  }
  return y;
}

// [label, input shape, settings]
const convCases: [string, number[], Record<string, unknown>][] = [
  ['valid 3×3', [5, 6, 2], { filters: 3, kernelSize: [3, 3] }],
  ['same 3×3', [5, 6, 2], { filters: 3, kernelSize: [3, 3], padding: 'same' }],
  ['same 2×4 (uneven padding)', [5, 6, 2], { filters: 2, kernelSize: [2, 4], padding: 'same' }],
  ['stride 2 valid', [7, 6, 2], { filters: 3, kernelSize: [3, 3], strides: [2, 2] }],
  ['stride 2 same', [7, 6, 1], { filters: 2, kernelSize: [3, 3], strides: [2, 2], padding: 'same' }],
  ['dilation 2 valid', [7, 7, 2], { filters: 2, kernelSize: [3, 3], dilation: [2, 2] }],
  ['dilation 2 same', [6, 5, 2], { filters: 2, kernelSize: [3, 2], dilation: [2, 2], padding: 'same' }],
  ['stride 2 with dilation 2', [9, 8, 1], { filters: 2, kernelSize: [2, 2], strides: [2, 2], dilation: [2, 2] }],
  ['no bias, tanh', [4, 4, 3], { filters: 2, kernelSize: [2, 2], useBias: false, activation: 'tanh' }],
];

describe('Conv2D against a direct convolution', () => {
  for (const [label, inShape, settings] of convCases) {
    it(label, () => {
      const rand = testRandom(label.length * 7);
      const layer = buildLayer('conv2d', settings, inShape);
      const [K, bias] = layer.params;
      if (bias) bias.value.forEach((_, i, a) => (a[i] = rand() - 0.5));
      const B = 2;
      const x = Float64Array.from({ length: B * inShape[0] * inShape[1] * inShape[2] }, () => rand() * 2 - 1);
      const y = layer.forward([x], B, false);
      const s: Record<string, unknown> = { strides: [1, 1], dilation: [1, 1], padding: 'valid', ...settings };
      let want = directConv(x, K.value as Float64Array, bias ? (bias.value as Float64Array) : null, B, inShape, s.filters as number,
        s.kernelSize as number[], s.strides as number[], s.dilation as number[], s.padding as string);
      if (settings.activation === 'tanh') want = want.map(Math.tanh);
      expect(maxRelativeError(y.slice(0, want.length), want)).toBeLessThan(1e-12);
    });
  }
});

describe('gradients (central differences, float64)', () => {
  for (const [label, inShape, settings] of convCases) {
    it(`Conv2D ${label}: dx, dK, db`, () => {
      const rand = testRandom(label.length * 13);
      const layer = buildLayer('conv2d', settings, inShape);
      if (layer.params[1]) layer.params[1].value.forEach((_, i, a) => (a[i] = rand() - 0.5));
      const B = 2;
      const x = Float64Array.from({ length: B * inShape[0] * inShape[1] * inShape[2] }, () => rand() * 2 - 1);
      const outShape = analyzeGraph(chain(image(inShape), ['c', 'conv2d', settings])).shapes.c;
      const errors = layerGradientErrors(layer, x, B, outShape[0] * outShape[1] * outShape[2], rand);
      expect(Object.keys(errors)).toEqual(settings.useBias === false ? ['dx', 'layer.kernel'] : ['dx', 'layer.kernel', 'layer.bias']);
      for (const [k, e] of Object.entries(errors)) expect(e, k).toBeLessThan(TOL);
    });
  }

  const others: [string, string, number[], Record<string, unknown>][] = [
    ['maxPool2d valid', 'maxPool2d', [6, 5, 2], {}],
    ['maxPool2d same, overlapping 3×3 stride 2', 'maxPool2d', [5, 6, 2], { poolSize: [3, 3], strides: [2, 2], padding: 'same' }],
    ['avgPool2d valid', 'avgPool2d', [6, 5, 2], {}],
    ['avgPool2d same, overlapping 3×2 stride 1', 'avgPool2d', [5, 4, 2], { poolSize: [3, 2], strides: [1, 1], padding: 'same' }],
    ['globalAvgPool2d', 'globalAvgPool2d', [3, 4, 2], {}],
    ['flatten', 'flatten', [3, 2, 2], {}],
    ['reshape', 'reshape', [3, 2, 2], { targetShape: [6, 2] }],
  ];
  for (const [label, type, inShape, settings] of others) {
    it(`${label}: dx`, () => {
      const rand = testRandom(label.length * 17);
      const layer = buildLayer(type, settings, inShape);
      const B = 2;
      // Distinct values (a shuffled ramp) so max pooling has no ties within the step h.
      const n = B * inShape[0] * inShape[1] * inShape[2];
      const x = Float64Array.from({ length: n }, (_, i) => ((i * 37) % n) / n - 0.5 + 0.001 * rand());
      const out = analyzeGraph(chain(image(inShape), ['l', type, settings])).shapes.l.reduce((a, b) => a * b, 1);
      const errors = layerGradientErrors(layer, x, B, out, rand);
      expect(errors.dx).toBeLessThan(TOL);
    });
  }

  it('a small CNN end to end (conv → relu-free tanh → maxPool → conv → avgPool → flatten → dense softmax): all parameter gradients', () => {
    const doc = chain(image([6, 6, 2]), ['c1', 'conv2d', { filters: 3, kernelSize: [3, 3], padding: 'same', activation: 'tanh' }],
      ['p1', 'maxPool2d', {}], ['c2', 'conv2d', { filters: 4, kernelSize: [2, 2], activation: 'swish' }], ['p2', 'avgPool2d', { poolSize: [2, 2], strides: [1, 1] }],
      ['f', 'flatten', {}], ['out', 'dense', { units: 3, activation: 'softmax' }]);
    const model = compileNetwork(doc, { seed: 4, dtype: 'float64' });
    const rand = testRandom(99);
    const B = 3;
    const x = Float64Array.from({ length: B * 72 }, () => rand() * 2 - 1);
    const t = [1, 0, 0, 0, 0, 1, 0, 1, 0];
    for (const p of model.parameters()) if (p.name.endsWith('.bias')) p.value.forEach((_, i, a) => (a[i] = rand() - 0.5));
    model.lossAndGradients(x, t, B, 'softmaxCrossEntropy');
    for (const p of model.parameters()) {
      const analytic = Float64Array.from(p.grad);
      expect(maxRelativeError(analytic, numericalGradient(() => model.evaluateLoss(x, t, B, 'softmaxCrossEntropy'), p.value)), p.name).toBeLessThan(TOL);
    }
  });
});

describe('training a CNN', () => {
  it('overfits one batch of 16 random 8×8 images with 4 labels', () => {
    const doc = chain(image([8, 8, 1]), ['c1', 'conv2d', { filters: 8, kernelSize: [3, 3], activation: 'relu' }], ['p1', 'maxPool2d', {}],
      ['f', 'flatten', {}], ['out', 'dense', { units: 4, activation: 'softmax' }]);
    const model = compileNetwork(doc, { seed: 1 });
    const rand = testRandom(3);
    const B = 16;
    const x = Float32Array.from({ length: B * 64 }, () => rand());
    const t = new Float32Array(B * 4);
    for (let b = 0; b < B; b++) t[b * 4 + (b % 4)] = 1;
    const first = model.lossAndGradients(x, t, B, 'softmaxCrossEntropy');
    const opt = createOptimizer({ kind: 'adam', learningRate: 0.01 }, model.parameters());
    let loss = first;
    for (let i = 0; i < 300; i++) {
      opt.step();
      loss = model.lossAndGradients(x, t, B, 'softmaxCrossEntropy');
    }
    expect(first).toBeGreaterThan(1);
    expect(loss).toBeLessThan(0.05);
  });
});
