// BatchNorm, DepthwiseConv2D, SeparableConv2D, PReLU, the merge nodes Add and Concat, explicit padding
// and Reshape's −1: shapes and parameter counts by hand, forward values by hand, float64 central-difference
// gradient checks (layers and whole residual / concat / CNN networks), non-trainable parameters.

import { describe, expect, it } from 'vitest';
import {
  Rng, analyzeGraph, compileNetwork, createOptimizer, defaultSettings, getLayerDefinition, trainableParams,
  type FloatArray, type Layer, type NetworkDocument,
} from '../../../src/core';
import { buildLayer, chain, edge, layerGradientErrors, maxRelativeError, node, numericalGradient, testRandom } from './helpers';

const TOL = 1e-6;

function image(shape: number[]): [string, string, Record<string, unknown>] {
  return ['in', 'input', { shape }];
}

function shapeOf(inShape: number[], type: string, settings: Record<string, unknown>): number[] | undefined {
  return analyzeGraph(chain(image(inShape), ['l', type, settings])).shapes.l;
}

function size(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A float64 layer with several inputs, built from its definition. */
function buildMulti(type: string, settings: Record<string, unknown>, inShapes: number[][]): Layer {
  const def = getLayerDefinition(type)!;
  return def.create({ ...defaultSettings(type), ...settings }, inShapes, { dtype: 'float64', initRng: new Rng(1), noiseRng: new Rng(2), name: 'layer' });
}

/** Gradient check with L = Σ dy ⊙ y(xs…) in the given mode: errors of every dx_k and parameter gradient. */
function gradientErrors(layer: Layer, xs: Float64Array[], B: number, outSize: number, rand: () => number, training: boolean): Record<string, number> {
  const dy = Float64Array.from({ length: B * outSize }, () => rand() * 2 - 1);
  const L = () => {
    const y = layer.forward(xs, B, training);
    let s = 0;
    for (let i = 0; i < B * outSize; i++) s += dy[i] * y[i];
    return s;
  };
  layer.forward(xs, B, training);
  const dxs = xs.map((x) => new Float64Array(x.length));
  for (const p of layer.params) p.grad.fill(0);
  layer.backward(dy, dxs, B);
  const out: Record<string, number> = {};
  xs.forEach((x, k) => (out[`dx${k}`] = maxRelativeError(dxs[k], numericalGradient(L, x))));
  for (const p of layer.params) if (p.trainable !== false) out[p.name] = maxRelativeError(Float64Array.from(p.grad), numericalGradient(L, p.value));
  return out;
}

function randomArray(n: number, rand: () => number): Float64Array {
  return Float64Array.from({ length: n }, () => rand() * 2 - 1);
}

/** All parameter gradients of a compiled float64 network against central differences of its loss. */
function expectNetworkGradients(doc: NetworkDocument, inSize: number, outputs: number, training: boolean) {
  const model = compileNetwork(doc, { seed: 7, dtype: 'float64' });
  const rand = testRandom(17);
  const n = 4;
  const x = Float64Array.from({ length: n * inSize }, () => rand() * 2 - 1);
  const t = Float64Array.from({ length: n * outputs }, () => rand() * 2 - 1);
  for (const p of model.parameters()) if (p.name.endsWith('.bias') || p.name.endsWith('.beta')) p.value.forEach((_, i, a) => (a[i] = rand() - 0.5));
  model.lossAndGradients(x, t, n, 'mse');
  const checked: string[] = [];
  for (const p of trainableParams(model.parameters())) {
    const analytic = Float64Array.from(p.grad);
    const numeric = numericalGradient(() => model.evaluateLoss(x, t, n, 'mse', training), p.value as FloatArray);
    expect(maxRelativeError(analytic, numeric), p.name).toBeLessThan(TOL);
    checked.push(p.name);
  }
  return checked;
}

describe('explicit padding: the course formula (n − k + 2p)/s + 1', () => {
  it('seed §5: 64×64 input, 5×5 kernel, p = 2, stride 1 → 64×64; stride 2 → 32×32', () => {
    expect(shapeOf([64, 64, 3], 'conv2d', { filters: 4, kernelSize: [5, 5], padding: 'explicit', paddingAmount: 2 })).toEqual([64, 64, 4]);
    // ⌊(64 − 5 + 4)/2⌋ + 1 = 32
    expect(shapeOf([64, 64, 3], 'conv2d', { filters: 4, kernelSize: [5, 5], strides: [2, 2], padding: 'explicit', paddingAmount: 2 })).toEqual([32, 32, 4]);
    // p = 0 is 'valid': 60×60
    expect(shapeOf([64, 64, 3], 'conv2d', { filters: 4, kernelSize: [5, 5], padding: 'explicit', paddingAmount: 0 })).toEqual([60, 60, 4]);
  });

  it('paddingAmount only applies (and only gets a default) when padding is explicit', () => {
    expect(defaultSettings('conv2d').paddingAmount).toBeUndefined();
    const a = analyzeGraph(chain(image([5, 5, 1]), ['l', 'conv2d', { padding: 'explicit' }]));
    expect(a.shapes.l).toEqual([5, 5, 8]); // default p = 1 with a 3×3 kernel keeps the size
    const bad = analyzeGraph(chain(image([5, 5, 1]), ['l', 'conv2d', { padding: 'explicit', paddingAmount: -1 }]));
    expect(bad.issues.map((i) => [i.code, i.params.setting])).toEqual([['invalidSetting', 'paddingAmount']]);
    const ignored = analyzeGraph(chain(image([5, 5, 1]), ['l', 'conv2d', { padding: 'valid', paddingAmount: -1 }]));
    expect(ignored.ok).toBe(true);
  });

  it('pools and depthwise/separable take explicit padding too; a window larger than the padded input names the setting', () => {
    expect(shapeOf([5, 5, 2], 'maxPool2d', { poolSize: [3, 3], strides: [2, 2], padding: 'explicit', paddingAmount: 1 })).toEqual([3, 3, 2]);
    expect(shapeOf([5, 5, 2], 'avgPool2d', { poolSize: [2, 2], strides: [1, 1], padding: 'explicit', paddingAmount: 1 })).toEqual([6, 6, 2]);
    expect(shapeOf([6, 6, 2], 'depthwiseConv2d', { kernelSize: [5, 5], padding: 'explicit', paddingAmount: 2, depthMultiplier: 3 })).toEqual([6, 6, 6]);
    expect(shapeOf([6, 6, 2], 'separableConv2d', { filters: 5, kernelSize: [3, 3], padding: 'explicit', paddingAmount: 1 })).toEqual([6, 6, 5]);
    const a = analyzeGraph(chain(image([2, 2, 1]), ['l', 'conv2d', { kernelSize: [5, 5], padding: 'explicit', paddingAmount: 1 }]));
    expect(a.issues.map((i) => [i.code, i.params.setting])).toEqual([['invalidSetting', 'kernelSize']]);
    expect(a.issues[0].message).toContain('padded by 1');
  });

  it('Conv2D with p = 1 equals a valid convolution of the zero-padded input', () => {
    const rand = testRandom(5);
    const [H, W, C] = [4, 5, 2];
    const padded = buildLayer('conv2d', { filters: 3, padding: 'explicit', paddingAmount: 1 }, [H, W, C]);
    const valid = buildLayer('conv2d', { filters: 3 }, [H + 2, W + 2, C]);
    valid.params[0].value.set(padded.params[0].value);
    padded.params[1].value.set(randomArray(3, rand));
    valid.params[1].value.set(padded.params[1].value);
    const x = randomArray(2 * H * W * C, rand);
    const xp = new Float64Array(2 * (H + 2) * (W + 2) * C);
    for (let b = 0; b < 2; b++)
      for (let i = 0; i < H; i++)
        for (let j = 0; j < W; j++)
          for (let c = 0; c < C; c++) xp[((b * (H + 2) + i + 1) * (W + 2) + j + 1) * C + c] = x[((b * H + i) * W + j) * C + c];
    const a = padded.forward([x], 2, false).slice(0, 2 * H * W * 3);
    const b = valid.forward([xp], 2, false).slice(0, 2 * H * W * 3);
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i], 12);
  });

  it('pools with explicit padding: max ignores the padding, avg divides by the in-bounds count', () => {
    // 2×2 input [[1, 2], [3, 4]], 2×2 windows, stride 2, p = 1: every window holds one input value.
    const x = Float64Array.from([-1, -2, -3, -4]);
    expect([...buildLayer('maxPool2d', { padding: 'explicit', paddingAmount: 1 }, [2, 2, 1]).forward([x], 1, false).slice(0, 4)]).toEqual([-1, -2, -3, -4]);
    expect([...buildLayer('avgPool2d', { padding: 'explicit', paddingAmount: 1 }, [2, 2, 1]).forward([x], 1, false).slice(0, 4)]).toEqual([-1, -2, -3, -4]);
  });
});

