import type { NetworkDocument } from '../../core/graph/document';

/**
 * A fresh node id for a layer type: `dense-3`. One past the highest number already used
 * for that type, so a deleted node's id is not handed to the very next node.
 */
export function nextNodeId(doc: NetworkDocument, type: string): string {
  const prefix = `${type}-`;
  let highest = 0;
  for (const node of doc.nodes) {
    if (!node.id.startsWith(prefix)) continue;
    const n = Number(node.id.slice(prefix.length));
    if (Number.isInteger(n) && n > highest) highest = n;
  }
  let candidate = highest + 1;
  const taken = new Set(doc.nodes.map((n) => n.id));
  while (taken.has(`${prefix}${candidate}`)) candidate += 1;
  return `${prefix}${candidate}`;
}

/** Edge ids follow the starter document: `e-<source>-<target>`. */
export function edgeId(source: string, target: string): string {
  return `e-${source}-${target}`;
}
