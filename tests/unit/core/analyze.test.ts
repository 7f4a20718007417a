// Graph validation, shape inference and parameter counting.

import { describe, expect, it } from 'vitest';
import { analyzeGraph, compileNetwork, formatShape, starterDocument, type NetworkDocument } from '../../../src/core';
import { chain, edge, node } from './helpers';

const codes = (doc: NetworkDocument) => analyzeGraph(doc).issues.map((i) => i.code);
const issue = (doc: NetworkDocument, code: string) => analyzeGraph(doc).issues.find((i) => i.code === code);

describe('parameter counts', () => {
  it('seed §5: Dense 6 → 5 → 4 → 3 with biases has 74 parameters', () => {
    const a = analyzeGraph(chain(['in', 'input', { shape: [6] }], ['d1', 'dense', { units: 5 }], ['d2', 'dense', { units: 4 }], ['d3', 'dense', { units: 3 }]));
    expect(a.ok).toBe(true);
    expect(a.paramCounts.d1).toBe(6 * 5 + 5);
    expect(a.paramCounts.d2).toBe(5 * 4 + 4);
    expect(a.paramCounts.d3).toBe(4 * 3 + 3);
    expect(a.totalParams).toBe(74);
    expect(a.shapes.d3).toEqual([3]);
    expect(a.order).toEqual(['in', 'd1', 'd2', 'd3']);
  });

  it('useBias false drops the biases; activation and dropout have none', () => {
    const a = analyzeGraph(chain(['in', 'input', { shape: [3] }], ['d', 'dense', { units: 4, useBias: false }], ['a', 'activation', {}], ['p', 'dropout', {}]));
    expect(a.paramCounts).toEqual({ in: 0, d: 12, a: 0, p: 0 });
    expect(a.shapes.p).toEqual([4]);
  });

  it('the starter document: 2-8-8-1 tanh/sigmoid, 105 parameters, ids as agreed', () => {
    const doc = starterDocument();
    expect(doc.nodes.map((n) => [n.id, n.type, n.settings.units ?? null, n.settings.activation ?? null])).toEqual([
      ['input', 'input', null, null], ['hidden1', 'dense', 8, 'tanh'], ['hidden2', 'dense', 8, 'tanh'], ['output', 'dense', 1, 'sigmoid'],
    ]);
    expect(doc.edges.map((e) => e.id)).toEqual(['e-input-hidden1', 'e-hidden1-hidden2', 'e-hidden2-output']);
    expect(doc.nodes.map((n) => n.position)).toEqual([0, 1, 2, 3].map((i) => ({ x: 260 * i, y: 120 })));
    const a = analyzeGraph(doc);
    expect(a.ok).toBe(true);
    expect(a.totalParams).toBe(2 * 8 + 8 + 8 * 8 + 8 + 8 + 1);
    expect(formatShape(a.shapes.hidden1)).toBe('(batch, 8)');
  });

  it('counts parameters of wired nodes even when the document has issues elsewhere', () => {
    const doc = chain(['in', 'input', { shape: [2] }], ['h', 'dense', { units: 3 }], ['out', 'dense', { units: 1 }]);
    doc.nodes.push(node('loose', 'dense', { units: 4 }));
    const a = analyzeGraph(doc);
    expect(a.ok).toBe(false);
    expect(a.paramCounts.h).toBe(9);
    expect(a.paramCounts.out).toBe(4);
    expect(a.paramCounts.loose).toBeUndefined(); // its input shape is unknown
    expect(a.order).toEqual([]);
  });
});

