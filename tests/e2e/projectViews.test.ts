// What a project keeps besides the network, in the browser build: the optimizer race is saved
// with the project and comes back on open; a bad race section only warns; a broken file's
// problems are shown in the user's language.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readProject, starterDocument, writeProject, DEFAULT_DATASET, DEFAULT_TRAINING } from '../../src/core';
import type { AppPage } from './support/AppPage';
import { openApp, outputDir, type WebApp } from './support/webApp';

describe('race state in project files, translated file problems (browser build)', () => {
  let app: WebApp;
  let ui: AppPage;

  beforeAll(async () => {
    ({ app, ui } = await openApp({ acceptDialogs: true }));
  });
  afterAll(async () => app?.close());

  let savedRace: unknown;

  it('changing the race is an unsaved change, and Save writes it into views.race', async () => {
    await ui.byTestId('view-tab-race').click();
    await ui.byTestId('race-view').waitFor({ state: 'visible', timeout: 30_000 });
    expect(await ui.byTestId('project-name').getAttribute('data-dirty')).toBe('false'); // opening the view is no edit
    await ui.setField('race-surface', 'himmelblau');
    await ui.setField('race-start-x', '-1.25');
    await ui.setField('race-start-y', '3.5');
    await ui.setField('race-adam-learningRate', '0.05');
    expect(await ui.byTestId('project-name').getAttribute('data-dirty')).toBe('true');

    await ui.byTestId('file-save').click();
    await ui.byTestId('save-as-name').fill('race study');
    await ui.byTestId('save-as-confirm').click();
    await expect.poll(() => ui.byTestId('project-name').getAttribute('data-dirty')).toBe('false');
    savedRace = readRace();
  });

  function readRace(): unknown {
    const r = readProject(new Uint8Array(readFileSync(join(app.dataDir, 'projects', 'race study.netloom'))));
    expect(r.ok).toBe(true);
    const race = r.ok ? r.project.views!.race : null;
    expect(race).toMatchObject({ version: 1, surface: 'himmelblau', start: { x: -1.25, y: 3.5 }, optimizers: { adam: { learningRate: 0.05 } } });
    return race;
  }

  it('after a reload, opening the project shows the same function and start', async () => {
    await app.page.reload();
    await ui.waitReady();
    await ui.byTestId('view-tab-race').click();
    await ui.byTestId('race-view').waitFor({ state: 'visible', timeout: 30_000 });
    expect(await ui.byTestId('race-surface').inputValue()).toBe('course'); // a fresh start

    await ui.byTestId('file-open').click();
    await ui.byTestId('open-item-race study').click();
    await expect.poll(() => ui.byTestId('race-surface').inputValue()).toBe('himmelblau');
    expect(await ui.byTestId('race-start-x').inputValue()).toBe('-1.25');
    expect(await ui.byTestId('race-start-y').inputValue()).toBe('3.5');
    expect(await ui.byTestId('race-adam-learningRate').inputValue()).toBe('0.05');
    expect(await ui.byTestId('project-name').getAttribute('data-dirty')).toBe('false');
    await app.page.screenshot({ path: join(outputDir, 'race-reopened.png') });
  });

  it('a damaged race section opens the network with a note, and leaves the race as it was', async () => {
    const race = { ...(savedRace as object), surface: 'booth', start: { x: 'far', y: 1 } };
    const doc = starterDocument();
    doc.nodes.find((n) => n.id === 'hidden1')!.settings.units = 3;
    const bytes = writeProject({ formatVersion: 1, graph: doc, training: DEFAULT_TRAINING, dataset: DEFAULT_DATASET, views: { race } });
    await ui.byTestId('file-upload-input').setInputFiles({ name: 'odd race.netloom', mimeType: 'application/zip', buffer: Buffer.from(bytes) });
    await expect.poll(() => ui.byTestId('project-name').textContent()).toBe('odd race');
    expect(await ui.byTestId('file-notice').getAttribute('data-tone')).toBe('info');
    const problems = ui.byTestId('file-problems');
    expect(await problems.textContent()).toContain('views.race.start');
    expect(await problems.locator('li').first().getAttribute('data-code')).toBe('viewInvalid');
    expect(await ui.byTestId('race-surface').inputValue()).toBe('himmelblau');
    await ui.byTestId('view-tab-network').click();
    expect(await ui.byTestId('node-params-hidden1').getAttribute('data-params')).toBe(String(2 * 3 + 3));
    await ui.byTestId('file-notice-close').click();
  });

  it('a broken file\'s problems are translated (Korean)', async () => {
    await ui.setField('language-select', 'ko');
    const good = readFileSync(join(app.dataDir, 'projects', 'race study.netloom'));
    await ui.byTestId('file-upload-input').setInputFiles({ name: 'broken.netloom', mimeType: 'application/zip', buffer: good.subarray(0, good.length - 100) });
    await ui.byTestId('file-problems').waitFor();
    expect(await ui.byTestId('file-notice').getAttribute('data-tone')).toBe('error');
    expect(await ui.byTestId('file-notice').textContent()).toContain('“broken”을(를) 열 수 없습니다');
    expect(await ui.byTestId('file-problems').textContent()).toContain('zip 압축 파일이 손상되었거나 잘려 있습니다.');

    const json = JSON.stringify({ formatVersion: 2, graph: { nodes: [], edges: [] } });
    await ui.byTestId('file-upload-input').setInputFiles({ name: 'newer.netloom', mimeType: 'application/json', buffer: Buffer.from(json) });
    await expect.poll(() => ui.byTestId('file-problems').textContent()).toContain('더 새로운 Netloom이 쓴 형식 2');

    const typed = JSON.stringify({ formatVersion: 1, graph: { nodes: [], edges: [] }, training: { ...DEFAULT_TRAINING, epochs: 'many' }, dataset: DEFAULT_DATASET });
    await ui.byTestId('file-upload-input').setInputFiles({ name: 'typed.netloom', mimeType: 'application/json', buffer: Buffer.from(typed) });
    await expect.poll(() => ui.byTestId('file-problems').textContent()).toContain('training.epochs 숫자 값이어야 합니다.');
    await app.page.screenshot({ path: join(outputDir, 'file-problems-ko.png') });
    expect(await ui.byTestId('project-name').textContent()).toBe('odd race'); // the open project stays
  });
});