describe('depthwise separable convolution: parameter counts by hand', () => {
  it('3×3 on 32×32×16 → 32 filters: Conv2D 4,640, SeparableConv2D 688, DepthwiseConv2D 160', () => {
    const doc = (type: string, settings: Record<string, unknown>) => analyzeGraph(chain(image([32, 32, 16]), ['l', type, settings]));
    expect(doc('conv2d', { filters: 32, padding: 'same' }).paramCounts.l).toBe(3 * 3 * 16 * 32 + 32);
    expect(doc('separableConv2d', { filters: 32, padding: 'same' }).paramCounts.l).toBe(3 * 3 * 16 + 16 * 32 + 32);
    expect(doc('separableConv2d', { filters: 32, padding: 'same' }).paramCounts.l).toBe(688);
    expect(doc('depthwiseConv2d', { padding: 'same' }).paramCounts.l).toBe(3 * 3 * 16 + 16);
    expect(doc('depthwiseConv2d', { padding: 'same' }).shapes.l).toEqual([32, 32, 16]);
    // depthMultiplier 2, no bias: kh·kw·C·M and C·M·F
    expect(doc('depthwiseConv2d', { depthMultiplier: 2, useBias: false }).paramCounts.l).toBe(3 * 3 * 16 * 2);
    expect(doc('depthwiseConv2d', { depthMultiplier: 2 }).shapes.l).toEqual([30, 30, 32]);
    expect(doc('separableConv2d', { filters: 32, depthMultiplier: 2, useBias: false }).paramCounts.l).toBe(3 * 3 * 16 * 2 + 32 * 32);
    // the layers' own parameter tensors agree with the counts
    const layer = buildLayer('separableConv2d', { filters: 32 }, [32, 32, 16]);
    expect(layer.params.map((p) => [p.name, p.shape])).toEqual([
      ['layer.depthwiseKernel', [3, 3, 16, 1]], ['layer.pointwiseKernel', [1, 1, 16, 32]], ['layer.bias', [32]],
    ]);
    expect(layer.params.reduce((a, p) => a + p.value.length, 0)).toBe(688);
  });
});

