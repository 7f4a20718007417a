// From whatever version a file was written in to the current format (1).
//   format 0: a bare network document { nodes, edges } (what Netloom exported before projects).
//   format 1: the project (docs/file-format.md).
// A newer format is refused with a message saying so; a missing training or dataset section
// takes the defaults (with a warning), so a hand-written file needs only its graph.

import { DEFAULT_DATASET, DEFAULT_TRAINING, FORMAT_VERSION, type ProjectIssue } from './types';

export type MigrateResult =
  | { ok: true; json: Record<string, unknown>; warnings: ProjectIssue[] }
  | { ok: false; errors: ProjectIssue[] };

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

export function migrate(input: unknown): MigrateResult {
  if (!isObject(input)) return { ok: false, errors: [{ path: '', code: 'notObject', message: 'project.json must hold a JSON object' }] };
  const warnings: ProjectIssue[] = [];
  let json: Record<string, unknown> = input;
  let version: unknown = json.formatVersion;
  if (version === undefined && Array.isArray(json.nodes) && Array.isArray(json.edges)) version = 0;
  if (version === undefined) {
    return { ok: false, errors: [{ path: 'formatVersion', code: 'noFormatVersion', message: 'missing: this is not a Netloom project (no formatVersion, no graph)' }] };
  }
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    return { ok: false, errors: [{ path: 'formatVersion', code: 'badFormatVersion', params: { got: JSON.stringify(version) ?? String(version) }, message: `must be a whole number, got ${JSON.stringify(version)}` }] };
  }
  if (version > FORMAT_VERSION) {
    return {
      ok: false,
      errors: [{
        path: 'formatVersion',
        code: 'newerVersion',
        params: { version, max: FORMAT_VERSION },
        message: `this file uses format ${version}, written by a newer Netloom; this version reads formats up to ${FORMAT_VERSION}. Update Netloom to open it.`,
      }],
    };
  }
  if (version === 0) {
    const { nodes, edges, formatVersion: _v, ...rest } = json;
    void _v;
    json = { ...rest, formatVersion: 1, graph: { nodes, edges } };
    warnings.push({ path: 'formatVersion', code: 'upgraded', message: 'an older file (a bare network document) was upgraded to format 1' });
  }
  // Steps for future versions go here: if (version < 2) json = v1ToV2(json); …
  if (json.training === undefined) {
    json = { ...json, training: structuredCloneJson(DEFAULT_TRAINING) };
    warnings.push({ path: 'training', code: 'defaultTraining', message: 'missing: the default training settings are used' });
  }
  if (json.dataset === undefined) {
    json = { ...json, dataset: structuredCloneJson(DEFAULT_DATASET) };
    warnings.push({ path: 'dataset', code: 'defaultDataset', message: 'missing: the default dataset is used' });
  }
  return { ok: true, json, warnings };
}

function structuredCloneJson<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}
