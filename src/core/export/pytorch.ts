// Network -> a self-contained PyTorch module (Python source) plus its weights as safetensors.
//
// Choices (repeated in the generated file's header):
// - forward(x) takes Netloom's layout: (batch, ...shape), images NHWC, sequences (batch, T, F)
//   (batch_first recurrent layers). Convolutions and pools run in PyTorch's NCHW; the module permutes
//   only where the layout changes (layoutTracker.ts) and is back in NHWC before Flatten, Reshape,
//   Dense and the output, so flatten order and outputs match Netloom's.
// - Weights are converted to PyTorch's own layouts (layouts.ts), so the safetensors file is an
//   ordinary state_dict: Linear (out, in), Conv2d (out, in/groups, kh, kw), LSTM gates i, f, g, o,
//   GRU gates r, z, n with bias_hh the GRU's recurrent bias (zero for RNN and LSTM, whose single bias
//   goes in bias_ih). BatchNorm keeps its moving statistics in running_mean / running_var.
// - TF "same" padding can be uneven (the extra row/column at the bottom/right), which Conv2d's
//   padding cannot say: such layers F.pad first. Max pools pad with −inf, average pools divide by the
//   number of real (unpadded) inputs, as Netloom and TF do.

import { strToU8 } from 'fflate';
import { ELU_ALPHA, LEAKY_RELU_ALPHA, SHIFTED_RELU_SHIFT } from '../activations';
import { encodeSafetensors, type NamedTensor } from '../project/safetensors';
import { convKernelToOIHW, depthwiseKernelToOIHW, gateBias, gateRowsT, GRU_TORCH_ORDER, hasPadding, IDENTITY_ORDER, transpose2d, windowGeometry, type Pads } from './layouts';
import { LayoutTracker, nchwAxis, type Layout } from './layoutTracker';
import {
  docTitle, pyFloat, pyModelConstants, pyStr, pythonNames, pyTuple, pyWeightsLine, unsupported,
  type ExportPlan, type ExportResult, type PlanNode,
} from './plan';

/** Activations nn.RNN accepts (nn.LSTM and nn.GRU are tanh only). */
const TORCH_RNN_NONLINEARITY = new Set(['tanh', 'relu']);

interface Emitted {
  v: string;
  layout: Layout;
}

/**
 * `<baseName>.py` (the module, a loader and a demo under `__main__`) and `<baseName>.safetensors`.
 * Throws ExportError naming the first layer PyTorch cannot express.
 */
