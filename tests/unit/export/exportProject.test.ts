// exportProject(): the one export the CLI, the desktop's File › Export and the browser build share.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileNetwork, decodeSafetensors, readProject, type Project } from '../../../src/core';
import { ExportError, planExport, projectExportSource } from '../../../src/core/export';
import { decodeOnnxModel, defaultExportFileName, exportNetwork, exportProject, PRODUCER_VERSION } from '../../../src/export';
import { maxRelativeError, randomInput, runOnnx } from './helpers';

const examples = resolve(__dirname, '../../../examples');

function example(name: string): Project {
  const r = readProject(new Uint8Array(readFileSync(join(examples, `${name}.netloom`))));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.project;
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('defaultExportFileName', () => {
  it('names files as `netloom export` does', () => {
    expect(defaultExportFileName('two-spirals.netloom', 'onnx')).toBe('two_spirals.onnx');
    expect(defaultExportFileName('two-spirals', 'pytorch')).toBe('two_spirals_torch.py');
    expect(defaultExportFileName('my net', 'keras')).toBe('my_net_keras.py');
  });
});

describe('exportProject', () => {
  it('ONNX: the trained weights, one file named as asked, the same bytes as planning by hand', async () => {
    const p = example('two-spirals');
    const r = exportProject(p, 'onnx', { fileName: 'spirals.onnx' });
    expect(r.files.map((f) => f.name)).toEqual(['spirals.onnx']);
    expect(r.notes).toEqual([]);
    const byHand = exportNetwork(planExport(projectExportSource(p)), 'onnx', 'spirals', PRODUCER_VERSION);
    expect(r.files[0].data).toEqual(byHand.files[0].data);
    expect(decodeOnnxModel(r.files[0].data).producerVersion).toBe(PRODUCER_VERSION);

    const model = compileNetwork(p.graph);
    model.setParams(p.run!.weights!.map((w) => w.data));
    const x = randomInput(3 * 2);
    expect(maxRelativeError((await runOnnx(r.files[0].data, x, [3, 2])).data, model.predict(x, 3))).toBeLessThan(1e-4);
  });

  it('PyTorch and Keras: <name>.py loading <name>.safetensors beside it, default names from the project', () => {
    const p = example('mnist-cnn');
    const torch = exportProject(p, 'pytorch', { fileName: 'cnn.py' });
    expect(torch.files.map((f) => f.name)).toEqual(['cnn.py', 'cnn.safetensors']);
    expect(text(torch.files[0].data)).toMatch(/class \w+\(nn\.Module\):/);
    expect(text(torch.files[0].data)).toContain('"cnn.safetensors"');
    const weights = decodeSafetensors(torch.files[1].data);
    expect(weights.ok && weights.tensors.length).toBeGreaterThan(0);

    const keras = exportProject({ ...p, name: undefined }, 'keras', { name: 'digits' });
    expect(keras.files.map((f) => f.name)).toEqual(['digits_keras.py', 'digits_keras.safetensors']);
    expect(text(keras.files[0].data)).toContain('def build_model(');
  });

  it('an untrained network exports its initial weights, with a note', () => {
    const r = exportProject(example('course-mlp-6-5-4-3'), 'onnx');
    expect(r.notes.join(' ')).toMatch(/initial/);
  });

  it('a layer the format cannot express is refused naming it', () => {
    const p = example('lstm-forecaster');
    const graph = { ...p.graph, nodes: p.graph.nodes.map((n) => (n.type === 'lstm' ? { ...n, settings: { ...n.settings, activation: 'relu' } } : n)) };
    expect(() => exportProject({ ...p, graph }, 'pytorch')).toThrow(ExportError);
    expect(() => exportProject({ ...p, graph }, 'pytorch')).toThrow(/LSTM 'lstm'/);
  });
});
