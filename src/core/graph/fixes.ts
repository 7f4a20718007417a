// Suggested fixes for graph issues ("Dense expects a vector but receives (batch, 28, 28, 1):
// insert Flatten"), and applying one. A fix is only suggested when the layer type it needs is in
// the registry and the layer's outputShape accepts the result, so a click always helps.

import { getLayerDefinition } from '../layers/registry';
import { checkSetting, withDefaults } from '../layers/settings';
import type { LayerDefinition, LayerSettings, SettingSpec } from '../layers/types';
import { shapeSize } from '../tensor/tensor';
import type { GraphFix } from './analysis';
import type { DocEdge, DocNode, NetworkDocument, Shape } from './document';

/** A layer that turns `input` into something `def` accepts: Flatten for a vector-only layer, Reshape to an image. */
export function fixForShapeMismatch(nodeId: string, def: LayerDefinition, settings: LayerSettings, input: Shape): GraphFix | null {
  const candidates: { type: string; settings?: Record<string, unknown> }[] = [];
  if (input.length > 1) candidates.push({ type: 'flatten' });
  const n = shapeSize(input);
  const side = Math.round(Math.sqrt(n));
  if (input.length === 1 && side * side === n && side > 1) candidates.push({ type: 'reshape', settings: { targetShape: [side, side, 1] } });
  for (const c of candidates) {
    const adapter = getLayerDefinition(c.type);
    if (!adapter || adapter.minInputs > 1) continue;
    const adapterSettings = withDefaults(adapter.settings, c.settings);
    const mid = adapter.outputShape(adapterSettings, [input]);
    if (!mid.ok || !def.outputShape(settings, [mid.shape]).ok) continue;
    const what = c.settings ? `${adapter.label} to (batch, ${mid.shape.join(', ')})` : adapter.label;
    return { kind: 'insertNode', type: c.type, ...(c.settings ? { settings: c.settings } : {}), before: nodeId, label: `insert ${what} before '${nodeId}'` };
  }
  return null;
}

/** A value in range for a setting that is out of range, or of the wrong kind (the default). */
export function fixForSetting(nodeId: string, spec: SettingSpec, value: unknown): GraphFix | null {
  let next: unknown = spec.default;
  if ((spec.kind === 'int' || spec.kind === 'float') && typeof value === 'number' && Number.isFinite(value)) {
    next = value;
    if (spec.kind === 'int') next = Math.round(value);
    if (spec.min !== undefined && (next as number) < spec.min) next = spec.kind === 'int' ? Math.ceil(spec.min) : spec.min;
    if (spec.max !== undefined) {
      const top = spec.maxExclusive ? spec.max - (spec.kind === 'int' ? 1 : spec.step ?? 0.01) : spec.max;
      if ((next as number) > top) next = spec.kind === 'int' ? Math.floor(top) : top;
    }
  }
  if (checkSetting(spec, next) !== null || JSON.stringify(next) === JSON.stringify(value)) return null;
  return { kind: 'setSetting', nodeId, key: spec.key, value: next, label: `set ${spec.key} of '${nodeId}' to ${JSON.stringify(next)}` };
}

/** A window (kernel, pool) too large for its input with 'valid' padding: 'same' padding fits any input. */
export function fixForWindow(nodeId: string, def: LayerDefinition, settings: LayerSettings, inputs: readonly Shape[]): GraphFix | null {
  const padding = def.settings.find((s) => s.key === 'padding');
  if (!padding?.options?.includes('same') || settings.padding === 'same') return null;
  if (!def.outputShape({ ...settings, padding: 'same' }, inputs).ok) return null;
  return { kind: 'setSetting', nodeId, key: 'padding', value: 'same', label: `set padding of '${nodeId}' to "same"` };
}

/** The document with the fix applied (pure; the document is not modified). */
export function applyFix(doc: NetworkDocument, fix: GraphFix): NetworkDocument {
  if (fix.kind === 'setSetting') {
    return {
      ...doc,
      nodes: doc.nodes.map((n) => (n.id === fix.nodeId ? { ...n, settings: { ...n.settings, [fix.key]: fix.value } } : n)),
    };
  }
  const target = doc.nodes.find((n) => n.id === fix.before);
  const def = getLayerDefinition(fix.type);
  if (!target || !def) return doc;
  const taken = new Set(doc.nodes.map((n) => n.id));
  let id = fix.type;
  for (let k = 2; taken.has(id); k++) id = `${fix.type}${k}`;
  const incoming = doc.edges.filter((e) => e.target === fix.before);
  const sources = incoming.map((e) => doc.nodes.find((n) => n.id === e.source)).filter((n): n is DocNode => !!n);
  const from = sources[0]?.position ?? { x: target.position.x - 260, y: target.position.y };
  const node: DocNode = {
    id,
    type: fix.type,
    settings: withDefaults(def.settings, fix.settings),
    position: { x: (from.x + target.position.x) / 2, y: (from.y + target.position.y) / 2 + 60 },
  };
  const edgeIds = new Set(doc.edges.map((e) => e.id));
  const edgeId = (s: string, t: string) => {
    let eid = `e-${s}-${t}`;
    for (let k = 2; edgeIds.has(eid); k++) eid = `e-${s}-${t}-${k}`;
    edgeIds.add(eid);
    return eid;
  };
  const rewired: DocEdge[] = doc.edges.map((e) => (e.target === fix.before ? { id: edgeId(e.source, id), source: e.source, target: id } : e));
  return { ...doc, nodes: [...doc.nodes, node], edges: [...rewired, { id: edgeId(id, fix.before), source: id, target: fix.before }] };
}