describe('miswirings', () => {
  it('cycle: nodeIds are the nodes on the loop, and the message names the loop and its nodes', () => {
    const doc = chain(['in', 'input', {}], ['h1', 'dense', {}], ['h2', 'dense', {}], ['out', 'dense', { units: 1 }]);
    doc.edges.push(edge('h2', 'h1'));
    const c = issue(doc, 'cycle')!;
    expect(c).toBeDefined();
    expect([...c.nodeIds].sort()).toEqual(['h1', 'h2']);
    expect(c.message).toMatch(/^The connections form a loop through '(h1|h2)', '(h1|h2)'$/);
    expect(c.message).toContain("'h1'");
    expect(c.message).toContain("'h2'");
    expect(c.message).not.toContain("'out'");
    expect(analyzeGraph(doc).ok).toBe(false);
  });

  it('a self-loop is a cycle', () => {
    const doc = chain(['in', 'input', {}], ['h', 'dense', {}]);
    doc.edges.push(edge('h', 'h'));
    expect(issue(doc, 'cycle')!.nodeIds).toEqual(['h']);
  });

  it('Dense with two inputs: tooManyInputs on that node, with a clear message', () => {
    const doc: NetworkDocument = {
      nodes: [node('in', 'input'), node('a', 'dense'), node('b', 'dense'), node('hidden2', 'dense', { units: 1 })],
      edges: [edge('in', 'a'), edge('in', 'b'), edge('a', 'hidden2'), edge('b', 'hidden2')],
    };
    const i = issue(doc, 'tooManyInputs')!;
    expect(i.nodeIds).toEqual(['hidden2']);
    expect(i.params).toMatchObject({ layer: 'hidden2', max: 1, got: 2 });
    expect(i.message).toBe("Dense 'hidden2' takes 1 input but 2 are connected");
    // its inputs still get counts
    expect(analyzeGraph(doc).paramCounts.a).toBe(2 * 8 + 8);
  });

  it('a layer with no input: missingInput', () => {
    const doc = chain(['in', 'input', {}], ['out', 'dense', {}]);
    doc.nodes.push(node('lonely', 'activation'));
    const i = issue(doc, 'missingInput')!;
    expect(i.nodeIds).toEqual(['lonely']);
  });

  it('a node off the Input → output path: disconnected', () => {
    // 'a' has no input; 'b' hangs off 'a', so it is not reachable from the Input.
    const doc = chain(['in', 'input', {}], ['out', 'dense', {}]);
    doc.nodes.push(node('a', 'dense'), node('b', 'dense'));
    doc.edges.push(edge('a', 'b'));
    const a = analyzeGraph(doc);
    expect(a.issues.find((i) => i.code === 'disconnected')!.nodeIds).toEqual(['b']);
    expect(a.issues.find((i) => i.code === 'missingInput')!.nodeIds).toEqual(['a']);
    expect(a.outputId).toBe('out');
  });

  it('nothing after the Input: noOutput, shown on the Input node', () => {
    const doc: NetworkDocument = { nodes: [node('d', 'dense'), node('in', 'input')], edges: [] };
    const i = issue(doc, 'noOutput')!;
    expect(i.nodeIds).toEqual(['in']);
    expect(i.message).toBe('Nothing is connected after the Input layer, so the network has no output');
    expect(analyzeGraph(doc).outputId).toBeNull();
    // The Input is not also reported as disconnected; the loose Dense is (missingInput).
    expect(analyzeGraph(doc).issues.filter((x) => x.nodeIds.includes('in')).map((x) => x.code)).toEqual(['noOutput']);
  });

  it('an Input wired only into a loop: noOutput on the Input', () => {
    const doc = chain(['in', 'input', {}], ['h1', 'dense', {}], ['h2', 'dense', {}]);
    doc.edges.push(edge('h2', 'h1'));
    expect(issue(doc, 'noOutput')!.nodeIds).toEqual(['in']);
  });

  it('two branches ending separately: multipleOutputs naming both sinks', () => {
    const doc: NetworkDocument = { nodes: [node('in', 'input'), node('a', 'dense'), node('b', 'dense')], edges: [edge('in', 'a'), edge('in', 'b')] };
    const i = issue(doc, 'multipleOutputs')!;
    expect([...i.nodeIds].sort()).toEqual(['a', 'b']);
    expect(i.params.count).toBe(2);
  });

  it('no Input node', () => {
    const doc = chain(['h', 'dense', {}], ['out', 'dense', {}]);
    const i = issue(doc, 'noInputNode')!;
    expect(i.nodeIds).toEqual([]);
  });

  it('two Input nodes', () => {
    const doc = chain(['in', 'input', {}], ['out', 'dense', {}]);
    doc.nodes.push(node('in2', 'input'));
    const i = issue(doc, 'multipleInputNodes')!;
    expect(i.nodeIds).toEqual(['in', 'in2']);
  });

  it('an Input with an incoming edge takes 0 inputs', () => {
    const doc = chain(['in', 'input', {}], ['out', 'dense', {}]);
    doc.edges.push(edge('out', 'in'));
    expect(codes(doc)).toEqual(expect.arrayContaining(['tooManyInputs', 'cycle']));
    expect(issue(doc, 'tooManyInputs')!.nodeIds).toEqual(['in']);
  });

  const invalid: [string, string, Record<string, unknown>, string][] = [
    ['units 0', 'dense', { units: 0 }, 'units'],
    ['units 2.5', 'dense', { units: 2.5 }, 'units'],
    ['unknown activation', 'dense', { activation: 'notAnActivation' }, 'activation'],
    ['useBias not a boolean', 'dense', { useBias: 'yes' }, 'useBias'],
    ['dropout rate 1', 'dropout', { rate: 1 }, 'rate'],
    ['dropout rate −0.1', 'dropout', { rate: -0.1 }, 'rate'],
    ['activation layer with an unknown function', 'activation', { activation: 'mish' }, 'activation'],
  ];
  for (const [label, type, settings, setting] of invalid) {
    it(`invalid setting: ${label}`, () => {
      const doc = chain(['in', 'input', {}], ['x', type, settings], ['out', 'dense', { units: 1 }]);
      const i = issue(doc, 'invalidSetting')!;
      expect(i.nodeIds).toEqual(['x']);
      expect(i.params.setting).toBe(setting);
      expect(i.message).toContain(setting);
      expect(analyzeGraph(doc).ok).toBe(false);
    });
  }

  for (const shape of [[0], [2.5], [], 'two']) {
    it(`invalid input shape ${JSON.stringify(shape)}`, () => {
      const doc = chain(['in', 'input', { shape }], ['out', 'dense', {}]);
      const i = issue(doc, 'invalidSetting')!;
      expect(i.nodeIds).toEqual(['in']);
      expect(i.params.setting).toBe('shape');
    });
  }

  it('dropout rate 0 is valid (the lower bound is inclusive)', () => {
    expect(analyzeGraph(chain(['in', 'input', {}], ['p', 'dropout', { rate: 0 }], ['out', 'dense', {}])).ok).toBe(true);
  });

  it('Dense on an image-shaped input: shapeMismatch', () => {
    const doc = chain(['in', 'input', { shape: [28, 28, 1] }], ['d', 'dense', { units: 10 }]);
    const i = issue(doc, 'shapeMismatch')!;
    expect(i.nodeIds).toEqual(['d']);
    expect(i.message).toContain('Dense expects a vector (batch, n) but receives (batch, 28, 28, 1)');
    expect(analyzeGraph(doc).shapes.in).toEqual([28, 28, 1]);
  });

  it('edges to missing nodes are reported and ignored, not a crash', () => {
    const doc = chain(['in', 'input', {}], ['out', 'dense', { units: 1 }]);
    doc.edges.push({ id: 'ghost', source: 'out', target: 'nowhere' });
    const a = analyzeGraph(doc);
    const i = a.issues.find((x) => x.message.includes('nowhere'))!;
    expect(i).toBeDefined();
    expect(i.nodeIds).toEqual(['out']);
    expect(a.outputId).toBe('out');
    expect(a.paramCounts.out).toBe(3);
  });

  it('never throws on malformed documents', () => {
    const junk: unknown[] = [null, undefined, {}, { nodes: 5 }, { nodes: [null, { id: 3 }, { id: 'x' }], edges: [null, {}] },
      { nodes: [{ id: 'a', type: 'mystery', settings: null, position: null }], edges: [] }];
    for (const j of junk) {
      const a = analyzeGraph(j as NetworkDocument);
      expect(a.ok).toBe(false);
      expect(a.issues.length).toBeGreaterThan(0);
    }
    const unknown = analyzeGraph(junk[5] as NetworkDocument).issues.find((i) => i.code === 'invalidSetting')!;
    expect(unknown.params.setting).toBe('type');
  });

  it('compileNetwork refuses an invalid document, listing the issues', () => {
    const doc = chain(['h', 'dense', {}]);
    expect(() => compileNetwork(doc)).toThrow(/no Input layer/);
  });
});
