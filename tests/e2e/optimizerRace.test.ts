// The optimizer race, driven as a student would: Rosenbrock from (−1.5, 2) shows Adam arriving
// while plain SGD crawls; the course's g(x, y) with textbook rounding reproduces the hand
// calculation of seed exercise §1 line for line; the WebGL view really draws something.
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { AppPage } from './support/AppPage';
import { openApp, outputDir, type WebApp } from './support/webApp';

const ALL = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamw'];

/** §1 with 2-decimal rounding: the point after each of the 13 updates, and the gradient there. */
const TEXTBOOK = [
  ['3.20', '3.30'], ['2.63', '2.82'], ['2.22', '2.49'], ['1.93', '2.27'], ['1.72', '2.12'], ['1.56', '2.02'],
  ['1.45', '1.96'], ['1.36', '1.92'], ['1.30', '1.90'], ['1.25', '1.89'], ['1.21', '1.89'], ['1.18', '1.89'], ['1.15', '1.89'],
];

async function rowNumber(row: Locator, attr: string): Promise<number> {
  return Number(await row.getAttribute(attr));
}

/** The x and y a race-table row shows, read from its visible cells (the columns found by their headers). */
async function shownPoint(ui: AppPage, row: Locator): Promise<{ x: number; y: number; text: string[] }> {
  const heads = (await ui.byTestId('race-table').locator('thead th').allTextContents()).map((h) => h.trim());
  const cells = (await row.locator('td').allTextContents()).map((c) => c.trim());
  const [xi, yi] = [heads.indexOf('x'), heads.indexOf('y')];
  expect(xi).toBeGreaterThan(0);
  expect(yi).toBeGreaterThan(0);
  return { x: Number(cells[xi]), y: Number(cells[yi]), text: [cells[xi], cells[yi]] };
}

