// Node-side project files: atomic saves, the recovery file, recents, the projects folder and its
// file routes in the browser build's server.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atomicWriteFile, projectFileName, ProjectsFolder, RecentList, RecoveryStore } from '../../../src/host/projectFiles';
import { FileRoute } from '../../../src/shared/api';
import { startWebServer, type WebServer } from '../../../src/web/webServer';

const temp = () => mkdtempSync(join(tmpdir(), 'netloom-host-'));

describe('atomicWriteFile', () => {
  it('replaces the file whole and leaves no temporary file behind', async () => {
    const dir = temp();
    const file = join(dir, 'a.netloom');
    writeFileSync(file, 'old');
    await atomicWriteFile(file, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(file)]).toEqual([1, 2, 3]);
    expect(readdirSync(dir)).toEqual(['a.netloom']);
  });

  it('creates missing folders, and a failed rename keeps the old file and cleans up', async () => {
    const dir = temp();
    await atomicWriteFile(join(dir, 'x/y/b.netloom'), new Uint8Array([7]));
    expect([...readFileSync(join(dir, 'x/y/b.netloom'))]).toEqual([7]);
    // Renaming over a non-empty folder fails: the target stays, the temp file goes.
    const blocked = join(dir, 'blocked');
    await atomicWriteFile(join(blocked, 'inside'), new Uint8Array([1]));
    await expect(atomicWriteFile(blocked, new Uint8Array([9]))).rejects.toThrow();
    expect(readdirSync(dir).sort()).toEqual(['blocked', 'x']);
  });
});

describe('RecoveryStore', () => {
  it('saves, loads with its info, and clears', async () => {
    const store = new RecoveryStore(join(temp(), 'recovery'));
    expect(await store.load()).toBeNull();
    await store.save(new Uint8Array([5, 6]), { name: 'spirals', ref: '/home/me/spirals.netloom' }, 1234);
    const r = await store.load();
    expect(r && [...r.bytes]).toEqual([5, 6]);
    expect(r?.info).toEqual({ name: 'spirals', ref: '/home/me/spirals.netloom', savedAt: 1234 });
    await store.clear();
    expect(await store.load()).toBeNull();
  });
});

describe('RecentList', () => {
  it('keeps the newest first, without duplicates, at most max', async () => {
    const list = new RecentList(join(temp(), 'recent.json'), 3);
    for (const p of ['a', 'b', 'c', 'a', 'd']) await list.add(p);
    expect(await list.list()).toEqual(['d', 'a', 'c']);
  });

  it('keeps every one of several additions made at once, in a whole JSON file with no temporary file left', async () => {
    const dir = temp();
    const list = new RecentList(join(dir, 'recent.json'), 10);
    await Promise.all(['a', 'b', 'c', 'd'].map((p) => list.add(p)));
    expect(await list.list()).toEqual(['d', 'c', 'b', 'a']);
    expect(JSON.parse(readFileSync(join(dir, 'recent.json'), 'utf8'))).toEqual(['d', 'c', 'b', 'a']);
    expect(readdirSync(dir)).toEqual(['recent.json']);
  });

  it('reads a damaged file as empty and replaces it on the next addition', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'recent.json'), '["a", "b"'); // cut short
    const list = new RecentList(join(dir, 'recent.json'));
    expect(await list.list()).toEqual([]);
    await list.add('c');
    expect(await list.list()).toEqual(['c']);
  });
});

describe('project names in the projects folder', () => {
  it('accepts plain names (Korean too) and refuses paths and dot files', () => {
    expect(projectFileName('circle study')).toBe('circle study.netloom');
    expect(projectFileName('나선 분류.netloom')).toBe('나선 분류.netloom');
    for (const bad of ['', '   ', '../x', 'a/b', 'a\\b', '.hidden', 'c:x', 'x\u0000y', 'a'.repeat(200)]) expect(projectFileName(bad)).toBeNull();
  });

  it('lists, reads and writes only inside its folder', async () => {
    const folder = new ProjectsFolder(join(temp(), 'projects'));
    expect(await folder.list()).toEqual([]);
    expect(await folder.write('one', new Uint8Array([1]))).toBe('one');
    expect([...(await folder.read('one'))]).toEqual([1]);
    expect((await folder.list()).map((e) => e.name)).toEqual(['one']);
    await expect(folder.write('../escape', new Uint8Array([1]))).rejects.toThrow(/Not a valid project name/);
  });
});

