// `.netloom` files: a zip (fflate) holding project.json and, after training, the weights as
// safetensors. readProject never throws: it returns the project or the list of what is wrong
// and where (docs/file-format.md).

import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { analyzeGraph } from '../graph/analyze';
import { compileNetwork } from '../graph/compile';
import type { NetworkDocument } from '../graph/document';
import { getLayerDefinition } from '../layers/registry';
import type { SettingSpec } from '../layers/types';
import { shapeSize } from '../tensor/tensor';
import { migrate } from './migrate';
import { decodeSafetensors, encodeSafetensors, type NamedTensor } from './safetensors';
import { formatPath, projectSchema, type ProjectJson } from './schema';
import { FORMAT_VERSION, type Project, type ProjectIssue, type ProjectIssueCode, type ProjectRun, type ReadProjectResult } from './types';

export const PROJECT_ENTRY = 'project.json';
export const WEIGHTS_ENTRY = 'weights.safetensors';
export const OPTIMIZER_ENTRY = 'optimizer.safetensors';

/** Largest entry we inflate: a flipped size field must not make us allocate gigabytes. */
const MAX_ENTRY_BYTES = 256 * 1024 * 1024;
/** Largest network we open (parameters, and values per sample of any one layer). */
export const MAX_NETWORK_SIZE = 50_000_000;
/** Fixed timestamp in the zip entries: the same project gives the same bytes. */
const ZIP_MTIME = new Date('2020-01-01T00:00:00Z');

export function writeProject(project: Project): Uint8Array {
  const files: Zippable = {};
  for (const [name, bytes] of Object.entries(project.extraFiles ?? {})) files[name] = [bytes, { level: 0, mtime: ZIP_MTIME }];
  const { extraFiles: _x, run, ...rest } = project;
  void _x;
  const json: Record<string, unknown> = { ...rest, formatVersion: FORMAT_VERSION };
  if (run) {
    const { weights, optimizerState, ...runRest } = run;
    const runJson: Record<string, unknown> = { ...runRest };
    delete runJson.weightsFile;
    delete runJson.optimizerFile;
    if (weights) {
      files[WEIGHTS_ENTRY] = [encodeSafetensors(weights), { level: 0, mtime: ZIP_MTIME }];
      runJson.weightsFile = WEIGHTS_ENTRY;
    }
    if (optimizerState) {
      files[OPTIMIZER_ENTRY] = [encodeOptimizerState(optimizerState), { level: 0, mtime: ZIP_MTIME }];
      runJson.optimizerFile = OPTIMIZER_ENTRY;
    }
    json.run = runJson;
  }
  // formatVersion first, so `unzip -p x.netloom project.json | head` shows it.
  const ordered = { formatVersion: FORMAT_VERSION, ...json };
  files[PROJECT_ENTRY] = [strToU8(JSON.stringify(ordered, null, 2)), { level: 6, mtime: ZIP_MTIME }];
  return zipSync(files);
}

/** Reads a `.netloom` zip (or a bare project.json). Never throws. */
export function readProject(bytes: Uint8Array): ReadProjectResult {
  try {
    return readUnsafe(bytes);
  } catch (err) {
    // Last line of defence (e.g. a stack overflow on absurdly deep JSON): still an answer, not a crash.
    const detail = err instanceof Error ? err.message : String(err);
    return { ok: false, errors: [issue('', 'unreadable', `the file could not be read: ${detail}`, { detail })] };
  }
}

