// The summary view's text/file helpers, the one-click fix as a document-store edit, and the fix
// button texts in both languages.
import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { analyzeGraph, defaultSettings, formatSummary, summarizeGraph, type DocNode, type NetworkDocument } from '../../../src/core';
import type { GraphFix } from '../../../src/core/graph/analysis';
import { en } from '../../../src/renderer/i18n/en';
import { ko } from '../../../src/renderer/i18n/ko';
import { fixText } from '../../../src/renderer/i18n/messages';
import { createDocumentStore } from '../../../src/renderer/store/documentStore';
import { modelName, summaryFileName, summaryText } from '../../../src/renderer/summary/summaryText';

function chain(spec: [string, string, Record<string, unknown>][]): NetworkDocument {
  const nodes: DocNode[] = spec.map(([id, type, s], i) => ({ id, type, settings: { ...defaultSettings(type), ...s }, position: { x: i * 200, y: 100 } }));
  return { nodes, edges: nodes.slice(1).map((n, i) => ({ id: `e-${nodes[i].id}-${n.id}`, source: nodes[i].id, target: n.id })) };
}

/** What choosing MNIST makes of the starter network: an image into a Dense layer. */
const mnistIntoDense = () => chain([
  ['input', 'input', { shape: [28, 28, 1] }],
  ['hidden1', 'dense', { units: 8 }],
  ['output', 'dense', { units: 10 }],
]);

async function translator(lng: 'en' | 'ko') {
  const i18n = i18next.createInstance();
  await i18n.init({ resources: { en: { translation: en }, ko: { translation: ko } }, lng, interpolation: { escapeValue: false } });
  return i18n.t;
}

describe('summary text and file name', () => {
  it('is core\'s Keras-layout text under the project\'s name', () => {
    const doc = chain([['input', 'input', { shape: [4] }], ['bn', 'batchNorm', {}], ['out', 'dense', { units: 3 }]]);
    const text = summaryText(doc, 'circle study');
    expect(text).toBe(formatSummary(summarizeGraph(doc), { name: 'circle_study' }));
    expect(text).toMatch(/^Model: "circle_study"\n/);
    // BatchNorm on 4 features: γ, β trainable (8), running mean and variance not (8); Dense 4·3 + 3 = 15.
    expect(text).toContain('Total params: 31 (124.00 B)');
    expect(text).toContain('Trainable params: 23 (92.00 B)');
    expect(text).toContain('Non-trainable params: 8 (32.00 B)');
  });

  it('names the model and the file safely', () => {
    expect(modelName('  my net: v2 ')).toBe('my_net_v2');
    expect(modelName('')).toBe('model');
    expect(modelName('합성곱 모델')).toBe('합성곱_모델');
    expect(summaryFileName('circle study')).toBe('circle study-summary.txt');
    expect(summaryFileName('a/b:c*')).toBe('abc-summary.txt');
    expect(summaryFileName('..')).toBe('model-summary.txt');
  });
});

describe('one-click fixes through the document store', () => {
  it('inserting Flatten before a Dense fed an image is one edit that resolves the issue', () => {
    const store = createDocumentStore(mnistIntoDense());
    const issue = analyzeGraph(store.getState().doc).issues.find((i) => i.nodeIds.includes('hidden1'));
    expect(issue?.fix).toMatchObject({ kind: 'insertNode', type: 'flatten', before: 'hidden1' });
    store.getState().applyFix(issue!.fix!);
    const { doc, dirty, selectedNodeIds } = store.getState();
    expect(dirty).toBe(true);
    expect(selectedNodeIds).toEqual(['flatten']);
    expect(doc.edges.map((e) => `${e.source}->${e.target}`).sort()).toEqual(['flatten->hidden1', 'hidden1->output', 'input->flatten']);
    const after = analyzeGraph(doc);
    expect(after.ok).toBe(true);
    expect(after.shapes.flatten).toEqual([784]);
    expect(after.paramCounts.hidden1).toBe(784 * 8 + 8);
  });

  it('a setting fix changes that setting only, and keeps the selection', () => {
    const store = createDocumentStore(chain([['input', 'input', { shape: [2, 2, 1] }], ['conv', 'conv2d', { filters: 2, kernelSize: [3, 3] }], ['flat', 'flatten', {}], ['out', 'dense', { units: 1 }]]));
    store.getState().setSelection(['conv'], []);
    const issue = analyzeGraph(store.getState().doc).issues.find((i) => i.fix);
    expect(issue?.fix).toMatchObject({ kind: 'setSetting', nodeId: 'conv', key: 'padding', value: 'same' });
    store.getState().applyFix(issue!.fix!);
    expect(store.getState().doc.nodes.find((n) => n.id === 'conv')!.settings.padding).toBe('same');
    expect(store.getState().selectedNodeIds).toEqual(['conv']);
    expect(analyzeGraph(store.getState().doc).ok).toBe(true);
  });

  it('a fix whose node is gone changes nothing', () => {
    const store = createDocumentStore(mnistIntoDense());
    const before = store.getState().doc;
    store.getState().applyFix({ kind: 'insertNode', type: 'flatten', before: 'nowhere', label: '' });
    expect(store.getState().doc).toBe(before);
    expect(store.getState().dirty).toBe(false);
  });
});

describe('fix button texts', () => {
  const flatten: GraphFix = { kind: 'insertNode', type: 'flatten', before: 'd', label: "insert Flatten before 'd'" };
  const reshape: GraphFix = { kind: 'insertNode', type: 'reshape', settings: { targetShape: [28, 28, 1] }, before: 'c', label: 'x' };
  const padding: GraphFix = { kind: 'setSetting', nodeId: 'c', key: 'padding', value: 'same', label: 'x' };
  const rate: GraphFix = { kind: 'setSetting', nodeId: 'd', key: 'rate', value: 0.5, label: 'x' };

  it('in English', async () => {
    const t = await translator('en');
    expect(fixText(t, flatten)).toBe('Insert Flatten');
    expect(fixText(t, reshape)).toBe('Insert Reshape to (batch, 28, 28, 1)');
    expect(fixText(t, padding)).toBe("Use 'same' padding");
    expect(fixText(t, rate)).toBe('Set Drop rate to 0.5');
  });

  it('in Korean', async () => {
    const t = await translator('ko');
    expect(fixText(t, flatten)).toBe(`${ko.layers.flatten.name} 삽입`);
    expect(fixText(t, padding)).toBe("'same' 패딩 사용");
    expect(fixText(t, rate)).toContain(ko.settings.rate);
  });
});
