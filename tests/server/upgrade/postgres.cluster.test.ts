// The PostgreSQL databases made by earlier mains (tests/fixtures/databases/*/postgres.sql, plain
// pg_dumps) open on this server, are brought up to date, and show everything they held.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, it } from 'vitest';
import { freshSchema, TEST_DATABASE_URL, type TestSchema } from '../../helpers/postgres.ts';
import { startServer, type TestServer } from '../../helpers/server.ts';
import { earlierMains, expectedOf, expectNothingLost } from './earlierMains.ts';

let server: TestServer | null = null;
let schema: TestSchema | null = null;

afterEach(async () => {
  if (server) {
    await server.stop();
    // On PostgreSQL the server keeps nothing in its DATA_DIR.
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  }
  server = null;
  await schema?.drop();
  schema = null;
});

describe('upgrading a PostgreSQL database made by an earlier main', () => {
  it.each(earlierMains())('migrates the one made by $name and loses nothing', async ({ dir }) => {
    schema = await freshSchema();
    // psql, as an operator restores a plain dump; the schema is chosen the libpq way (PGOPTIONS).
    execFileSync('psql', ['-q', '-v', 'ON_ERROR_STOP=1', '-f', path.join(dir, 'postgres.sql'), TEST_DATABASE_URL], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, PGOPTIONS: `-c search_path=${schema.name}` },
    });
    server = await startServer({ env: { DATABASE_URL: schema.url } });
    await expectNothingLost(server, expectedOf(dir, 'postgres'));
  });
});
