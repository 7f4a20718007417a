import type { NetworkDocument } from '../../core/graph/document';
import { edgeId } from './ids';

/**
 * Wires source -> target. Deliberately permissive: a connection that makes the graph
 * invalid (second input, cycle, shape mismatch) is kept so that core's analysis can
 * explain the problem on the node. Only meaningless edges are refused: unknown nodes,
 * a node wired to itself, and an exact duplicate.
 */
export function connect(doc: NetworkDocument, source: string, target: string): NetworkDocument {
  if (source === target) return doc;
  const ids = new Set(doc.nodes.map((n) => n.id));
  if (!ids.has(source) || !ids.has(target)) return doc;
  if (doc.edges.some((e) => e.source === source && e.target === target)) return doc;
  let id = edgeId(source, target);
  const taken = new Set(doc.edges.map((e) => e.id));
  for (let i = 2; taken.has(id); i++) id = `${edgeId(source, target)}-${i}`;
  return { nodes: doc.nodes, edges: [...doc.edges, { id, source, target }] };
}
