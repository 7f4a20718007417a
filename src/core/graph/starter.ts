// The network a new document starts with: TF Playground's classic 2-8-8-1.

import { defaultSettings } from '../layers/registry';
import type { DocNode, NetworkDocument } from './document';

export function starterDocument(): NetworkDocument {
  const spec: [string, string, Record<string, unknown>][] = [
    ['input', 'input', { shape: [2] }],
    ['hidden1', 'dense', { units: 8, activation: 'tanh' }],
    ['hidden2', 'dense', { units: 8, activation: 'tanh' }],
    ['output', 'dense', { units: 1, activation: 'sigmoid' }],
  ];
  const nodes: DocNode[] = spec.map(([id, type, s], i) => ({
    id,
    type,
    settings: { ...defaultSettings(type), ...s },
    position: { x: i * 260, y: 120 },
  }));
  const edges = nodes.slice(1).map((n, i) => ({ id: `e-${nodes[i].id}-${n.id}`, source: nodes[i].id, target: n.id }));
  return { nodes, edges };
}
