// The SQLite databases made by earlier mains (tests/fixtures/databases/*/board.sqlite) open on this
// server, are brought up to date, and show everything they held.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, it } from 'vitest';
import { startServer, type TestServer } from '../../helpers/server.ts';
import { earlierMains, expectedOf, expectNothingLost } from './earlierMains.ts';

let server: TestServer | null = null;
let dataDir = '';

afterEach(async () => {
  await server?.stop();
  server = null;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('upgrading a SQLite database made by an earlier main', () => {
  it.each(earlierMains())('migrates the one made by $name and loses nothing', async ({ dir }) => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'llb-upgrade-'));
    fs.copyFileSync(path.join(dir, 'board.sqlite'), path.join(dataDir, 'board.sqlite'));
    server = await startServer({ dataDir });
    await expectNothingLost(server, expectedOf(dir, 'sqlite'));
  });
});
