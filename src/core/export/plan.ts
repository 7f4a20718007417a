// What every exporter starts from: the network in execution order, each node with its settings
// (defaults filled in), input and output shapes and its parameters by name, plus the weights to
// export — the last run's trained weights when they fit the network, else its initial ones.
// Pure data; the format writers (onnxGraph.ts, pytorch.ts, keras.ts) turn it into files.

import { analyzeGraph } from '../graph/analyze';
import { compileNetwork } from '../graph/compile';
import type { NetworkDocument, Shape } from '../graph/document';
import { getLayerDefinition } from '../layers/registry';
import { withDefaults } from '../layers/settings';
import type { LayerSettings } from '../layers/types';
import type { NamedTensor } from '../project/safetensors';
import type { Project } from '../project/types';

export type ExportFormat = 'onnx' | 'pytorch' | 'keras';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['onnx', 'pytorch', 'keras'];
export const FORMAT_LABELS: Record<ExportFormat, string> = { onnx: 'ONNX', pytorch: 'PyTorch', keras: 'Keras' };

/** An export that cannot be made: an invalid network, or a layer (nodeId) the format cannot express. */
export class ExportError extends Error {
  constructor(message: string, readonly nodeId?: string) {
    super(message);
    this.name = 'ExportError';
  }
}

/** One file an exporter produces. */
export interface ExportFile {
  name: string;
  data: Uint8Array;
}

export interface ExportResult {
  files: ExportFile[];
  /** Things the user should know (e.g. "no trained weights: the initial ones were exported"). */
  notes: string[];
}

export interface PlanNode {
  id: string;
  type: string;
  /** English layer name ('Dense'). */
  label: string;
  settings: LayerSettings;
  /** Source node ids, in edge order (the layer's input order). */
  inputs: string[];
  inShapes: Shape[];
  /** Output shape without the batch. */
  shape: Shape;
  /** Parameters by their suffix ('kernel', 'bias', 'gamma', …), in the layer's order. */
  params: Record<string, NamedTensor>;
}

export interface ExportPlan {
  name: string;
  /** Topological (execution) order; nodes[0] is the Input node, the output node comes last. */
  nodes: PlanNode[];
  input: PlanNode;
  output: PlanNode;
  /** Every parameter in model order (what weights.safetensors holds). */
  weights: NamedTensor[];
  /** True when the weights are the last run's trained ones. */
  trained: boolean;
  notes: string[];
}

export interface ExportSource {
  graph: NetworkDocument;
  name?: string;
  /** Trained weights in model order (Project.run.weights); used when their names and shapes fit the graph. */
  weights?: readonly NamedTensor[];
  /** Seeds the initial weights when there are no trained ones (the project's training seed). */
  seed?: number;
}

/** The export source of a project: its graph with the last run's weights. */
export function projectExportSource(p: Pick<Project, 'graph' | 'run' | 'training' | 'name'>, fallbackName = 'model'): ExportSource {
  return { graph: p.graph, name: p.name ?? fallbackName, weights: p.run?.weights, seed: p.training?.seed };
}

/** Throws ExportError when the network is not valid. */
export function planExport(src: ExportSource): ExportPlan {
  const analysis = analyzeGraph(src.graph);
  if (!analysis.ok) {
    throw new ExportError(`The network cannot be exported until it is valid:\n${analysis.issues.map((i) => `- ${i.message}`).join('\n')}`);
  }
  const model = compileNetwork(src.graph, { seed: src.seed ?? 0 });
  const fresh: NamedTensor[] = model.parameters().map((p) => ({ name: p.name, shape: [...p.shape], data: Float32Array.from(p.value) }));
  const notes: string[] = [];
  let weights = fresh;
  let trained = false;
  if (src.weights && src.weights.length > 0) {
    const fits = src.weights.length === fresh.length
      && src.weights.every((w, k) => w.name === fresh[k].name && w.shape.length === fresh[k].shape.length && w.shape.every((d, i) => d === fresh[k].shape[i]));
    if (fits) {
      weights = src.weights.map((w) => ({ name: w.name, shape: [...w.shape], data: Float32Array.from(w.data) }));
      trained = true;
    } else {
      notes.push('The trained weights belong to an earlier version of the network (its layers or sizes changed since): exported with initial weights.');
    }
  } else {
    notes.push('The network has no trained weights: exported with its initial (random) weights.');
  }
  const byName = new Map(weights.map((w) => [w.name, w]));
  const docNodes = new Map(src.graph.nodes.map((n) => [n.id, n]));
  const nodes: PlanNode[] = analysis.order.map((id) => {
    const doc = docNodes.get(id)!;
    const def = getLayerDefinition(doc.type)!;
    const inputs = src.graph.edges.filter((e) => e.target === id).map((e) => e.source);
    const layerParams = model.nodes.find((n) => n.id === id)!.layer.params;
    const params: Record<string, NamedTensor> = {};
    for (const p of layerParams) params[p.name.slice(id.length + 1)] = byName.get(p.name)!;
    return {
      id, type: def.type, label: def.label, settings: withDefaults(def.settings, doc.settings),
      inputs, inShapes: inputs.map((s) => analysis.shapes[s]), shape: analysis.shapes[id], params,
    };
  });
  return { name: src.name ?? 'model', nodes, input: nodes[0], output: nodes[nodes.length - 1], weights, trained, notes };
}

