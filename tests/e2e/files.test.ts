// Saving and opening in the browser build: a person builds a network, trains it briefly, saves,
// reloads the page, opens the file and sees the same graph, curves and predictions. A broken
// file is refused with its problems shown and the open network kept; unsaved work survives a reload.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readProject } from '../../src/core';
import type { AppPage } from './support/AppPage';
import { openApp, outputDir, type WebApp } from './support/webApp';

/** Everything the user sees of the network and its last run, in comparable form. */
async function snapshot(ui: AppPage) {
  const page = ui.page;
  const nodes = await page.$$eval('.react-flow__node', (els) =>
    els.map((e) => ({ id: e.getAttribute('data-id'), at: (e as unknown as { style: { transform: string } }).style.transform })).sort((a, b) => String(a.id).localeCompare(String(b.id))));
  const params: Record<string, string | null> = {};
  for (const n of nodes) params[n.id!] = await ui.byTestId(`node-params-${n.id}`).getAttribute('data-params');
  const edges = (await page.$$eval('.react-flow__edge', (els) => els.map((e) => e.getAttribute('data-testid')))).sort();
  const chart = ui.byTestId('loss-chart');
  return {
    nodes,
    params,
    edges,
    firstLoss: await chart.getAttribute('data-first-loss'),
    lastLoss: await chart.getAttribute('data-last-loss'),
    trainLoss: await ui.metric('metric-train-loss'),
    trainAccuracy: await ui.metric('metric-train-accuracy'),
    epoch: await ui.byTestId('progress-bar').getAttribute('data-epoch'),
    // The decision boundary is drawn from the run's weights: the same pixels mean the same predictions.
    boundary: await page.$eval('canvas[data-testid="decision-boundary"]', (c) => (c as unknown as { toDataURL(): string }).toDataURL()),
  };
}

