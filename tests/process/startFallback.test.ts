// `npm start` (scripts/start.cjs) where Electron's binary is missing: one line says so, then the
// browser build starts and prints its URL. Run as a child process with `require('electron')` made
// to fail the way electron's index.js does without its binary, so no window opens even where
// Electron is installed; the server is stopped once its URL has appeared.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'netloom-start-'));
const noElectron = join(tmp, 'noElectron.cjs');
writeFileSync(
  noElectron,
  `const Module = require('node:module');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'electron') throw new Error('Electron failed to install correctly, please delete node_modules/electron and try installing again');
  return load.call(this, request, ...rest);
};
`,
);

let child: ChildProcess | null = null;

/** Stops start.cjs and the server it started (its own process group). */
function stop(): void {
  if (child?.pid && child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
}

afterAll(() => {
  stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe('npm start without the Electron binary', () => {
  it('says so in one line and starts the browser build, printing its URL', async () => {
    // A built browser build is used as it is (a stale one still prints its URL); otherwise it is built first.
    const built = existsSync(join(root, 'out/main/webServer.js')) && existsSync(join(root, 'out/renderer/index.html'));
    child = spawn(process.execPath, ['--require', noElectron, 'scripts/start.cjs', ...(built ? ['--no-build'] : []), '--data-dir', join(tmp, 'data')], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, so stop() reaches the server too
    });
    let out = '';
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL within the time; stdout:\n${out}\nstderr:\n${err}`)), built ? 20_000 : 170_000);
      child!.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /Netloom \(browser build\): (http:\/\/127\.0\.0\.1:\d+\/?)\s*$/m.exec(out);
        if (m) clearTimeout(timer), resolveUrl(m[1]);
      });
      child!.on('exit', (code, signal) => reject(new Error(`start.cjs exited (${code ?? signal}) before printing a URL; stdout:\n${out}\nstderr:\n${err}`)));
    });

    const lines = out.split('\n').filter((l) => l.trim() !== '');
    expect(lines[0]).toMatch(/^Electron is not installed here\b.*starting the browser build instead\.$/);
    expect(lines.filter((l) => /electron/i.test(l) && !/electron-vite/.test(l))).toEqual([lines[0]]); // said once
    if (built) expect(lines).toHaveLength(2); // the Electron line, then the URL
    expect(lines.at(-1)).toContain(url);

    // The URL serves the app.
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');

    const exited = new Promise<number | null>((r) => child!.on('exit', (code) => r(code)));
    stop();
    expect(await exited).toBe(0); // start.cjs passes SIGTERM on; the server shuts down cleanly
    await expect(fetch(url)).rejects.toThrow(); // and nothing listens there any more
  }, 180_000);
});
