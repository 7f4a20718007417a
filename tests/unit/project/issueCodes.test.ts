// A file's problems carry codes and params the app translates (tests/unit/renderer/fileIssues.test.ts),
// next to the English message the CLI prints.
import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { projectJsonText, readProject, writeProject, type ProjectIssue } from '../../../src/core';
import { sampleProject } from './helpers';

function errorsOf(bytes: Uint8Array): ProjectIssue[] {
  const r = readProject(bytes);
  if (r.ok) throw new Error('expected the file to be refused');
  return r.errors;
}

const json = () => JSON.parse(projectJsonText(writeProject({ ...sampleProject(), run: undefined }))!);
const zipJson = (v: unknown) => zipSync({ 'project.json': strToU8(JSON.stringify(v)) });

describe('file problems have codes', () => {
  it('bad zip, bad JSON, newer version', () => {
    const bytes = writeProject(sampleProject());
    expect(errorsOf(bytes.subarray(0, bytes.length - 40))[0]).toMatchObject({ path: '', code: 'badZip' });
    expect(errorsOf(zipSync({ 'project.json': strToU8('{"formatVersion": 1,') }))[0]).toMatchObject({ path: 'project.json', code: 'badJson' });
    expect(errorsOf(zipJson({ ...json(), formatVersion: 3 }))[0]).toMatchObject({ path: 'formatVersion', code: 'newerVersion', params: { version: 3, max: 1 } });
    expect(errorsOf(strToU8('hello'))[0]).toMatchObject({ code: 'notProject' });
    expect(errorsOf(new Uint8Array(0))[0]).toMatchObject({ code: 'empty' });
  });

  it('schema problems: a wrong type, a missing field, a value out of range, an unknown option', () => {
    const j = json();
    j.training.epochs = 'many';
    delete j.graph.edges;
    j.training.batchSize = 0;
    j.training.loss = 'hinge';
    const byPath = Object.fromEntries(errorsOf(zipJson(j)).map((e) => [e.path, e]));
    expect(byPath['training.epochs']).toMatchObject({ code: 'invalidType', params: { expected: 'number' } });
    expect(byPath['graph.edges']).toMatchObject({ code: 'missing', params: { expected: 'array' } });
    expect(byPath['training.batchSize']).toMatchObject({ code: 'tooSmall', params: { limit: 1, origin: 'number' } });
    expect(byPath['training.loss']).toMatchObject({ code: 'invalidOption' });
    expect(byPath['training.loss'].params!.options).toContain('"mse"');
  });

  it('keeps the English message for the CLI', () => {
    const [e] = errorsOf(zipJson({ ...json(), formatVersion: 3 }));
    expect(e.message).toMatch(/format 3, written by a newer Netloom/);
  });
});
