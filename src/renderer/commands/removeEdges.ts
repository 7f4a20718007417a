import type { NetworkDocument } from '../../core/graph/document';

export function removeEdges(doc: NetworkDocument, edgeIds: readonly string[]): NetworkDocument {
  const gone = new Set(edgeIds);
  if (!doc.edges.some((e) => gone.has(e.id))) return doc;
  return { nodes: doc.nodes, edges: doc.edges.filter((e) => !gone.has(e.id)) };
}