describe('forward values by hand', () => {
  it('DepthwiseConv2D: each channel its own filters, output channel c·M + m', () => {
    // 2×2×2 input, 2×2 kernel, M = 2, valid → 1×1×4.
    const layer = buildLayer('depthwiseConv2d', { kernelSize: [2, 2], depthMultiplier: 2 }, [2, 2, 2]);
    // x[i, j, c]: channel 0 = 1, 2, 3, 4; channel 1 = 10, 20, 30, 40
    const x = Float64Array.from([1, 10, 2, 20, 3, 30, 4, 40]);
    // K[ky, kx, c, m], flattened (ky, kx, c, m): all taps 1 for (c0, m0); tap index+1 for (c0, m1); 0.5 for (c1, m0); -1 for (c1, m1)
    const K = layer.params[0].value;
    for (let t = 0; t < 4; t++) {
      K[t * 4 + 0] = 1;
      K[t * 4 + 1] = t + 1;
      K[t * 4 + 2] = 0.5;
      K[t * 4 + 3] = -1;
    }
    layer.params[1].value.set([0, 0, 0, 100]);
    const y = layer.forward([x], 1, false);
    // c0 m0: 1+2+3+4 = 10; c0 m1: 1·1 + 2·2 + 3·3 + 4·4 = 30; c1 m0: 0.5·100 = 50; c1 m1: −100 + 100 = 0
    expect([...y.slice(0, 4)]).toEqual([10, 30, 50, 0]);
  });

  it('SeparableConv2D = depthwise (no bias) then a 1×1 convolution', () => {
    const rand = testRandom(8);
    const sep = buildLayer('separableConv2d', { filters: 3, depthMultiplier: 2, padding: 'same', strides: [2, 2] }, [5, 4, 2]);
    sep.params[2].value.set(randomArray(3, rand));
    const dw = buildLayer('depthwiseConv2d', { depthMultiplier: 2, padding: 'same', strides: [2, 2], useBias: false }, [5, 4, 2]);
    dw.params[0].value.set(sep.params[0].value);
    const pw = buildLayer('conv2d', { filters: 3, kernelSize: [1, 1] }, [3, 2, 4]);
    pw.params[0].value.set(sep.params[1].value);
    pw.params[1].value.set(sep.params[2].value);
    const x = randomArray(2 * 5 * 4 * 2, rand);
    const want = pw.forward([dw.forward([x], 2, false)], 2, false).slice(0, 2 * 3 * 2 * 3);
    const got = sep.forward([x], 2, false).slice(0, want.length);
    for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i], 12);
  });

  it('DepthwiseConv2D with one channel and M = 1 is a Conv2D with one filter', () => {
    const rand = testRandom(9);
    const settings = { kernelSize: [3, 2], strides: [2, 1], dilation: [1, 2], padding: 'same' };
    const d = buildLayer('depthwiseConv2d', settings, [6, 7, 1]);
    const c = buildLayer('conv2d', { ...settings, filters: 1 }, [6, 7, 1]);
    c.params[0].value.set(d.params[0].value);
    const x = randomArray(2 * 42, rand);
    const out = 2 * size(shapeOf([6, 7, 1], 'conv2d', { ...settings, filters: 1 })!);
    const a = d.forward([x], 2, false).slice(0, out);
    const b = c.forward([x], 2, false).slice(0, out);
    for (let i = 0; i < out; i++) expect(a[i]).toBeCloseTo(b[i], 12);
  });

  it('BatchNorm training: batch statistics (biased variance), running averages with momentum; inference uses them', () => {
    const layer = buildLayer('batchNorm', { momentum: 0.9, epsilon: 0 }, [2]);
    // feature 0: 1, 2, 3, 4 (μ 2.5, σ² 1.25); feature 1: 10, 10, 10, 30 (μ 15, σ² 75)
    const x = Float64Array.from([1, 10, 2, 10, 3, 10, 4, 30]);
    const [gamma, beta, mean, variance] = layer.params;
    gamma.value.set([2, 1]);
    beta.value.set([0.5, 0]);
    const y = layer.forward([x], 4, true);
    const s0 = Math.sqrt(1.25);
    const s1 = Math.sqrt(75);
    const want = [2 * (-1.5 / s0) + 0.5, -5 / s1, 2 * (-0.5 / s0) + 0.5, -5 / s1, 2 * (0.5 / s0) + 0.5, -5 / s1, 2 * (1.5 / s0) + 0.5, 15 / s1];
    want.forEach((v, i) => expect(y[i]).toBeCloseTo(v, 12));
    // running = 0.9·running + 0.1·batch, from mean 0 and variance 1
    expect(mean.value[0]).toBeCloseTo(0.25, 14);
    expect(mean.value[1]).toBeCloseTo(1.5, 14);
    expect(variance.value[0]).toBeCloseTo(0.9 + 0.125, 14);
    expect(variance.value[1]).toBeCloseTo(0.9 + 7.5, 14);
    // inference: (x − μ_run)/√σ²_run, nothing updated
    const yi = layer.forward([Float64Array.from([1, 10])], 1, false);
    expect(yi[0]).toBeCloseTo(2 * (1 - 0.25) / Math.sqrt(1.025) + 0.5, 12);
    expect(yi[1]).toBeCloseTo((10 - 1.5) / Math.sqrt(8.4), 12);
    expect(mean.value[0]).toBeCloseTo(0.25, 14);
  });

  it('BatchNorm on images normalizes each channel over batch, height and width', () => {
    const layer = buildLayer('batchNorm', { epsilon: 0 }, [2, 2, 2]);
    // channel 0 holds 0..7 across 2 samples × 4 pixels (μ 3.5, σ² 5.25); channel 1 alternates ±1 (μ 0, σ² 1: unchanged)
    const x = new Float64Array(16);
    for (let i = 0; i < 8; i++) (x[2 * i] = i), (x[2 * i + 1] = i % 2 === 0 ? 1 : -1);
    const y = layer.forward([x], 2, true);
    const sd = Math.sqrt(5.25); // variance of 0..7
    for (let i = 0; i < 8; i++) {
      expect(y[2 * i]).toBeCloseTo((i - 3.5) / sd, 12);
      expect(y[2 * i + 1]).toBeCloseTo(i % 2 === 0 ? 1 : -1, 12);
    }
  });

  it('PReLU: y = x for x > 0, α_c·x otherwise, α per channel initialized to 0.25', () => {
    const layer = buildLayer('prelu', {}, [2]);
    expect([...layer.params[0].value]).toEqual([0.25, 0.25]);
    layer.params[0].value.set([0.25, 0.5]);
    expect([...layer.forward([Float64Array.from([2, -2, -4, 3])], 2, false).slice(0, 4)]).toEqual([2, -1, -1, 3]);
    expect(analyzeGraph(chain(image([4, 4, 3]), ['l', 'prelu', {}])).paramCounts.l).toBe(3);
  });

  it('Add sums element by element; Concat joins along the last axis or another one', () => {
    const add = buildMulti('add', {}, [[3], [3], [3]]);
    expect([...add.forward([Float64Array.from([1, 2, 3]), Float64Array.from([10, 20, 30]), Float64Array.from([100, 200, 300])], 1, false).slice(0, 3)])
      .toEqual([111, 222, 333]);
    const cat = buildMulti('concat', {}, [[2], [1]]);
    expect([...cat.forward([Float64Array.from([1, 2, 3, 4]), Float64Array.from([9, 8])], 2, false).slice(0, 6)]).toEqual([1, 2, 9, 3, 4, 8]);
    // (2, 1) and (1, 1) joined on axis 1 (the first after the batch) → (3, 1)
    const rows = buildMulti('concat', { axis: 1 }, [[2, 1], [1, 1]]);
    expect([...rows.forward([Float64Array.from([1, 2, 3, 4]), Float64Array.from([9, 8])], 2, false).slice(0, 6)]).toEqual([1, 2, 9, 3, 4, 8]);
    // (1, 2, 2) and (1, 2, 1) on axis −1 interleave per row
    const last = buildMulti('concat', { axis: -1 }, [[1, 2, 2], [1, 2, 1]]);
    expect([...last.forward([Float64Array.from([1, 2, 3, 4]), Float64Array.from([9, 8])], 1, false).slice(0, 6)]).toEqual([1, 2, 9, 3, 4, 8]);
  });
});

