import type { NetworkDocument } from '../../core/graph/document';
import { getLayerDefinition } from '../../core';

/**
 * Merges `patch` into one node's settings. Values are stored as given; core validates them.
 * A changed choice drops the settings that depend on it (SettingSpec.when) unless the patch sets them:
 * Leaky ReLU's slope α = 0.01 must not become ELU's α when the activation changes (ELU's default is 1).
 */
export function updateSettings(
  doc: NetworkDocument,
  nodeId: string,
  patch: Record<string, unknown>,
): NetworkDocument {
  const index = doc.nodes.findIndex((n) => n.id === nodeId);
  if (index < 0) return doc;
  const node = doc.nodes[index];
  const settings: Record<string, unknown> = { ...node.settings, ...patch };
  for (const spec of getLayerDefinition(node.type)?.settings ?? []) {
    const changed = spec.when && spec.when.key in patch && patch[spec.when.key] !== node.settings[spec.when.key];
    if (changed && !(spec.key in patch)) delete settings[spec.key];
  }
  const nodes = doc.nodes.slice();
  nodes[index] = { ...node, settings };
  return { nodes, edges: doc.edges };
}
