import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

// The dev server (electron-vite dev) injects React Refresh as an inline script and talks
// to its HMR websocket; the built app keeps index.html's strict policy untouched.
function devServerCsp(): Plugin {
  return {
    name: 'netloom-dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) =>
      html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace("connect-src 'self'", "connect-src 'self' ws: http://localhost:*"),
  };
}

// Three worlds, one build:
// - main: the Electron main process, plus the training worker and the browser build's
//   server (both plain Node entries that share main's build settings);
// - preload: the sandboxed bridge (CommonJS);
// - renderer: the React UI, served by Electron or by the browser build's server.
export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          trainerWorker: resolve(__dirname, 'src/trainer/worker.ts'),
          gradientThread: resolve(__dirname, 'src/trainer/gradientThread.ts'),
          splitDenseThread: resolve(__dirname, 'src/trainer/splitDenseThread.ts'),
          webServer: resolve(__dirname, 'src/web/server.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
    plugins: [react(), devServerCsp()],
  },
});