describe('merge nodes in the graph', () => {
  const residual = (): NetworkDocument => ({
    nodes: [node('in', 'input', { shape: [3] }), node('d1', 'dense', { units: 3, activation: 'tanh' }), node('d2', 'dense', { units: 3, activation: 'tanh' }),
      node('add', 'add'), node('out', 'dense', { units: 2 })],
    edges: [edge('in', 'd1'), edge('d1', 'd2'), edge('d2', 'add'), edge('in', 'add'), edge('add', 'out')],
  });

  it('a residual block validates; shapes and parameter counts', () => {
    const a = analyzeGraph(residual());
    expect(a.issues).toEqual([]);
    expect(a.shapes.add).toEqual([3]);
    expect(a.paramCounts.add).toBe(0);
    expect(a.totalParams).toBe(12 + 12 + 8);
  });

  it('Add with different shapes: shapeMismatch naming the layer and both shapes', () => {
    const doc = residual();
    doc.nodes[2].settings = { units: 4 };
    const a = analyzeGraph(doc);
    const i = a.issues.find((x) => x.code === 'shapeMismatch')!;
    expect(i.nodeIds).toEqual(['add']);
    expect(i.params.got).toBe('(batch, 4), (batch, 3)');
    expect(i.message).toContain("Add 'add'");
    expect(i.message).toContain('(batch, 4) and (batch, 3)');
  });

  it('one input into a merge node: tooFewInputs; none: missingInput', () => {
    const doc = residual();
    doc.edges = doc.edges.filter((e) => e.source !== 'in' || e.target !== 'add');
    const a = analyzeGraph(doc);
    expect(a.issues.map((i) => [i.code, i.params])).toEqual([['tooFewInputs', { layer: 'add', min: 2, got: 1 }]]);
    expect(a.issues[0].message).toBe("Add 'add' needs at least 2 inputs but 1 is connected");
  });

  it('Concat: input order is edge order; other sizes must match; axis out of range names the setting', () => {
    const doc: NetworkDocument = {
      nodes: [node('in', 'input', { shape: [2] }), node('a', 'dense', { units: 3 }), node('b', 'dense', { units: 1 }), node('cat', 'concat'), node('out', 'dense', { units: 1 })],
      edges: [edge('in', 'a'), edge('in', 'b'), edge('b', 'cat'), edge('a', 'cat'), edge('cat', 'out')],
    };
    expect(analyzeGraph(doc).shapes.cat).toEqual([4]);
    const model = compileNetwork(doc, { dtype: 'float64' });
    const cat = model.nodes.find((n) => n.id === 'cat')!;
    expect(cat.inputs.map((k) => model.nodes[k].id)).toEqual(['b', 'a']);
    const tr = model.trace(Float64Array.from([0.5, -1]), 1);
    expect([...tr.cat]).toEqual([...tr.b, ...tr.a]);

    const img: NetworkDocument = {
      nodes: [node('in', 'input', { shape: [4, 4, 1] }), node('a', 'conv2d', { filters: 2 }), node('b', 'conv2d', { filters: 3, kernelSize: [1, 1] }), node('cat', 'concat'), node('f', 'flatten')],
      edges: [edge('in', 'a'), edge('in', 'b'), edge('a', 'cat'), edge('b', 'cat'), edge('cat', 'f')],
    };
    const bad = analyzeGraph(img).issues.find((i) => i.code === 'shapeMismatch')!;
    expect(bad.message).toBe("Concat 'cat': Concat on axis -1 needs all other sizes equal but receives (batch, 2, 2, 2) and (batch, 4, 4, 3)");
    img.nodes[2].settings = { filters: 3, kernelSize: [3, 3] };
    expect(analyzeGraph(img).shapes.cat).toEqual([2, 2, 5]);
    img.nodes[3].settings = { axis: 4 };
    expect(analyzeGraph(img).issues.map((i) => [i.code, i.params.setting])).toEqual([['invalidSetting', 'axis']]);
    img.nodes[3].settings = { axis: 0 };
    expect(analyzeGraph(img).issues.map((i) => [i.code, i.params.setting])).toEqual([['invalidSetting', 'axis']]);
    img.nodes[3].settings = { axis: -4 };
    expect(analyzeGraph(img).issues.map((i) => [i.code, i.params.setting])).toEqual([['invalidSetting', 'axis']]);
    img.nodes[2].settings = { filters: 2, kernelSize: [3, 3] };
    img.nodes[3].settings = { axis: 1 }; // heights 2 + 2, widths and channels equal
    expect(analyzeGraph(img).shapes.cat).toEqual([4, 2, 2]);
  });
});

