// The .netloom format: round trips, what other tools see in our files (unzip, a spec-following
// safetensors reader), and every kind of bad input answered with a path and a reason.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  compileNetwork, decodeSafetensors, encodeSafetensors, migrate, readProject, writeProject, type Project, type ReadProjectResult,
} from '../../../src/core';
import { mlpGraph, sampleProject } from './helpers';

function loaded(r: ReadProjectResult): Project {
  if (!r.ok) throw new Error(`expected a project, got ${JSON.stringify(r.errors)}`);
  return r.project;
}

function errorsOf(r: ReadProjectResult) {
  if (r.ok) throw new Error('expected errors, got a project');
  return r.errors;
}

/** A .netloom zip with this project.json and extra entries. */
function zipWith(json: unknown, extra: Record<string, Uint8Array> = {}): Uint8Array {
  return zipSync({ 'project.json': strToU8(JSON.stringify(json)), ...extra });
}

const projectJson = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(unzipSync(bytes)['project.json'])) as Record<string, any>;

describe('round trip', () => {
  it('keeps graph, layout, training, dataset, history, race view, weights and optimizer state', () => {
    const p = sampleProject();
    const back = loaded(readProject(writeProject(p)));
    expect(back.graph).toEqual(p.graph);
    expect(back.training).toEqual(p.training);
    expect(back.dataset).toEqual(p.dataset);
    expect(back.views).toEqual(p.views);
    expect(back.run!.history).toEqual(p.run!.history);
    expect(back.run!.weights!.map((w) => w.name)).toEqual(['hidden.kernel', 'hidden.bias', 'output.kernel', 'output.bias']);
    expect(back.run!.weights).toEqual(p.run!.weights);
    expect(back.run!.optimizerState).toEqual(p.run!.optimizerState);
  });

  it('gives identical predictions with the saved weights', () => {
    const p = sampleProject();
    const back = loaded(readProject(writeProject(p)));
    const x = Float32Array.from({ length: 40 }, (_, i) => Math.sin(i * 1.7) * 3);
    const original = compileNetwork(p.run!.graph, { seed: 999 });
    original.setParams(p.run!.weights!.map((w) => w.data));
    const reopened = compileNetwork(back.run!.graph, { seed: 12345 }); // a different init, then the saved weights
    reopened.setParams(back.run!.weights!.map((w) => w.data));
    expect(Array.from(reopened.predict(x, 20))).toEqual(Array.from(original.predict(x, 20)));
  });

  it('keeps fields and zip entries it does not know, and writes the same bytes again', () => {
    const bytes = writeProject(sampleProject());
    const json = projectJson(bytes);
    json.futureTopLevel = { a: [1, 2, { b: 'c' }] };
    json.graph.nodes[1].comment = 'hand-written note';
    json.training.optimizer.futureKnob = 3;
    json.run.futureRunField = true;
    const entries = unzipSync(bytes);
    entries['project.json'] = strToU8(JSON.stringify(json));
    entries['thumbnails/canvas.png'] = new Uint8Array([137, 80, 78, 71]);
    const edited = zipSync(entries);

    const once = writeProject(loaded(readProject(edited)));
    const again = writeProject(loaded(readProject(once)));
    expect(again).toEqual(once);
    const kept = projectJson(once);
    expect(kept.futureTopLevel).toEqual({ a: [1, 2, { b: 'c' }] });
    expect(kept.graph.nodes[1].comment).toBe('hand-written note');
    expect(kept.training.optimizer.futureKnob).toBe(3);
    expect(kept.run.futureRunField).toBe(true);
    expect(unzipSync(once)['thumbnails/canvas.png']).toEqual(new Uint8Array([137, 80, 78, 71]));
  });

  it('is a zip that unzip(1) lists and reads, with formatVersion 1 first', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netloom-zip-'));
    const file = join(dir, 'x.netloom');
    writeFileSync(file, writeProject(sampleProject()));
    const list = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).trim().split('\n').sort();
    expect(list).toEqual(['optimizer.safetensors', 'project.json', 'weights.safetensors']);
    const text = execFileSync('unzip', ['-p', file, 'project.json'], { encoding: 'utf8' });
    expect(text.split('\n')[1].trim()).toBe('"formatVersion": 1,');
    expect(JSON.parse(text).run.weightsFile).toBe('weights.safetensors');
  });
});

