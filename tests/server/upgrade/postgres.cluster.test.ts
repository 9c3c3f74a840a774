// A PostgreSQL database made by the previous main (tests/fixtures/previous-main/postgres.sql, a
// plain pg_dump) opens on this server, is brought up to date, and shows everything it held.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, it } from 'vitest';
import { freshSchema, TEST_DATABASE_URL, type TestSchema } from '../../helpers/postgres.ts';
import { startServer, type TestServer } from '../../helpers/server.ts';
import { expectedOf, expectNothingLost, FIXTURE_DIR } from './previousMain.ts';

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

describe('upgrading a PostgreSQL database made by the previous main', () => {
  it('migrates it and loses nothing', async () => {
    schema = await freshSchema();
    // psql, as an operator restores a plain dump; the schema is chosen the libpq way (PGOPTIONS).
    execFileSync('psql', ['-q', '-v', 'ON_ERROR_STOP=1', '-f', path.join(FIXTURE_DIR, 'postgres.sql'), TEST_DATABASE_URL], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, PGOPTIONS: `-c search_path=${schema.name}` },
    });
    server = await startServer({ env: { DATABASE_URL: schema.url } });
    await expectNothingLost(server, expectedOf('postgres'));
  });
});
