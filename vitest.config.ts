import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Integration tests share one Docker engine and a 2-core machine; running
    // files one at a time keeps timing-sensitive limits honest.
    fileParallelism: false,
    globalSetup: ['test/global-setup.ts'],
  },
});
