import { describe, expect, it } from 'vitest';
import { analyzeGraph, defaultSettings, starterDocument } from '../../../src/core';
import type { NetworkDocument } from '../../../src/core/graph/document';
import {
  addNode,
  connect,
  moveNode,
  nextNodeId,
  removeEdges,
  removeNodes,
  updateSettings,
} from '../../../src/renderer/commands';

const empty: NetworkDocument = { nodes: [], edges: [] };

describe('nextNodeId', () => {
  it('numbers per type, starting at 1', () => {
    expect(nextNodeId(empty, 'dense')).toBe('dense-1');
    expect(nextNodeId(starterDocument(), 'dense')).toBe('dense-1'); // starter ids are 'hidden1', ... not 'dense-n'
  });

  it('goes one past the highest number in use, even after a deletion', () => {
    let doc = addNode(empty, 'dense', {}, { x: 0, y: 0 }).doc;
    doc = addNode(doc, 'dense', {}, { x: 0, y: 0 }).doc;
    doc = addNode(doc, 'dense', {}, { x: 0, y: 0 }).doc;
    expect(doc.nodes.map((n) => n.id)).toEqual(['dense-1', 'dense-2', 'dense-3']);
    doc = removeNodes(doc, ['dense-3']);
    expect(nextNodeId(doc, 'dense')).toBe('dense-3');
    doc = removeNodes(doc, ['dense-1']);
    expect(nextNodeId(doc, 'dense')).toBe('dense-3');
    expect(nextNodeId(doc, 'dropout')).toBe('dropout-1');
  });

  it('ignores ids that only look similar', () => {
    const doc: NetworkDocument = {
      nodes: [
        { id: 'dense-x', type: 'dense', settings: {}, position: { x: 0, y: 0 } },
        { id: 'dense-7b', type: 'dense', settings: {}, position: { x: 0, y: 0 } },
        { id: 'mydense-9', type: 'dense', settings: {}, position: { x: 0, y: 0 } },
      ],
      edges: [],
    };
    expect(nextNodeId(doc, 'dense')).toBe('dense-1');
  });
});

describe('addNode', () => {
  it('adds a node with the given settings and position, leaving the input untouched', () => {
    const before = starterDocument();
    const snapshot = structuredClone(before);
    const { doc, nodeId } = addNode(before, 'dropout', defaultSettings('dropout'), { x: 10, y: 20 });
    expect(nodeId).toBe('dropout-1');
    expect(doc.nodes).toHaveLength(5);
    expect(doc.nodes[4]).toEqual({ id: 'dropout-1', type: 'dropout', settings: { rate: 0.2 }, position: { x: 10, y: 20 } });
    expect(doc.edges).toBe(before.edges);
    expect(before).toEqual(snapshot);
  });

  it('copies the settings object so later edits cannot alias the defaults', () => {
    const settings = { units: 8 };
    const { doc } = addNode(empty, 'dense', settings, { x: 0, y: 0 });
    expect(doc.nodes[0].settings).toEqual(settings);
    expect(doc.nodes[0].settings).not.toBe(settings);
  });
});

describe('removeNodes', () => {
  it('removes the nodes and every edge touching them', () => {
    const doc = removeNodes(starterDocument(), ['hidden2']);
    expect(doc.nodes.map((n) => n.id)).toEqual(['input', 'hidden1', 'output']);
    expect(doc.edges.map((e) => e.id)).toEqual(['e-input-hidden1']);
  });

  it('returns the same document when no id matches', () => {
    const before = starterDocument();
    expect(removeNodes(before, ['nope'])).toBe(before);
  });
});

describe('removeEdges', () => {
  it('removes only the named edges', () => {
    const doc = removeEdges(starterDocument(), ['e-hidden1-hidden2']);
    expect(doc.edges.map((e) => e.id)).toEqual(['e-input-hidden1', 'e-hidden2-output']);
    expect(doc.nodes).toHaveLength(4);
  });
});

