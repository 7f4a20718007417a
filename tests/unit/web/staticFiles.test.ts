import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseServerArgs } from '../../../src/web/args';
import { contentTypeFor, resolveStaticPath } from '../../../src/web/staticFiles';

const root = resolve('/srv/netloom/out/renderer');

describe('resolveStaticPath', () => {
  it('maps paths inside the folder, / to index.html', () => {
    expect(resolveStaticPath(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/index-abc.js')).toBe(join(root, 'assets', 'index-abc.js'));
    expect(resolveStaticPath(root, '/assets/')).toBe(join(root, 'assets', 'index.html'));
    expect(resolveStaticPath(root, '/a%20b.png')).toBe(join(root, 'a b.png'));
  });

  it('refuses anything that could leave the folder or is malformed', () => {
    for (const bad of ['/../package.json', '/assets/../../x', '/%2e%2e/package.json', '/%2E%2E%2Fpackage.json', '/..%5cpackage.json', '/a%00.html', '/%E0%A4%A', 'relative', '/..']) {
      expect(resolveStaticPath(root, bad), bad).toBeNull();
    }
  });
});

describe('contentTypeFor', () => {
  it('names the types a Vite build produces', () => {
    expect(contentTypeFor('index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('a.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('a.svg')).toBe('image/svg+xml');
    expect(contentTypeFor('a.woff2')).toBe('font/woff2');
    expect(contentTypeFor('a.unknown')).toBe('application/octet-stream');
  });
});

describe('parseServerArgs', () => {
  it('reads --port N, --port=N and --renderer-dir, with the env override', () => {
    expect(parseServerArgs([])).toEqual({ port: 0 });
    expect(parseServerArgs(['--port', '8123'])).toEqual({ port: 8123 });
    expect(parseServerArgs(['--port=0'])).toEqual({ port: 0 });
    expect(parseServerArgs(['--renderer-dir', '/x'], { NETLOOM_RENDERER_DIR: '/y' })).toEqual({ port: 0, rendererDir: '/x' });
    expect(parseServerArgs([], { NETLOOM_RENDERER_DIR: '/y' })).toEqual({ port: 0, rendererDir: '/y' });
  });

  it('explains bad arguments', () => {
    expect(() => parseServerArgs(['--port'])).toThrow(/needs a value/);
    expect(() => parseServerArgs(['--port', 'abc'])).toThrow(/0 to 65535/);
    expect(() => parseServerArgs(['--port', '70000'])).toThrow(/0 to 65535/);
    expect(() => parseServerArgs(['--verbose'])).toThrow(/unknown option/);
  });
});
