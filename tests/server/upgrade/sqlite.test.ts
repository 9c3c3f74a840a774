// A database made by the previous main (tests/fixtures/previous-main/board.sqlite) opens on this
// server, is brought up to date, and shows everything it held.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, it } from 'vitest';
import { startServer, type TestServer } from '../../helpers/server.ts';
import { expectedOf, expectNothingLost, FIXTURE_DIR } from './previousMain.ts';

let server: TestServer | null = null;
let dataDir = '';

afterEach(async () => {
  await server?.stop();
  server = null;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('upgrading a SQLite database made by the previous main', () => {
  it('migrates it and loses nothing', async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'llb-upgrade-'));
    fs.copyFileSync(path.join(FIXTURE_DIR, 'board.sqlite'), path.join(dataDir, 'board.sqlite'));
    server = await startServer({ dataDir });
    await expectNothingLost(server, expectedOf('sqlite'));
  });
});
