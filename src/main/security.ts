// The desktop window's security rules as plain functions (no Electron import), so they
// are unit-tested in Node. index.ts wires them into Electron.
import type { WebPreferences } from 'electron';

/** Renderer isolation: no Node in the page, sandboxed preload, same-origin rules on. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    sandbox: true,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  };
}

function withoutHash(url: string): string | null {
  try {
    const u = new URL(url);
    u.hash = '';
    return u.href;
  } catch {
    return null;
  }
}

/** The window may only reload its own page (in-page #hash changes included); every
 *  other navigation — links, drops of files or URLs, redirects — is blocked. */
export function isNavigationAllowed(currentUrl: string, targetUrl: string): boolean {
  const current = withoutHash(currentUrl);
  return current !== null && current === withoutHash(targetUrl);
}

/** The app's own origin: a dev server URL's origin, or 'file://' for the built renderer. */
export function appOrigin(rendererUrl: string): string | null {
  try {
    const u = new URL(rendererUrl);
    if (u.protocol === 'file:') return 'file://';
    if (u.protocol === 'http:' || u.protocol === 'https:') return u.origin;
    return null;
  } catch {
    return null;
  }
}

/** IPC is answered only for frames showing our own page (not e.g. an injected iframe). */
export function isTrustedSender(senderUrl: string | undefined, rendererUrl: string): boolean {
  if (!senderUrl) return false;
  const expected = appOrigin(rendererUrl);
  if (expected === null) return false;
  if (expected === 'file://') {
    // Only the one built page, not any file on disk.
    return withoutHash(senderUrl) === withoutHash(rendererUrl);
  }
  return appOrigin(senderUrl) === expected;
}

/** Which page to load: the dev server in development, the built file otherwise. */
export function rendererLocation(devServerUrl: string | undefined, builtIndexHtml: string): { url: string } | { file: string } {
  if (devServerUrl && /^https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?(\/|$)/.test(devServerUrl)) return { url: devServerUrl };
  return { file: builtIndexHtml };
}
