// Network -> ONNX graph, as plain data (no protobuf here: src/export/onnx/encode.ts turns an
// OnnxModelSpec into the .onnx bytes with the official onnx.proto definitions).
//
// Choices:
// - The graph input keeps Netloom's layout: (batch, ...shape), images NHWC, sequences (batch, T, F),
//   so the same data gives the same predictions. Conv/pool/BatchNorm on images run in ONNX's NCHW;
//   Transpose nodes convert only where needed (layoutTracker.ts), and every value is NHWC again
//   before Flatten/Reshape/Dense and the output, so flatten order matches Netloom's.
// - Weights are initializers (float32) in ONNX layouts (layouts.ts). Dense = Gemm with our (I, O)
//   kernel; recurrent layers are the ONNX RNN / LSTM / GRU ops (linear_before_reset = 1 for the GRU,
//   = Keras's reset_after), with time-major input (a Transpose in front) and zero initial states.
// - Dropout is the identity (inference); BatchNorm uses its moving statistics.
// Opset 17, IR version 8; the batch dimension is symbolic ('batch').

import { ELU_ALPHA, getActivation, LEAKY_RELU_ALPHA, SHIFTED_RELU_SHIFT } from '../activations';
import { convKernelToOIHW, depthwiseKernelToOIHW, gateBias, gateRowsT, IDENTITY_ORDER, LSTM_ONNX_ORDER, transpose2d, windowGeometry, type Pads } from './layouts';
import { LayoutTracker, nchwAxis, TO_NCHW, TO_NHWC, type Layout } from './layoutTracker';
import { unsupported, type ExportPlan, type PlanNode } from './plan';

export const ONNX_OPSET = 17;
export const ONNX_IR_VERSION = 8;

export type OnnxAttribute =
  | { name: string; type: 'int'; value: number }
  | { name: string; type: 'ints'; value: number[] }
  | { name: string; type: 'float'; value: number }
  | { name: string; type: 'floats'; value: number[] }
  | { name: string; type: 'string'; value: string }
  | { name: string; type: 'strings'; value: string[] };

export interface OnnxNodeSpec {
  opType: string;
  name: string;
  inputs: string[];
  outputs: string[];
  attributes: OnnxAttribute[];
}

export type OnnxTensorSpec =
  | { name: string; dims: number[]; dataType: 'float'; data: Float32Array }
  | { name: string; dims: number[]; dataType: 'int64'; data: number[] };

/** A graph input or output: float32, dims with 'batch' as the symbolic first dimension. */
export interface OnnxValueInfo {
  name: string;
  dims: (number | string)[];
}

export interface OnnxModelSpec {
  irVersion: number;
  opset: number;
  producerName: string;
  producerVersion: string;
  graphName: string;
  docString: string;
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  nodes: OnnxNodeSpec[];
  initializers: OnnxTensorSpec[];
  metadata: Record<string, string>;
}

const attr = {
  int: (name: string, value: number): OnnxAttribute => ({ name, type: 'int', value }),
  ints: (name: string, value: number[]): OnnxAttribute => ({ name, type: 'ints', value }),
  float: (name: string, value: number): OnnxAttribute => ({ name, type: 'float', value }),
  strings: (name: string, value: string[]): OnnxAttribute => ({ name, type: 'strings', value }),
};

/** ONNX TensorProto.DataType FLOAT, for Cast. */
const FLOAT = 1;
const INT64 = 7;

/** Activations the ONNX RNN ops accept by name (those needing no alpha/beta). */
const RNN_ACTIVATIONS: Record<string, string> = { tanh: 'Tanh', sigmoid: 'Sigmoid', relu: 'Relu', softplus: 'Softplus' };

class GraphBuilder {
  readonly nodes: OnnxNodeSpec[] = [];
  readonly initializers: OnnxTensorSpec[] = [];
  private readonly used = new Set<string>();

  /** A fresh value name based on `base`. */
  fresh(base: string): string {
    let name = base;
    for (let k = 1; this.used.has(name); k++) name = `${base}_${k}`;
    this.used.add(name);
    return name;
  }

  op(opType: string, inputs: string[], out: string, attributes: OnnxAttribute[] = [], outputs = 1): string[] {
    const names = Array.from({ length: outputs }, (_, k) => this.fresh(k === 0 ? out : `${out}_${k}`));
    this.nodes.push({ opType, name: this.fresh(`${out}/${opType}`), inputs, outputs: names, attributes });
    return names;
  }

