// File › Export in the browser build: a person opens an example and exports it for ONNX Runtime
// and PyTorch; the downloads are real (the ONNX model runs and predicts as the app does, the .py
// holds the module, the .safetensors header names the weights). A layer PyTorch cannot express is
// refused naming it, and nothing is downloaded.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Download } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileNetwork, readProject } from '../../src/core';
import { decodeOnnxModel } from '../../src/export';
import { maxRelativeError, randomInput, runOnnx } from '../unit/export/helpers';
import type { AppPage } from './support/AppPage';
import { openApp, repoRoot, type WebApp } from './support/webApp';

describe('File › Export (browser build)', () => {
  let app: WebApp;
  let ui: AppPage;
  const downloads: Download[] = [];

  beforeAll(async () => {
    ({ app, ui } = await openApp({ acceptDialogs: true }));
    app.page.on('download', (d) => downloads.push(d));
  });
  afterAll(async () => app?.close());

  async function openExample(ref: string): Promise<void> {
    await ui.byTestId('file-examples').click();
    await ui.byTestId('examples-dialog').waitFor();
    await ui.byTestId(`example-item-${ref}`).click();
    await ui.byTestId('examples-dialog').waitFor({ state: 'detached' });
  }

  /** Clicks File › Export › format; returns the downloads it made (after waiting for `count`). */
  async function exportAs(format: string, count: number): Promise<Download[]> {
    const before = downloads.length;
    await ui.byTestId('file-export').locator('summary').click();
    await ui.byTestId(`file-export-${format}`).click();
    await expect.poll(() => downloads.length, { timeout: 15_000 }).toBe(before + count);
    return downloads.slice(before);
  }

  const bytesOf = async (d: Download) => new Uint8Array(readFileSync((await d.path())!));

  it('ONNX: the trained two-spirals classifier downloads as an .onnx that predicts as Netloom does', async () => {
    await openExample('two-spirals');
    const [onnx] = await exportAs('onnx', 1);
    expect(onnx.suggestedFilename()).toMatch(/\.onnx$/);
    const bytes = await bytesOf(onnx);
    expect(decodeOnnxModel(bytes).graph?.initializer?.length).toBeGreaterThan(0);

    // The project's trained weights: ONNX Runtime agrees with the engine on random points.
    const r = readProject(new Uint8Array(readFileSync(join(repoRoot, 'examples/two-spirals.netloom'))));
    if (!r.ok) throw new Error('example unreadable');
    const model = compileNetwork(r.project.graph);
    model.setParams(r.project.run!.weights!.map((w) => w.data));
    const x = randomInput(4 * 2);
    expect(maxRelativeError((await runOnnx(bytes, x, [4, 2])).data, model.predict(x, 4))).toBeLessThan(1e-4);
    await expect.poll(() => ui.byTestId('file-notice').getAttribute('data-tone')).toBe('info');
    expect(await ui.byTestId('file-notice').textContent()).toContain(onnx.suggestedFilename());
  });

  it('PyTorch: the .py with its nn.Module and the .safetensors it loads, both downloaded', async () => {
    const files = await exportAs('pytorch', 2);
    const names = files.map((d) => d.suggestedFilename());
    expect(names[0]).toMatch(/_torch\.py$/);
    expect(names[1]).toBe(names[0].replace(/\.py$/, '.safetensors'));
    const py = new TextDecoder().decode(await bytesOf(files[0]));
    expect(py).toMatch(/class \w+\(nn\.Module\):/);
    expect(py).toContain(JSON.stringify(names[1]));

    // safetensors: an 8-byte little-endian header length, then a JSON header naming each tensor.
    const st = await bytesOf(files[1]);
    const length = Number(new DataView(st.buffer, st.byteOffset).getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(st.subarray(8, 8 + length))) as Record<string, { dtype: string; shape: number[] }>;
    const tensors = Object.keys(header).filter((k) => k !== '__metadata__');
    expect(tensors.length).toBeGreaterThan(0);
    for (const k of tensors) expect(header[k].dtype).toBe('F32');
  });

  it('a layer PyTorch cannot express is refused naming it; nothing is downloaded', async () => {
    await openExample('lstm-forecaster');
    await ui.selectNode('lstm');
    await ui.setSetting('activation', 'relu');
    const before = downloads.length;
    await ui.byTestId('file-export').locator('summary').click();
    await ui.byTestId('file-export-pytorch').click();
    await expect.poll(() => ui.byTestId('file-notice').getAttribute('data-tone')).toBe('error');
    expect(await ui.byTestId('file-notice').textContent()).toMatch(/PyTorch export does not support LSTM 'lstm': activation 'relu'/);
    await app.page.waitForTimeout(500);
    expect(downloads.length).toBe(before);
    await app.page.screenshot({ path: join(repoRoot, 'test-results/e2e/export-refused.png') });
  });
});
