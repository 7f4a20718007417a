// The desktop window's security rules, checked as plain functions (no Electron binary here).
import { describe, expect, it } from 'vitest';
import { menuTemplate } from '../../../src/main/menu';
import { menuLanguage } from '../../../src/main/menuLabels';
import { appOrigin, isNavigationAllowed, isTrustedSender, rendererLocation, secureWebPreferences } from '../../../src/main/security';
import { CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_HEADER } from '../../../src/shared/csp';

const page = 'file:///opt/netloom/resources/app/out/renderer/index.html';

describe('secureWebPreferences', () => {
  it('isolates the renderer and keeps the preload path', () => {
    const prefs = secureWebPreferences('/app/out/preload/index.js');
    expect(prefs).toMatchObject({ preload: '/app/out/preload/index.js', contextIsolation: true, nodeIntegration: false, sandbox: true, webSecurity: true, webviewTag: false, allowRunningInsecureContent: false });
  });
});

describe('isNavigationAllowed', () => {
  it('allows only the same page (reloads, #hash changes)', () => {
    expect(isNavigationAllowed(page, page)).toBe(true);
    expect(isNavigationAllowed(page, `${page}#settings`)).toBe(true);
    expect(isNavigationAllowed('http://localhost:5173/', 'http://localhost:5173/')).toBe(true);
  });

  it('blocks other pages, files, sites and junk', () => {
    expect(isNavigationAllowed(page, 'https://example.com/')).toBe(false);
    expect(isNavigationAllowed(page, 'file:///etc/passwd')).toBe(false);
    expect(isNavigationAllowed(page, `${page}?x=1`)).toBe(false);
    expect(isNavigationAllowed('http://localhost:5173/', 'http://localhost:5174/')).toBe(false);
    expect(isNavigationAllowed(page, 'not a url')).toBe(false);
    expect(isNavigationAllowed('', '')).toBe(false);
  });
});

describe('isTrustedSender', () => {
  it('trusts only the built page itself for file://', () => {
    expect(appOrigin(page)).toBe('file://');
    expect(isTrustedSender(page, page)).toBe(true);
    expect(isTrustedSender(`${page}#x`, page)).toBe(true);
    expect(isTrustedSender('file:///tmp/evil.html', page)).toBe(false);
    expect(isTrustedSender(undefined, page)).toBe(false);
  });

  it('trusts the dev server origin only', () => {
    const dev = 'http://localhost:5173/';
    expect(isTrustedSender('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isTrustedSender('http://localhost:5174/', dev)).toBe(false);
    expect(isTrustedSender('https://example.com/', dev)).toBe(false);
    expect(isTrustedSender('about:blank', dev)).toBe(false);
  });
});

describe('rendererLocation', () => {
  it('uses a local dev server URL, otherwise the built file', () => {
    expect(rendererLocation('http://localhost:5173', '/out/renderer/index.html')).toEqual({ url: 'http://localhost:5173' });
    expect(rendererLocation(undefined, '/out/renderer/index.html')).toEqual({ file: '/out/renderer/index.html' });
    expect(rendererLocation('', '/out/renderer/index.html')).toEqual({ file: '/out/renderer/index.html' });
    expect(rendererLocation('https://evil.example/', '/out/renderer/index.html')).toEqual({ file: '/out/renderer/index.html' });
    expect(rendererLocation('http://localhost.evil.example/', '/x.html')).toEqual({ file: '/x.html' });
  });
});

describe('menuTemplate', () => {
  const roles = (items: ReturnType<typeof menuTemplate>): string[] =>
    items.flatMap((m) => (Array.isArray(m.submenu) ? m.submenu : [])).flatMap((i) => (i.role ? [i.role] : []));

  it('has File › Quit, View with reload and zoom, Help › About', () => {
    let about = 0;
    const menu = menuTemplate({ appName: 'Netloom', isDev: false, isMac: false, onAbout: () => about++ });
    expect(menu.map((m) => m.label)).toEqual(['File', 'View', 'Help']);
    expect(roles(menu)).toEqual(expect.arrayContaining(['quit', 'reload', 'zoomIn', 'zoomOut', 'resetZoom']));
    const help = menu[2].submenu as { label?: string; click?: () => void }[];
    expect(help[0].label).toBe('About Netloom');
    help[0].click?.();
    expect(about).toBe(1);
  });

  it('offers DevTools only in development', () => {
    expect(roles(menuTemplate({ appName: 'Netloom', isDev: false, isMac: false, onAbout: () => {} }))).not.toContain('toggleDevTools');
    expect(roles(menuTemplate({ appName: 'Netloom', isDev: true, isMac: false, onAbout: () => {} }))).toContain('toggleDevTools');
  });

  it('never takes Ctrl/Cmd+Z away from the app (no undo/redo roles)', () => {
    for (const isMac of [false, true]) {
      const r = roles(menuTemplate({ appName: 'Netloom', isDev: true, isMac, onAbout: () => {} }));
      expect(r).not.toContain('undo');
      expect(r).not.toContain('redo');
    }
  });
});

describe('Content-Security-Policy', () => {
  const directives = (csp: string) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));

  it('allows scripts only from the app itself, nothing remote, no plugins', () => {
    const d = directives(CONTENT_SECURITY_POLICY);
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('connect-src')).toEqual(["'self'"]);
    for (const values of d.values()) for (const v of values) expect(v).not.toMatch(/^(https?:|\*|'unsafe-eval')/);
  });

  it('header = meta policy + frame-ancestors (which a meta tag cannot carry)', () => {
    expect(CONTENT_SECURITY_POLICY).not.toContain('frame-ancestors');
    expect(directives(CONTENT_SECURITY_POLICY_HEADER).get('frame-ancestors')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY_HEADER.startsWith(CONTENT_SECURITY_POLICY)).toBe(true);
  });
});