describe('Reshape with −1', () => {
  it('infers the one −1 entry; rejects two, or a size that does not divide', () => {
    expect(shapeOf([28, 28, 1], 'reshape', { targetShape: [-1] })).toEqual([784]);
    expect(shapeOf([4, 6], 'reshape', { targetShape: [3, -1, 2] })).toEqual([3, 4, 2]);
    const two = analyzeGraph(chain(image([4, 6]), ['l', 'reshape', { targetShape: [-1, -1] }]));
    expect(two.issues.map((i) => [i.code, i.params.setting, i.params.reason])).toEqual([['invalidSetting', 'targetShape', 'may contain -1 only once']]);
    const odd = analyzeGraph(chain(image([5]), ['l', 'reshape', { targetShape: [2, -1] }]));
    expect(odd.issues.map((i) => [i.code, i.params.setting])).toEqual([['invalidSetting', 'targetShape']]);
    const neg = analyzeGraph(chain(image([4]), ['l', 'reshape', { targetShape: [-2, 2] }]));
    expect(neg.issues.map((i) => [i.code, i.params.setting])).toEqual([['invalidSetting', 'targetShape']]);
    // kernelSize still refuses −1
    const k = analyzeGraph(chain(image([4, 4, 1]), ['l', 'conv2d', { kernelSize: [-1, 2] }]));
    expect(k.issues.map((i) => [i.code, i.params.setting])).toEqual([['invalidSetting', 'kernelSize']]);
  });
});

