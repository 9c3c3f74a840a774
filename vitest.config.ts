import { defineConfig } from 'vitest/config';

// The suite that needs nothing but Node and npm: real servers on port 0, real SQLite files. The
// suites that need PostgreSQL (*.cluster.test.ts) run in vitest.cluster.config.ts.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'tests/**/*.cluster.test.ts', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