  /** One-output op. */
  op1(opType: string, inputs: string[], out: string, attributes: OnnxAttribute[] = []): string {
    return this.op(opType, inputs, out, attributes)[0];
  }

  floats(name: string, dims: number[], data: Float32Array): string {
    const n = this.fresh(name);
    this.initializers.push({ name: n, dims, dataType: 'float', data });
    return n;
  }

  int64s(name: string, data: number[]): string {
    const n = this.fresh(name);
    this.initializers.push({ name: n, dims: [data.length], dataType: 'int64', data });
    return n;
  }

  scalar(name: string, v: number): string {
    const n = this.fresh(name);
    this.initializers.push({ name: n, dims: [], dataType: 'float', data: Float32Array.of(v) });
    return n;
  }
}

/** The ONNX model of a planned network. Throws ExportError naming the first layer ONNX cannot express. */
export function buildOnnxModel(plan: ExportPlan, producerVersion = '0.1.0'): OnnxModelSpec {
  const g = new GraphBuilder();
  const values = new LayoutTracker((from, to, id) =>
    g.op1('Transpose', [from], `${id}/${to}`, [attr.ints('perm', to === 'nchw' ? TO_NCHW : TO_NHWC)]));
  const inputName = g.fresh(plan.input.id);

  for (const node of plan.nodes) {
    const out = emitNode(g, values, node, inputName);
    values.set(node.id, out.name, out.layout, node.shape.length);
  }

  let outName = values.get(plan.output.id, 'nhwc');
  // The graph output is named after the output node (an Identity when its value has another name).
  if (outName !== plan.output.id || outName === inputName) outName = g.op1('Identity', [outName], plan.output.id);
  return {
    irVersion: ONNX_IR_VERSION,
    opset: ONNX_OPSET,
    producerName: 'Netloom',
    producerVersion,
    graphName: plan.name,
    docString: `${plan.name}: exported from Netloom. Input and output use Netloom's layout (batch first; images NHWC, sequences (batch, timesteps, features)).`,
    inputs: [{ name: inputName, dims: ['batch', ...plan.input.shape] }],
    outputs: [{ name: outName, dims: ['batch', ...plan.output.shape] }],
    nodes: g.nodes,
    initializers: g.initializers,
    metadata: { 'netloom.weights': plan.trained ? 'trained' : 'initial' },
  };
}

interface Emitted {
  name: string;
  layout: Layout;
}

