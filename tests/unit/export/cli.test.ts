// `netloom export`, run as a child process the way a user runs `npx netloom`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileNetwork, decodeSafetensors, readProject, writeProject } from '../../../src/core';
import { decodeOnnxModel } from '../../../src/export';
import { maxRelativeError, randomInput, runOnnx } from './helpers';

const root = resolve(__dirname, '../../..');
const bin = join(root, 'bin/netloom.cjs');
const spirals = join(root, 'examples/two-spirals.netloom');
let dir = '';

function netloom(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  require(join(root, 'scripts/buildCli.cjs')).buildCli();
  dir = mkdtempSync(join(tmpdir(), 'netloom-export-cli-'));
});

describe('netloom export', () => {
  it('--to onnx writes <name>.onnx in the current directory, with the trained weights, matching our predictions', async () => {
    const r = netloom('export', spirals, '--to', 'onnx');
    expect(r.stderr).toBe('');
    expect(r).toMatchObject({ code: 0, stdout: 'wrote two_spirals.onnx\n' });
    const bytes = new Uint8Array(readFileSync(join(dir, 'two_spirals.onnx')));
    expect(decodeOnnxModel(bytes).metadataProps.map((p) => [p.key, p.value])).toEqual([['netloom.weights', 'trained']]);
    const p = readProject(new Uint8Array(readFileSync(spirals)));
    if (!p.ok) throw new Error('example unreadable');
    const model = compileNetwork(p.project.graph);
    model.setParams(p.project.run!.weights!.map((w) => w.data));
    const x = randomInput(8);
    const out = await runOnnx(bytes, x, [4, 2]);
    expect(maxRelativeError(out.data, model.predict(x, 4))).toBeLessThan(1e-4);
  });

  it('--to pytorch -o writes the Python file and its safetensors beside it', () => {
    const r = netloom('export', spirals, '--to', 'pytorch', '-o', join(dir, 'out/spirals.py'));
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([`wrote ${join(dir, 'out/spirals.py')}`, `wrote ${join(dir, 'out/spirals.safetensors')}`]);
    expect(readFileSync(join(dir, 'out/spirals.py'), 'utf8')).toContain('"spirals.safetensors"');
    const st = decodeSafetensors(new Uint8Array(readFileSync(join(dir, 'out/spirals.safetensors'))));
    expect(st.ok && st.tensors.map((t) => [t.name, t.shape])).toEqual([
      ['hidden1.weight', [16, 2]], ['hidden1.bias', [16]], ['hidden2.weight', [16, 16]], ['hidden2.bias', [16]], ['output.weight', [1, 16]], ['output.bias', [1]],
    ]);
    expect(spawnSync('python3', ['-m', 'py_compile', join(dir, 'out/spirals.py')]).status).toBe(0);
  });

  it('--to keras writes <name>_keras.py and notes when there are no trained weights', () => {
    const r = netloom('export', join(root, 'examples/lstm-forecaster.netloom'), '--to', 'keras');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/note: The network has no trained weights/);
    expect(existsSync(join(dir, 'lstm_forecaster_keras.py')) && existsSync(join(dir, 'lstm_forecaster_keras.safetensors'))).toBe(true);
    expect(readFileSync(join(dir, 'lstm_forecaster_keras.py'), 'utf8')).toContain('layers.LSTM(16, activation="tanh"');
  });

  it('exits 2 naming the layer when the format cannot express it, and writes nothing', () => {
    const p = readProject(new Uint8Array(readFileSync(join(root, 'examples/lstm-forecaster.netloom'))));
    if (!p.ok) throw new Error('example unreadable');
    const graph = { ...p.project.graph, nodes: p.project.graph.nodes.map((nd) => (nd.type === 'lstm' ? { ...nd, settings: { ...nd.settings, activation: 'relu' } } : nd)) };
    writeFileSync(join(dir, 'relu-lstm.netloom'), writeProject({ ...p.project, graph }));
    const r = netloom('export', 'relu-lstm.netloom', '--to', 'pytorch');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot export relu-lstm.netloom to PyTorch: PyTorch export does not support LSTM 'lstm': activation 'relu'/);
    expect(existsSync(join(dir, 'relu_lstm_torch.py'))).toBe(false);
  });

  it('exits 2 for an unreadable file and 1 for a missing --to', () => {
    expect(netloom('export', 'missing.netloom', '--to', 'onnx').code).toBe(2);
    expect(netloom('export', spirals)).toMatchObject({ code: 1, stderr: expect.stringMatching(/--to must be onnx, pytorch or keras/) });
  });
});
