import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { NetworkDocument } from '../../core/graph/document';
import type { GraphFix } from '../../core/graph/analysis';
import { applyFix, defaultSettings, starterDocument } from '../../core';
import * as commands from '../commands';
import { freePosition } from '../canvas/placement';

export interface Size {
  width: number;
  height: number;
}

export interface DocumentState {
  doc: NetworkDocument;
  /** Canvas selection (UI state, not saved with the document). */
  selectedNodeIds: string[];
  selectedEdgeIds: string[];
  /** Node sizes measured by React Flow; kept outside the document because they are view state. */
  measured: Record<string, Size>;
  /** Unsaved changes: set by every edit (and by markDirty for training changes), cleared by markSaved. */
  dirty: boolean;

  addNode(type: string, position: { x: number; y: number }): string;
  removeNodes(nodeIds: readonly string[]): void;
  removeEdges(edgeIds: readonly string[]): void;
  connect(source: string, target: string): void;
  updateSettings(nodeId: string, patch: Record<string, unknown>): void;
  moveNode(nodeId: string, position: { x: number; y: number }): void;
  /** Applies a suggested fix of a graph issue (core's applyFix) as one edit; an inserted layer is selected. Returns the ids of inserted nodes. */
  applyFix(fix: GraphFix): string[];
  setSelection(nodeIds: string[], edgeIds: string[]): void;
  setMeasured(nodeId: string, size: Size): void;
  /** A new document (New, Open): selection cleared; `dirty` false unless restoring unsaved work. */
  replaceDocument(doc: NetworkDocument, options?: { dirty?: boolean }): void;
  markDirty(): void;
  markSaved(): void;
}

export function createDocumentStore(initial: NetworkDocument = starterDocument()) {
  return createStore<DocumentState>()((set, get) => ({
    doc: initial,
    selectedNodeIds: [],
    selectedEdgeIds: [],
    measured: {},
    dirty: false,

    addNode(type, position) {
      const { doc, nodeId } = commands.addNode(get().doc, type, defaultSettings(type), position);
      set({ doc, selectedNodeIds: [nodeId], selectedEdgeIds: [], dirty: true });
      return nodeId;
    },
    removeNodes(nodeIds) {
      const gone = new Set(nodeIds);
      set((s) => ({
        dirty: true,
        doc: commands.removeNodes(s.doc, nodeIds),
        selectedNodeIds: s.selectedNodeIds.filter((id) => !gone.has(id)),
        selectedEdgeIds: s.selectedEdgeIds.filter((id) => {
          const edge = s.doc.edges.find((e) => e.id === id);
          return edge !== undefined && !gone.has(edge.source) && !gone.has(edge.target);
        }),
      }));
    },
    removeEdges(edgeIds) {
      const gone = new Set(edgeIds);
      set((s) => ({
        dirty: true,
        doc: commands.removeEdges(s.doc, edgeIds),
        selectedEdgeIds: s.selectedEdgeIds.filter((id) => !gone.has(id)),
      }));
    },
    connect(source, target) {
      set((s) => ({ doc: commands.connect(s.doc, source, target), dirty: true }));
    },
    updateSettings(nodeId, patch) {
      set((s) => ({ doc: commands.updateSettings(s.doc, nodeId, patch), dirty: true }));
    },
    moveNode(nodeId, position) {
      set((s) => {
        const node = s.doc.nodes.find((n) => n.id === nodeId);
        if (node && node.position.x === position.x && node.position.y === position.y) return s;
        return { doc: commands.moveNode(s.doc, nodeId, position), dirty: true };
      });
    },
    applyFix(fix) {
      const before = get().doc;
      let doc = applyFix(before, fix);
      if (doc === before) return [];
      const known = new Set(before.nodes.map((n) => n.id));
      const added = doc.nodes.filter((n) => !known.has(n.id)).map((n) => n.id);
      // An inserted layer goes where core suggests (between its neighbours), moved off any node it would cover.
      if (added.length) {
        const sizes = get().measured;
        doc = { ...doc, nodes: doc.nodes.map((n) => (known.has(n.id) ? n : { ...n, position: freePosition(before, n.position, sizes) })) };
      }
      set(added.length ? { doc, dirty: true, selectedNodeIds: added, selectedEdgeIds: [] } : { doc, dirty: true });
      return added;
    },
    setSelection(nodeIds, edgeIds) {
      const s = get();
      if (sameIds(s.selectedNodeIds, nodeIds) && sameIds(s.selectedEdgeIds, edgeIds)) return;
      set({ selectedNodeIds: nodeIds, selectedEdgeIds: edgeIds });
    },
    setMeasured(nodeId, size) {
      const old = get().measured[nodeId];
      if (old && old.width === size.width && old.height === size.height) return;
      set((s) => ({ measured: { ...s.measured, [nodeId]: size } }));
    },
    replaceDocument(doc, options = {}) {
      set({ doc, selectedNodeIds: [], selectedEdgeIds: [], measured: {}, dirty: options.dirty ?? false });
    },
    markDirty() {
      if (!get().dirty) set({ dirty: true });
    },
    markSaved() {
      if (get().dirty) set({ dirty: false });
    },
  }));
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

export type DocumentStore = ReturnType<typeof createDocumentStore>;

/** The app's one document store. */
export const documentStore = createDocumentStore();

export function useDocumentStore<T>(selector: (state: DocumentState) => T): T {
  return useStore(documentStore, selector);
}
