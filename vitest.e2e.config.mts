import { defineConfig } from 'vitest/config';

// End-to-end: Playwright (playwright-core + Debian chromium) against the built browser build.
// One file at a time: each test file starts its own server and browser.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 180_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
