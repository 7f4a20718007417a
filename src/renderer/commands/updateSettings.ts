import type { NetworkDocument } from '../../core/graph/document';

/** Merges `patch` into one node's settings. Values are stored as given; core validates them. */
export function updateSettings(
  doc: NetworkDocument,
  nodeId: string,
  patch: Record<string, unknown>,
): NetworkDocument {
  const index = doc.nodes.findIndex((n) => n.id === nodeId);
  if (index < 0) return doc;
  const node = doc.nodes[index];
  const nodes = doc.nodes.slice();
  nodes[index] = { ...node, settings: { ...node.settings, ...patch } };
  return { nodes, edges: doc.edges };
}