function readUnsafe(bytes: Uint8Array): ReadProjectResult {
  const fail = (path: string, code: ProjectIssueCode, message: string, params?: ProjectIssue['params']): ReadProjectResult =>
    ({ ok: false, errors: [issue(path, code, message, params)] });
  if (!(bytes instanceof Uint8Array)) return fail('', 'unreadable', 'expected the bytes of a file');
  if (bytes.length === 0) return fail('', 'empty', 'the file is empty');

  let entries: Record<string, Uint8Array>;
  const first = bytes.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
  if (first === 0x7b /* { */) {
    entries = { [PROJECT_ENTRY]: bytes };
  } else {
    if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) return fail('', 'notProject', 'not a .netloom file: it is neither a zip archive nor JSON');
    const tooBig: string[] = [];
    try {
      entries = unzipSync(bytes, {
        filter: (f) => {
          if (f.originalSize > MAX_ENTRY_BYTES) tooBig.push(f.name);
          return f.originalSize <= MAX_ENTRY_BYTES;
        },
      });
    } catch (err) {
      return fail('', 'badZip', `the zip archive is damaged or truncated (${(err as Error).message})`, { detail: (err as Error).message });
    }
    if (tooBig.length) return fail(tooBig[0], 'entryTooLarge', `entry is larger than ${MAX_ENTRY_BYTES / 1024 / 1024} MB`, { mb: MAX_ENTRY_BYTES / 1024 / 1024 });
  }

  const jsonBytes = entries[PROJECT_ENTRY];
  if (!jsonBytes) return fail(PROJECT_ENTRY, 'missingEntry', 'missing from the archive');
  let raw: unknown;
  try {
    raw = JSON.parse(strFromU8(jsonBytes));
  } catch (err) {
    return fail(PROJECT_ENTRY, 'badJson', `is not valid JSON: ${(err as Error).message}`, { detail: (err as Error).message });
  }

  const deep = tooDeep(raw);
  if (deep !== null) return fail(deep, 'tooDeep', `nests deeper than ${MAX_DEPTH} levels`, { max: MAX_DEPTH });
  const migrated = migrate(raw);
  if (!migrated.ok) return migrated;
  const parsed = projectSchema.safeParse(migrated.json);
  if (!parsed.success) {
    const errors = parsed.error.issues.slice(0, 20).map((i) => schemaIssue(i, migrated.json));
    return { ok: false, errors };
  }
  const json: ProjectJson = parsed.data;
  const errors: ProjectIssue[] = [...checkGraph(json.graph as NetworkDocument, 'graph')];
  if (json.run) errors.push(...checkGraph(json.run.graph as NetworkDocument, 'run.graph'));
  if (errors.length) return { ok: false, errors };

  const { run: runJson, ...rest } = json;
  const project = { ...rest, formatVersion: FORMAT_VERSION } as Project;
  if (runJson) {
    const { weightsFile, optimizerFile, ...runRest } = runJson;
    const run = { ...runRest } as ProjectRun;
    if (weightsFile !== undefined) {
      const r = readTensors(entries, weightsFile, 'run.weightsFile');
      if (!r.ok) return r;
      const mismatch = checkWeights(run.graph, r.tensors, weightsFile);
      if (mismatch) return { ok: false, errors: [mismatch] };
      run.weights = r.tensors;
    }
    if (optimizerFile !== undefined) {
      const r = readTensors(entries, optimizerFile, 'run.optimizerFile');
      if (!r.ok) return r;
      const scalars = parseScalars(r.metadata[SCALARS_KEY]);
      if (!scalars) return { ok: false, errors: [issue(`${optimizerFile}:__metadata__.${SCALARS_KEY}`, 'badTensors', 'must be a JSON object of finite numbers', { detail: 'must be a JSON object of finite numbers' })] };
      run.optimizerState = { ...scalars, ...Object.fromEntries(r.tensors.map((t) => [t.name, t.data])) };
    }
    project.run = run;
  }
  const known = new Set([PROJECT_ENTRY, runJson?.weightsFile, runJson?.optimizerFile]);
  const extra = Object.entries(entries).filter(([name]) => !known.has(name));
  if (extra.length) project.extraFiles = Object.fromEntries(extra);
  return { ok: true, project, warnings: migrated.warnings };
}

function issue(path: string, code: ProjectIssueCode, message: string, params?: ProjectIssue['params']): ProjectIssue {
  return params ? { path, code, params, message } : { path, code, message };
}

interface SchemaIssue {
  code: string;
  path: PropertyKey[];
  message: string;
  expected?: unknown;
  minimum?: unknown;
  maximum?: unknown;
  origin?: unknown;
  values?: unknown[];
}

