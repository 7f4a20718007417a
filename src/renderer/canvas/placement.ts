import type { NetworkDocument } from '../../core/graph/document';

export const NODE_WIDTH = 164;
export const NODE_HEIGHT = 90;
const GAP = 24;

/**
 * Top-left position for a new node near `wanted` that does not cover an existing node:
 * tries `wanted`, then steps downwards (then upwards) a node-height at a time.
 */
export function freePosition(
  doc: NetworkDocument,
  wanted: { x: number; y: number },
  sizes: Record<string, { width: number; height: number }> = {},
): { x: number; y: number } {
  const overlaps = (x: number, y: number) =>
    doc.nodes.some((n) => {
      const w = sizes[n.id]?.width ?? NODE_WIDTH;
      const h = sizes[n.id]?.height ?? NODE_HEIGHT;
      return x < n.position.x + w + GAP && x + NODE_WIDTH + GAP > n.position.x && y < n.position.y + h + GAP && y + NODE_HEIGHT + GAP > n.position.y;
    });
  const step = NODE_HEIGHT + GAP;
  for (let k = 0; k < 40; k++) {
    for (const dy of k === 0 ? [0] : [k * step, -k * step]) {
      if (!overlaps(wanted.x, wanted.y + dy)) return { x: Math.round(wanted.x), y: Math.round(wanted.y + dy) };
    }
  }
  return { x: Math.round(wanted.x), y: Math.round(wanted.y) };
}
