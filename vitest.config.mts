import { defineConfig } from 'vitest/config';

// Unit and process tests (Node). End-to-end browser tests have their own config.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts', 'tests/process/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
