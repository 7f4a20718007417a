// PyTorch and Keras export: the generated Python compiles (python3 -m py_compile), and its structure
// agrees with the weights file. torch and keras are not installed here, so the PyTorch module is run
// against a stand-in torch (tests/unit/export/pystub: parameter shapes per PyTorch's docs) that builds
// the module and loads the weights with the file's own safetensors reader.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { strFromU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeSafetensors, type NetworkDocument } from '../../../src/core';
import { ExportError, exportKeras, exportPytorch, planExport, type ExportResult } from '../../../src/core/export';
import { chain, withRandomWeights } from './helpers';

const stub = resolve(__dirname, 'pystub');
let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'netloom-export-py-'));
});

function python(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync('python3', args, { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function write(result: ExportResult): string {
  for (const f of result.files) writeFileSync(join(dir, f.name), f.data);
  return join(dir, result.files[0].name);
}

/** Tensor name -> shape, from the safetensors header. */
function header(result: ExportResult): Record<string, number[]> {
  const st = decodeSafetensors(result.files[1].data);
  if (!st.ok) throw new Error(st.message);
  return Object.fromEntries(st.tensors.map((t) => [t.name, t.shape]));
}

function tensor(result: ExportResult, name: string): Float32Array {
  const st = decodeSafetensors(result.files[1].data);
  if (!st.ok) throw new Error(st.message);
  return st.tensors.find((t) => t.name === name)!.data;
}

/** Literal module-level assignments of a Python file (via ast.literal_eval), as JSON. */
function literals(file: string, names: string[]): Record<string, unknown> {
  const code = `import ast, json, sys\ntree = ast.parse(open(sys.argv[1]).read())\nout = {}\nfor node in tree.body:\n    if isinstance(node, ast.Assign) and node.targets[0].id in ${JSON.stringify(names)}:\n        out[node.targets[0].id] = ast.literal_eval(node.value)\nprint(json.dumps(out))`;
  const r = python(['-c', code, file]);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout);
}

const n = (id: string, type: string, settings: Record<string, unknown> = {}) => ({ id, type, settings, position: { x: 0, y: 0 } });
const wire = (pairs: string[][]) => pairs.map(([source, target]) => ({ id: `${source}-${target}`, source, target }));

/** Every layer type with a PyTorch/Keras equivalent, in one network (two branches joined by Concat). */
const everything: NetworkDocument = {
  nodes: [
    n('input', 'input', { shape: [8, 8, 3] }),
    n('conv-1', 'conv2d', { filters: 4, padding: 'same', activation: 'relu' }),
    n('c2', 'conv2d', { filters: 4, padding: 'explicit', paddingAmount: 1, activation: 'leakyRelu' }),
    n('sum', 'add'),
    n('bn', 'batchNorm'),
    n('pr', 'prelu'),
    n('dw', 'depthwiseConv2d', { depthMultiplier: 2, padding: 'same' }),
    n('mp', 'maxPool2d', { padding: 'same', poolSize: [3, 3] }),
    n('ap', 'avgPool2d', { padding: 'same', poolSize: [3, 3] }),
    n('cat', 'concat'),
    n('sep', 'separableConv2d', { filters: 5, activation: 'swish' }),
    n('gap', 'globalAvgPool2d'),
    n('act', 'activation', { activation: 'shiftedRelu', shift: 0.5 }),
    n('drop', 'dropout'),
    n('reshape', 'reshape', { targetShape: [5, 1] }),
    n('gru', 'gru', { units: 3, returnSequences: true }),
    n('lstm', 'lstm', { units: 4, returnSequences: true }),
    n('rnn', 'simpleRnn', { units: 2 }),
    n('flat', 'flatten'),
    n('output', 'dense', { units: 3, activation: 'softmax' }),
  ],
  edges: wire([
    ['input', 'conv-1'], ['conv-1', 'c2'], ['conv-1', 'sum'], ['c2', 'sum'], ['sum', 'bn'], ['bn', 'pr'], ['pr', 'dw'], ['dw', 'mp'],
    ['pr', 'ap'], ['mp', 'cat'], ['ap', 'cat'], ['cat', 'sep'], ['sep', 'gap'], ['gap', 'act'], ['act', 'drop'], ['drop', 'reshape'],
    ['reshape', 'gru'], ['gru', 'lstm'], ['lstm', 'rnn'], ['rnn', 'flat'], ['flat', 'output'],
  ]),
};

const embedding = chain([6], [['emb', 'embedding', { inputDim: 10, outputDim: 4 }], ['pool', 'flatten', {}], ['out', 'dense', { units: 1, activation: 'sigmoid' }]]);

describe('PyTorch export', () => {
  it('compiles, builds with the state_dict shapes of the weights file, and loads them with its own reader', () => {
    const { weights } = withRandomWeights(everything);
    const plan = planExport({ graph: everything, weights, name: 'Every layer' });
    const result = exportPytorch(plan, 'every_torch');
    expect(result.files.map((f) => f.name)).toEqual(['every_torch.py', 'every_torch.safetensors']);
    const file = write(result);
    expect(python(['-m', 'py_compile', file]).code).toBe(0);

    const lit = literals(file, ['LAYERS', 'WEIGHT_SHAPES', 'INPUT_SHAPE', 'OUTPUT_SHAPE']);
    expect(lit.LAYERS).toEqual(plan.nodes.map((nd) => [nd.id, nd.type, nd.shape]));
    expect(lit.INPUT_SHAPE).toEqual([8, 8, 3]);
    expect(lit.OUTPUT_SHAPE).toEqual([3]);
    expect(lit.WEIGHT_SHAPES).toEqual(header(result));

    // Build the module against the stand-in torch and load the weights (safetensors package absent: the fallback reader).
    const run = `import sys, json\nsys.modules['safetensors'] = None\nsys.path[:0] = [sys.argv[1], sys.argv[2]]\nimport every_torch as m\nmodel = m.load_model()\nprint(json.dumps({'state': model.state_shapes(), 'cls': type(model).__name__, 'w': model.loaded['conv_1.weight'].values[:5], 'b': model.loaded['gru.bias_hh_l0'].values}))`;
    const r = python(['-c', run, stub, dir]);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.cls).toBe('EveryLayer');
    const expected = Object.fromEntries(Object.entries(out.state as Record<string, number[]>).filter(([key]) => !key.endsWith('num_batches_tracked')));
    expect(expected).toEqual(header(result));
    expect(out.state['bn.num_batches_tracked']).toEqual([]);
    // The reader returns the file's values, in PyTorch's layout.
    const k = weights.find((w) => w.name === 'conv-1.kernel')!.data; // (3, 3, 3, 4)
    // (OIHW from our HWIO: element [0, 0, ky, kx] is our kernel[ky, kx, 0, 0], at (ky·3 + kx)·3·4.)
    expect(out.w).toEqual([0, 1, 2, 3, 4].map((i) => k[(Math.floor(i / 3) * 3 + (i % 3)) * 12]));
    // GRU: bias_hh is our recurrent bias row, gates reordered z, r, n -> r, z, n.
    const gb = weights.find((w) => w.name === 'gru.bias')!.data; // (2, 9)
    expect(out.b).toEqual([...gb.slice(12, 15), ...gb.slice(9, 12), ...gb.slice(15, 18)]);
  });

  it('writes the documented layout choices and the loading code into the file', () => {
    const plan = planExport({ graph: everything, name: 'Every layer' });
    const py = strFromU8(exportPytorch(plan, 'every_torch').files[0].data);
    expect(py).toContain('from safetensors.torch import load_file');
    expect(py).toMatch(/images channels-last/);
    expect(py).toContain('x_input_nchw = x_input.permute(0, 3, 1, 2)');
    expect(py).toContain("F.pad(x_dw, (0, 1, 0, 1), value=float('-inf'))"); // TF 'same' 3×3 stride 2 on 8×8: pad 0 before, 1 after
    expect(py).toContain('The weights are initial (untrained) weights');
    expect(py).toContain('self.lstm = nn.LSTM(3, 4, batch_first=True, bias=True)');
  });

  it('Embedding takes float token indices as long', () => {
    const py = strFromU8(exportPytorch(planExport({ graph: embedding }), 'emb').files[0].data);
    expect(py).toContain('self.emb = nn.Embedding(10, 4)');
    expect(py).toContain('x_emb = self.emb(x_input.long())');
  });

  it('names the layer and the format for a recurrent activation PyTorch lacks', () => {
    const plan = planExport({ graph: chain([4, 2], [['mem', 'lstm', { units: 2, activation: 'relu' }]]) });
    expect(() => exportPytorch(plan)).toThrow(ExportError);
    expect(() => exportPytorch(plan)).toThrow(/PyTorch export does not support LSTM 'mem': activation 'relu'/);
  });
});

describe("elu's α in the Python exports", () => {
  const doc = chain([4], [['d', 'dense', { units: 3, activation: 'elu' }], ['a', 'activation', { activation: 'elu', alpha: 0.5 }]]);

  it('PyTorch: F.elu with alpha, compiling', () => {
    const result = exportPytorch(planExport({ graph: doc }), 'elu_torch');
    expect(python(['-m', 'py_compile', write(result)]).code).toBe(0);
    const py = strFromU8(result.files[0].data);
    expect(py).toContain('x_d = F.elu(x_d, alpha=1.0)');
    expect(py).toContain('x_a = F.elu(x_a, alpha=0.5)');
  });

  it("Keras: the 'elu' string for α = 1, an ops.elu helper for another α, compiling", () => {
    const result = exportKeras(planExport({ graph: doc }), 'elu_keras');
    expect(python(['-m', 'py_compile', write(result)]).code).toBe(0);
    const py = strFromU8(result.files[0].data);
    expect(py).toContain('layers.Dense(3, activation="elu"');
    expect(py).toContain('def netloom_elu_0_5(x):\n    return ops.elu(x, alpha=0.5)');
    expect(py).toContain('layers.Activation(netloom_elu_0_5, name="a")');
  });
});

describe('Keras export', () => {
  it("compiles, and lists every layer's weights in Keras's order with the file's shapes", () => {
    const { weights } = withRandomWeights(everything);
    const plan = planExport({ graph: everything, weights, name: 'Every layer' });
    const result = exportKeras(plan, 'every_keras');
    const file = write(result);
    expect(python(['-m', 'py_compile', file]).code).toBe(0);
    const lit = literals(file, ['LAYERS', 'LAYER_WEIGHTS']);
    expect(lit.LAYERS).toEqual(plan.nodes.map((nd) => [nd.id, nd.type, nd.shape]));
    const h = header(result);
    const lw = lit.LAYER_WEIGHTS as Record<string, string[]>;
    expect(Object.values(lw).flat().sort()).toEqual(Object.keys(h).sort());
    expect(lw).toEqual({
      conv_1: ['conv_1.kernel', 'conv_1.bias'],
      c2: ['c2.kernel', 'c2.bias'],
      bn: ['bn.gamma', 'bn.beta', 'bn.movingMean', 'bn.movingVariance'],
      pr: ['pr.alpha'],
      dw: ['dw.depthwiseKernel', 'dw.bias'],
      sep: ['sep.depthwiseKernel', 'sep.pointwiseKernel', 'sep.bias'],
      gru: ['gru.kernel', 'gru.recurrentKernel', 'gru.bias'],
      lstm: ['lstm.kernel', 'lstm.recurrentKernel', 'lstm.bias'],
      rnn: ['rnn.kernel', 'rnn.recurrentKernel', 'rnn.bias'],
      output: ['output.kernel', 'output.bias'],
    });
    // Keras shapes: kernels as ours; PReLU's alpha (1, 1, C) with shared_axes=[1, 2]; GRU bias (2, 3H).
    expect(h['conv_1.kernel']).toEqual([3, 3, 3, 4]);
    expect(h['pr.alpha']).toEqual([1, 1, 4]);
    expect(h['gru.bias']).toEqual([2, 9]);
    expect(h['lstm.kernel']).toEqual([3, 16]);
    expect(Array.from(tensor(result, 'lstm.kernel'))).toEqual(Array.from(weights.find((w) => w.name === 'lstm.kernel')!.data));
    const py = strFromU8(result.files[0].data);
    expect(py).toContain('layers.ZeroPadding2D(1, name="c2_pad")');
    expect(py).toContain('layers.PReLU(shared_axes=[1, 2], name="pr")');
    expect(py).toContain('layers.GRU(3, activation="tanh", use_bias=True, return_sequences=True, recurrent_activation="sigmoid", reset_after=True, name="gru")');
    expect(py).toContain('def netloom_leaky_relu_0_01(x):');
    expect(py).toContain('model.set_weights([tensors[name] for layer in model.layers for name in LAYER_WEIGHTS.get(layer.name, [])])');
  });

  it('names the layer and the format for a pool with explicit padding', () => {
    const plan = planExport({ graph: chain([4, 4, 1], [['p', 'maxPool2d', { padding: 'explicit', paddingAmount: 1 }]]) });
    expect(() => exportKeras(plan)).toThrow(/Keras export does not support MaxPool2D 'p': explicit padding/);
  });
});