describe('non-trainable parameters (BatchNorm running statistics)', () => {
  it('are reported apart from the trainable count, saved with the weights and left alone by the optimizer', () => {
    const doc = chain(['in', 'input', { shape: [3] }], ['h', 'dense', { units: 4 }], ['bn', 'batchNorm', {}], ['out', 'dense', { units: 1 }]);
    const a = analyzeGraph(doc);
    expect(a.paramCounts.bn).toBe(8);
    expect(a.nonTrainableParamCounts).toEqual({ in: 0, h: 0, bn: 8, out: 0 });
    expect(a.totalNonTrainableParams).toBe(8);
    expect(a.totalParams).toBe(16 + 8 + 5);
    const model = compileNetwork(doc, { seed: 1, dtype: 'float64' });
    expect(model.parameters().map((p) => [p.name, p.trainable !== false])).toEqual([
      ['h.kernel', true], ['h.bias', true], ['bn.gamma', true], ['bn.beta', true], ['bn.movingMean', false], ['bn.movingVariance', false],
      ['out.kernel', true], ['out.bias', true],
    ]);
    expect(model.getParams().length).toBe(8);
    const x = Float64Array.from({ length: 12 }, (_, i) => Math.sin(i));
    const t = [1, 0, 1, 0];
    // AdamW with weight decay: would move every parameter it touches.
    const opt = createOptimizer({ kind: 'adamw', learningRate: 0.1, weightDecay: 0.5 }, model.parameters());
    model.lossAndGradients(x, t, 4, 'mse');
    const [mean, variance] = model.parameters().slice(4, 6);
    const before = [Float64Array.from(mean.value), Float64Array.from(variance.value)];
    expect([...mean.grad, ...variance.grad].every((g) => g === 0)).toBe(true);
    opt.step();
    expect([...mean.value]).toEqual([...before[0]]);
    expect([...variance.value]).toEqual([...before[1]]);
    // a training forward moves them (momentum 0.99), an inference one does not
    model.forward(x, 4, true);
    expect([...mean.value]).not.toEqual([...before[0]]);
    const after = Float64Array.from(mean.value);
    model.predict(x, 4);
    expect([...mean.value]).toEqual([...after]);
    // restoring saved weights restores the running statistics
    const saved = model.getParams();
    model.forward(x, 4, true);
    model.setParams(saved);
    expect([...mean.value]).toEqual([...Float64Array.from(saved[4])]);
  });
});