function emitNode(g: GraphBuilder, values: LayoutTracker, node: PlanNode, inputName: string): Emitted {
  const s = node.settings;
  const id = node.id;
  const p = (k: string) => node.params[k];
  const nhwc = (k = 0) => values.get(node.inputs[k], 'nhwc');
  const nchw = (k = 0) => values.get(node.inputs[k], 'nchw');
  const done = (name: string, layout: Layout = 'nhwc'): Emitted => ({ name, layout });

  switch (node.type) {
    case 'input':
      return done(inputName);

    case 'dense': {
      const [I] = node.inShapes[0];
      const O = s.units as number;
      const W = g.floats(`${id}.kernel`, [I, O], p('kernel').data);
      const z = s.useBias
        ? g.op1('Gemm', [nhwc(), W, g.floats(`${id}.bias`, [O], p('bias').data)], `${id}/z`)
        : g.op1('MatMul', [nhwc(), W], `${id}/z`);
      return done(activation(g, node, s.activation as string, z, 'nhwc'));
    }

    case 'activation': {
      const cur = values.current(node.inputs[0]);
      const name = s.activation === 'softmax' && cur.layout === 'nchw' ? nhwc() : cur.name;
      const layout = s.activation === 'softmax' ? 'nhwc' : cur.layout;
      return done(activation(g, node, s.activation as string, name, layout, { alpha: s.alpha as number, shift: s.shift as number }), layout);
    }

    case 'dropout':
    case 'flatten': {
      if (node.type === 'dropout') {
        const cur = values.current(node.inputs[0]);
        return done(cur.name, cur.layout);
      }
      return done(node.inShapes[0].length === 1 ? nhwc() : g.op1('Flatten', [nhwc()], id, [attr.int('axis', 1)]));
    }

    case 'reshape':
      return done(g.op1('Reshape', [nhwc(), g.int64s(`${id}/shape`, [-1, ...node.shape])], id));

    case 'conv2d': {
      const w = windowGeometry(s, node.inShapes[0], 'kernelSize');
      const O = s.filters as number;
      const K = g.floats(`${id}.kernel`, [O, w.C, w.kh, w.kw], convKernelToOIHW(p('kernel').data, w.kh, w.kw, w.C, O));
      const ins = [nchw(), K, ...(s.useBias ? [g.floats(`${id}.bias`, [O], p('bias').data)] : [])];
      const z = g.op1('Conv', ins, `${id}/z`, convAttrs(w.kh, w.kw, w.sh, w.sw, w.dh, w.dw, w.pads));
      return done(activation(g, node, s.activation as string, z, 'nchw'), actLayout(s.activation, 'nchw'));
    }

    case 'depthwiseConv2d': {
      const w = windowGeometry(s, node.inShapes[0], 'kernelSize');
      const M = s.depthMultiplier as number;
      const CM = w.C * M;
      const K = g.floats(`${id}.depthwiseKernel`, [CM, 1, w.kh, w.kw], depthwiseKernelToOIHW(p('depthwiseKernel').data, w.kh, w.kw, w.C, M));
      const ins = [nchw(), K, ...(s.useBias ? [g.floats(`${id}.bias`, [CM], p('bias').data)] : [])];
      const z = g.op1('Conv', ins, `${id}/z`, [...convAttrs(w.kh, w.kw, w.sh, w.sw, w.dh, w.dw, w.pads), attr.int('group', w.C)]);
      return done(activation(g, node, s.activation as string, z, 'nchw'), actLayout(s.activation, 'nchw'));
    }

    case 'separableConv2d': {
      const w = windowGeometry(s, node.inShapes[0], 'kernelSize');
      const M = s.depthMultiplier as number;
      const CM = w.C * M;
      const F = s.filters as number;
      const D = g.floats(`${id}.depthwiseKernel`, [CM, 1, w.kh, w.kw], depthwiseKernelToOIHW(p('depthwiseKernel').data, w.kh, w.kw, w.C, M));
      const u = g.op1('Conv', [nchw(), D], `${id}/depthwise`, [...convAttrs(w.kh, w.kw, w.sh, w.sw, w.dh, w.dw, w.pads), attr.int('group', w.C)]);
      const P = g.floats(`${id}.pointwiseKernel`, [F, CM, 1, 1], transpose2d(p('pointwiseKernel').data, CM, F));
      const ins = [u, P, ...(s.useBias ? [g.floats(`${id}.bias`, [F], p('bias').data)] : [])];
      const z = g.op1('Conv', ins, `${id}/z`, convAttrs(1, 1, 1, 1, 1, 1, { top: 0, left: 0, bottom: 0, right: 0 }));
      return done(activation(g, node, s.activation as string, z, 'nchw'), actLayout(s.activation, 'nchw'));
    }

    case 'maxPool2d':
    case 'avgPool2d': {
      const w = windowGeometry(s, node.inShapes[0], 'poolSize');
      const attrs = [attr.ints('kernel_shape', [w.kh, w.kw]), attr.ints('strides', [w.sh, w.sw]), attr.ints('pads', padList(w.pads))];
      if (node.type === 'avgPool2d') attrs.push(attr.int('count_include_pad', 0)); // TF: padding is not counted
      return done(g.op1(node.type === 'maxPool2d' ? 'MaxPool' : 'AveragePool', [nchw()], id, attrs), 'nchw');
    }

    case 'globalAvgPool2d': {
      const pooled = g.op1('GlobalAveragePool', [nchw()], `${id}/pool`); // (B, C, 1, 1)
      return done(g.op1('Flatten', [pooled], id, [attr.int('axis', 1)]));
    }

    case 'batchNorm': {
      const shape = node.inShapes[0];
      const C = shape[shape.length - 1];
      const ins = (['gamma', 'beta', 'movingMean', 'movingVariance'] as const).map((k) => g.floats(`${id}.${k}`, [C], p(k).data));
      const bn = (x: string) => g.op1('BatchNormalization', [x, ...ins], id, [attr.float('epsilon', s.epsilon as number)]);
      if (shape.length === 1) return done(bn(nhwc()));
      if (shape.length === 3) return done(bn(nchw()), 'nchw');
      // (B, d1, …, C): move the channels to axis 1 and back.
      const r = shape.length + 1;
      const toFirst = [0, r - 1, ...Array.from({ length: r - 2 }, (_, k) => k + 1)];
      const toLast = [0, ...Array.from({ length: r - 2 }, (_, k) => k + 2), 1];
      const t = g.op1('Transpose', [nhwc()], `${id}/channels_first`, [attr.ints('perm', toFirst)]);
      return done(g.op1('Transpose', [bn(t)], `${id}/channels_last`, [attr.ints('perm', toLast)]));
    }

    case 'prelu': {
      const cur = values.current(node.inputs[0]);
      const C = node.inShapes[0][node.inShapes[0].length - 1];
      const slope = g.floats(`${id}.alpha`, cur.layout === 'nchw' ? [C, 1, 1] : [C], p('alpha').data);
      return done(g.op1('PRelu', [cur.name, slope], id), cur.layout);
    }

    case 'add': {
      const layout = values.current(node.inputs[0]).layout;
      const ins = node.inputs.map((src) => values.get(src, layout));
      return done(g.op1('Sum', ins, id), layout);
    }

    case 'concat': {
      const rank = node.inShapes[0].length;
      const a = s.axis as number;
      const ax = a < 0 ? rank + a : a - 1; // sample axis
      const layout = rank === 3 ? values.current(node.inputs[0]).layout : 'nhwc';
      const ins = node.inputs.map((src) => values.get(src, layout));
      const axis = layout === 'nchw' ? nchwAxis(ax) : ax + 1;
      return done(g.op1('Concat', ins, id, [attr.int('axis', axis)]), layout);
    }

    case 'embedding': {
      const V = s.inputDim as number;
      const D = s.outputDim as number;
      const E = g.floats(`${id}.embeddings`, [V, D], p('embeddings').data);
      const idx = g.op1('Cast', [nhwc()], `${id}/indices`, [attr.int('to', INT64)]);
      return done(g.op1('Gather', [E, idx], id, [attr.int('axis', 0)]));
    }

    case 'simpleRnn':
    case 'lstm':
    case 'gru':
      return done(recurrent(g, node, nhwc()));

    default:
      throw unsupported('onnx', node, `no ONNX mapping for layer type '${node.type}'`);
  }
}