describe('safetensors (per the public spec)', () => {
  const tensors = [
    { name: 'a.kernel', shape: [2, 3], data: Float32Array.from([1, -2, 3.5, 0, 1e-7, -1e10]) },
    { name: 'a.bias', shape: [3], data: Float32Array.from([0.25, 0.5, 0.75]) },
  ];

  it('lays out an 8-byte LE header length, a JSON header with dtype/shape/data_offsets, and LE float32 data', () => {
    const bytes = encodeSafetensors(tensors);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const n = Number(view.getBigUint64(0, true));
    expect((8 + n) % 8).toBe(0); // data aligned
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(header['a.kernel']).toEqual({ dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] });
    expect(header['a.bias']).toEqual({ dtype: 'F32', shape: [3], data_offsets: [24, 36] });
    expect(JSON.parse(header.__metadata__['netloom.order'])).toEqual(['a.kernel', 'a.bias']);
    expect(bytes.length).toBe(8 + n + 36);
    const base = 8 + n;
    expect(view.getFloat32(base + 4 * 2, true)).toBe(3.5);
    expect(view.getFloat32(base + 24 + 4, true)).toBe(0.5);
  });

  it('is read back by an independent reader (Python: json + numpy little-endian float32)', () => {
    const python = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
    const dir = mkdtempSync(join(tmpdir(), 'netloom-st-'));
    const file = join(dir, 'w.safetensors');
    writeFileSync(file, encodeSafetensors(tensors));
    if (python.status !== 0) {
      // No numpy here: the byte-level checks above stand alone.
      expect(decodeSafetensors(encodeSafetensors(tensors))).toMatchObject({ ok: true });
      return;
    }
    const script = `
import json, struct, sys, numpy as np
b = open(sys.argv[1], 'rb').read()
n = struct.unpack('<Q', b[:8])[0]
h = json.loads(b[8:8+n])
out = {}
for k, v in h.items():
    if k == '__metadata__': continue
    s, e = v['data_offsets']
    out[k] = np.frombuffer(b[8+n+s:8+n+e], dtype='<f4').reshape(v['shape']).tolist()
print(json.dumps(out))`;
    const got = JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' }));
    expect(got['a.kernel']).toEqual([[1, -2, 3.5], [0, Math.fround(1e-7), -1e10]]);
    expect(got['a.bias']).toEqual([0.25, 0.5, 0.75]);
  });

  it('reads F64 tensors written by others (converted to float32)', () => {
    const header = strToU8(JSON.stringify({ w: { dtype: 'F64', shape: [2], data_offsets: [0, 16] } }));
    const bytes = new Uint8Array(8 + header.length + 16);
    const view = new DataView(bytes.buffer);
    view.setUint32(0, header.length, true);
    bytes.set(header, 8);
    view.setFloat64(8 + header.length, 1.5, true);
    view.setFloat64(8 + header.length + 8, -2.25, true);
    const r = decodeSafetensors(bytes);
    expect(r.ok && Array.from(r.tensors[0].data)).toEqual([1.5, -2.25]);
  });

  function withHeader(header: unknown, dataBytes: number): Uint8Array {
    const h = strToU8(JSON.stringify(header));
    const bytes = new Uint8Array(8 + h.length + dataBytes);
    new DataView(bytes.buffer).setUint32(0, h.length, true);
    bytes.set(h, 8);
    return bytes;
  }

  it.each([
    ['offsets out of range', { w: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, 8, 'w.data_offsets', /out of range/],
    ['an unknown dtype', { w: { dtype: 'Q7', shape: [2], data_offsets: [0, 8] } }, 8, 'w.dtype', /unsupported dtype "Q7"/],
    ['shape × dtype ≠ bytes', { w: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, 8, 'w', /needs 12 bytes but data_offsets span 8/],
    ['overlapping tensors', { a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } }, 12, 'b.data_offsets', /overlaps/],
    ['a negative dimension', { w: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, 4, 'w.shape', /whole numbers/],
  ])('rejects %s', (_what, header, dataBytes, path, message) => {
    const r = decodeSafetensors(withHeader(header, dataBytes));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.path).toBe(path);
      expect(r.message).toMatch(message);
    }
  });

  it('rejects a header length past the end and a header that is not JSON', () => {
    const bytes = new Uint8Array(16);
    new DataView(bytes.buffer).setUint32(0, 100, true);
    expect(decodeSafetensors(bytes)).toMatchObject({ ok: false, message: expect.stringMatching(/runs past the end/) });
    const notJson = withHeader({}, 0);
    notJson[8] = 0x5b; // '[' -> broken JSON
    expect(decodeSafetensors(notJson)).toMatchObject({ ok: false, message: expect.stringMatching(/not valid JSON/) });
  });
});