describe('gradients (central differences, float64)', () => {
  const dwCases: [string, number[], Record<string, unknown>][] = [
    ['valid 3×3', [5, 5, 2], {}],
    ['same, M = 2, tanh', [4, 5, 3], { padding: 'same', depthMultiplier: 2, activation: 'tanh' }],
    ['stride 2, dilation 2, no bias', [7, 7, 2], { strides: [2, 2], dilation: [2, 2], useBias: false }],
    ['explicit p = 2, 2×3 kernel', [3, 4, 2], { kernelSize: [2, 3], padding: 'explicit', paddingAmount: 2 }],
  ];
  for (const [label, inShape, settings] of dwCases) {
    for (const type of ['depthwiseConv2d', 'separableConv2d']) {
      it(`${type} ${label}`, () => {
        const rand = testRandom(label.length * 7 + type.length);
        const full = type === 'separableConv2d' ? { ...settings, filters: 3 } : settings;
        const layer = buildLayer(type, full, inShape);
        for (const p of layer.params) if (p.name.endsWith('bias')) p.value.set(randomArray(p.value.length, rand));
        const B = 2;
        const x = randomArray(B * size(inShape), rand);
        const errors = layerGradientErrors(layer, x, B, size(shapeOf(inShape, type, full)!), rand);
        expect(Object.keys(errors).length).toBe(1 + layer.params.length);
        for (const [k, e] of Object.entries(errors)) expect(e, k).toBeLessThan(TOL);
      });
    }
  }

  const explicitCases: [string, number[], Record<string, unknown>][] = [
    ['conv2d', [4, 4, 2], { filters: 2, kernelSize: [3, 3], strides: [2, 2], padding: 'explicit', paddingAmount: 1 }],
    ['maxPool2d', [5, 4, 2], { poolSize: [3, 3], strides: [2, 2], padding: 'explicit', paddingAmount: 1 }],
    ['avgPool2d', [5, 4, 2], { poolSize: [3, 2], strides: [1, 1], padding: 'explicit', paddingAmount: 1 }],
  ];
  for (const [type, inShape, settings] of explicitCases) {
    it(`${type} with explicit padding`, () => {
      const rand = testRandom(type.length * 3);
      const layer = buildLayer(type, settings, inShape);
      const B = 2;
      const n = B * size(inShape);
      const x = Float64Array.from({ length: n }, (_, i) => ((i * 37) % n) / n - 0.5 + 0.001 * rand()); // no ties for max
      const errors = layerGradientErrors(layer, x, B, size(shapeOf(inShape, type, settings)!), rand);
      for (const [k, e] of Object.entries(errors)) expect(e, k).toBeLessThan(TOL);
    });
  }

  for (const [label, inShape] of [['(B, F)', [3]], ['(B, H, W, C)', [3, 2, 2]], ['(B, T, F)', [4, 3]]] as [string, number[]][]) {
    for (const training of [true, false]) {
      it(`batchNorm ${label}, ${training ? 'training (batch statistics)' : 'inference (running statistics)'}: dx, dγ, dβ`, () => {
        const rand = testRandom(label.length + (training ? 1 : 2));
        const layer = buildLayer('batchNorm', { momentum: 0.8 }, inShape);
        const [gamma, beta, mean, variance] = layer.params;
        gamma.value.set(Float64Array.from({ length: gamma.value.length }, () => 0.5 + rand()));
        beta.value.set(randomArray(beta.value.length, rand));
        mean.value.set(randomArray(mean.value.length, rand));
        variance.value.set(Float64Array.from({ length: variance.value.length }, () => 0.5 + rand()));
        const B = 3;
        const x = randomArray(B * size(inShape), rand);
        const errors = gradientErrors(layer, [x], B, size(inShape), rand, training);
        expect(Object.keys(errors)).toEqual(['dx0', 'layer.gamma', 'layer.beta']);
        for (const [k, e] of Object.entries(errors)) expect(e, k).toBeLessThan(TOL);
      });
    }
  }

  it('prelu: dx and dα (inputs away from the kink)', () => {
    const rand = testRandom(31);
    const layer = buildLayer('prelu', {}, [2, 3]);
    layer.params[0].value.set([0.1, -0.3, 0.7]);
    const x = Float64Array.from({ length: 2 * 6 }, () => (rand() < 0.5 ? -1 : 1) * (0.1 + rand()));
    const errors = layerGradientErrors(layer, x, 2, 6, rand);
    expect(Object.keys(errors)).toEqual(['dx', 'layer.alpha']);
    for (const [k, e] of Object.entries(errors)) expect(e, k).toBeLessThan(TOL);
  });

  it('add (3 inputs) and concat (axis −1 and axis 1): every dx_k', () => {
    const rand = testRandom(33);
    const add = buildMulti('add', {}, [[2, 3], [2, 3], [2, 3]]);
    const addErr = gradientErrors(add, [randomArray(12, rand), randomArray(12, rand), randomArray(12, rand)], 2, 6, rand, false);
    expect(Object.keys(addErr)).toEqual(['dx0', 'dx1', 'dx2']);
    for (const [k, e] of Object.entries(addErr)) expect(e, k).toBeLessThan(TOL);
    for (const axis of [-1, 1]) {
      const shapes = axis === -1 ? [[2, 3], [2, 1], [2, 2]] : [[2, 3], [1, 3], [3, 3]];
      const cat = buildMulti('concat', { axis }, shapes);
      const xs = shapes.map((s) => randomArray(2 * size(s), rand));
      const errs = gradientErrors(cat, xs, 2, shapes.reduce((a, s) => a + size(s), 0), rand, false);
      for (const [k, e] of Object.entries(errs)) expect(e, `${axis} ${k}`).toBeLessThan(TOL);
    }
  });

  it('a residual block: Input → Dense → Dense → Add(with the skip) → Dense', () => {
    const doc: NetworkDocument = {
      nodes: [node('in', 'input', { shape: [3] }), node('d1', 'dense', { units: 3, activation: 'tanh' }), node('d2', 'dense', { units: 3, activation: 'swish' }),
        node('add', 'add'), node('out', 'dense', { units: 2 })],
      edges: [edge('in', 'd1'), edge('d1', 'd2'), edge('d2', 'add'), edge('d1', 'add'), edge('add', 'out')],
    };
    expect(expectNetworkGradients(doc, 3, 2, false)).toEqual(['d1.kernel', 'd1.bias', 'd2.kernel', 'd2.bias', 'out.kernel', 'out.bias']);
  });

  it('a Concat network: two branches of different widths joined, then a Dense', () => {
    const doc: NetworkDocument = {
      nodes: [node('in', 'input', { shape: [3] }), node('a', 'dense', { units: 4, activation: 'tanh' }), node('b', 'dense', { units: 2, activation: 'sigmoid' }),
        node('p', 'prelu'), node('cat', 'concat'), node('out', 'dense', { units: 2 })],
      edges: [edge('in', 'a'), edge('in', 'b'), edge('b', 'p'), edge('a', 'cat'), edge('p', 'cat'), edge('cat', 'out')],
    };
    expect(expectNetworkGradients(doc, 3, 2, false)).toEqual(['a.kernel', 'a.bias', 'b.kernel', 'b.bias', 'p.alpha', 'out.kernel', 'out.bias']);
  });

  it('a CNN with BatchNorm (training mode), separable and depthwise convolutions and a residual Add', () => {
    const doc: NetworkDocument = {
      nodes: [node('in', 'input', { shape: [5, 5, 2] }), node('sep', 'separableConv2d', { filters: 3, padding: 'same', useBias: false }), node('bn', 'batchNorm', {}),
        node('act', 'activation', { activation: 'tanh' }), node('dw', 'depthwiseConv2d', { padding: 'same' }), node('add', 'add'),
        node('pool', 'globalAvgPool2d'), node('out', 'dense', { units: 2 })],
      edges: [edge('in', 'sep'), edge('sep', 'bn'), edge('bn', 'act'), edge('act', 'dw'), edge('dw', 'add'), edge('act', 'add'), edge('add', 'pool'), edge('pool', 'out')],
    };
    // No bias before BatchNorm: the batch mean subtracts it again, its true gradient is 0.
    expect(expectNetworkGradients(doc, 50, 2, true)).toEqual([
      'sep.depthwiseKernel', 'sep.pointwiseKernel', 'bn.gamma', 'bn.beta', 'dw.depthwiseKernel', 'dw.bias', 'out.kernel', 'out.bias',
    ]);
  });
});

