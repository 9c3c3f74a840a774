// Backup and restore on PostgreSQL, as docs/deploy.md tells an operator: `pg_dump -Fc` while an
// instance serves and people edit, `pg_restore` into an empty database, a server started on the
// restored one finds the coordinator (signed in as before), the conference and the board.

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { addPerson, readBoard } from '../../../shared/board.ts';
import { createConference, setupCoordinator } from '../../helpers/api.ts';
import { connect, type BoardClient } from '../../helpers/client.ts';
import { freshSchema, TEST_DATABASE_URL, urlWithSchema, type TestSchema } from '../../helpers/postgres.ts';
import { startServer, type TestServer } from '../../helpers/server.ts';
import { joinBoard, sameSession, waitConverged } from '../../helpers/sync.ts';
import { waitFor } from '../../helpers/wait.ts';

const servers: TestServer[] = [];
const clients: BoardClient[] = [];
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const server of servers.splice(0)) {
    await server.kill();
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  }
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A new empty database beside the test database (dropped after the test). */
async function emptyDatabase(): Promise<string> {
  const name = `llb_restore_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  cleanups.push(async () => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await client.end();
    }
  });
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

function names(client: BoardClient): string[] {
  return readBoard(client.doc).people.map((person) => person.displayName).sort();
}

describe('backing up PostgreSQL with its own tools', () => {
  it('restores with pg_restore into an empty database a copy pg_dump took while the server ran, and a server started on it finds everything', async () => {
    const schema: TestSchema = await freshSchema();
    cleanups.push(() => schema.drop());
    const live = await startServer({ env: { DATABASE_URL: schema.url } });
    servers.push(live);
    const coordinator = await setupCoordinator(live);
    const conferenceId = await createConference(coordinator, 'Plan for Robin');
    const pat = await joinBoard(live, coordinator, conferenceId, { name: 'Pat' });
    const watcher = await connect(coordinator, conferenceId);
    clients.push(pat, watcher);
    addPerson(pat.doc, { displayName: 'Nan', relationship: 'Grandmother', circle: 'family', connection: 'direct', atConference: true });
    addPerson(pat.doc, { displayName: 'Uncle Lee', relationship: 'Uncle', circle: 'family', connection: 'none', atConference: false });
    await waitConverged([pat, watcher], 'both people to be stored and relayed');

    // The dump is taken while the server runs and Pat keeps editing.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llb-pgdump-'));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    const dump = path.join(dir, 'board.dump');
    const typing = setInterval(() => {
      addPerson(pat.doc, { displayName: `During the dump ${Date.now()}`, relationship: '', circle: 'friends', connection: 'none', atConference: false });
    }, 5);
    try {
      execFileSync('pg_dump', ['-Fc', `--schema=${schema.name}`, `--file=${dump}`, TEST_DATABASE_URL], { stdio: 'pipe' });
    } finally {
      clearInterval(typing);
    }
    expect(fs.statSync(dump).size).toBeGreaterThan(0);

    const restoredDb = await emptyDatabase();
    execFileSync('pg_restore', ['--no-owner', `--dbname=${restoredDb}`, dump], { stdio: 'pipe' });
    const restored = await startServer({ env: { DATABASE_URL: urlWithSchema(restoredDb, schema.name) } });
    servers.push(restored);

    // Signed in as before (the session is in the database), with the conference and its board.
    const signedIn = sameSession(coordinator, restored);
    const list = await signedIn.get('/api/conferences');
    expect(list.status).toBe(200);
    expect((list.json as unknown as { id: string; title: string }[]).map((c) => [c.id, c.title])).toEqual([[conferenceId, 'Plan for Robin']]);
    const board = await connect(signedIn, conferenceId);
    clients.push(board);
    await waitFor('the restored board to sync', () => board.provider.synced);
    const restoredNames = names(board);
    expect(restoredNames).toEqual(expect.arrayContaining(['Nan', 'Uncle Lee']));
    // Whole edits only: every name is one somebody typed, nothing half-written.
    for (const name of restoredNames) expect(name === 'Nan' || name === 'Uncle Lee' || /^During the dump \d+$/.test(name)).toBe(true);
  });
});
