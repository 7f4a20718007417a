// Model summary figures worked out by hand, the Keras-style text, and one-click fixes that work.
import { describe, expect, it } from 'vitest';
import { analyzeGraph, applyFix, formatSummary, layerDefinitions, summarizeGraph } from '../../../src/core';
import { chain } from './helpers';

// The course's 6→5→4→3 MLP. By hand: params 6·5+5 + 5·4+4 + 4·3+3 = 35 + 24 + 15 = 74;
// multiply-adds 30 + 20 + 12 = 62; activations (6 + 5 + 4 + 3) floats · 4 B = 72 B.
const course = chain([
  ['input', 'input', { shape: [6] }],
  ['dense', 'dense', { units: 5, activation: 'sigmoid' }],
  ['dense_1', 'dense', { units: 4, activation: 'sigmoid' }],
  ['dense_2', 'dense', { units: 3, activation: 'sigmoid' }],
]);

describe('model summary', () => {
  it('counts the course MLP by hand', () => {
    const s = summarizeGraph(course);
    expect(s.layers.map((l) => [l.id, l.outputShape, l.trainableParams, l.macs, l.activationBytes])).toEqual([
      ['input', [6], 0, 0, 24],
      ['dense', [5], 35, 30, 20],
      ['dense_1', [4], 24, 20, 16],
      ['dense_2', [3], 15, 12, 12],
    ]);
    expect(s.totals).toEqual({ trainableParams: 74, nonTrainableParams: 0, params: 74, paramBytes: 296, macs: 62, macsEstimated: false, activationBytes: 72 });
  });

  it('prints the Keras model.summary() layout', () => {
    const text = formatSummary(summarizeGraph(course), { name: 'course' });
    const lines = text.split('\n');
    expect(lines[0]).toBe('Model: "course"');
    expect(lines[1]).toMatch(/^_+$/);
    expect(lines[2]).toMatch(/^ Layer \(type\)\s+Output Shape\s+Param #\s+Mult-Adds\s+Act\. Memory$/);
    expect(lines[3]).toMatch(/^=+$/);
    expect(lines[4]).toMatch(/^ input \(InputLayer\)\s+\[\(None, 6\)\]\s+0\s+0\s+24\.00 B$/);
    expect(text).toMatch(/\n dense \(Dense\)\s+\(None, 5\)\s+35\s+30\s+20\.00 B\n/);
    expect(text).toContain('\nTotal params: 74 (296.00 B)\nTrainable params: 74 (296.00 B)\nNon-trainable params: 0 (0.00 B)\n');
    expect(text).toContain('Total mult-adds: 62\n');
    // Columns line up: every layer row has its Output Shape at the same offset as the header.
    const col = lines[2].indexOf('Output Shape');
    for (const row of lines.filter((l) => /\((InputLayer|Dense)\)/.test(l))) expect(row.indexOf('(None')).toBeGreaterThanOrEqual(col - 1);
  });

  it('estimates layers without their own count, and says so (Conv2D by hand: 26·26 positions · 3·3·1·8 weights)', () => {
    const s = summarizeGraph(chain([
      ['input', 'input', { shape: [28, 28, 1] }],
      ['conv', 'conv2d', { filters: 8, kernelSize: [3, 3] }],
      ['flat', 'flatten', {}],
      ['out', 'dense', { units: 10 }],
    ]));
    const conv = s.layers.find((l) => l.id === 'conv')!;
    expect(conv.outputShape).toEqual([26, 26, 8]);
    expect(conv.trainableParams).toBe(3 * 3 * 1 * 8 + 8);
    expect(conv.macs).toBe(26 * 26 * 3 * 3 * 8);
    expect(conv.activationBytes).toBe(26 * 26 * 8 * 4);
    expect(s.totals.macs).toBe(26 * 26 * 72 + 26 * 26 * 8 * 10);
    // Conv2D counts its own (exact) multiply-adds: no estimate marker.
    expect(conv.macsEstimated).toBe(false);
    expect(formatSummary(s)).toContain(`Total mult-adds: ${(26 * 26 * 72 + 26 * 26 * 80).toLocaleString('en-US')}`);
  });

  it('Conv2D multiply-adds by hand: 3 input channels, stride 2, dilation 2, same padding', () => {
    // 9×9×3 input, 3×3 kernel, stride 2, 'same': 5×5 outputs per filter, each a 3·3·3 dot product.
    const s = summarizeGraph(chain([
      ['input', 'input', { shape: [9, 9, 3] }],
      ['conv', 'conv2d', { filters: 4, kernelSize: [3, 3], strides: [2, 2], dilation: [2, 2], padding: 'same' }],
    ]));
    const conv = s.layers.find((l) => l.id === 'conv')!;
    expect(conv.outputShape).toEqual([5, 5, 4]);
    expect(conv.macs).toBe(5 * 5 * 4 * 27);
  });

  it('summarizes every registered layer type without throwing', () => {
    for (const def of layerDefinitions()) {
      const s = summarizeGraph(chain([['input', 'input', { shape: [8, 8, 2] }], ['x', def.type, {}]]));
      expect(s.layers).toHaveLength(def.type === 'input' ? 2 : 2);
      expect(formatSummary(s)).toContain('Total params');
    }
  });

  it('shows what it can on a broken network', () => {
    const broken = { nodes: course.nodes, edges: course.edges.slice(0, 1) };
    const s = summarizeGraph(broken);
    expect(s.ok).toBe(false);
    expect(s.layers.find((l) => l.id === 'dense')!.trainableParams).toBe(35);
    expect(s.layers.find((l) => l.id === 'dense_2')!.outputShape).toBeNull();
    expect(formatSummary(s)).toContain('The network has problems');
  });
});

describe('errors with fixes', () => {
  it('Dense after an image: insert Flatten, and then the network is valid', () => {
    const doc = chain([['input', 'input', { shape: [28, 28, 1] }], ['out', 'dense', { units: 10 }]]);
    const issue = analyzeGraph(doc).issues.find((i) => i.code === 'shapeMismatch')!;
    expect(issue.nodeIds).toEqual(['out']);
    expect(issue.message).toBe("Dense 'out': Dense expects a vector (batch, n) but receives (batch, 28, 28, 1)");
    expect(issue.fix).toMatchObject({ kind: 'insertNode', type: 'flatten', before: 'out' });
    const fixed = applyFix(doc, issue.fix!);
    const a = analyzeGraph(fixed);
    expect(a.ok).toBe(true);
    expect(a.order).toEqual(['input', 'flatten', 'out']);
    expect(a.paramCounts.out).toBe(784 * 10 + 10);
  });

  it('Conv2D after a vector of a square size: reshape it to an image', () => {
    const doc = chain([['input', 'input', { shape: [784] }], ['conv', 'conv2d', {}], ['flat', 'flatten', {}], ['out', 'dense', { units: 1 }]]);
    const issue = analyzeGraph(doc).issues.find((i) => i.code === 'shapeMismatch')!;
    expect(issue.fix).toMatchObject({ kind: 'insertNode', type: 'reshape', settings: { targetShape: [28, 28, 1] }, before: 'conv' });
    expect(analyzeGraph(applyFix(doc, issue.fix!)).ok).toBe(true);
  });

  it('a setting out of range: set the nearest allowed value', () => {
    const doc = chain([['input', 'input', { shape: [2] }], ['drop', 'dropout', { rate: 1.5 }], ['out', 'dense', { units: 0 }]]);
    const issues = analyzeGraph(doc).issues;
    expect(issues.find((i) => i.nodeIds[0] === 'out')!.fix).toMatchObject({ kind: 'setSetting', nodeId: 'out', key: 'units', value: 1 });
    const drop = issues.find((i) => i.nodeIds[0] === 'drop')!.fix!;
    expect(drop).toMatchObject({ kind: 'setSetting', key: 'rate' });
    let fixed = doc;
    for (const i of issues) fixed = applyFix(fixed, i.fix!);
    expect(analyzeGraph(fixed).ok).toBe(true);
  });

  it('a kernel larger than its input: same padding', () => {
    const doc = chain([['input', 'input', { shape: [3, 3, 1] }], ['conv', 'conv2d', { kernelSize: [5, 5] }], ['flat', 'flatten', {}], ['out', 'dense', { units: 1 }]]);
    const issue = analyzeGraph(doc).issues[0];
    expect(issue.fix).toMatchObject({ kind: 'setSetting', nodeId: 'conv', key: 'padding', value: 'same' });
    expect(analyzeGraph(applyFix(doc, issue.fix!)).ok).toBe(true);
  });

  it('no fix where none is known (a cycle), and existing fields unchanged', () => {
    const doc = chain([['input', 'input', { shape: [2] }], ['a', 'dense', {}], ['b', 'dense', {}]]);
    doc.edges.push({ id: 'back', source: 'b', target: 'a' });
    const cycle = analyzeGraph(doc).issues.find((i) => i.code === 'cycle')!;
    expect(Object.keys(cycle).sort()).toEqual(['code', 'message', 'nodeIds', 'params']);
  });
});
