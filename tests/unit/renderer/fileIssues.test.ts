// The problems of a file being opened, in the user's language (codes and params from core/project).
import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { strToU8, zipSync } from 'fflate';
import { compileNetwork, defaultSettings, namedWeights, projectJsonText, readProject, writeProject, type DocNode, type Project, type ProjectIssue } from '../../../src/core';
import { en } from '../../../src/renderer/i18n/en';
import { ko } from '../../../src/renderer/i18n/ko';
import { fileIssueText } from '../../../src/renderer/i18n/messages';

function sampleProject(): Project {
  const nodes: DocNode[] = [['input', 'input', { shape: [2] }], ['hidden', 'dense', { units: 5 }], ['output', 'dense', { units: 1 }]].map(
    ([id, type, s], i) => ({ id: id as string, type: type as string, settings: { ...defaultSettings(type as string), ...(s as object) }, position: { x: i * 200, y: 0 } }));
  const graph = { nodes, edges: [{ id: 'a', source: 'input', target: 'hidden' }, { id: 'b', source: 'hidden', target: 'output' }] };
  const training = { loss: 'bce' as const, optimizer: { kind: 'adam' as const, learningRate: 0.01 }, batchSize: 8, epochs: 3, validationSplit: 0.25, seed: 4 };
  const dataset = { kind: 'xor' as const, samples: 100, noise: 0.1, seed: 2 };
  return { formatVersion: 1, name: 'sample', graph, training, dataset, run: { status: 'completed', graph, training, dataset, history: [], weights: namedWeights(compileNetwork(graph, { seed: 1 })) } };
}

function errorsOf(bytes: Uint8Array): ProjectIssue[] {
  const r = readProject(bytes);
  if (r.ok) throw new Error('expected the file to be refused');
  return r.errors;
}

const json = () => JSON.parse(projectJsonText(writeProject({ ...sampleProject(), run: undefined }))!);
const zipJson = (v: unknown) => zipSync({ 'project.json': strToU8(JSON.stringify(v)) });

async function translator(lng: 'en' | 'ko') {
  const i18n = i18next.createInstance();
  await i18n.init({ resources: { en: { translation: en }, ko: { translation: ko } }, lng, interpolation: { escapeValue: false } });
  return i18n.t;
}

describe('translated for the app', () => {
  it('in English and Korean', async () => {
    const tEn = await translator('en');
    const tKo = await translator('ko');
    const newer = errorsOf(zipJson({ ...json(), formatVersion: 3 }))[0];
    expect(fileIssueText(tEn, newer)).toBe('This file uses format 3, written by a newer Netloom; this version reads formats up to 1. Update Netloom to open it.');
    expect(fileIssueText(tKo, newer)).toBe('이 파일은 더 새로운 Netloom이 쓴 형식 3입니다. 이 버전은 형식 1까지 읽습니다. 열려면 Netloom을 업데이트하세요.');

    const bytes = writeProject(sampleProject());
    const zip = errorsOf(bytes.subarray(0, bytes.length - 40))[0];
    expect(fileIssueText(tEn, zip)).toBe('The zip archive is damaged or truncated.');
    expect(fileIssueText(tKo, zip)).toBe('zip 압축 파일이 손상되었거나 잘려 있습니다.');

    const j = json();
    j.training.epochs = 'many';
    j.graph.nodes[1].settings.units = 'five';
    const typeErr = errorsOf(zipJson(j))[0];
    expect(fileIssueText(tEn, typeErr)).toBe('Must be a number.');
    expect(fileIssueText(tKo, typeErr)).toBe('숫자 값이어야 합니다.');

    j.training.epochs = 3; // now the schema passes and checkGraph finds the setting
    const setting = errorsOf(zipJson(j))[0];
    expect(setting).toMatchObject({ path: 'graph.nodes[1].settings.units', code: 'settingKind' });
    expect(fileIssueText(tEn, setting)).toBe('Must be a whole number (got "five").');
    expect(fileIssueText(tKo, setting)).toBe('정수여야 합니다 (받은 값: "five").');
  });

  it('an issue without a code shows its message', async () => {
    expect(fileIssueText(await translator('ko'), { path: 'x', message: 'plain words' })).toBe('plain words');
  });
});