/** A zod issue with a code and params the UI can translate (zod's English message kept). */
function schemaIssue(i: SchemaIssue, json: unknown): ProjectIssue {
  const path = formatPath(i.path);
  if (i.code === 'invalid_type') {
    const missing = valueAt(json, i.path) === undefined;
    if (missing) return issue(path, 'missing', i.message, { expected: String(i.expected) });
    if (i.message === 'must be a finite number' || (i.expected === 'number' && /Infinity|NaN/.test(i.message))) return issue(path, 'notFinite', i.message);
    return issue(path, 'invalidType', i.message, { expected: String(i.expected) });
  }
  if (i.code === 'too_small' || i.code === 'too_big') {
    const limit = Number(i.code === 'too_small' ? i.minimum : i.maximum);
    const origin = i.origin === 'number' || i.origin === 'int' ? 'number' : 'length';
    return issue(path, i.code === 'too_small' ? 'tooSmall' : 'tooBig', i.message, { limit, origin });
  }
  if (i.code === 'invalid_value') return issue(path, 'invalidOption', i.message, { options: (i.values ?? []).map((v) => JSON.stringify(v)).join(', ') });
  if (i.message === 'must be a finite number') return issue(path, 'notFinite', i.message);
  if (i.message.startsWith('unknown dataset')) return issue(path, 'unknownDataset', i.message, { kind: String(valueAt(json, i.path) ?? '') });
  return issue(path, 'invalid', i.message);
}

