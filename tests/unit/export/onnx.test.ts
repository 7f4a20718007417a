// ONNX export, checked by running the exported model in ONNX Runtime (onnxruntime-web's WebAssembly
// backend in Node) against our engine's predictions on the same random inputs.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { onnx } from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { compileNetwork, readProject, shapeSize, type NetworkDocument, type Project } from '../../../src/core';
import { ExportError, planExport, projectExportSource } from '../../../src/core/export';
import { decodeOnnxModel, exportOnnx } from '../../../src/export';
import { chain, maxRelativeError, randomInput, runOnnx, withRandomWeights } from './helpers';

const examples = resolve(__dirname, '../../../examples');
const B = 3;

function example(name: string): Project {
  const r = readProject(new Uint8Array(readFileSync(join(examples, name))));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.project;
}

/** Exports doc with random weights, runs it in ONNX Runtime, and returns the worst relative error against predict(). */
async function onnxError(doc: NetworkDocument, x?: Float32Array): Promise<number> {
  const { model, weights } = withRandomWeights(doc);
  const plan = planExport({ graph: doc, weights, name: 'test' });
  expect(plan.trained).toBe(true);
  const input = x ?? randomInput(B * model.inputSize);
  const out = await runOnnx(exportOnnx(plan).data, input, [B, ...plan.input.shape]);
  expect(out.dims).toEqual([B, ...plan.output.shape]);
  return maxRelativeError(out.data, model.predict(input, B));
}

describe('ONNX export runs in ONNX Runtime and matches our predictions (≤ 1e-4 relative)', () => {
  it('the course MLP (dense, sigmoid, softmax)', async () => {
    expect(await onnxError(example('course-mlp-6-5-4-3.netloom').graph)).toBeLessThan(1e-4);
  });

  it('the trained two-spirals classifier, with the weights saved in its file', async () => {
    const p = example('two-spirals.netloom');
    const plan = planExport(projectExportSource(p));
    expect(plan.trained).toBe(true);
    expect(plan.notes).toEqual([]);
    const model = compileNetwork(p.graph);
    model.setParams(p.run!.weights!.map((w) => w.data));
    const x = randomInput(B * 2);
    const out = await runOnnx(exportOnnx(plan).data, x, [B, 2]);
    expect(maxRelativeError(out.data, model.predict(x, B))).toBeLessThan(1e-4);
  });

  it('the MNIST CNN (conv, max pool, flatten in NHWC order, dense softmax)', async () => {
    expect(await onnxError(example('mnist-cnn.netloom').graph)).toBeLessThan(1e-4);
  });

  it('the LSTM forecaster', async () => {
    expect(await onnxError(example('lstm-forecaster.netloom').graph)).toBeLessThan(1e-4);
  });

  it('stacked GRU, SimpleRNN (relu) and LSTM (softplus) layers, returning sequences', async () => {
    const doc = chain([5, 3], [
      ['gru', 'gru', { units: 4, returnSequences: true }],
      ['rnn', 'simpleRnn', { units: 3, activation: 'relu', returnSequences: true }],
      ['lstm', 'lstm', { units: 2, activation: 'softplus', returnSequences: true }],
      ['flat', 'flatten', {}],
      ['out', 'dense', { units: 2 }],
    ]);
    expect(await onnxError(doc)).toBeLessThan(1e-4);
  });

  it('a branching CNN: same/explicit/dilated convs, Add, BatchNorm, PReLU, depthwise and separable convs, pools, Concat', async () => {
    const n = (id: string, type: string, settings: Record<string, unknown> = {}) => ({ id, type, settings, position: { x: 0, y: 0 } });
    const doc: NetworkDocument = {
      nodes: [
        n('input', 'input', { shape: [8, 8, 3] }),
        n('c1', 'conv2d', { filters: 4, padding: 'same', activation: 'relu' }),
        n('c2', 'conv2d', { filters: 4, padding: 'same', dilation: [2, 2], activation: 'gelu' }),
        n('sum', 'add'),
        n('bn', 'batchNorm'),
        n('pr', 'prelu'),
        n('dw', 'depthwiseConv2d', { padding: 'explicit', paddingAmount: 1, depthMultiplier: 2, activation: 'leakyRelu' }),
        n('mp', 'maxPool2d', { poolSize: [3, 3], strides: [2, 2], padding: 'same' }),
        n('ap', 'avgPool2d', { poolSize: [3, 3], strides: [2, 2], padding: 'same' }),
        n('cat', 'concat', { axis: -1 }),
        n('sep', 'separableConv2d', { filters: 5, strides: [1, 1], activation: 'softplus' }),
        n('cs', 'conv2d', { filters: 3, kernelSize: [2, 2], strides: [2, 2], padding: 'same', activation: 'softmax' }),
        n('flat', 'flatten'),
        n('d', 'dense', { units: 6, activation: 'arctan' }),
        n('drop', 'dropout', { rate: 0.5 }),
        n('out', 'dense', { units: 3, activation: 'softmax' }),
      ],
      edges: [
        ['input', 'c1'], ['c1', 'c2'], ['c1', 'sum'], ['c2', 'sum'], ['sum', 'bn'], ['bn', 'pr'], ['pr', 'dw'], ['dw', 'mp'],
        ['pr', 'ap'], ['mp', 'cat'], ['ap', 'cat'], ['cat', 'sep'], ['sep', 'cs'], ['cs', 'flat'], ['flat', 'd'], ['d', 'drop'], ['drop', 'out'],
      ].map(([source, target]) => ({ id: `${source}-${target}`, source, target })),
    };
    expect(await onnxError(doc)).toBeLessThan(1e-4);
  });

  it('every activation, as Dense activations and Activation layers', async () => {
    const acts = ['linear', 'step', 'sigmoid', 'hardSigmoid', 'tanh', 'relu', 'leakyRelu', 'elu', 'shiftedRelu', 'swish', 'gelu', 'softplus', 'arctan'];
    const layers: [string, string, Record<string, unknown>][] = acts.map((a) => [`d_${a}`, 'dense', { units: 5, activation: a }]);
    layers.push(['a_leaky', 'activation', { activation: 'leakyRelu', alpha: 0.2 }], ['a_shift', 'activation', { activation: 'shiftedRelu', shift: 0.5 }]);
    layers.push(['a_elu', 'activation', { activation: 'elu', alpha: 0.5 }]);
    layers.push(['a_soft', 'activation', { activation: 'softmax' }]);
    expect(await onnxError(chain([4], layers))).toBeLessThan(1e-4);
  });

  it('Embedding, BatchNorm on a sequence, Reshape, Concat on the height axis and GlobalAvgPool2D', async () => {
    const seq = chain([6], [
      ['emb', 'embedding', { inputDim: 10, outputDim: 4 }],
      ['bn', 'batchNorm', {}],
      ['rnn', 'simpleRnn', { units: 3 }],
      ['out', 'dense', { units: 2 }],
    ]);
    const tokens = Float32Array.from({ length: B * 6 }, (_, i) => (i * 7) % 10);
    expect(await onnxError(seq, tokens)).toBeLessThan(1e-4);

    const n = (id: string, type: string, settings: Record<string, unknown> = {}) => ({ id, type, settings, position: { x: 0, y: 0 } });
    const img: NetworkDocument = {
      nodes: [
        n('input', 'input', { shape: [12] }),
        n('r', 'reshape', { targetShape: [2, -1, 3] }),
        n('c', 'conv2d', { filters: 3, kernelSize: [1, 1] }),
        n('cat', 'concat', { axis: 1 }),
        n('bn', 'batchNorm'),
        n('gap', 'globalAvgPool2d'),
        n('out', 'dense', { units: 2, activation: 'sigmoid' }),
      ],
      edges: [['input', 'r'], ['r', 'c'], ['c', 'cat'], ['r', 'cat'], ['cat', 'bn'], ['bn', 'gap'], ['gap', 'out']].map(([source, target]) => ({ id: `${source}-${target}`, source, target })),
    };
    expect(await onnxError(img)).toBeLessThan(1e-4);
  });
});

