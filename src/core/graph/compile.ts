// Document -> executable model: validate, then instantiate each node's layer in topological order.

import { getLayerDefinition } from '../layers/registry';
import { withDefaults } from '../layers/settings';
import { deriveSeed, Rng } from '../rng';
import { shapeSize, type DType } from '../tensor/tensor';
import { analyzeGraph } from './analyze';
import type { NetworkDocument } from './document';
import { CompiledModel, type ModelNode, type TrainableModel } from './model';

export interface CompileOptions {
  /** Seeds weight init and dropout masks (default 0). */
  seed?: number;
  /** Default 'float32'; gradient checks use 'float64'. */
  dtype?: DType;
}

/** Throws an Error listing the issues when the document is not valid. */
export function compileNetwork(doc: NetworkDocument, options: CompileOptions = {}): TrainableModel {
  const analysis = analyzeGraph(doc);
  if (!analysis.ok) throw new Error(`The network cannot be built:\n${analysis.issues.map((i) => `- ${i.message}`).join('\n')}`);
  const seed = options.seed ?? 0;
  const dtype = options.dtype ?? 'float32';
  const initRng = new Rng(deriveSeed(seed, 'init'));
  const noiseRng = new Rng(deriveSeed(seed, 'dropout'));

  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const index = new Map(analysis.order.map((id, k) => [id, k]));
  const nodes: ModelNode[] = analysis.order.map((id) => {
    const docNode = byId.get(id)!;
    const def = getLayerDefinition(docNode.type)!;
    const settings = withDefaults(def.settings, docNode.settings);
    // Edge order gives input order (matters once multi-input layers such as Concat exist).
    const sources = doc.edges.filter((e) => e.target === id).map((e) => e.source);
    const inShapes = sources.map((s) => analysis.shapes[s]);
    const layer = def.create(settings, inShapes, { dtype, initRng, noiseRng, name: id });
    return { id, type: def.type, layer, inputs: sources.map((s) => index.get(s)!), size: shapeSize(analysis.shapes[id]) };
  });
  return new CompiledModel(nodes, dtype);
}