export function exportPytorch(plan: ExportPlan, baseName = 'model'): ExportResult {
  const names = pythonNames(plan.nodes.map((n) => n.id));
  const init: string[] = [];
  const forward: string[] = [];
  const tensors: NamedTensor[] = [];
  const shapes: [string, number[]][] = [];
  const add = (key: string, shape: number[], data: Float32Array) => {
    tensors.push({ name: key, shape, data });
    shapes.push([key, shape]);
  };
  const values = new LayoutTracker((from, to) => {
    const v = `${from}_${to}`;
    forward.push(`${v} = ${from}.permute(${to === 'nchw' ? '0, 3, 1, 2' : '0, 2, 3, 1'})`);
    return v;
  });

  for (const node of plan.nodes) {
    const out = emitNode(node, names.get(node.id)!, values, init, forward, add);
    values.set(node.id, out.v, out.layout, node.shape.length);
  }
  const result = values.get(plan.output.id, 'nhwc');
  const className = pythonClassName(plan.name);
  const weightsFile = `${baseName}.safetensors`;

  const py = [
    `"""${docTitle(plan.name)}: a PyTorch module exported from Netloom.`,
    '',
    'Run it:   python this_file.py          (loads the weights, prints a prediction for random input)',
    'Use it:   from this_file import load_model; model = load_model(); y = model(x)',
    '',
    'Layout: forward(x) takes x the way Netloom does: (batch, *INPUT_SHAPE), images channels-last',
    "(batch, height, width, channels), sequences (batch, timesteps, features). Convolutions and pools run",
    "in PyTorch's NCHW: the module permutes where the layout changes and is back in NHWC before Flatten,",
    "Reshape, Linear and the output, so results match Netloom's element for element.",
    `Weights: ${weightsFile} (safetensors), already converted to PyTorch's layouts (Linear (out, in),`,
    'Conv2d (out, in/groups, kh, kw), LSTM gates i,f,g,o, GRU gates r,z,n), loaded with',
    'safetensors.torch.load_file, or by the small reader below when the safetensors package is missing.',
    pyWeightsLine(plan),
    '"""',
    'import json',
    'import os',
    'import struct',
    '',
    'import torch',
    'import torch.nn.functional as F',
    'from torch import nn',
    '',
    ...pyModelConstants(plan, weightsFile),
    '',
    '# Every entry of the state_dict and its shape (the weights file holds exactly these).',
    'WEIGHT_SHAPES = {',
    ...shapes.map(([k, s]) => `    ${pyStr(k)}: ${s.length ? pyTuple(s) : '()'},`),
    '}',
    '',
    '',
    `class ${className}(nn.Module):`,
    '    def __init__(self):',
    '        super().__init__()',
    ...(init.length ? init.map((l) => `        ${l}`) : ['        pass']),
    '',
    '    def forward(self, x):',
    ...forward.map((l) => `        ${l}`),
    `        return ${result}`,
    '',
    '',
    SAFETENSORS_READER,
    '',
    '',
    'def load_weights(path=WEIGHTS_FILE):',
    '    try:',
    '        from safetensors.torch import load_file',
    '    except ImportError:',
    '        return read_safetensors(path)',
    '    return load_file(path)',
    '',
    '',
    'def load_model(path=WEIGHTS_FILE):',
    `    """A ${className} with the exported weights, in eval mode (dropout off, BatchNorm on its moving statistics)."""`,
    `    model = ${className}()`,
    '    state = load_weights(path)',
    '    for name, shape in WEIGHT_SHAPES.items():',
    '        if tuple(state[name].shape) != tuple(shape):',
    "            raise ValueError(f'{name}: the weights file has shape {tuple(state[name].shape)}, the model expects {shape}')",
    '    missing, unexpected = model.load_state_dict(state, strict=False)',
    "    missing = [k for k in missing if not k.endswith('num_batches_tracked')]",
    '    if missing or unexpected:',
    "        raise ValueError(f'weights do not fit the model: missing {missing}, unexpected {unexpected}')",
    '    return model.eval()',
    '',
    '',
    "if __name__ == '__main__':",
    '    model = load_model()',
    '    x = torch.rand(2, *INPUT_SHAPE)',
    '    with torch.no_grad():',
    '        print(model(x))',
    '',
  ].join('\n');

  return {
    files: [
      { name: `${baseName}.py`, data: strToU8(py) },
      { name: weightsFile, data: encodeSafetensors(tensors, { format: 'pt', 'netloom.source': plan.name }) },
    ],
    notes: plan.notes,
  };
}

/** Reads a safetensors file into tensors with only the standard library (F32, little-endian). */
const SAFETENSORS_READER = `def read_safetensors(path):
    """Reads a safetensors file without the safetensors package (F32 tensors, as Netloom writes them)."""
    with open(path, 'rb') as f:
        (n,) = struct.unpack('<Q', f.read(8))
        header = json.loads(f.read(n))
        data = f.read()
    tensors = {}
    for name, info in header.items():
        if name == '__metadata__':
            continue
        if info['dtype'] != 'F32':
            raise ValueError(f"{name}: dtype {info['dtype']} (this reader reads F32)")
        begin, end = info['data_offsets']
        values = struct.unpack(f'<{(end - begin) // 4}f', data[begin:end])
        tensors[name] = torch.tensor(values, dtype=torch.float32).reshape(info['shape'])
    return tensors`;

