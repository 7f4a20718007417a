// The model summary: per layer its output shape, parameters (trainable / not), multiply-adds and
// activation memory per sample, with totals; formatSummary() prints it in the layout of Keras'
// model.summary(). Works on any document (shows what can be known on a half-built one).
//
// Multiply-adds (MACs) follow the Keras/ptflops convention: one per weight use, bias adds and
// elementwise functions not counted. A layer states its own through LayerDefinition.macs; for one
// that does not, a parameter-free layer counts 0 and a layer with parameters is estimated as
// weights (less the bias) × output positions (exact for Dense and Conv2D), marked `macsEstimated`.

import { getLayerDefinition } from '../layers/registry';
import { withDefaults } from '../layers/settings';
import { shapeSize } from '../tensor/tensor';
import { analyzeGraph } from './analyze';
import type { NetworkDocument, Shape } from './document';

/** float32 */
const BYTES_PER_VALUE = 4;

export interface LayerSummary {
  id: string;
  type: string;
  /** English layer name ('Dense'); the UI translates by type. */
  label: string;
  /** Ids of the nodes feeding this one, in edge order. */
  inputs: string[];
  outputShape: Shape | null;
  trainableParams: number | null;
  nonTrainableParams: number | null;
  macs: number | null;
  /** True when macs is our estimate, not the layer's own count. */
  macsEstimated: boolean;
  /** Bytes of this layer's output for one sample (float32). */
  activationBytes: number | null;
}

export interface ModelSummary {
  /** Whether the network is valid (analyzeGraph ok); totals then cover every layer. */
  ok: boolean;
  /** In execution order when ok, else in document order. */
  layers: LayerSummary[];
  totals: {
    trainableParams: number;
    nonTrainableParams: number;
    params: number;
    /** Bytes of all parameters (float32). */
    paramBytes: number;
    macs: number;
    /** Some layer's macs is an estimate or unknown. */
    macsEstimated: boolean;
    activationBytes: number;
  };
}

export function summarizeGraph(doc: NetworkDocument): ModelSummary {
  const analysis = analyzeGraph(doc);
  const nodes = Array.isArray(doc?.nodes) ? doc.nodes : [];
  const edges = Array.isArray(doc?.edges) ? doc.edges : [];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const ids = analysis.ok ? analysis.order : [...byId.keys()];
  const layers: LayerSummary[] = ids.map((id) => {
    const node = byId.get(id)!;
    const def = getLayerDefinition(node.type);
    const inputs = edges.filter((e) => e.target === id).map((e) => e.source);
    const out = analysis.shapes[id] ?? null;
    const layer: LayerSummary = {
      id, type: node.type, label: def?.label ?? node.type, inputs, outputShape: out,
      trainableParams: null, nonTrainableParams: null, macs: null, macsEstimated: false,
      activationBytes: out ? shapeSize(out) * BYTES_PER_VALUE : null,
    };
    const inShapes = inputs.map((s) => analysis.shapes[s]);
    if (!def || !out || inShapes.some((s) => !s)) return layer;
    const settings = withDefaults(def.settings, node.settings);
    const params = analysis.paramCounts[id] ?? def.paramCount(settings, inShapes);
    layer.trainableParams = params;
    layer.nonTrainableParams = def.nonTrainableParamCount?.(settings, inShapes) ?? 0;
    if (def.macs) layer.macs = def.macs(settings, inShapes, out);
    else if (params === 0) layer.macs = 0;
    else {
      // Weights (parameters less a bias of one per output channel) used once per output position:
      // a Dense has 1 position, a Conv2D Ho·Wo.
      const positions = out.length > 1 ? shapeSize(out.slice(0, -1)) : 1;
      const bias = settings.useBias === true ? out[out.length - 1] : 0;
      layer.macs = Math.max(0, params - bias) * positions;
      layer.macsEstimated = true;
    }
    return layer;
  });

  const sum = (f: (l: LayerSummary) => number | null) => layers.reduce((a, l) => a + (f(l) ?? 0), 0);
  const trainableParams = sum((l) => l.trainableParams);
  const nonTrainableParams = sum((l) => l.nonTrainableParams);
  return {
    ok: analysis.ok,
    layers,
    totals: {
      trainableParams,
      nonTrainableParams,
      params: trainableParams + nonTrainableParams,
      paramBytes: (trainableParams + nonTrainableParams) * BYTES_PER_VALUE,
      macs: sum((l) => l.macs),
      macsEstimated: !analysis.ok || layers.some((l) => l.macsEstimated || l.macs === null),
      activationBytes: sum((l) => l.activationBytes),
    },
  };
}