/** Softmax over channels must see NHWC's last axis; other activations keep the layout. */
const actLayout = (act: unknown, layout: Layout): Layout => (act === 'softmax' ? 'nhwc' : layout);

function padList(p: Pads): number[] {
  return [p.top, p.left, p.bottom, p.right];
}

function convAttrs(kh: number, kw: number, sh: number, sw: number, dh: number, dw: number, pads: Pads): OnnxAttribute[] {
  return [
    attr.ints('kernel_shape', [kh, kw]), attr.ints('strides', [sh, sw]), attr.ints('dilations', [dh, dw]), attr.ints('pads', padList(pads)),
  ];
}

/**
 * y = act(x) as ONNX nodes. Softmax normalizes the last axis of NHWC values; for a conv's NCHW output
 * the value is first brought back to NHWC (the caller records the layout via actLayout).
 */
function activation(g: GraphBuilder, node: PlanNode, name: string, x: string, layout: Layout, params: { alpha?: number; shift?: number } = {}): string {
  const id = node.id;
  const out = `${id}/${name}`;
  switch (name) {
    case 'linear': return x;
    case 'step': return g.op1('Cast', [g.op1('Greater', [x, g.scalar(`${id}/zero`, 0)], `${id}/positive`)], out, [attr.int('to', FLOAT)]);
    case 'sigmoid': return g.op1('Sigmoid', [x], out);
    case 'hardSigmoid': return g.op1('HardSigmoid', [x], out, [attr.float('alpha', 1 / 6), attr.float('beta', 0.5)]);
    case 'tanh': return g.op1('Tanh', [x], out);
    case 'relu': return g.op1('Relu', [x], out);
    case 'leakyRelu': return g.op1('LeakyRelu', [x], out, [attr.float('alpha', params.alpha ?? LEAKY_RELU_ALPHA)]);
    case 'elu': return g.op1('Elu', [x], out, [attr.float('alpha', params.alpha ?? ELU_ALPHA)]);
    case 'shiftedRelu': return g.op1('Max', [x, g.scalar(`${id}/floor`, -(params.shift ?? SHIFTED_RELU_SHIFT))], out);
    case 'swish': return g.op1('Mul', [x, g.op1('Sigmoid', [x], `${id}/sigmoid`)], out);
    case 'gelu': {
      // ½·x·(1 + erf(x / √2)), the exact form (Gelu is an op only from opset 20)
      const e = g.op1('Erf', [g.op1('Mul', [x, g.scalar(`${id}/inv_sqrt2`, Math.SQRT1_2)], `${id}/scaled`)], `${id}/erf`);
      const onePlus = g.op1('Add', [e, g.scalar(`${id}/one`, 1)], `${id}/one_plus_erf`);
      return g.op1('Mul', [g.op1('Mul', [x, g.scalar(`${id}/half`, 0.5)], `${id}/half_x`), onePlus], out);
    }
    case 'softplus': return g.op1('Softplus', [x], out);
    case 'arctan': return g.op1('Atan', [x], out);
    case 'softmax': {
      const input = layout === 'nchw' ? g.op1('Transpose', [x], `${id}/nhwc`, [attr.ints('perm', TO_NHWC)]) : x;
      return g.op1('Softmax', [input], out, [attr.int('axis', -1)]);
    }
    default:
      if (!getActivation(name)) throw unsupported('onnx', node, `unknown activation '${name}'`);
      throw unsupported('onnx', node, `activation '${name}' has no ONNX mapping`);
  }
}

