import { describe, expect, it } from 'vitest';
import { starterDocument } from '../../../src/core';
import { createFlowEdgeDeriver, createFlowNodeDeriver } from '../../../src/renderer/canvas/flowElements';
import { moveNode, removeNodes } from '../../../src/renderer/commands';
import { freePosition } from '../../../src/renderer/canvas/placement';

describe('React Flow elements derived from the document', () => {
  it('maps nodes and edges to the custom types', () => {
    const doc = starterDocument();
    const nodes = createFlowNodeDeriver()(doc, ['hidden1'], { input: { width: 164, height: 70 } });
    expect(nodes.map((n) => [n.id, n.type, n.selected])).toEqual([
      ['input', 'layer', false],
      ['hidden1', 'layer', true],
      ['hidden2', 'layer', false],
      ['output', 'layer', false],
    ]);
    expect(nodes[0].measured).toEqual({ width: 164, height: 70 });
    expect(nodes[1].position).toEqual(doc.nodes[1].position);
    const edges = createFlowEdgeDeriver()(doc, []);
    expect(edges.map((e) => [e.id, e.source, e.target, e.type])).toEqual([
      ['e-input-hidden1', 'input', 'hidden1', 'shape'],
      ['e-hidden1-hidden2', 'hidden1', 'hidden2', 'shape'],
      ['e-hidden2-output', 'hidden2', 'output', 'shape'],
    ]);
  });

  it('reuses unchanged objects so React Flow skips them', () => {
    const derive = createFlowNodeDeriver();
    const doc = starterDocument();
    const a = derive(doc, [], {});
    const moved = moveNode(doc, 'hidden2', { x: 1, y: 1 });
    const b = derive(moved, [], {});
    expect(b[0]).toBe(a[0]);
    expect(b[1]).toBe(a[1]);
    expect(b[2]).not.toBe(a[2]);
    expect(b[2].position).toEqual({ x: 1, y: 1 });
    const c = derive(moved, ['input'], {});
    expect(c[0]).not.toBe(b[0]);
    expect(c[1]).toBe(b[1]);
  });

  it('drops removed nodes and edges', () => {
    const doc = removeNodes(starterDocument(), ['hidden1']);
    expect(createFlowNodeDeriver()(doc, [], {}).map((n) => n.id)).toEqual(['input', 'hidden2', 'output']);
    expect(createFlowEdgeDeriver()(doc, []).map((e) => e.id)).toEqual(['e-hidden2-output']);
  });
});

describe('freePosition', () => {
  it('keeps the wanted spot when it is free', () => {
    expect(freePosition(starterDocument(), { x: 100, y: 600 })).toEqual({ x: 100, y: 600 });
  });

  it('moves below the nodes it would cover', () => {
    // starter nodes sit at y = 120 (height 90 + gap 24); wanted y=120 overlaps -> next row y = 120 + 114
    const p = freePosition(starterDocument(), { x: 260, y: 120 });
    expect(p).toEqual({ x: 260, y: 234 });
  });

  it('uses measured sizes when known', () => {
    const tall = { hidden1: { width: 164, height: 300 } };
    // hidden1 spans y 120..420 (+24 gap): one row down (234) still overlaps it, one row up (6) is free
    expect(freePosition(starterDocument(), { x: 260, y: 120 }, tall)).toEqual({ x: 260, y: 6 });
    // a point next to its tall body: 348 overlaps it, one row down (462) is free
    expect(freePosition(starterDocument(), { x: 260, y: 348 }, tall)).toEqual({ x: 260, y: 462 });
  });
});
