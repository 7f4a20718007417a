// The headless CLI, run as a child process the way a user runs `npx netloom`.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng, compileNetwork, deriveSeed, generateDataset, readProject, writeProject, type Project } from '../../../src/core';

const root = resolve(__dirname, '../../..');
const bin = join(root, 'bin/netloom.cjs');
const examples = join(root, 'examples');
let dir = '';

function netloom(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function load(file: string): Project {
  const r = readProject(new Uint8Array(readFileSync(file)));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.project;
}

/** The two-spirals example without its trained run. */
function untrainedSpirals(name: string, patch: Partial<Project> = {}): string {
  const p = load(join(examples, 'two-spirals.netloom'));
  const file = join(dir, name);
  writeFileSync(file, writeProject({ ...p, run: undefined, ...patch }));
  return file;
}

beforeAll(() => {
  require(join(root, 'scripts/buildCli.cjs')).buildCli();
  dir = mkdtempSync(join(tmpdir(), 'netloom-cli-'));
});

describe('netloom summary', () => {
  it('prints the Keras-style summary of the course MLP (74 parameters)', () => {
    const r = netloom('summary', join(examples, 'course-mlp-6-5-4-3.netloom'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Model: "Course MLP 6-5-4-3"');
    expect(r.stdout).toMatch(/hidden1 \(Dense\)\s+\(None, 5\)\s+35\s/);
    expect(r.stdout).toContain('Total params: 74 (296.00 B)');
  });

  it('--json gives the figures as data', () => {
    const r = netloom('summary', '--json', join(examples, 'course-mlp-6-5-4-3.netloom'));
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.totals.params).toBe(74);
    expect(s.totals.macs).toBe(30 + 20 + 12);
  });
});

describe('netloom train', () => {
  it('trains, reports progress on stderr and final metrics on stdout, and writes the trained project', () => {
    const file = untrainedSpirals('spirals.netloom');
    const out = join(dir, 'trained.netloom');
    const r = netloom('train', file, '--epochs', '5', '--seed', '3', '--json', '-o', out);
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split('\n').filter((l) => l.startsWith('epoch '))).toHaveLength(5);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ status: 'completed', epochs: 5, output: out });

    const p = load(out);
    expect(p.training.epochs).toBe(5);
    expect(p.training.seed).toBe(3);
    expect(p.run!.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4, 5]);
    expect(p.run!.history[4]).toEqual(result.final);
    // The saved weights are the trained ones: the model they make scores the reported train loss
    // on the whole dataset within what the train/validation split can move it.
    const model = compileNetwork(p.run!.graph);
    model.setParams(p.run!.weights!.map((w) => w.data));
    const data = generateDataset(p.dataset as Parameters<typeof generateDataset>[0]);
    const loss = model.evaluateLoss(data.x, data.y, data.n, 'bce');
    expect(Math.abs(loss - result.final.trainLoss)).toBeLessThan(0.1);
    expect(load(file).run).toBeUndefined(); // -o leaves the input alone
  });

  it("reports the validation set's confusion matrix: in --json, and as a table in the text output", () => {
    const file = untrainedSpirals('confusion.netloom');
    const p = load(file);
    const valSize = Math.round((p.dataset as { samples: number }).samples * p.training.validationSplit);
    const trainedFile = join(dir, 'confusion-out.netloom');
    const r = netloom('train', file, '--epochs', '2', '--seed', '3', '--json', '-o', trainedFile);
    expect(r.code).toBe(0);
    const { confusion, final } = JSON.parse(r.stdout);
    expect(confusion.set).toBe('val');
    const m = confusion.matrix as number[][];
    expect(m.map((row) => row.length)).toEqual([2, 2]);
    expect(m.flat().reduce((a, b) => a + b, 0)).toBe(valSize);
    // The diagonal is what the validation accuracy counts.
    expect((m[0][0] + m[1][1]) / valSize).toBeCloseTo(final.valAccuracy, 12);
    // Counted here from the saved weights: the validation rows of the run's seeded split (its first
    // round(n·split) rows), M[true][p ≥ 0.5].
    const trained = load(trainedFile);
    const model = compileNetwork(trained.run!.graph);
    model.setParams(trained.run!.weights!.map((w) => w.data));
    const data = generateDataset(trained.dataset as Parameters<typeof generateDataset>[0]);
    const rows = new Rng(deriveSeed(3, 'split')).shuffle(Uint32Array.from({ length: data.n }, (_, i) => i)).slice(0, valSize);
    const want = [[0, 0], [0, 0]];
    for (const row of rows) {
      const p = model.predict(data.x.slice(row * 2, row * 2 + 2), 1)[0];
      want[data.y[row]][p >= 0.5 ? 1 : 0]++;
    }
    expect(m).toEqual(want);

    const text = netloom('train', file, '--epochs', '2', '--seed', '3', '-o', join(dir, 'confusion-text.netloom'));
    expect(text.code).toBe(0);
    const lines = text.stdout.split('\n');
    const at = lines.findIndex((l) => l.startsWith('confusion matrix (validation set; rows: true class, columns: predicted class):'));
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1].trim().split(/\s+/)).toEqual(['pred', '0', 'pred', '1']);
    expect(lines[at + 2].trim().split(/\s+/)).toEqual(['true', '0', ...m[0].map(String)]);
    expect(lines[at + 3].trim().split(/\s+/)).toEqual(['true', '1', ...m[1].map(String)]);
  });

  it('a regression run (the LSTM forecaster) reports no confusion matrix: null in --json', () => {
    const file = join(dir, 'forecaster.netloom');
    copyFileSync(join(examples, 'lstm-forecaster.netloom'), file);
    const r = netloom('train', file, '--epochs', '1', '--json', '-o', join(dir, 'forecaster-out.netloom'));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'completed', confusion: null });
  });

  it('is reproducible: the same seed gives the same weights, another seed others', () => {
    const file = untrainedSpirals('repro.netloom');
    const a = join(dir, 'a.netloom');
    const b = join(dir, 'b.netloom');
    const c = join(dir, 'c.netloom');
    expect(netloom('train', file, '--epochs', '2', '--seed', '9', '-o', a).code).toBe(0);
    expect(netloom('train', file, '--epochs', '2', '--seed', '9', '-o', b).code).toBe(0);
    expect(netloom('train', file, '--epochs', '2', '--seed', '10', '-o', c).code).toBe(0);
    expect(load(a).run!.weights).toEqual(load(b).run!.weights);
    expect(load(a).run!.weights).not.toEqual(load(c).run!.weights);
  });

  it('writes the trained project back to FILE without -o', () => {
    const file = untrainedSpirals('inplace.netloom');
    const r = netloom('train', file, '--epochs', '1');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^final: epoch 1 /m);
    expect(load(file).run!.status).toBe('completed');
  });

  it('--no-write trains and reports without touching FILE; with -o it is a usage error', () => {
    const file = untrainedSpirals('dry.netloom');
    const before = readFileSync(file);
    const r = netloom('train', file, '--epochs', '1', '--no-write', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ status: 'completed', epochs: 1, output: null });
    expect(out.final.epoch).toBe(1);
    expect(readFileSync(file)).toEqual(before);
    const both = netloom('train', file, '--no-write', '-o', join(dir, 'x.netloom'));
    expect(both.code).toBe(1);
    expect(both.stderr).toMatch(/-o and --no-write/);
  });

  it('exits 3 when training diverges, leaving the file as it was', () => {
    const linear = load(join(examples, 'two-spirals.netloom')).graph;
    linear.nodes = linear.nodes.map((n) => (n.type === 'dense' ? { ...n, settings: { ...n.settings, activation: 'linear' } } : n));
    const file = untrainedSpirals('diverge.netloom', {
      graph: linear,
      training: { loss: 'mse', optimizer: { kind: 'sgd', learningRate: 1e30 }, batchSize: 8, epochs: 5, validationSplit: 0, seed: 1 },
    });
    const before = readFileSync(file);
    const r = netloom('train', file);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/diverged/);
    expect(readFileSync(file)).toEqual(before);
  });

  it('exits 2 for a network the dataset cannot train (6 inputs for 2-D points)', () => {
    const file = join(dir, 'course.netloom');
    copyFileSync(join(examples, 'course-mlp-6-5-4-3.netloom'), file);
    const r = netloom('train', file, '--epochs', '1');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot be trained/);
  });
});

