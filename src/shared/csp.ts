// The one Content-Security-Policy for the renderer, shared by the places that state it:
// the <meta> tag in src/renderer/index.html (file:// in Electron gets no HTTP headers),
// Electron main (for http responses, e.g. the dev server) and the browser build's server.
//
// 'unsafe-inline' is for styles only: React Flow and uPlot set inline style attributes.
// Scripts come only from our own origin; no eval, no remote content, no plugins.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** The header form adds what a <meta> tag cannot carry (browsers ignore frame-ancestors there). */
export const CONTENT_SECURITY_POLICY_HEADER = `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;
