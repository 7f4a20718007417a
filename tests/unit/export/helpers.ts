// Shared by the exporter tests: example networks, ONNX Runtime (onnxruntime-web's WebAssembly
// backend, run in Node) and a relative-error comparison.
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-web';
import { compileNetwork, Rng, type DocEdge, type DocNode, type NamedTensor, type NetworkDocument, type TrainableModel } from '../../../src/core';

const root = resolve(__dirname, '../../..');
let configured = false;

/** Runs an .onnx model on one float32 input of shape dims; returns its single output. */
export async function runOnnx(bytes: Uint8Array, input: Float32Array, dims: number[]): Promise<{ data: Float32Array; dims: readonly number[] }> {
  if (!configured) {
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.wasmPaths = `${join(root, 'node_modules/onnxruntime-web/dist')}/`;
    configured = true;
  }
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  try {
    const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', input, dims) };
    const out = await session.run(feeds);
    const t = out[session.outputNames[0]];
    return { data: t.data as Float32Array, dims: t.dims };
  } finally {
    await session.release();
  }
}

/** max |a − b| / max(|b|, 1e-3): the relative error with a floor for values near 0. */
export function maxRelativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 1e-3));
  return worst;
}

/** A chain network: input -> layers[0] -> layers[1] -> … (ids as given). */
export function chain(inputShape: number[], layers: [string, string, Record<string, unknown>][]): NetworkDocument {
  const nodes: DocNode[] = [{ id: 'input', type: 'input', settings: { shape: inputShape }, position: { x: 0, y: 0 } }];
  const edges: DocEdge[] = [];
  let prev = 'input';
  for (const [id, type, settings] of layers) {
    nodes.push({ id, type, settings, position: { x: 0, y: 0 } });
    edges.push({ id: `e-${prev}-${id}`, source: prev, target: id });
    prev = id;
  }
  return { nodes, edges };
}

/** The network compiled with seeded random weights (BatchNorm variances positive), and those weights by name. */
export function withRandomWeights(doc: NetworkDocument, seed = 7): { model: TrainableModel; weights: NamedTensor[] } {
  const model = compileNetwork(doc, { seed });
  const rng = new Rng(seed + 1000);
  const weights = model.parameters().map((p) => {
    const data = Float32Array.from(p.value, () => (p.name.endsWith('.movingVariance') ? 0.5 + rng.next() : rng.normal() * 0.5));
    return { name: p.name, shape: [...p.shape], data };
  });
  model.setParams(weights.map((w) => w.data));
  return { model, weights };
}

/** n samples of uniform noise in [−2, 2). */
export function randomInput(n: number, seed = 3): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n }, () => 4 * rng.next() - 2);
}
