// What preload puts on `window` in the desktop app. Optional: the browser build has no
// preload, so the renderer falls back to its HTTP client when this is missing.
import type { NetloomApi } from './api';

declare global {
  interface Window {
    netloom?: NetloomApi;
  }
}

export {};