describe('the canvas pan and zoom in project files (browser build)', () => {
  let app: WebApp;
  let ui: AppPage;

  beforeAll(async () => {
    ({ app, ui } = await openApp({ acceptDialogs: true }));
  });
  afterAll(async () => app?.close());

  /** React Flow's viewport, from the transform it puts on the viewport element. */
  async function viewport(): Promise<{ x: number; y: number; zoom: number }> {
    const t = (await app.page.locator('.react-flow__viewport').getAttribute('style')) ?? '';
    const m = /translate\((-?[\d.]+)px,\s*(-?[\d.]+)px\)\s*scale\((-?[\d.]+)\)/.exec(t);
    if (!m) throw new Error(`unexpected transform ${t}`);
    return { x: Number(m[1]), y: Number(m[2]), zoom: Number(m[3]) };
  }

  const near = (a: { x: number; y: number; zoom: number }, b: { x: number; y: number; zoom: number }) =>
    Math.abs(a.x - b.x) < 0.5 && Math.abs(a.y - b.y) < 0.5 && Math.abs(a.zoom - b.zoom) < 1e-3;

  it('Save writes where the canvas looks; after a reload, Open shows it again; New fits the network', async () => {
    const fitted = await viewport();
    // Zoom out twice with the canvas controls, then drag the empty canvas 150 px right and 90 px down.
    await app.page.locator('.react-flow__controls-zoomout').click();
    await app.page.locator('.react-flow__controls-zoomout').click();
    const box = (await ui.byTestId('canvas').boundingBox())!;
    const mouse = app.page.mouse;
    await mouse.move(box.x + 30, box.y + 30);
    await mouse.down();
    for (let i = 1; i <= 10; i++) await mouse.move(box.x + 30 + 15 * i, box.y + 30 + 9 * i);
    await mouse.up();
    await expect.poll(async () => near(await viewport(), fitted)).toBe(false);
    const looked = await viewport();
    expect(looked.zoom).toBeLessThan(fitted.zoom);
    expect(await ui.byTestId('project-name').getAttribute('data-dirty')).toBe('false'); // looking around is no edit

    await ui.byTestId('file-save').click();
    await ui.byTestId('save-as-name').fill('canvas view');
    await ui.byTestId('save-as-confirm').click();
    await expect.poll(() => ui.byTestId('project-name').textContent()).toBe('canvas view');
    const r = readProject(new Uint8Array(readFileSync(join(app.dataDir, 'projects', 'canvas view.netloom'))));
    expect(r.ok).toBe(true);
    const saved = r.ok ? (r.project.views?.canvas as { version: number; x: number; y: number; zoom: number }) : null;
    expect(saved?.version).toBe(1);
    expect(near(saved!, looked)).toBe(true);

    await app.page.reload();
    await ui.waitReady();
    await expect.poll(async () => near(await viewport(), looked)).toBe(false); // a fresh start fits the network
    await ui.byTestId('file-open').click();
    await ui.byTestId('open-item-canvas view').click();
    await expect.poll(async () => near(await viewport(), looked), { timeout: 5_000 }).toBe(true);
    await app.page.screenshot({ path: join(outputDir, 'canvas-view-reopened.png') });

    await ui.byTestId('file-new').click();
    await expect.poll(async () => near(await viewport(), looked), { timeout: 5_000 }).toBe(false);
    // Fitted: every node is inside the canvas.
    const canvas = (await ui.byTestId('canvas').boundingBox())!;
    for (const id of await ui.nodeIds()) {
      const b = (await ui.node(id).boundingBox())!;
      expect(b.x).toBeGreaterThanOrEqual(canvas.x - 1);
      expect(b.x + b.width).toBeLessThanOrEqual(canvas.x + canvas.width + 1);
    }
  });
});
