import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

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
    plugins: [react()],
  },
});