describe('menu language', () => {
  const labels = (language: 'en' | 'ko'): string[] =>
    menuTemplate({ appName: 'Netloom', isDev: false, isMac: false, language, onAbout: () => {} }).flatMap((m) => [
      m.label ?? '',
      ...(Array.isArray(m.submenu) ? m.submenu.map((i) => i.label ?? '') : []),
    ]).filter(Boolean);

  it('labels every menu and item in Korean when the UI is Korean', () => {
    const ko = labels('ko');
    expect(ko.slice(0, 1)).toEqual(['파일']);
    expect(ko).toContain('도움말');
    expect(ko).toContain('Netloom 정보');
    // Every item has a label, and none is left in English.
    expect(ko.every((label) => /[\uac00-\ud7a3]/.test(label))).toBe(true);
    expect(ko.length).toBe(labels('en').length);
  });

  it('follows a Korean OS locale before the UI says otherwise', () => {
    expect(menuLanguage('ko-KR')).toBe('ko');
    expect(menuLanguage('ko')).toBe('ko');
    expect(menuLanguage('en-US')).toBe('en');
    expect(menuLanguage(undefined)).toBe('en');
  });
});

describe('menuTemplate: File menu', () => {
  type Item = { label?: string; accelerator?: string; click?: () => void; submenu?: Item[]; enabled?: boolean };
  const fileMenu = (language: 'en' | 'ko', sent: unknown[] = []) =>
    menuTemplate({
      appName: 'Netloom', isDev: false, isMac: false, language, onAbout: () => {},
      file: { recent: [{ label: '/home/me/a.netloom', ref: '/home/me/a.netloom' }], examples: [], onCommand: (c) => sent.push(c) },
    })[0].submenu as Item[];

  it('has New, Open, Open Recent, Examples, Save, Save As with accelerators, Export, sending commands', () => {
    const sent: unknown[] = [];
    const items = fileMenu('en', sent).filter((i) => i.label);
    expect(items.map((i) => [i.label, i.accelerator])).toEqual([
      ['New', 'CmdOrCtrl+N'], ['Open…', 'CmdOrCtrl+O'], ['Open Recent', undefined], ['Examples', undefined],
      ['Save', 'CmdOrCtrl+S'], ['Save As…', 'CmdOrCtrl+Shift+S'], ['Export', undefined], ['Quit', undefined],
    ]);
    items[4].click!();
    items[2].submenu![0].click!();
    expect(sent).toEqual([{ type: 'save' }, { type: 'openRecent', ref: '/home/me/a.netloom' }]);
    expect(items[3].submenu).toEqual([{ label: 'No examples', enabled: false }]);
  });

  it('speaks Korean', () => {
    expect(fileMenu('ko').filter((i) => i.label).map((i) => i.label)).toEqual(['새로 만들기', '열기…', '최근 파일 열기', '예제', '저장', '다른 이름으로 저장…', '내보내기', '종료']);
  });
});