/** `(None, 28, 28, 1)`: Keras writes the batch dimension as None. */
function kerasShape(shape: Shape | null, isInput: boolean): string {
  if (!shape) return '?';
  const s = `(None, ${shape.join(', ')})`;
  return isInput ? `[${s}]` : s;
}

/** 1234567 -> '1,234,567' (fixed separators: the text is the same in every locale). */
export function groupDigits(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Bytes as Keras prints them: '296.00 B', '1.17 KB', '3.05 MB'. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(2)} ${units[u]}`;
}

/**
 * The summary as text in the layout of Keras' model.summary() (tf.keras 2), with two more
 * columns (multiply-adds, activation memory per sample) and a "Connected to" column when the
 * network is not a plain chain.
 */
export function formatSummary(summary: ModelSummary, options: { name?: string } = {}): string {
  const chain = summary.layers.every((l, i) => (i === 0 ? l.inputs.length === 0 : l.inputs.length === 1 && l.inputs[0] === summary.layers[i - 1].id));
  const keras = (type: string, label: string) => (type === 'input' ? 'InputLayer' : label);
  const rows = summary.layers.map((l) => [
    `${l.id} (${keras(l.type, l.label)})`,
    kerasShape(l.outputShape, l.type === 'input'),
    l.trainableParams === null ? '?' : String(l.trainableParams + (l.nonTrainableParams ?? 0)),
    l.macs === null ? '?' : `${l.macsEstimated ? '~' : ''}${groupDigits(l.macs)}`,
    l.activationBytes === null ? '?' : formatBytes(l.activationBytes),
    ...(chain ? [] : [l.inputs.join(', ')]),
  ]);
  const head = ['Layer (type)', 'Output Shape', 'Param #', 'Mult-Adds', 'Act. Memory', ...(chain ? [] : ['Connected to'])];
  const widths = head.map((h, c) => Math.max(c === 0 ? 27 : c === 1 ? 25 : 11, h.length, ...rows.map((r) => r[c].length)) + 1);
  const line = (cells: string[]) => ` ${cells.map((cell, c) => cell.padEnd(widths[c])).join(' ')}`.trimEnd();
  const width = widths.reduce((a, b) => a + b + 1, 1);
  const t = summary.totals;
  const est = t.macsEstimated ? '~' : '';
  const out = [
    `Model: "${options.name ?? 'model'}"`,
    '_'.repeat(width),
    line(head),
    '='.repeat(width),
    ...rows.flatMap((r, i) => (i === 0 ? [line(r)] : ['', line(r)])),
    '='.repeat(width),
    `Total params: ${groupDigits(t.params)} (${formatBytes(t.paramBytes)})`,
    `Trainable params: ${groupDigits(t.trainableParams)} (${formatBytes(t.trainableParams * BYTES_PER_VALUE)})`,
    `Non-trainable params: ${groupDigits(t.nonTrainableParams)} (${formatBytes(t.nonTrainableParams * BYTES_PER_VALUE)})`,
    `Total mult-adds: ${est}${groupDigits(t.macs)}`,
    `Activation memory per sample: ${formatBytes(t.activationBytes)}`,
    '_'.repeat(width),
  ];
  if (!summary.ok) out.push('The network has problems: the figures cover only the layers whose shapes are known.');
  return `${out.join('\n')}\n`;
}
