// Starts the built browser build (out/main/webServer.js) on a free port and a headless
// Debian Chromium pointed at it. `npm test` builds first; run `npx electron-vite build`
// before running an e2e file on its own.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AppPage } from './AppPage';

export const repoRoot = resolve(__dirname, '../../..');
export const outputDir = join(repoRoot, 'test-results', 'e2e');

export interface WebApp {
  url: string;
  /** The server's --data-dir (projects/ and recovery/): a fresh temporary folder per app. */
  dataDir: string;
  server: ChildProcess;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error('Chromium not found: install Debian chromium (apt-get install -y chromium) or set CHROMIUM_PATH.');
  return found;
}

export function startServer(dataDir: string): Promise<{ url: string; server: ChildProcess }> {
  const entry = join(repoRoot, 'out/main/webServer.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npx electron-vite build\` first.`);
  const server = spawn(process.execPath, [entry, '--port', '0', '--data-dir', dataDir], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolveUrl, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`web server did not start: ${out}`)), 20_000);
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (match) {
        clearTimeout(timer);
        resolveUrl({ url: match[0], server });
      }
    };
    server.stdout!.on('data', onData);
    server.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    server.on('exit', (code) => reject(new Error(`web server exited (${code}): ${out}`)));
  });
}

/** dataDir: reuse a server data folder (a restart after a crash); default a fresh temporary one. */
export async function launchApp(options: { locale?: string; dataDir?: string } = {}): Promise<WebApp> {
  mkdirSync(outputDir, { recursive: true });
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'netloom-e2e-'));
  const { url, server } = await startServer(dataDir);
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
      '--enable-unsafe-swiftshader',
    ],
  }).catch((e: unknown) => {
    server.kill('SIGTERM');
    throw e;
  });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: options.locale ?? 'en-US' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  return {
    url,
    dataDir,
    server,
    browser,
    page,
    async close() {
      await browser.close().catch(() => undefined);
      server.kill('SIGTERM');
      if (errors.length) throw new Error(`page errors:\n${errors.join('\n')}`);
    },
  };
}

/**
 * launchApp, then the page object once the starter network is on screen. acceptDialogs: accept every
 * dialog (leaving a page with unsaved changes asks first), as a person who means it would.
 */
export async function openApp(options: { locale?: string; acceptDialogs?: boolean; dataDir?: string } = {}): Promise<{ app: WebApp; ui: AppPage }> {
  const app = await launchApp({ locale: options.locale, dataDir: options.dataDir });
  const ui = new AppPage(app.page);
  if (options.acceptDialogs) app.page.on('dialog', (d) => void d.accept());
  try {
    await ui.waitReady();
  } catch (e) {
    await app.close().catch((pageErrors: unknown) => console.error(pageErrors)); // the caller never gets app to close
    throw e;
  }
  return { app, ui };
}