describe('save, reload, open (browser build)', () => {
  let app: WebApp;
  let ui: AppPage;

  beforeAll(async () => {
    ({ app, ui } = await openApp({ acceptDialogs: true }));
  });
  afterAll(async () => app?.close());

  let before: Awaited<ReturnType<typeof snapshot>>;

  it('builds and trains a network; the title marks unsaved changes', async () => {
    await ui.selectNode('hidden1');
    await ui.setSetting('units', '6');
    await ui.selectNode('hidden2');
    await ui.setSetting('activation', 'relu');
    await ui.setField('dataset-kind', 'circles');
    await ui.setField('dataset-noise', '0');
    await ui.setField('epochs', '12');
    await ui.setField('learning-rate', '0.03');
    expect(await ui.byTestId('project-name').getAttribute('data-dirty')).toBe('true');
    expect(await app.page.title()).toBe('● Untitled — Netloom');

    await ui.byTestId('train-button').click();
    await ui.waitForStatus(['completed'], 120_000);
    expect(await ui.byTestId('progress-bar').getAttribute('data-epoch')).toBe('12');
    before = await snapshot(ui);
    expect(before.params.hidden1).toBe(String(2 * 6 + 6));
    expect(Number(before.lastLoss)).toBeLessThan(Number(before.firstLoss));
  });

  it('saves under a name into the projects folder; the marker goes away', async () => {
    await ui.byTestId('file-save').click(); // never saved: Save asks for a name
    await ui.byTestId('save-as-dialog').waitFor();
    await ui.byTestId('save-as-name').fill('circle study');
    await ui.byTestId('save-as-confirm').click();
    await expect.poll(() => ui.byTestId('project-name').getAttribute('data-dirty')).toBe('false');
    expect(await ui.byTestId('project-name').textContent()).toBe('circle study');
    expect(await app.page.title()).toBe('circle study — Netloom');

    // On disk: a .netloom that core opens, with the run's 12 epochs and its weights.
    const r = readProject(new Uint8Array(readFileSync(join(app.dataDir, 'projects', 'circle study.netloom'))));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.project.run!.history).toHaveLength(12);
      expect(r.project.run!.weights!.map((w) => w.name)).toEqual(['hidden1.kernel', 'hidden1.bias', 'hidden2.kernel', 'hidden2.bias', 'output.kernel', 'output.bias']);
      expect(r.project.graph.nodes.find((n) => n.id === 'hidden1')!.settings.units).toBe(6);
      // …and the optimizer's state at the end of the run (Adam: lr, step count, m and v per tensor).
      const state = r.project.run!.optimizerState!;
      expect(state.lr).toBe(0.03);
      expect(state.t).toBeGreaterThan(0);
      expect((state['hidden1.kernel/m'] as Float32Array).length).toBe(2 * 6);
      expect((state['output.bias/v'] as Float32Array).length).toBe(1);
    }
  });

  it('after a reload, opening the file shows the same graph, curves and predictions', async () => {
    await app.page.reload();
    await ui.waitReady();
    expect(await ui.byTestId('node-params-hidden1').getAttribute('data-params')).toBe(String(2 * 8 + 8)); // a fresh start
    expect(await ui.byTestId('restore-prompt').count()).toBe(0); // saved work is not "recovered"
    const fresh = await snapshot(ui);
    expect(fresh.boundary).not.toBe(before.boundary); // so equal pixels below do mean the saved weights
    expect(fresh.lastLoss).not.toBe(before.lastLoss);

    await ui.byTestId('file-open').click();
    await ui.byTestId('open-dialog').waitFor();
    await ui.byTestId('open-item-circle study').click();
    await expect.poll(() => ui.byTestId('node-params-hidden1').getAttribute('data-params')).toBe(String(2 * 6 + 6));
    await expect.poll(() => ui.trainingStatus()).toBe('completed');
    await app.page.waitForTimeout(300); // the boundary redraws on the next animation frame
    expect(await snapshot(ui)).toEqual(before);
    expect(await ui.byTestId('project-name').textContent()).toBe('circle study');
    expect(await ui.byTestId('project-name').getAttribute('data-dirty')).toBe('false');
    await app.page.screenshot({ path: join(outputDir, 'reopened-project.png') });
  });

  it('refuses a broken file with what is wrong and where, keeping the open network', async () => {
    const good = readFileSync(join(app.dataDir, 'projects', 'circle study.netloom'));
    await ui.byTestId('file-upload-input').setInputFiles({ name: 'broken.netloom', mimeType: 'application/zip', buffer: good.subarray(0, good.length - 100) });
    await ui.byTestId('file-problems').waitFor();
    expect(await ui.byTestId('file-notice').getAttribute('data-tone')).toBe('error');
    expect(await ui.byTestId('file-notice').textContent()).toMatch(/broken.*could not be opened/);

    const json = JSON.stringify({ formatVersion: 1, graph: { nodes: [{ id: 'in', type: 'input', settings: { shape: 'two' } }], edges: [] } });
    await ui.byTestId('file-upload-input').setInputFiles({ name: 'hand-edited.netloom', mimeType: 'application/json', buffer: Buffer.from(json) });
    await expect.poll(() => ui.byTestId('file-problems').textContent()).toContain('graph.nodes[0].settings.shape');
    expect(await ui.byTestId('node-params-hidden1').getAttribute('data-params')).toBe(String(2 * 6 + 6));
    expect(await ui.byTestId('project-name').textContent()).toBe('circle study');
    await ui.byTestId('file-notice-close').click();
  });

  it('offers unsaved work back after the page goes away, and restores it', async () => {
    await ui.selectNode('hidden1');
    await ui.setSetting('units', '7');
    await expect.poll(() => ui.byTestId('project-name').getAttribute('data-dirty')).toBe('true');
    await app.page.waitForTimeout(3_600); // one autosave period
    await app.page.reload();
    await ui.waitReady();
    await ui.byTestId('restore-prompt').waitFor();
    await ui.byTestId('restore-accept').click();
    await expect.poll(() => ui.byTestId('node-params-hidden1').getAttribute('data-params')).toBe(String(2 * 7 + 7));
    expect(await ui.byTestId('project-name').getAttribute('data-dirty')).toBe('true');
    expect(await ui.byTestId('project-name').textContent()).toContain('circle study');
  });

  it('opens a shipped example', async () => {
    await ui.byTestId('file-examples').click();
    await ui.byTestId('examples-dialog').waitFor();
    await ui.byTestId('example-item-course-mlp-6-5-4-3').click();
    await expect.poll(() => ui.byTestId('status-total-params').getAttribute('data-params')).toBe('74');
  });
});