describe('connect', () => {
  it('adds an edge named after its ends', () => {
    const doc = connect(removeEdges(starterDocument(), ['e-hidden1-hidden2']), 'hidden1', 'hidden2');
    expect(doc.edges.find((e) => e.source === 'hidden1' && e.target === 'hidden2')?.id).toBe('e-hidden1-hidden2');
  });

  it('refuses self-loops, duplicates and unknown nodes', () => {
    const before = starterDocument();
    expect(connect(before, 'hidden1', 'hidden1')).toBe(before);
    expect(connect(before, 'input', 'hidden1')).toBe(before);
    expect(connect(before, 'input', 'ghost')).toBe(before);
  });

  it('keeps connections that make the graph invalid, so core can explain them', () => {
    const doc = connect(starterDocument(), 'input', 'hidden2'); // hidden2 now has two inputs
    expect(doc.edges).toHaveLength(4);
    const analysis = analyzeGraph(doc);
    expect(analysis.ok).toBe(false);
    expect(analysis.issues.some((i) => i.code === 'tooManyInputs' && i.nodeIds.includes('hidden2'))).toBe(true);
  });

  it('a back edge makes a cycle that core reports', () => {
    const analysis = analyzeGraph(connect(starterDocument(), 'hidden2', 'hidden1'));
    expect(analysis.issues.map((i) => i.code)).toContain('cycle');
  });
});

describe('updateSettings', () => {
  it('merges into one node and changes what core computes', () => {
    const before = starterDocument();
    const doc = updateSettings(before, 'hidden2', { units: 4 });
    expect(doc.nodes[2].settings).toMatchObject({ units: 4, activation: 'tanh' });
    expect(before.nodes[2].settings).toMatchObject({ units: 8 });
    expect(doc.nodes[1]).toBe(before.nodes[1]);
    // hidden2: 8 inputs x 4 units + 4 biases; output: 4 x 1 + 1
    const analysis = analyzeGraph(doc);
    expect(analysis.paramCounts.hidden2).toBe(8 * 4 + 4);
    expect(analysis.paramCounts.output).toBe(4 + 1);
  });

  it('stores invalid values as given; core flags them on the node', () => {
    const doc = updateSettings(starterDocument(), 'hidden1', { units: 0 });
    const issue = analyzeGraph(doc).issues.find((i) => i.code === 'invalidSetting');
    expect(issue?.nodeIds).toEqual(['hidden1']);
    expect(issue?.params.setting).toBe('units');
  });

  it('ignores unknown nodes', () => {
    const before = starterDocument();
    expect(updateSettings(before, 'ghost', { units: 3 })).toBe(before);
  });

  it("a changed choice drops the settings that depended on it: leakyRelu's α does not become elu's", () => {
    const doc: NetworkDocument = {
      nodes: [
        { id: 'in', type: 'input', settings: { shape: [2] }, position: { x: 0, y: 0 } },
        { id: 'a', type: 'activation', settings: { activation: 'leakyRelu', alpha: 0.2 }, position: { x: 0, y: 0 } },
      ],
      edges: [{ id: 'e', source: 'in', target: 'a' }],
    };
    expect(updateSettings(doc, 'a', { activation: 'leakyRelu' }).nodes[1].settings).toEqual({ activation: 'leakyRelu', alpha: 0.2 });
    const elu = updateSettings(doc, 'a', { activation: 'elu' });
    expect(elu.nodes[1].settings).toEqual({ activation: 'elu' }); // elu's α falls back to its own default, 1
    expect(updateSettings(doc, 'a', { activation: 'elu', alpha: 0.5 }).nodes[1].settings).toEqual({ activation: 'elu', alpha: 0.5 });
    expect(updateSettings(doc, 'a', { alpha: 0.3 }).nodes[1].settings).toEqual({ activation: 'leakyRelu', alpha: 0.3 });
  });
});

describe('moveNode', () => {
  it('moves one node and keeps its settings object', () => {
    const before = starterDocument();
    const doc = moveNode(before, 'hidden1', { x: 5, y: 6 });
    expect(doc.nodes[1].position).toEqual({ x: 5, y: 6 });
    expect(doc.nodes[1].settings).toBe(before.nodes[1].settings);
    expect(doc.edges).toBe(before.edges);
    expect(moveNode(doc, 'hidden1', { x: 5, y: 6 })).toBe(doc);
  });
});
