import { defineConfig } from 'vitest/config';

// End-to-end tests in a real Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    testTimeout: 90_000,
    hookTimeout: 90_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