// The few browser globals pixelStats uses (this file is type-checked without the DOM library).
interface BrowserGlobals {
  Image: new () => { src: string; width: number; height: number; decode(): Promise<void> };
  document: {
    createElement(tag: 'canvas'): {
      width: number;
      height: number;
      getContext(kind: '2d'): { drawImage(img: unknown, x: number, y: number): void; getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
    };
  };
}

/** Luminance variance and number of distinct colours of a PNG, decoded by the browser itself. */
async function pixelStats(page: Page, png: Buffer): Promise<{ variance: number; colours: number; width: number }> {
  return page.evaluate(async (b64) => {
    const { Image, document } = globalThis as unknown as BrowserGlobals;
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let sum = 0;
    let sq = 0;
    const seen = new Set<number>();
    for (let i = 0; i < d.length; i += 4) {
      const l = 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
      sum += l;
      sq += l * l;
      seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    }
    const n = d.length / 4;
    return { variance: sq / n - (sum / n) ** 2, colours: seen.size, width: c.width };
  }, png.toString('base64'));
}

describe('optimizer race', () => {
  let app: WebApp;
  let ui: AppPage;

  beforeAll(async () => {
    ({ app, ui } = await openApp({ locale: 'en-US' }));
  });
  afterAll(async () => app?.close());

  const playToEnd = async () => {
    await ui.byTestId('race-play').click();
    await expect.poll(() => ui.byTestId('race-playback').getAttribute('data-state'), { timeout: 60_000, interval: 200 }).toBe('finished');
  };

  it('opens the race next to the network canvas', async () => {
    await ui.byTestId('view-tab-race').click();
    await ui.byTestId('race-view').waitFor({ state: 'visible', timeout: 30_000 });
    await ui.byTestId('race-canvas-3d').waitFor({ state: 'visible' });
    expect(await ui.byTestId('race-surface').inputValue()).toBe('course');
    // The network view stays mounted: back and forth keeps the canvas.
    await ui.byTestId('view-tab-network').click();
    await ui.node('output').waitFor({ state: 'visible' });
    await ui.byTestId('view-tab-race').click();
    await ui.byTestId('race-view').waitFor({ state: 'visible' });
  });

  it('Rosenbrock from (−1.5, 2): Adam (lr 0.05) reaches (1, 1) in 2 000 steps, plain SGD (lr 0.0005) does not', async () => {
    await ui.setField('race-surface', 'rosenbrock');
    await ui.setField('race-start-x', '-1.5');
    await ui.setField('race-start-y', '2');
    for (const kind of ALL) await ui.byTestId(`race-opt-${kind}`).check();
    await ui.setField('race-adam-learningRate', '0.05');
    await ui.setField('race-sgd-learningRate', '0.0005');
    await ui.setField('race-steps', '2000');
    await ui.setField('race-speed', '1000');
    await playToEnd();
    expect(await ui.byTestId('race-step-counter').textContent()).toContain('2000 / 2000');

    for (const kind of ALL) await ui.byTestId(`race-row-${kind}`).waitFor();
    const adam = ui.byTestId('race-row-adam');
    const sgd = ui.byTestId('race-row-sgd');
    // What the student reads in the table: x and y to 4 decimals.
    const adamAt = await shownPoint(ui, adam);
    const sgdAt = await shownPoint(ui, sgd);
    for (const cell of [...adamAt.text, ...sgdAt.text]) expect(cell).toMatch(/^-?\d+\.\d{4}$/);
    expect(Math.hypot(adamAt.x - 1, adamAt.y - 1)).toBeLessThan(0.01);
    expect(Math.abs(sgdAt.x - 1)).toBeGreaterThan(0.5);
    // The cells show the row's own numbers.
    expect(adamAt.x).toBeCloseTo(await rowNumber(adam, 'data-x'), 3);
    expect(sgdAt.y).toBeCloseTo(await rowNumber(sgd, 'data-y'), 3);
    expect(await sgd.getAttribute('data-status')).toBe('completed');
    expect(await adam.textContent()).toContain('done (2000)');

    await app.page.screenshot({ path: join(outputDir, 'optimizer-race-rosenbrock.png') });
    const png = await ui.byTestId('race-canvas-3d').screenshot();
    writeFileSync(join(outputDir, 'optimizer-race-canvas.png'), png);
    const stats = await pixelStats(app.page, png);
    expect(stats.width).toBeGreaterThan(200);
    expect(stats.variance).toBeGreaterThan(100); // a blank (single-colour) canvas has 0
    expect(stats.colours).toBeGreaterThan(500);
  });

  it("g(x, y) with textbook rounding to 2 decimals from (4, 4), lr 0.1: the 13 rows of the course's hand calculation", async () => {
    await ui.setField('race-surface', 'course');
    await ui.setField('race-start-x', '4');
    await ui.setField('race-start-y', '4');
    await ui.setField('race-sgd-learningRate', '0.1');
    await ui.byTestId('race-textbook').check();
    await ui.setField('race-decimals', '2');
    await ui.setField('step-table-optimizer', 'sgd');
    await ui.byTestId('race-reset').click();
    await playToEnd();

    const rows = await app.page.$$eval('[data-testid^="step-row-"]', (trs) =>
      trs.map((tr) => Array.from((tr as unknown as { cells: ArrayLike<{ textContent: string | null }> }).cells, (c) => c.textContent ?? '')),
    );
    expect(rows).toHaveLength(14); // the start (k = 0) and 13 updates
    expect(rows[0].slice(0, 5)).toEqual(['0', '4.00', '4.00', '8.00', '7.00']);
    TEXTBOOK.forEach(([x, y], i) => expect(rows[i + 1].slice(0, 3), `update ${i + 1}`).toEqual([String(i + 1), x, y]));
    expect(rows[13].slice(3, 5)).toEqual(['0.19', '-0.07']);
    expect(rows[1].slice(5, 7)).toEqual(['0.80', '0.70']); // first update = 0.1 · (8, 7)
    expect(await ui.byTestId('step-table-rule-note').textContent()).toContain('13');
    expect(await ui.byTestId('race-row-sgd').getAttribute('data-rule-step')).toBe('13');
    await app.page.screenshot({ path: join(outputDir, 'optimizer-race-textbook.png') });
  });

  it('picks the start by clicking the map or double-clicking the surface, and exports PNG and WebM', async () => {
    await ui.byTestId('race-textbook').uncheck();
    await ui.setField('race-steps', '40');
    // the 2-D map: its centre is the middle of g's window [−1, 5]², i.e. (2, 2)
    const map = await ui.byTestId('race-canvas-2d').boundingBox();
    await app.page.mouse.click(map!.x + map!.width / 2 + 3, map!.y + map!.height / 2 - 6);
    await expect.poll(async () => Number(await ui.byTestId('race-start-x').inputValue())).toBeCloseTo(2, 0);
    expect(Number(await ui.byTestId('race-start-y').inputValue())).toBeCloseTo(2, 0);
    // the 3-D surface: a double-click raycasts onto it and moves the start somewhere inside the window
    const before = `${await ui.byTestId('race-start-x').inputValue()},${await ui.byTestId('race-start-y').inputValue()}`;
    const view = await ui.byTestId('race-canvas-3d').boundingBox();
    await app.page.mouse.dblclick(view!.x + view!.width * 0.42, view!.y + view!.height * 0.6);
    await expect.poll(async () => `${await ui.byTestId('race-start-x').inputValue()},${await ui.byTestId('race-start-y').inputValue()}`).not.toBe(before);
    const [sx, sy] = [Number(await ui.byTestId('race-start-x').inputValue()), Number(await ui.byTestId('race-start-y').inputValue())];
    expect(sx).toBeGreaterThanOrEqual(-1);
    expect(sx).toBeLessThanOrEqual(5);
    expect(sy).toBeGreaterThanOrEqual(-1);
    expect(sy).toBeLessThanOrEqual(5);

    const [png] = await Promise.all([app.page.waitForEvent('download'), ui.byTestId('race-export-png').click()]);
    expect(png.suggestedFilename()).toBe('optimizer-race.png');
    await png.saveAs(join(outputDir, 'optimizer-race-export.png'));
    const pngStats = await pixelStats(app.page, readFileSync(join(outputDir, 'optimizer-race-export.png')));
    expect(pngStats.variance).toBeGreaterThan(100);

    await ui.setField('race-speed', '100');
    const [webm] = await Promise.all([app.page.waitForEvent('download', { timeout: 30_000 }), ui.byTestId('race-export-webm').click()]);
    expect(webm.suggestedFilename()).toBe('optimizer-race.webm');
    const path = join(outputDir, 'optimizer-race.webm');
    await webm.saveAs(path);
    const bytes = readFileSync(path);
    expect(bytes.length).toBeGreaterThan(1000);
    expect([...bytes.subarray(0, 4)]).toEqual([0x1a, 0x45, 0xdf, 0xa3]); // EBML magic: a WebM/Matroska file
  });

  it('speaks Korean with the course terms', async () => {
    await ui.setField('language-select', 'ko');
    await expect.poll(() => ui.byTestId('view-tab-race').textContent()).toBe('옵티마이저 경주');
    const text = (await ui.byTestId('race-view').textContent()) ?? '';
    for (const term of ['학습률', '경사 하강법', '모멘텀', '기울기', '최솟값', '손실 곡면']) expect(text, term).toContain(term);
    await ui.setField('language-select', 'en');
  });
});