describe('bad input and usage', () => {
  it('exits 2 with the JSON path for an invalid document', () => {
    const file = join(dir, 'bad.netloom');
    const p = load(join(examples, 'two-spirals.netloom'));
    const json = JSON.stringify({ ...p, run: undefined, graph: { ...p.graph, nodes: p.graph.nodes.map((n, i) => (i === 1 ? { ...n, settings: { units: 'many' } } : n)) } });
    writeFileSync(file, json);
    const r = netloom('summary', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('graph.nodes[1].settings.units: must be a whole number');
  });

  it('exits 2 for a truncated file and for a missing file', () => {
    const file = join(dir, 'cut.netloom');
    const bytes = readFileSync(join(examples, 'two-spirals.netloom'));
    writeFileSync(file, bytes.subarray(0, bytes.length >> 1));
    expect(netloom('summary', file).code).toBe(2);
    expect(netloom('summary', join(dir, 'nope.netloom'))).toMatchObject({ code: 2, stderr: expect.stringMatching(/cannot read/) });
  });

  it.each([
    [[], /Usage/],
    [['fly', 'x'], /unknown command 'fly'/],
    [['summary'], /summary needs a FILE/],
    [['train', 'x.netloom', '--epochs', 'many'], /--epochs must be a whole number/],
    [['train', 'x.netloom', '--to', 'onnx'], /unknown option '--to' for train/],
    [['export', 'x.netloom', '--to', 'tflite'], /--to must be onnx, pytorch or keras/],
  ])('exits 1 on usage errors: %j', (args, message) => {
    const r = netloom(...(args as string[]));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message as RegExp);
  });

  it('--help prints the usage and exits 0', () => {
    expect(netloom('--help')).toMatchObject({ code: 0, stdout: expect.stringContaining('netloom train FILE') });
  });
});