/**
 * x: (B, T, F) -> ONNX RNN/LSTM/GRU on (T, B, F) -> (B, T, H) or (B, H).
 * W: (1, G·H, F), R: (1, G·H, H), B: (1, 2·G·H) = [input biases, recurrent biases].
 */
function recurrent(g: GraphBuilder, node: PlanNode, x: string): string {
  const s = node.settings;
  const id = node.id;
  const F = node.inShapes[0][1];
  const H = s.units as number;
  const act = s.activation as string;
  const onnxAct = RNN_ACTIVATIONS[act];
  if (!onnxAct) {
    throw unsupported('onnx', node, `activation '${act}' inside a recurrent layer (ONNX export supports ${Object.keys(RNN_ACTIVATIONS).join(', ')})`);
  }
  const G = node.type === 'lstm' ? 4 : node.type === 'gru' ? 3 : 1;
  const order = node.type === 'lstm' ? LSTM_ONNX_ORDER : IDENTITY_ORDER;
  const GH = G * H;
  const W = g.floats(`${id}.kernel`, [1, GH, F], gateRowsT(node.params.kernel.data, F, G, H, order));
  const R = g.floats(`${id}.recurrentKernel`, [1, GH, H], gateRowsT(node.params.recurrentKernel.data, H, G, H, order));
  const ins = [g.op1('Transpose', [x], `${id}/time_major`, [attr.ints('perm', [1, 0, 2])]), W, R];
  if (s.useBias) {
    const b = new Float32Array(2 * GH);
    const bias = node.params.bias.data;
    b.set(gateBias(bias, G, H, order), 0);
    if (node.type === 'gru') b.set(gateBias(bias, G, H, order, GH), GH); // the recurrent row b_h
    ins.push(g.floats(`${id}.bias`, [1, 2 * GH], b));
  }
  const attrs: OnnxAttribute[] = [attr.int('hidden_size', H)];
  let op = 'RNN';
  if (node.type === 'simpleRnn') attrs.push(attr.strings('activations', [onnxAct]));
  if (node.type === 'lstm') (op = 'LSTM'), attrs.push(attr.strings('activations', ['Sigmoid', onnxAct, onnxAct]));
  if (node.type === 'gru') (op = 'GRU'), attrs.push(attr.strings('activations', ['Sigmoid', onnxAct]), attr.int('linear_before_reset', 1));
  const [Y, Yh] = g.op(op, ins, `${id}/${op.toLowerCase()}`, attrs, 2); // Y: (T, 1, B, H), Y_h: (1, B, H)
  if (s.returnSequences) {
    const seq = g.op1('Squeeze', [Y, g.int64s(`${id}/axis1`, [1])], `${id}/sequence`);
    return g.op1('Transpose', [seq], id, [attr.ints('perm', [1, 0, 2])]);
  }
  return g.op1('Squeeze', [Yh, g.int64s(`${id}/axis0`, [0])], id);
}
