// The real server (server/main.ts in a child process) with DATABASE_URL: everything it keeps is
// in PostgreSQL, so a restart on an empty DATA_DIR finds the coordinator, their session, the
// conference and its board as they were, after a graceful stop and after SIGKILL alike; /readyz asks PostgreSQL.

import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { addPerson, readBoard } from '../../shared/board.ts';
import { ApiClient, createConference, setupCoordinator } from '../helpers/api.ts';
import { connect, type BoardClient } from '../helpers/client.ts';
import { freshSchema, type TestSchema } from '../helpers/postgres.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { joinBoard, sameSession, waitConverged } from '../helpers/sync.ts';
import { waitFor } from '../helpers/wait.ts';

const servers: TestServer[] = [];
const clients: BoardClient[] = [];
let schema: TestSchema | null = null;

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const server of servers.splice(0)) await server.kill();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  await schema?.drop();
  schema = null;
});

const dirs: string[] = [];

/** A server on PostgreSQL with a DATA_DIR of its own (which it must leave empty). */
async function start(url: string): Promise<TestServer> {
  const server = await startServer({ env: { DATABASE_URL: url } });
  servers.push(server);
  dirs.push(server.dataDir);
  return server;
}

function names(client: BoardClient): string[] {
  return readBoard(client.doc).people.map((person) => person.displayName).sort();
}

describe('the server on PostgreSQL (DATABASE_URL)', () => {
  it('keeps the first coordinator, their session, a conference and its board across a restart and a SIGKILL', async () => {
    schema = await freshSchema();
    const first = await start(schema.url);
    await waitFor('the first-run setup link', () => first.output().includes('/setup?token='));
    const ready = await new ApiClient(first.url).get('/readyz');
    expect([ready.status, ready.json.checks]).toEqual([200, { store: 'ok' }]);
    const coordinator = await setupCoordinator(first);
    const conferenceId = await createConference(coordinator, 'Plan for Robin');

    const pat = await joinBoard(first, coordinator, conferenceId, { name: 'Pat' });
    const watcher = await connect(coordinator, conferenceId);
    clients.push(pat, watcher);
    addPerson(pat.doc, { displayName: 'Nan', relationship: 'Grandmother', circle: 'family', connection: 'direct', atConference: true });
    addPerson(pat.doc, { displayName: 'Uncle Lee', relationship: 'Uncle', circle: 'family', connection: 'none', atConference: false });
    // Relayed means stored: the coordinator's replica holding both proves the server committed them.
    await waitConverged([pat, watcher], 'the coordinator to see both people');
    for (const client of clients.splice(0)) client.destroy();
    expect(await first.stop()).toBe(0);

    // Another DATA_DIR: nothing of the first run is on disk for the second to find.
    const second = await start(schema.url);
    // The coordinator is in the database: no second first coordinator.
    const setupAgain = await new ApiClient(second.url).post('/api/setup', {
      token: second.setupToken,
      name: 'Someone Else',
      email: 'else@example.org',
      password: 'another long invented password',
    });
    expect(setupAgain.status).toBeGreaterThanOrEqual(400);
    const signedIn = sameSession(coordinator, second);
    const list = await signedIn.get('/api/conferences');
    expect(list.status).toBe(200);
    expect(list.json.map((c) => [c.id, c.title])).toEqual([[conferenceId, 'Plan for Robin']]);
    const board = await connect(signedIn, conferenceId);
    clients.push(board);
    expect(names(board)).toEqual(['Nan', 'Uncle Lee']);

    addPerson(board.doc, { displayName: 'Cousin Ash', relationship: 'Cousin', circle: 'family', connection: 'indirect', atConference: false });
    const check = await connect(signedIn, conferenceId);
    clients.push(check);
    await waitConverged([board, check], 'a second replica to see the third person');
    for (const client of clients.splice(0)) client.destroy();
    await second.kill();

    const third = await start(schema.url);
    const fresh = new ApiClient(third.url);
    const login = await fresh.post('/api/login', { email: 'casey@example.org', password: 'a long invented password' });
    expect(login.status).toBe(200);
    const again = await connect(fresh, conferenceId);
    clients.push(again);
    await waitFor('the board to hold all three people', () => names(again).length === 3);
    expect(names(again)).toEqual(['Cousin Ash', 'Nan', 'Uncle Lee']);

    for (const server of servers) expect(fs.readdirSync(server.dataDir)).toEqual([]);
  });
});
