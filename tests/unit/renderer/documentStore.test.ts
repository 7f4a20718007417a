import { describe, expect, it } from 'vitest';
import { createDocumentStore } from '../../../src/renderer/store/documentStore';
import { analysisOf } from '../../../src/renderer/store/analysis';

describe('document store (headless)', () => {
  it('adds a node with core defaults and selects it', () => {
    const store = createDocumentStore();
    const id = store.getState().addNode('dense', { x: 1, y: 2 });
    expect(id).toBe('dense-1');
    const node = store.getState().doc.nodes.find((n) => n.id === id)!;
    expect(node.settings).toEqual({ units: 8, activation: 'linear', useBias: true, kernelInitializer: 'glorotUniform', biasInitializer: 'zeros' });
    expect(store.getState().selectedNodeIds).toEqual([id]);
  });

  it('removing a selected node clears it and its edges from the selection', () => {
    const store = createDocumentStore();
    store.getState().setSelection(['hidden1'], ['e-input-hidden1', 'e-hidden2-output']);
    store.getState().removeNodes(['hidden1']);
    const s = store.getState();
    expect(s.selectedNodeIds).toEqual([]);
    expect(s.selectedEdgeIds).toEqual(['e-hidden2-output']);
    expect(s.doc.edges.map((e) => e.id)).toEqual(['e-hidden2-output']);
  });

  it('analysis is memoized across moves but recomputed on edits', () => {
    const store = createDocumentStore();
    const a1 = analysisOf(store.getState().doc);
    expect(a1.totalParams).toBe(2 * 8 + 8 + 8 * 8 + 8 + 8 + 1);
    store.getState().moveNode('hidden1', { x: 400, y: 400 });
    expect(analysisOf(store.getState().doc)).toBe(a1);
    store.getState().updateSettings('hidden1', { units: 3 });
    const a2 = analysisOf(store.getState().doc);
    expect(a2).not.toBe(a1);
    // 2*3+3 + 3*8+8 + 8*1+1
    expect(a2.totalParams).toBe(9 + 32 + 9);
  });

  it('connect and removeEdges round-trip', () => {
    const store = createDocumentStore();
    store.getState().removeEdges(['e-hidden1-hidden2']);
    expect(analysisOf(store.getState().doc).ok).toBe(false);
    store.getState().connect('hidden1', 'hidden2');
    expect(analysisOf(store.getState().doc).ok).toBe(true);
  });
});