function emitNode(
  node: PlanNode, name: string, values: LayoutTracker, init: string[], forward: string[],
  add: (key: string, shape: number[], data: Float32Array) => void,
): Emitted {
  const s = node.settings;
  const p = (k: string) => node.params[k].data;
  const v = `x_${name}`;
  const nhwc = (k = 0) => values.get(node.inputs[k], 'nhwc');
  const nchw = (k = 0) => values.get(node.inputs[k], 'nchw');
  const line = (expr: string) => forward.push(`${v} = ${expr}`);
  const done = (layout: Layout = 'nhwc'): Emitted => ({ v, layout });
  /** Applies the layer's activation to v in place (softmax over channels: dim 1 in NCHW). */
  const activate = (layout: Layout, params: { alpha?: number; shift?: number } = {}) => {
    const expr = activationExpr(node, s.activation as string, v, layout, params);
    if (expr !== v) line(expr);
  };

  switch (node.type) {
    case 'input':
      line('x');
      return done();

    case 'dense': {
      const I = node.inShapes[0][0];
      const O = s.units as number;
      init.push(`self.${name} = nn.Linear(${I}, ${O}, bias=${pyBool(s.useBias)})`);
      add(`${name}.weight`, [O, I], transpose2d(p('kernel'), I, O));
      if (s.useBias) add(`${name}.bias`, [O], p('bias'));
      line(`self.${name}(${nhwc()})`);
      activate('nhwc');
      return done();
    }

    case 'activation': {
      const cur = values.current(node.inputs[0]);
      const layout = cur.layout;
      line(cur.name);
      activate(layout, { alpha: s.alpha as number, shift: s.shift as number });
      return done(layout);
    }

    case 'dropout': {
      const cur = values.current(node.inputs[0]);
      init.push(`self.${name} = nn.Dropout(${pyFloat(s.rate as number)})`);
      line(`self.${name}(${cur.name})`);
      return done(cur.layout);
    }

    case 'flatten':
      line(`torch.flatten(${nhwc()}, 1)`);
      return done();

    case 'reshape':
      line(`${nhwc()}.reshape(-1, ${node.shape.join(', ')})`);
      return done();

    case 'conv2d':
    case 'depthwiseConv2d':
    case 'separableConv2d': {
      const w = windowGeometry(s, node.inShapes[0], 'kernelSize');
      const M = (s.depthMultiplier as number | undefined) ?? 1;
      const CM = w.C * M;
      const { padArg, x } = convPadding(w.pads, nchw());
      const geo = `(${w.kh}, ${w.kw}), stride=(${w.sh}, ${w.sw}), padding=${padArg}, dilation=(${w.dh}, ${w.dw})`;
      if (node.type === 'conv2d') {
        const O = s.filters as number;
        init.push(`self.${name} = nn.Conv2d(${w.C}, ${O}, ${geo}, bias=${pyBool(s.useBias)})`);
        add(`${name}.weight`, [O, w.C, w.kh, w.kw], convKernelToOIHW(p('kernel'), w.kh, w.kw, w.C, O));
        if (s.useBias) add(`${name}.bias`, [O], p('bias'));
        line(`self.${name}(${x})`);
      } else if (node.type === 'depthwiseConv2d') {
        init.push(`self.${name} = nn.Conv2d(${w.C}, ${CM}, ${geo}, groups=${w.C}, bias=${pyBool(s.useBias)})`);
        add(`${name}.weight`, [CM, 1, w.kh, w.kw], depthwiseKernelToOIHW(p('depthwiseKernel'), w.kh, w.kw, w.C, M));
        if (s.useBias) add(`${name}.bias`, [CM], p('bias'));
        line(`self.${name}(${x})`);
      } else {
        const F = s.filters as number;
        init.push(`self.${name}_depthwise = nn.Conv2d(${w.C}, ${CM}, ${geo}, groups=${w.C}, bias=False)`);
        init.push(`self.${name}_pointwise = nn.Conv2d(${CM}, ${F}, 1, bias=${pyBool(s.useBias)})`);
        add(`${name}_depthwise.weight`, [CM, 1, w.kh, w.kw], depthwiseKernelToOIHW(p('depthwiseKernel'), w.kh, w.kw, w.C, M));
        add(`${name}_pointwise.weight`, [F, CM, 1, 1], transpose2d(p('pointwiseKernel'), CM, F));
        if (s.useBias) add(`${name}_pointwise.bias`, [F], p('bias'));
        line(`self.${name}_pointwise(self.${name}_depthwise(${x}))`);
      }
      activate('nchw');
      return done('nchw'); // softmax, if any, ran over dim 1 (the channels)
    }

    case 'maxPool2d': {
      const w = windowGeometry(s, node.inShapes[0], 'poolSize');
      const x = hasPadding(w.pads) ? `F.pad(${nchw()}, ${padTuple(w.pads)}, value=float('-inf'))` : nchw();
      line(`F.max_pool2d(${x}, (${w.kh}, ${w.kw}), (${w.sh}, ${w.sw}))`);
      return done('nchw');
    }

    case 'avgPool2d': {
      const w = windowGeometry(s, node.inShapes[0], 'poolSize');
      const k = `(${w.kh}, ${w.kw}), (${w.sh}, ${w.sw})`;
      const x = nchw();
      if (!hasPadding(w.pads)) line(`F.avg_pool2d(${x}, ${k})`);
      // Padding is not counted: divide the window sums by the number of real inputs in each window.
      else line(`F.avg_pool2d(F.pad(${x}, ${padTuple(w.pads)}), ${k}) / F.avg_pool2d(F.pad(torch.ones_like(${x}[:, :1]), ${padTuple(w.pads)}), ${k})`);
      return done('nchw');
    }

    case 'globalAvgPool2d': {
      const cur = values.current(node.inputs[0]);
      line(`${cur.name}.mean(dim=${cur.layout === 'nchw' ? '(2, 3)' : '(1, 2)'})`);
      return done();
    }

    case 'batchNorm': {
      const shape = node.inShapes[0];
      const r = shape.length;
      const C = shape[r - 1];
      if (r > 4) throw unsupported('pytorch', node, `inputs of rank ${r} (PyTorch's BatchNorm takes at most 3 axes after the channels)`);
      const kind = r === 3 ? '2d' : r === 4 ? '3d' : '1d';
      init.push(`self.${name} = nn.BatchNorm${kind}(${C}, eps=${pyFloat(s.epsilon as number)}, momentum=${pyFloat(1 - (s.momentum as number))})`);
      add(`${name}.weight`, [C], p('gamma'));
      add(`${name}.bias`, [C], p('beta'));
      add(`${name}.running_mean`, [C], p('movingMean'));
      add(`${name}.running_var`, [C], p('movingVariance'));
      if (r === 1) line(`self.${name}(${nhwc()})`);
      else if (r === 3) return line(`self.${name}(${nchw()})`), done('nchw');
      else line(`self.${name}(${nhwc()}.movedim(-1, 1)).movedim(1, -1)`);
      return done();
    }

    case 'prelu': {
      const shape = node.inShapes[0];
      const C = shape[shape.length - 1];
      const cur = values.current(node.inputs[0]);
      init.push(`self.${name} = nn.PReLU(${C})`);
      add(`${name}.weight`, [C], p('alpha'));
      // nn.PReLU's channels are dim 1: true for (B, C) and NCHW images; other values move them there.
      if (shape.length === 1 || cur.layout === 'nchw') {
        line(`self.${name}(${cur.name})`);
        return done(cur.layout);
      }
      line(`self.${name}(${cur.name}.movedim(-1, 1)).movedim(1, -1)`);
      return done();
    }

    case 'add': {
      const layout = values.current(node.inputs[0]).layout;
      line(node.inputs.map((src) => values.get(src, layout)).join(' + '));
      return done(layout);
    }

    case 'concat': {
      const rank = node.inShapes[0].length;
      const a = s.axis as number;
      const ax = a < 0 ? rank + a : a - 1;
      const layout = rank === 3 ? values.current(node.inputs[0]).layout : 'nhwc';
      const dim = layout === 'nchw' ? nchwAxis(ax) : ax + 1;
      line(`torch.cat([${node.inputs.map((src) => values.get(src, layout)).join(', ')}], dim=${dim})`);
      return done(layout);
    }

    case 'embedding': {
      const V = s.inputDim as number;
      const D = s.outputDim as number;
      init.push(`self.${name} = nn.Embedding(${V}, ${D})`);
      add(`${name}.weight`, [V, D], p('embeddings'));
      line(`self.${name}(${nhwc()}.long())`);
      return done();
    }

    case 'simpleRnn':
    case 'lstm':
    case 'gru': {
      const act = s.activation as string;
      const F = node.inShapes[0][1];
      const H = s.units as number;
      if (node.type === 'simpleRnn' ? !TORCH_RNN_NONLINEARITY.has(act) : act !== 'tanh') {
        throw unsupported('pytorch', node, `activation '${act}' (PyTorch's ${node.type === 'simpleRnn' ? 'nn.RNN takes tanh or relu' : `nn.${node.type.toUpperCase()} is tanh only`})`);
      }
      const G = node.type === 'lstm' ? 4 : node.type === 'gru' ? 3 : 1;
      const order = node.type === 'gru' ? GRU_TORCH_ORDER : IDENTITY_ORDER;
      const cls = node.type === 'lstm' ? 'LSTM' : node.type === 'gru' ? 'GRU' : 'RNN';
      const extra = node.type === 'simpleRnn' ? `, nonlinearity=${pyStr(act)}` : '';
      init.push(`self.${name} = nn.${cls}(${F}, ${H}, batch_first=True, bias=${pyBool(s.useBias)}${extra})`);
      add(`${name}.weight_ih_l0`, [G * H, F], gateRowsT(p('kernel'), F, G, H, order));
      add(`${name}.weight_hh_l0`, [G * H, H], gateRowsT(p('recurrentKernel'), H, G, H, order));
      if (s.useBias) {
        add(`${name}.bias_ih_l0`, [G * H], gateBias(p('bias'), G, H, order));
        add(`${name}.bias_hh_l0`, [G * H], node.type === 'gru' ? gateBias(p('bias'), G, H, order, G * H) : new Float32Array(G * H));
      }
      line(`self.${name}(${nhwc()})[0]`); // (B, T, H)
      if (!s.returnSequences) line(`${v}[:, -1]`);
      return done();
    }

    default:
      throw unsupported('pytorch', node, `no PyTorch mapping for layer type '${node.type}'`);
  }
}