/** The error for a layer (or one of its settings) that a format cannot express. */
export function unsupported(format: ExportFormat, node: PlanNode, why: string): ExportError {
  return new ExportError(`${FORMAT_LABELS[format]} export does not support ${node.label} '${node.id}': ${why}`, node.id);
}

/** A Python identifier from any name ('two-spirals' -> 'two_spirals', '1st' -> '_1st'). */
export function pythonName(name: string): string {
  let s = name.replace(/[^A-Za-z0-9_]/g, '_');
  if (!s || /^[0-9]/.test(s)) s = `_${s}`;
  return PYTHON_RESERVED.has(s) ? `${s}_` : s;
}

// Python keywords, and nn.Module members a submodule attribute must not shadow.
const PYTHON_RESERVED = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else',
  'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise',
  'return', 'try', 'while', 'with', 'yield',
  'forward', 'train', 'training', 'eval', 'to', 'cpu', 'cuda', 'float', 'double', 'half', 'type', 'apply', 'parameters',
  'named_parameters', 'buffers', 'modules', 'children', 'state_dict', 'load_state_dict', 'register_buffer', 'add_module',
  'zero_grad', 'requires_grad_', 'extra_repr', 'get_submodule', 'share_memory',
]);

/** Distinct Python identifiers for the node ids (a clash gets a numeric suffix). */
export function pythonNames(ids: readonly string[]): Map<string, string> {
  const used = new Set<string>();
  const out = new Map<string, string>();
  for (const id of ids) {
    const base = pythonName(id);
    let name = base;
    for (let k = 2; used.has(name); k++) name = `${base}_${k}`;
    used.add(name);
    out.set(id, name);
  }
  return out;
}

/** A Python string literal. */
export function pyStr(s: string): string {
  return JSON.stringify(s);
}

/** A Python tuple literal of numbers: (2,) / (28, 28, 1). */
export function pyTuple(xs: readonly number[]): string {
  return xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(', ')})`;
}

/** A title safe inside a Python docstring. */
export const docTitle = (name: string) => name.replace(/\\/g, '/').replace(/"""/g, "'''");

/** The docstring line of a Python export that says which weights it carries. */
export function pyWeightsLine(plan: ExportPlan): string {
  return `The weights are ${plan.trained ? "the project's trained weights" : 'initial (untrained) weights: the project had no trained weights that fit it'}.`;
}

/** The module constants a Python export starts with: the shapes, the weights file next to it, the Netloom layers. */
export function pyModelConstants(plan: ExportPlan, weightsFile: string): string[] {
  return [
    `INPUT_SHAPE = ${pyTuple(plan.input.shape)}`,
    `OUTPUT_SHAPE = ${pyTuple(plan.output.shape)}`,
    `WEIGHTS_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), ${pyStr(weightsFile)})`,
    '',
    '# The Netloom layers in execution order: (node id, layer type, output shape without the batch).',
    'LAYERS = [',
    ...plan.nodes.map((n) => `    (${pyStr(n.id)}, ${pyStr(n.type)}, ${pyTuple(n.shape)}),`),
    ']',
  ];
}

/** A float as Python/ONNX would print it without losing the value. */
export function pyFloat(v: number): string {
  const s = String(v);
  return /[.eE]|Infinity|NaN/.test(s) ? s : `${s}.0`;
}
