// Network -> a Keras 3 functional-API model (Python source) plus its weights as safetensors.
//
// Netloom's layouts are Keras's (channels-last images, Dense kernels (in, out), Conv2D kernels
// (kh, kw, in, out), recurrent kernels with Keras's gate order: LSTM i, f, c, o; GRU z, r, h with
// reset_after=True and a (2, 3H) bias), so the weights need no conversion except PReLU's alpha, which
// Keras shapes like the input with the shared axes set to 1. Every layer's weights are listed in the
// order Keras keeps them (kernel, recurrent_kernel, bias; BatchNorm gamma, beta, moving_mean,
// moving_variance), and load_model() passes them to model.set_weights() walking model.layers, which is
// the order of model.weights. The file reads the safetensors with numpy (which Keras requires anyway).
// Activations Keras has under another name or with other defaults (leakyRelu's slope, elu with α ≠ 1,
// step, shiftedRelu, arctan) are written as small functions on keras.ops.

import { strToU8 } from 'fflate';
import { ELU_ALPHA, LEAKY_RELU_ALPHA, SHIFTED_RELU_SHIFT } from '../activations';
import { encodeSafetensors, type NamedTensor } from '../project/safetensors';
import {
  docTitle, pyFloat, pyModelConstants, pyStr, pythonName, pythonNames, pyTuple, pyWeightsLine, unsupported,
  type ExportPlan, type ExportResult, type PlanNode,
} from './plan';

const KERAS_ACTIVATIONS: Record<string, string> = {
  linear: 'linear', sigmoid: 'sigmoid', hardSigmoid: 'hard_sigmoid', tanh: 'tanh', relu: 'relu', elu: 'elu',
  swish: 'silu', gelu: 'gelu', softplus: 'softplus', softmax: 'softmax',
};

/**
 * `<baseName>.py` (build_model(), load_model() and a demo under `__main__`) and `<baseName>.safetensors`.
 * Throws ExportError naming the first layer Keras cannot express.
 */
