import type { NetworkDocument } from '../../core/graph/document';

/** Moves one node. Keeps the node's settings object so analysis memoization survives drags. */
export function moveNode(doc: NetworkDocument, nodeId: string, position: { x: number; y: number }): NetworkDocument {
  const index = doc.nodes.findIndex((n) => n.id === nodeId);
  if (index < 0) return doc;
  const node = doc.nodes[index];
  if (node.position.x === position.x && node.position.y === position.y) return doc;
  const nodes = doc.nodes.slice();
  nodes[index] = { ...node, position: { x: position.x, y: position.y } };
  return { nodes, edges: doc.edges };
}