describe('file routes of the browser build', () => {
  let server: WebServer;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = temp();
    const rendererDir = temp();
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
    server = await startWebServer({
      port: 0, rendererDir, dataDir, examplesDir: resolve(__dirname, '../../../examples'),
      workerPath: resolve(__dirname, '../../../src/trainer/worker.ts'), execArgv: ['--import', 'tsx'],
    });
  });
  afterAll(async () => server?.close());

  const url = (route: string, name?: string) => `${server.url.replace(/\/$/, '')}${route}${name ? `?name=${encodeURIComponent(name)}` : ''}`;
  const post = (route: string, body: Uint8Array, name?: string, type = 'application/octet-stream') =>
    fetch(url(route, name), { method: 'POST', headers: { 'content-type': type }, body: new Uint8Array(body).buffer });

  it('saves into <data-dir>/projects atomically, lists and reads back', async () => {
    const saved = await post(FileRoute.project, new Uint8Array([80, 75, 1]), 'my net');
    expect(await saved.json()).toEqual({ name: 'my net', ref: 'my net' });
    expect([...readFileSync(join(dataDir, 'projects', 'my net.netloom'))]).toEqual([80, 75, 1]);
    const list = (await (await fetch(url(FileRoute.projects))).json()) as { name: string }[];
    expect(list.map((e) => e.name)).toEqual(['my net']);
    expect([...new Uint8Array(await (await fetch(url(FileRoute.project, 'my net'))).arrayBuffer())]).toEqual([80, 75, 1]);
  });

  it('refuses names that leave the folder, wrong content types, and other origins', async () => {
    expect((await post(FileRoute.project, new Uint8Array([1]), '../../etc/evil')).status).toBe(400);
    expect(existsSync(join(dataDir, 'etc'))).toBe(false);
    expect((await post(FileRoute.project, new Uint8Array([1]), 'x', 'text/plain')).status).toBe(415);
    expect((await fetch(url(FileRoute.project, 'missing'))).status).toBe(404);
    const cross = await fetch(url(FileRoute.project, 'x'), { method: 'POST', headers: { 'content-type': 'application/octet-stream', origin: 'http://evil.example' }, body: new Uint8Array([1]) });
    expect(cross.status).toBe(403);
  });

  it('keeps the recovery file with its name and ref until cleared', async () => {
    expect((await fetch(url(FileRoute.recovery))).status).toBe(204);
    const r = await fetch(`${url(FileRoute.recovery)}?name=${encodeURIComponent('나선')}&ref=spirals`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array([9, 9]) });
    expect(r.status).toBe(204);
    const got = await fetch(url(FileRoute.recovery));
    expect(got.status).toBe(200);
    expect(decodeURIComponent(got.headers.get('x-netloom-name')!)).toBe('나선');
    expect(got.headers.get('x-netloom-ref')).toBe('spirals');
    expect([...new Uint8Array(await got.arrayBuffer())]).toEqual([9, 9]);
    expect((await post(FileRoute.clearRecovery, new Uint8Array(0))).status).toBe(204);
    expect((await fetch(url(FileRoute.recovery))).status).toBe(204);
  });

  it('lists and serves the shipped examples', async () => {
    const list = (await (await fetch(url(FileRoute.examples))).json()) as { ref: string }[];
    expect(list.map((e) => e.ref)).toContain('two-spirals');
    const bytes = new Uint8Array(await (await fetch(url(FileRoute.example, 'two-spirals'))).arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]); // a zip
  });
});
