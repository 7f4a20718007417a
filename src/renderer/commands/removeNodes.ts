import type { NetworkDocument } from '../../core/graph/document';

/** Removes nodes and every edge touching them. Unknown ids are ignored. */
export function removeNodes(doc: NetworkDocument, nodeIds: readonly string[]): NetworkDocument {
  const gone = new Set(nodeIds);
  if (!doc.nodes.some((n) => gone.has(n.id))) return doc;
  return {
    nodes: doc.nodes.filter((n) => !gone.has(n.id)),
    edges: doc.edges.filter((e) => !gone.has(e.source) && !gone.has(e.target)),
  };
}
