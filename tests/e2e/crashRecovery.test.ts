// "Never lose work" when the app is killed, not closed: the browser build's server and the page are
// both killed (SIGKILL: no beforeunload, no shutdown code) while the network has unsaved edits; a new
// server on the same data folder and a new browser offer the autosaved work back, and restoring it
// brings the edit back (at most one autosave period, ~3 s, is lost).
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openApp, outputDir, type WebApp } from './support/webApp';

describe('recovery after the app is killed (browser build)', () => {
  let second: WebApp | null = null;
  afterAll(async () => second?.close());

  it('offers the unsaved network back after a kill, and restores it', async () => {
    const { app, ui } = await openApp();
    await ui.selectNode('hidden1');
    await ui.setSetting('units', '5');
    await expect.poll(() => ui.byTestId('project-name').getAttribute('data-dirty')).toBe('true');
    expect(await ui.byTestId('node-params-hidden1').getAttribute('data-params')).toBe(String(2 * 5 + 5));
    await app.page.waitForTimeout(3_600); // one autosave period
    // Kill everything at once, as a crash or the task manager would.
    const exited = new Promise((resolve) => app.server.once('exit', resolve));
    app.server.kill('SIGKILL');
    await exited;
    await app.browser.close(); // its server is gone; nothing can be saved on the way out

    const reopened = await openApp({ dataDir: app.dataDir });
    second = reopened.app;
    const ui2 = reopened.ui;
    await ui2.byTestId('restore-prompt').waitFor();
    // Before restoring, the canvas holds a fresh starter network (8 units in hidden1).
    expect(await ui2.byTestId('node-params-hidden1').getAttribute('data-params')).toBe(String(2 * 8 + 8));
    await second.page.screenshot({ path: join(outputDir, 'restore-after-kill.png') });
    await ui2.byTestId('restore-accept').click();
    await expect.poll(() => ui2.byTestId('node-params-hidden1').getAttribute('data-params')).toBe(String(2 * 5 + 5));
    expect(await ui2.byTestId('project-name').getAttribute('data-dirty')).toBe('true');
  });
});