function valueAt(json: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = json;
  for (const k of path) {
    if (!v || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/** Deeper JSON is no project of ours, and would overflow the stack of whoever walks it later (JSON.stringify). */
const MAX_DEPTH = 64;

/** The path of a value nested deeper than MAX_DEPTH, or null (an explicit stack: no recursion). */
function tooDeep(root: unknown): string | null {
  const stack: [unknown, number, (string | number)[]][] = [[root, 0, []]];
  while (stack.length) {
    const [v, depth, path] = stack.pop()!;
    if (!v || typeof v !== 'object') continue;
    if (depth >= MAX_DEPTH) return formatPath(path);
    const children: [string | number, unknown][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
    for (const [k, x] of children) if (x && typeof x === 'object') stack.push([x, depth + 1, [...path, k]]);
  }
  return null;
}

/** Optimizer scalars (learning rate, step count) ride in the safetensors metadata. */
const SCALARS_KEY = 'netloom.scalars';

function encodeOptimizerState(state: Record<string, Float32Array | ArrayLike<number> | number>): Uint8Array {
  const scalars: Record<string, number> = {};
  const tensors: NamedTensor[] = [];
  for (const [name, v] of Object.entries(state)) {
    if (typeof v === 'number') scalars[name] = v;
    else tensors.push({ name, shape: [v.length], data: Float32Array.from(v) });
  }
  return encodeSafetensors(tensors, { [SCALARS_KEY]: JSON.stringify(scalars) });
}

function parseScalars(text: string | undefined): Record<string, number> | null {
  if (text === undefined) return {};
  try {
    const v: unknown = JSON.parse(text);
    if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
    return Object.values(v).every((x) => typeof x === 'number' && Number.isFinite(x)) ? (v as Record<string, number>) : null;
  } catch {
    return null;
  }
}

function readTensors(entries: Record<string, Uint8Array>, file: string, jsonPath: string):
  | { ok: true; tensors: NamedTensor[]; metadata: Record<string, string> }
  | { ok: false; errors: ProjectIssue[] } {
  const bytes = entries[file];
  if (!bytes) return { ok: false, errors: [issue(jsonPath, 'missingEntry', `names '${file}', which is missing from the archive`, { entry: file })] };
  const r = decodeSafetensors(bytes);
  if (!r.ok) return { ok: false, errors: [issue(r.path ? `${file}:${r.path}` : file, 'badTensors', r.message, { detail: r.message })] };
  return { ok: true, tensors: r.tensors, metadata: r.metadata };
}

/** The weights must be exactly the parameters of the run's network, in order. */
function checkWeights(graph: NetworkDocument, tensors: NamedTensor[], file: string): ProjectIssue | null {
  const analysis = analyzeGraph(graph);
  if (!analysis.ok) return issue('run.graph', 'badWeights', `has weights but cannot be built: ${analysis.issues[0].message}`);
  const params = compileNetwork(graph).parameters();
  if (params.length !== tensors.length) {
    return issue(file, 'badWeights', `holds ${tensors.length} tensors but the network has ${params.length} parameter tensors`);
  }
  for (let k = 0; k < params.length; k++) {
    const p = params[k];
    const t = tensors[k];
    if (t.name !== p.name) return issue(`${file}:${t.name}`, 'badWeights', `tensor ${k + 1} should be '${p.name}'`);
    if (t.shape.length !== p.shape.length || t.shape.some((d, i) => d !== p.shape[i])) {
      return issue(`${file}:${t.name}`, 'badWeights', `has shape [${t.shape.join(', ')}] but the network needs [${p.shape.join(', ')}]`);
    }
  }
  return null;
}

/**
 * What the schema cannot see: node ids unique, edges between existing nodes, known layer types,
 * settings of the right kind (ranges are the editor's business: analyzeGraph reports them on the
 * node), and a size this machine can hold.
 */
export function checkGraph(graph: NetworkDocument, at: string): ProjectIssue[] {
  const errors: ProjectIssue[] = [];
  const ids = new Set<string>();
  graph.nodes.forEach((node, i) => {
    const here = `${at}.nodes[${i}]`;
    if (ids.has(node.id)) errors.push(issue(`${here}.id`, 'duplicateId', `'${node.id}' is used by another node`, { id: node.id }));
    ids.add(node.id);
    const def = getLayerDefinition(node.type);
    if (!def) {
      errors.push(issue(`${here}.type`, 'unknownLayer', `unknown layer type '${node.type}'`, { type: node.type }));
      return;
    }
    for (const spec of def.settings) {
      const v = node.settings[spec.key];
      if (v === undefined) continue;
      const wrong = wrongKind(spec, v);
      if (wrong) errors.push(issue(`${here}.settings.${spec.key}`, 'settingKind', `${wrong}, got ${short(v)}`, { kind: spec.kind, options: (spec.options ?? []).join(', '), got: short(v) }));
    }
  });
  const edgeIds = new Set<string>();
  graph.edges.forEach((e, i) => {
    const here = `${at}.edges[${i}]`;
    if (edgeIds.has(e.id)) errors.push(issue(`${here}.id`, 'duplicateId', `'${e.id}' is used by another edge`, { id: e.id }));
    edgeIds.add(e.id);
    if (!ids.has(e.source)) errors.push(issue(`${here}.source`, 'unknownNode', `no node has id '${e.source}'`, { id: e.source }));
    if (!ids.has(e.target)) errors.push(issue(`${here}.target`, 'unknownNode', `no node has id '${e.target}'`, { id: e.target }));
  });
  if (errors.length) return errors.slice(0, 20);

  const analysis = analyzeGraph(graph);
  if (analysis.totalParams > MAX_NETWORK_SIZE) {
    return [issue(at, 'networkTooLarge', `the network has ${analysis.totalParams} parameters; this version opens networks up to ${MAX_NETWORK_SIZE}`, { max: MAX_NETWORK_SIZE })];
  }
  const index = new Map(graph.nodes.map((n, i) => [n.id, i]));
  for (const [id, shape] of Object.entries(analysis.shapes)) {
    if (shapeSize(shape) > MAX_NETWORK_SIZE) {
      return [issue(`${at}.nodes[${index.get(id)}]`, 'networkTooLarge', `outputs ${shapeSize(shape)} values per sample; this version allows up to ${MAX_NETWORK_SIZE}`, { max: MAX_NETWORK_SIZE })];
    }
  }
  return [];
}

/** Whether a value has the JSON kind a setting needs (not whether it is in range). */
function wrongKind(spec: SettingSpec, v: unknown): string | null {
  switch (spec.kind) {
    case 'int':
      return typeof v === 'number' && Number.isSafeInteger(v) ? null : 'must be a whole number';
    case 'float':
      return typeof v === 'number' && Number.isFinite(v) ? null : 'must be a number';
    case 'bool':
      return typeof v === 'boolean' ? null : 'must be true or false';
    case 'enum':
      return typeof v === 'string' && (spec.options ?? []).includes(v) ? null : `must be one of ${(spec.options ?? []).join(', ')}`;
    case 'shape':
      return Array.isArray(v) && v.length <= 8 && v.every((d) => typeof d === 'number' && Number.isSafeInteger(d))
        ? null
        : 'must be a list of whole numbers';
  }
}

function short(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/** The project.json text of a project (for tests and tools). */
export function projectJsonText(bytes: Uint8Array): string | null {
  try {
    return strFromU8(unzipSync(bytes)[PROJECT_ENTRY]);
  } catch {
    return null;
  }
}