describe('bad files: a specific error with a JSON path, never an exception', () => {
  const valid = () => projectJson(writeProject(sampleProject()));

  it('a truncated zip', () => {
    const bytes = writeProject(sampleProject());
    const errors = errorsOf(readProject(bytes.subarray(0, bytes.length - 40)));
    expect(errors[0].message).toMatch(/damaged or truncated/);
  });

  it('an empty file and a file that is neither zip nor JSON', () => {
    expect(errorsOf(readProject(new Uint8Array(0)))[0].message).toMatch(/empty/);
    expect(errorsOf(readProject(strToU8('hello')))[0].message).toMatch(/neither a zip archive nor JSON/);
  });

  it('bad JSON inside the zip', () => {
    const errors = errorsOf(readProject(zipSync({ 'project.json': strToU8('{"formatVersion": 1, "graph": ') })));
    expect(errors[0]).toMatchObject({ path: 'project.json', message: expect.stringMatching(/not valid JSON/) });
  });

  it('a zip without project.json', () => {
    expect(errorsOf(readProject(zipSync({ 'other.txt': strToU8('x') })))[0]).toMatchObject({ path: 'project.json', message: 'missing from the archive' });
  });

  it('a newer major version, with a message that says so', () => {
    const errors = errorsOf(readProject(zipWith({ ...valid(), formatVersion: 2 })));
    expect(errors[0].path).toBe('formatVersion');
    expect(errors[0].message).toMatch(/format 2, written by a newer Netloom/);
  });

  it('a setting of the wrong kind, named by its path', () => {
    const json = valid();
    json.graph.nodes[1].settings.units = 'five';
    expect(errorsOf(readProject(zipWith(json)))).toEqual([{
      path: 'graph.nodes[1].settings.units', message: 'must be a whole number, got "five"', code: 'settingKind', params: { kind: 'int', options: '', got: '"five"' },
    }]);
  });

  it('schema violations: a missing field, a wrong type, an unknown loss', () => {
    const json = valid();
    delete json.graph.edges;
    json.training.batchSize = 'big';
    json.training.loss = 'hinge';
    const paths = errorsOf(readProject(zipWith(json))).map((e) => e.path).sort();
    expect(paths).toEqual(['graph.edges', 'training.batchSize', 'training.loss']);
  });

  it('an unknown layer type, a duplicate id and an edge to a missing node', () => {
    const json = valid();
    json.graph.nodes[2].type = 'transformer';
    json.graph.nodes.push({ ...json.graph.nodes[0] });
    json.graph.edges[0].target = 'nowhere';
    const errors = errorsOf(readProject(zipWith(json)));
    expect(errors).toContainEqual({ path: 'graph.nodes[2].type', message: "unknown layer type 'transformer'", code: 'unknownLayer', params: { type: 'transformer' } });
    expect(errors).toContainEqual({ path: 'graph.nodes[3].id', message: "'input' is used by another node", code: 'duplicateId', params: { id: 'input' } });
    expect(errors).toContainEqual({ path: 'graph.edges[0].target', message: "no node has id 'nowhere'", code: 'unknownNode', params: { id: 'nowhere' } });
  });

  it('a network too large to allocate', () => {
    const json = valid();
    json.graph.nodes[0].settings.shape = [100000, 100000];
    json.graph.nodes.splice(1, 0, { id: 'flat', type: 'flatten', settings: {}, position: { x: 0, y: 0 } });
    json.graph.edges[0] = { id: 'e1', source: 'input', target: 'flat' };
    json.graph.edges.push({ id: 'e2', source: 'flat', target: 'hidden' });
    delete json.run;
    const errors = errorsOf(readProject(zipWith(json)));
    expect(errors[0].path).toMatch(/^graph/);
    expect(errors[0].message).toMatch(/up to/);
  });

  it('weights that do not fit the network', () => {
    const p = sampleProject();
    p.run!.weights![0] = { name: 'hidden.kernel', shape: [2, 6], data: new Float32Array(12) };
    const errors = errorsOf(readProject(writeProject(p)));
    expect(errors[0]).toEqual({ path: 'weights.safetensors:hidden.kernel', message: 'has shape [2, 6] but the network needs [2, 5]', code: 'badWeights' });
  });

  it('a weights entry named in project.json but missing from the zip', () => {
    const entries = unzipSync(writeProject(sampleProject()));
    delete entries['weights.safetensors'];
    expect(errorsOf(readProject(zipSync(entries)))[0]).toMatchObject({ path: 'run.weightsFile' });
  });

  it('damaged safetensors inside a project', () => {
    const entries = unzipSync(writeProject(sampleProject()));
    entries['weights.safetensors'] = entries['weights.safetensors'].subarray(0, 50);
    expect(errorsOf(readProject(zipSync(entries)))[0].path).toMatch(/^weights\.safetensors/);
  });
});