/** nn.Conv2d's padding argument, or F.pad in front when the padding is uneven (TF 'same'). */
function convPadding(p: Pads, x: string): { padArg: string; x: string } {
  if (p.top === p.bottom && p.left === p.right) return { padArg: `(${p.top}, ${p.left})`, x };
  return { padArg: '0', x: `F.pad(${x}, ${padTuple(p)})` };
}

/** F.pad's order: (left, right, top, bottom). */
const padTuple = (p: Pads) => `(${p.left}, ${p.right}, ${p.top}, ${p.bottom})`;

const pyBool = (b: unknown) => (b ? 'True' : 'False');

function activationExpr(node: PlanNode, act: string, v: string, layout: Layout, params: { alpha?: number; shift?: number }): string {
  switch (act) {
    case 'linear': return v;
    case 'step': return `(${v} > 0).to(${v}.dtype)`;
    case 'sigmoid': return `torch.sigmoid(${v})`;
    case 'hardSigmoid': return `F.hardsigmoid(${v})`;
    case 'tanh': return `torch.tanh(${v})`;
    case 'relu': return `torch.relu(${v})`;
    case 'leakyRelu': return `F.leaky_relu(${v}, ${pyFloat(params.alpha ?? LEAKY_RELU_ALPHA)})`;
    case 'elu': return `F.elu(${v}, alpha=${pyFloat(params.alpha ?? ELU_ALPHA)})`;
    case 'shiftedRelu': return `torch.clamp(${v}, min=${pyFloat(-(params.shift ?? SHIFTED_RELU_SHIFT))})`;
    case 'swish': return `F.silu(${v})`;
    case 'gelu': return `F.gelu(${v})`;
    case 'softplus': return `F.softplus(${v})`;
    case 'arctan': return `torch.atan(${v})`;
    case 'softmax': return `torch.softmax(${v}, dim=${layout === 'nchw' ? 1 : -1})`;
    default: throw unsupported('pytorch', node, `activation '${act}' has no PyTorch mapping`);
  }
}

/** 'Two spirals' -> 'TwoSpirals' (a valid class name). */
export function pythonClassName(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const joined = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  return !joined ? 'NetloomModel' : /^[0-9]/.test(joined) ? `Net${joined}` : joined;
}
