import type { Edge, Node } from '@xyflow/react';
import type { DocEdge, DocNode, NetworkDocument } from '../../core/graph/document';
import type { Size } from '../store/documentStore';

// React Flow's node/edge arrays are derived from the document. Each derived object is
// cached per id and reused while its inputs are unchanged, so React Flow (which compares
// by reference) only re-processes what actually changed.

export type LayerFlowNode = Node<Record<string, never>, 'layer'>;
export type ShapeFlowEdge = Edge<Record<string, never>, 'shape'>;

const EMPTY = {} as Record<string, never>;

export function createFlowNodeDeriver() {
  const cache = new Map<string, { src: DocNode; selected: boolean; size: Size | undefined; node: LayerFlowNode }>();
  return function deriveNodes(
    doc: NetworkDocument,
    selectedIds: readonly string[],
    measured: Record<string, Size>,
  ): LayerFlowNode[] {
    const selected = new Set(selectedIds);
    const seen = new Set<string>();
    const out = doc.nodes.map((src) => {
      seen.add(src.id);
      const isSelected = selected.has(src.id);
      const size = measured[src.id];
      const hit = cache.get(src.id);
      if (hit && hit.src === src && hit.selected === isSelected && hit.size === size) return hit.node;
      const node: LayerFlowNode = {
        id: src.id,
        type: 'layer',
        position: src.position,
        data: EMPTY,
        selected: isSelected,
        ...(size ? { measured: size } : {}),
      };
      cache.set(src.id, { src, selected: isSelected, size, node });
      return node;
    });
    for (const id of [...cache.keys()]) if (!seen.has(id)) cache.delete(id);
    return out;
  };
}

export function createFlowEdgeDeriver() {
  const cache = new Map<string, { src: DocEdge; selected: boolean; edge: ShapeFlowEdge }>();
  return function deriveEdges(doc: NetworkDocument, selectedIds: readonly string[]): ShapeFlowEdge[] {
    const selected = new Set(selectedIds);
    const seen = new Set<string>();
    const out = doc.edges.map((src) => {
      seen.add(src.id);
      const isSelected = selected.has(src.id);
      const hit = cache.get(src.id);
      if (hit && hit.src === src && hit.selected === isSelected) return hit.edge;
      const edge: ShapeFlowEdge = {
        id: src.id,
        source: src.source,
        target: src.target,
        type: 'shape',
        selected: isSelected,
      };
      cache.set(src.id, { src, selected: isSelected, edge });
      return edge;
    });
    for (const id of [...cache.keys()]) if (!seen.has(id)) cache.delete(id);
    return out;
  };
}