describe('training with the new layers', () => {
  it('a residual MLP with BatchNorm overfits one batch; evaluation uses the running statistics', () => {
    const doc: NetworkDocument = {
      nodes: [node('in', 'input', { shape: [4] }), node('d1', 'dense', { units: 16 }), node('bn', 'batchNorm', { momentum: 0.9 }),
        node('p', 'prelu'), node('d2', 'dense', { units: 16, activation: 'tanh' }), node('add', 'add'), node('out', 'dense', { units: 3, activation: 'softmax' })],
      edges: [edge('in', 'd1'), edge('d1', 'bn'), edge('bn', 'p'), edge('p', 'd2'), edge('d2', 'add'), edge('p', 'add'), edge('add', 'out')],
    };
    const model = compileNetwork(doc, { seed: 2 });
    const rand = testRandom(4);
    const B = 24;
    const x = Float32Array.from({ length: B * 4 }, () => rand() * 2 - 1);
    const t = new Float32Array(B * 3);
    for (let b = 0; b < B; b++) t[b * 3 + (b % 3)] = 1;
    const opt = createOptimizer({ kind: 'adam', learningRate: 0.02 }, model.parameters());
    const first = model.lossAndGradients(x, t, B, 'softmaxCrossEntropy');
    let loss = first;
    for (let i = 0; i < 300; i++) {
      opt.step();
      loss = model.lossAndGradients(x, t, B, 'softmaxCrossEntropy');
    }
    expect(first).toBeGreaterThan(0.9);
    expect(loss).toBeLessThan(0.05);
    // the running statistics have converged to the batch ones, so inference agrees with training mode
    expect(model.evaluateLoss(x, t, B, 'softmaxCrossEntropy', false)).toBeLessThan(0.2);
  });
});
