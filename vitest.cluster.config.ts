import { defineConfig } from 'vitest/config';

// The suites that need the services: PostgreSQL at TEST_DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/test). They fail, never skip, when it is not there.
export default defineConfig({
  test: {
    include: ['tests/**/*.cluster.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    globalSetup: ['tests/helpers/clusterSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