describe('the .onnx file', () => {
  it("carries elu's α as the Elu node's alpha attribute (1 inside Dense, the setting in an Activation layer)", () => {
    const doc = chain([4], [['d', 'dense', { units: 3, activation: 'elu' }], ['a', 'activation', { activation: 'elu', alpha: 0.5 }]]);
    const g = decodeOnnxModel(exportOnnx(planExport({ graph: doc })).data).graph as onnx.GraphProto;
    const alphas = g.node.filter((nd) => nd.opType === 'Elu').map((nd) => nd.attribute!.find((a) => a.name === 'alpha')!.f);
    expect(alphas).toEqual([1, 0.5]);
  });

  it('is an opset-17 ModelProto: Netloom-layout input and output, weights as initializers, a Transpose into and out of NCHW', () => {
    const p = example('mnist-cnn.netloom');
    const plan = planExport(projectExportSource(p));
    expect(plan.trained).toBe(false);
    expect(plan.notes[0]).toMatch(/no trained weights/);
    const m = decodeOnnxModel(exportOnnx(plan).data);
    expect(Number(m.irVersion)).toBe(8);
    expect(m.opsetImport.map((o) => Number(o.version))).toEqual([17]);
    expect(m.producerName).toBe('Netloom');
    const g = m.graph as onnx.GraphProto;
    const dims = (v: onnx.IValueInfoProto) => v.type!.tensorType!.shape!.dim!.map((d: onnx.TensorShapeProto.IDimension) => d.dimParam || Number(d.dimValue));
    expect(g.input.map((v) => [v.name, dims(v)])).toEqual([['input', ['batch', 28, 28, 1]]]);
    expect(g.output.map((v) => [v.name, dims(v)])).toEqual([['output', ['batch', 10]]]);
    expect(g.node.map((nd) => nd.opType)).toEqual(['Transpose', 'Conv', 'Relu', 'MaxPool', 'Conv', 'Relu', 'MaxPool', 'Transpose', 'Flatten', 'Gemm', 'Softmax', 'Identity']);
    // Every parameter is an initializer with its values: 8·9 + 8 + 16·8·9 + 16 + 400·10 + 10.
    const total = g.initializer.reduce((s, t) => s + (t.rawData!.length / 4), 0);
    expect(total).toBe(8 * 9 + 8 + 16 * 8 * 9 + 16 + 400 * 10 + 10);
    expect(g.initializer.find((t) => t.name === 'conv1.kernel')!.dims!.map(Number)).toEqual([8, 1, 3, 3]);
    expect(shapeSize(plan.output.shape)).toBe(10);
  });

  it('names the layer and the format when a layer cannot be expressed', () => {
    const doc = chain([5, 2], [['memory', 'lstm', { units: 3, activation: 'swish' }]]);
    const plan = planExport({ graph: doc });
    expect(() => exportOnnx(plan)).toThrow(ExportError);
    expect(() => exportOnnx(plan)).toThrow(/ONNX export does not support LSTM 'memory': activation 'swish'/);
  });

  it('refuses an invalid network with its problems listed', () => {
    const doc = chain([28, 28, 1], [['d', 'dense', { units: 3 }]]);
    expect(() => planExport({ graph: doc })).toThrow(/cannot be exported until it is valid:\n- .*Dense expects a vector/s);
  });
});