describe('migration', () => {
  it('opens a bare network document (format 0) with default training settings and says so', () => {
    const r = readProject(strToU8(JSON.stringify(mlpGraph())));
    const p = loaded(r);
    expect(p.formatVersion).toBe(1);
    expect(p.graph).toEqual(mlpGraph());
    expect(p.training.loss).toBe('bce');
    expect(r.ok && r.warnings.map((w) => w.path)).toEqual(['formatVersion', 'training', 'dataset']);
  });

  it('reads a bare project.json (not zipped)', () => {
    const json = JSON.stringify(projectJson(writeProject({ ...sampleProject(), run: undefined })));
    expect(loaded(readProject(strToU8(json))).name).toBe('sample');
  });

  it('refuses what is not a project, with a reason', () => {
    expect(migrate([1, 2])).toEqual({ ok: false, errors: [{ path: '', message: 'project.json must hold a JSON object', code: 'notObject' }] });
    expect(migrate({ hello: 1 })).toMatchObject({ ok: false, errors: [{ path: 'formatVersion' }] });
    expect(migrate({ formatVersion: '1' })).toMatchObject({ ok: false, errors: [{ path: 'formatVersion', message: 'must be a whole number, got "1"' }] });
  });
});

describe('metrics JSON cannot hold', () => {
  it('a regression run (accuracy NaN) saves and reopens', () => {
    const p = sampleProject();
    p.run!.history = [{ epoch: 1, trainLoss: 0.3, trainAccuracy: NaN, valLoss: null, valAccuracy: null, trainMse: 0.3 }];
    const back = loaded(readProject(writeProject(p)));
    expect(back.run!.history[0].trainAccuracy).toBeNaN();
    expect(back.run!.history[0].trainMse).toBe(0.3);
  });
});
