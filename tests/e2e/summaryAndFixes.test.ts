// The model summary tab, non-trainable counts and one-click fixes, driven as a person would in
// the browser build. Every number on screen must be core's (summarizeGraph / analyzeGraph).
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings, formatSummary, starterDocument, summarizeGraph, writeProject, DEFAULT_TRAINING, type DocNode, type NetworkDocument } from '../../src/core';
import type { AppPage } from './support/AppPage';
import { openApp, outputDir, type WebApp } from './support/webApp';

function chain(spec: [string, string, Record<string, unknown>][]): NetworkDocument {
  const nodes: DocNode[] = spec.map(([id, type, s], i) => ({ id, type, settings: { ...defaultSettings(type), ...s }, position: { x: 60 + i * 230, y: 140 } }));
  return { nodes, edges: nodes.slice(1).map((n, i) => ({ id: `e-${nodes[i].id}-${n.id}`, source: nodes[i].id, target: n.id })) };
}

describe('model summary, non-trainable parameters and one-click fixes (browser build)', () => {
  let app: WebApp;
  let ui: AppPage;

  beforeAll(async () => {
    ({ app, ui } = await openApp({ acceptDialogs: true }));
    await app.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
  });
  afterAll(async () => app?.close());

  it('the Summary tab shows core\'s per-layer figures and totals', async () => {
    const core = summarizeGraph(starterDocument());
    await ui.byTestId('view-tab-summary').click();
    await ui.byTestId('summary-table').waitFor();
    for (const layer of core.layers) {
      const row = ui.byTestId(`summary-row-${layer.id}`);
      expect(await row.getAttribute('data-trainable'), layer.id).toBe(String(layer.trainableParams));
      expect(await row.getAttribute('data-non-trainable'), layer.id).toBe(String(layer.nonTrainableParams));
      expect(await row.getAttribute('data-macs'), layer.id).toBe(String(layer.macs));
      expect(await row.getAttribute('data-activation-bytes'), layer.id).toBe(String(layer.activationBytes));
    }
    // By hand: hidden1 is Dense 2 -> 8: 2·8 weights + 8 biases, 16 multiply-adds, 8 float32 outputs.
    const hidden1 = ui.byTestId('summary-row-hidden1');
    expect(await hidden1.getAttribute('data-trainable')).toBe('24');
    expect(await hidden1.getAttribute('data-macs')).toBe('16');
    expect(await hidden1.getAttribute('data-activation-bytes')).toBe('32');
    expect(await hidden1.textContent()).toContain('(batch, 8)');
    expect(await ui.byTestId('summary-total-params').getAttribute('data-value')).toBe(String(core.totals.params));
    expect(await ui.byTestId('summary-total-macs').getAttribute('data-value')).toBe(String(core.totals.macs));
    expect(await ui.byTestId('summary-total-activations').getAttribute('data-value')).toBe(String(core.totals.activationBytes));
  });

  it('shows, copies and exports the Keras-layout text', async () => {
    const expected = formatSummary(summarizeGraph(starterDocument()), { name: 'Untitled' });
    await ui.byTestId('summary-toggle-text').click();
    expect(await ui.byTestId('summary-text').textContent()).toBe(expected);
    await app.page.screenshot({ path: join(outputDir, 'model-summary.png') });

    await ui.byTestId('summary-copy').click();
    await expect.poll(() => ui.byTestId('summary-copy').getAttribute('data-state')).toBe('copied');
    expect(await app.page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText())).toBe(expected);

    const [download] = await Promise.all([app.page.waitForEvent('download'), ui.byTestId('summary-export').click()]);
    expect(download.suggestedFilename()).toBe('Untitled-summary.txt');
    expect(readFileSync((await download.path())!, 'utf8')).toBe(expected);
  });

  it('a row leads to its layer on the canvas', async () => {
    await ui.byTestId('summary-row-hidden2').click();
    await expect.poll(() => ui.byTestId('inspector').getAttribute('data-node-id')).toBe('hidden2');
    expect(await ui.byTestId('canvas').isVisible()).toBe(true);
  });

  it('MNIST makes Dense complain; one click inserts Flatten and the issue is gone', async () => {
    await ui.setField('dataset-kind', 'mnist');
    await expect.poll(() => ui.byTestId('dataset-input-shape').getAttribute('data-shape')).toBe('28,28,1');
    const fix = ui.byTestId('node-fix-hidden1');
    await fix.waitFor();
    expect(await fix.textContent()).toBe('Insert Flatten');
    expect(await ui.nodeIds()).not.toContain('flatten');
    await app.page.screenshot({ path: join(outputDir, 'fix-offered.png') });

    await fix.click();
    await expect.poll(() => ui.nodeIds()).toContain('flatten');
    await expect.poll(() => ui.byTestId('node-issue-hidden1').count()).toBe(0);
    expect(await ui.byTestId('node-params-hidden1').getAttribute('data-params')).toBe(String(784 * 8 + 8));
    expect(await ui.byTestId('status-issues').getAttribute('data-issues')).toBe('0');
    // The inserted layer is selected: the inspector shows it.
    await expect.poll(() => ui.byTestId('inspector').getAttribute('data-node-id')).toBe('flatten');
    expect(await ui.byTestId('project-name').getAttribute('data-dirty')).toBe('true');
    await app.page.waitForTimeout(500); // the view glides to the inserted layer
    await app.page.screenshot({ path: join(outputDir, 'fix-applied.png') });
  });

  it('the inspector offers the fix too', async () => {
    // A 3×3 kernel on a 2×2 image does not fit with 'valid' padding: core suggests 'same'.
    const doc = chain([['input', 'input', { shape: [2, 2, 1] }], ['conv', 'conv2d', { filters: 4, kernelSize: [3, 3] }], ['flat', 'flatten', {}], ['output', 'dense', { units: 1, activation: 'sigmoid' }]]);
    const bytes = writeProject({ formatVersion: 1, graph: doc, training: DEFAULT_TRAINING, dataset: { kind: 'xor', samples: 200, noise: 0.1, seed: 1 } });
    await ui.byTestId('file-upload-input').setInputFiles({ name: 'tiny-conv.netloom', mimeType: 'application/zip', buffer: Buffer.from(bytes) });
    await ui.node('conv').waitFor();
    await ui.selectNode('conv');
    expect(await ui.byTestId('inspector-fix-kernelSize').textContent()).toBe("Use 'same' padding");
    await app.page.screenshot({ path: join(outputDir, 'fix-inspector.png') });
    await ui.byTestId('inspector-fix-kernelSize').click();
    await expect.poll(() => ui.byTestId('setting-padding').inputValue()).toBe('same');
    await expect.poll(() => ui.byTestId('status-issues').getAttribute('data-issues')).toBe('0');
    expect(await ui.byTestId('inspector-fix-kernelSize').count()).toBe(0);
  });

  it('BatchNorm\'s running statistics count as non-trainable parameters everywhere counts appear', async () => {
    const doc = chain([['input', 'input', { shape: [6] }], ['bn', 'batchNorm', {}], ['output', 'dense', { units: 1, activation: 'sigmoid' }]]);
    const bytes = writeProject({ formatVersion: 1, graph: doc, training: DEFAULT_TRAINING, dataset: { kind: 'xor', samples: 200, noise: 0.1, seed: 1 } });
    await ui.byTestId('file-upload-input').setInputFiles({ name: 'bn.netloom', mimeType: 'application/zip', buffer: Buffer.from(bytes) });
    await ui.node('bn').waitFor();
    // γ, β: 12 trainable; running mean and variance: 12 not. Dense 6 -> 1: 7.
    expect(await ui.byTestId('status-total-params').getAttribute('data-params')).toBe('19');
    expect(await ui.byTestId('status-non-trainable').getAttribute('data-params')).toBe('12');
    expect(await ui.byTestId('status-total-params').textContent()).toBe('19 parameters (+12 non-trainable)');
    expect(await ui.byTestId('node-non-trainable-bn').getAttribute('data-params')).toBe('12');
    await ui.selectNode('bn');
    expect(await ui.byTestId('inspector-non-trainable').textContent()).toBe('12');
    await ui.byTestId('view-tab-summary').click();
    expect(await ui.byTestId('summary-row-bn').getAttribute('data-non-trainable')).toBe('12');
    expect(await ui.byTestId('summary-total-params').getAttribute('data-value')).toBe('31');
    await app.page.screenshot({ path: join(outputDir, 'model-summary-batchnorm.png') });
  });

  it('training settings that do not fit the network explain why Train is off and offer fixes', async () => {
    // The BatchNorm network above: Input [6] (XOR needs [2]) and Dense 1 sigmoid (softmax cross-entropy needs 2 outputs).
    await ui.byTestId('view-tab-network').click(); // the previous test left the Summary tab open
    await ui.setField('loss-select', 'softmaxCrossEntropy');
    const outputFix = ui.byTestId('train-fix-lossOutputMismatch');
    const inputFix = ui.byTestId('train-fix-inputShape');
    await outputFix.waitFor();
    await inputFix.waitFor();
    expect(await ui.byTestId('train-button').isDisabled()).toBe(true);
    await outputFix.click();
    await expect.poll(() => outputFix.count()).toBe(0);
    expect(await ui.byTestId('train-button').isDisabled()).toBe(true); // the Input is still [6]
    await inputFix.click();
    await expect.poll(() => ui.byTestId('train-button').isDisabled()).toBe(false);
    expect(await ui.byTestId('train-disabled-reason').count()).toBe(0);
    // Input [2] -> BatchNorm (2 γ, 2 β) -> Dense 2 -> 2: 2·2 weights + 2 biases.
    expect(await ui.byTestId('node-params-output').getAttribute('data-params')).toBe('6');
    expect(await ui.byTestId('loss-select').inputValue()).toBe('softmaxCrossEntropy');
  });
});
