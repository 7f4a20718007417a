import type { DocNode, NetworkDocument } from '../../core/graph/document';
import { nextNodeId } from './ids';

export interface AddNodeResult {
  doc: NetworkDocument;
  nodeId: string;
}

/** Adds a layer of `type` with the given settings (the caller passes core's defaultSettings(type)). */
export function addNode(
  doc: NetworkDocument,
  type: string,
  settings: Record<string, unknown>,
  position: { x: number; y: number },
): AddNodeResult {
  const nodeId = nextNodeId(doc, type);
  const node: DocNode = { id: nodeId, type, settings: { ...settings }, position: { x: position.x, y: position.y } };
  return { doc: { nodes: [...doc.nodes, node], edges: doc.edges }, nodeId };
}