export function exportKeras(plan: ExportPlan, baseName = 'model'): ExportResult {
  const names = pythonNames(plan.nodes.map((n) => n.id));
  const body: string[] = [];
  const helpers = new Map<string, string>(); // function name -> definition
  const tensors: NamedTensor[] = [];
  const layerWeights: [string, string[]][] = [];
  const vars = new Map<string, string>();

  /** A Keras activation argument: a name string, or a helper function defined in the file. */
  const activationArg = (node: PlanNode, act: string, params: { alpha?: number; shift?: number } = {}): string => {
    // Keras's 'elu' string has α = 1; another α is ops.elu(x, alpha) in a helper.
    const eluAlpha = act === 'elu' ? params.alpha ?? ELU_ALPHA : ELU_ALPHA;
    if (KERAS_ACTIVATIONS[act] && eluAlpha === ELU_ALPHA) return pyStr(KERAS_ACTIVATIONS[act]);
    let fn: string;
    let def: string;
    if (act === 'step') (fn = 'netloom_step'), (def = 'return ops.cast(ops.greater(x, 0), x.dtype)');
    else if (act === 'arctan') (fn = 'netloom_arctan'), (def = 'return ops.arctan(x)');
    else if (act === 'elu') {
      fn = pythonName(`netloom_elu_${pyFloat(eluAlpha)}`);
      def = `return ops.elu(x, alpha=${pyFloat(eluAlpha)})`;
    } else if (act === 'leakyRelu') {
      const a = params.alpha ?? LEAKY_RELU_ALPHA;
      fn = pythonName(`netloom_leaky_relu_${pyFloat(a)}`);
      def = `return ops.leaky_relu(x, negative_slope=${pyFloat(a)})`;
    } else if (act === 'shiftedRelu') {
      const sh = params.shift ?? SHIFTED_RELU_SHIFT;
      fn = pythonName(`netloom_shifted_relu_${pyFloat(sh)}`);
      def = `return ops.maximum(x, ${pyFloat(-sh)})`;
    } else throw unsupported('keras', node, `activation '${act}' has no Keras mapping`);
    helpers.set(fn, `def ${fn}(x):\n    ${def}`);
    return fn;
  };

  for (const node of plan.nodes) {
    const name = names.get(node.id)!;
    const v = `x_${name}`;
    const s = node.settings;
    const ins = node.inputs.map((src) => vars.get(src)!);
    const x = ins[0];
    const weights: string[] = [];
    const w = (suffix: string, shape?: number[]) => {
      const t = node.params[suffix];
      const key = `${name}.${suffix}`;
      tensors.push({ name: key, shape: shape ?? t.shape, data: t.data });
      weights.push(key);
    };
    const call = (layer: string, arg = x) => body.push(`${v} = layers.${layer}(${arg})`);
    const nm = `name=${pyStr(name)}`;

    switch (node.type) {
      case 'input':
        body.push(`${v} = keras.Input(shape=${pyTuple(node.shape)}, ${nm})`);
        break;
      case 'dense':
        call(`Dense(${s.units}, activation=${activationArg(node, s.activation as string)}, use_bias=${pyBool(s.useBias)}, ${nm})`);
        w('kernel');
        if (s.useBias) w('bias');
        break;
      case 'activation':
        call(`Activation(${activationArg(node, s.activation as string, { alpha: s.alpha as number, shift: s.shift as number })}, ${nm})`);
        break;
      case 'dropout':
        call(`Dropout(${pyFloat(s.rate as number)}, ${nm})`);
        break;
      case 'flatten':
        call(`Flatten(${nm})`);
        break;
      case 'reshape':
        call(`Reshape(${pyTuple(node.shape)}, ${nm})`);
        break;
      case 'conv2d':
      case 'depthwiseConv2d':
      case 'separableConv2d': {
        let input = x;
        if (s.padding === 'explicit') {
          body.push(`${v}_pad = layers.ZeroPadding2D(${s.paddingAmount}, name=${pyStr(`${name}_pad`)})(${x})`);
          input = `${v}_pad`;
        }
        const [kh, kw] = s.kernelSize as number[];
        const geo = `(${kh}, ${kw}), strides=${pyTuple(s.strides as number[])}, padding=${pyStr(s.padding === 'same' ? 'same' : 'valid')}, dilation_rate=${pyTuple(s.dilation as number[])}`;
        const tail = `activation=${activationArg(node, s.activation as string)}, use_bias=${pyBool(s.useBias)}, ${nm}`;
        if (node.type === 'conv2d') call(`Conv2D(${s.filters}, ${geo}, ${tail})`, input), w('kernel');
        else if (node.type === 'depthwiseConv2d') call(`DepthwiseConv2D(${geo}, depth_multiplier=${s.depthMultiplier}, ${tail})`, input), w('depthwiseKernel');
        else call(`SeparableConv2D(${s.filters}, ${geo}, depth_multiplier=${s.depthMultiplier}, ${tail})`, input), w('depthwiseKernel'), w('pointwiseKernel');
        if (s.useBias) w('bias');
        break;
      }
      case 'maxPool2d':
      case 'avgPool2d': {
        if (s.padding === 'explicit') {
          throw unsupported('keras', node, `explicit padding (Keras pools pad only 'valid' or 'same'; zero padding would change the ${node.type === 'maxPool2d' ? 'maxima' : 'averages'})`);
        }
        const cls = node.type === 'maxPool2d' ? 'MaxPooling2D' : 'AveragePooling2D';
        call(`${cls}(${pyTuple(s.poolSize as number[])}, strides=${pyTuple(s.strides as number[])}, padding=${pyStr(s.padding as string)}, ${nm})`);
        break;
      }
      case 'globalAvgPool2d':
        call(`GlobalAveragePooling2D(${nm})`);
        break;
      case 'batchNorm':
        call(`BatchNormalization(axis=-1, momentum=${pyFloat(s.momentum as number)}, epsilon=${pyFloat(s.epsilon as number)}, ${nm})`);
        w('gamma'), w('beta'), w('movingMean'), w('movingVariance');
        break;
      case 'prelu': {
        const shape = node.inShapes[0];
        const shared = shape.slice(0, -1).map((_, k) => k + 1);
        call(`PReLU(${shared.length ? `shared_axes=[${shared.join(', ')}], ` : ''}${nm})`);
        w('alpha', [...shared.map(() => 1), shape[shape.length - 1]]);
        break;
      }
      case 'add':
        call(`Add(${nm})`, `[${ins.join(', ')}]`);
        break;
      case 'concat':
        call(`Concatenate(axis=${s.axis}, ${nm})`, `[${ins.join(', ')}]`);
        break;
      case 'embedding':
        call(`Embedding(${s.inputDim}, ${s.outputDim}, ${nm})`);
        w('embeddings');
        break;
      case 'simpleRnn':
      case 'lstm':
      case 'gru': {
        const act = activationArg(node, s.activation as string);
        const common = `${s.units}, activation=${act}, use_bias=${pyBool(s.useBias)}, return_sequences=${pyBool(s.returnSequences)}`;
        if (node.type === 'simpleRnn') call(`SimpleRNN(${common}, ${nm})`);
        else if (node.type === 'lstm') call(`LSTM(${common}, recurrent_activation="sigmoid", ${nm})`);
        else call(`GRU(${common}, recurrent_activation="sigmoid", reset_after=True, ${nm})`);
        w('kernel'), w('recurrentKernel');
        if (s.useBias) w('bias');
        break;
      }
      default:
        throw unsupported('keras', node, `no Keras mapping for layer type '${node.type}'`);
    }
    vars.set(node.id, v);
    if (weights.length) layerWeights.push([name, weights]);
  }

  const modelName = pythonName(plan.name);
  const weightsFile = `${baseName}.safetensors`;
  const py = [
    `"""${docTitle(plan.name)}: a Keras 3 model (functional API) exported from Netloom.`,
    '',
    'Run it:   python this_file.py          (loads the weights, prints a prediction for random input)',
    'Use it:   from this_file import load_model; model = load_model(); y = model.predict(x)',
    '',
    "Layouts are Keras's own (channels-last images, sequences (batch, timesteps, features)); x is shaped",
    '(batch, *INPUT_SHAPE) exactly as in Netloom.',
    `Weights: ${weightsFile} (safetensors, read here with numpy), in each layer's Keras order;`,
    'load_model() hands them to model.set_weights() in model.layers order.',
    pyWeightsLine(plan),
    '"""',
    'import json',
    'import os',
    '',
    'import keras',
    'import numpy as np',
    'from keras import layers, ops',
    '',
    ...pyModelConstants(plan, weightsFile),
    '',
    "# Each Keras layer's weights (tensor names in the weights file), in the order the layer keeps them.",
    'LAYER_WEIGHTS = {',
    ...layerWeights.map(([l, ws]) => `    ${pyStr(l)}: [${ws.map(pyStr).join(', ')}],`),
    '}',
    '',
    ...[...helpers.values()].flatMap((h) => ['', h, '']),
    '',
    'def build_model():',
    ...body.map((l) => `    ${l}`),
    `    return keras.Model(${vars.get(plan.input.id)}, ${vars.get(plan.output.id)}, name=${pyStr(modelName)})`,
    '',
    '',
    'def read_safetensors(path):',
    '    """Reads a safetensors file into numpy arrays (F32, as Netloom writes them)."""',
    "    with open(path, 'rb') as f:",
    "        n = int.from_bytes(f.read(8), 'little')",
    '        header = json.loads(f.read(n))',
    '        data = f.read()',
    '    tensors = {}',
    '    for name, info in header.items():',
    "        if name == '__metadata__':",
    '            continue',
    "        if info['dtype'] != 'F32':",
    `            raise ValueError(f"{name}: dtype {info['dtype']} (this reader reads F32)")`,
    "        begin, end = info['data_offsets']",
    "        tensors[name] = np.frombuffer(data[begin:end], dtype='<f4').reshape(info['shape']).copy()",
    '    return tensors',
    '',
    '',
    'def load_model(path=WEIGHTS_FILE):',
    '    model = build_model()',
    '    tensors = read_safetensors(path)',
    '    model.set_weights([tensors[name] for layer in model.layers for name in LAYER_WEIGHTS.get(layer.name, [])])',
    '    return model',
    '',
    '',
    "if __name__ == '__main__':",
    '    model = load_model()',
    "    x = np.random.rand(2, *INPUT_SHAPE).astype('float32')",
    '    print(model.predict(x, verbose=0))',
    '',
  ].join('\n');

  return {
    files: [
      { name: `${baseName}.py`, data: strToU8(py) },
      { name: weightsFile, data: encodeSafetensors(tensors, { 'netloom.source': plan.name }) },
    ],
    notes: plan.notes,
  };
}

const pyBool = (b: unknown) => (b ? 'True' : 'False');
