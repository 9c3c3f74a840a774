// A document is never served before it has loaded: people who connect while it is loading (after
// a restart) or while it is being unloaded (the last person left) see all of it at their first sync.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOffer, addPerson, readBoard } from '../../../shared/board.ts';
import type { Board } from '../../../shared/board.ts';
import { ROOM_IDLE_UNLOAD_MS } from '../../../server/sync/rooms.ts';
import { createConference, invite, join, setupCoordinator, type ApiClient } from '../../helpers/api.ts';
import { connect, type BoardClient } from '../../helpers/client.ts';
import { startServer, type TestServer } from '../../helpers/server.ts';
import { joinBoard, metric, pause, sameSession } from '../../helpers/sync.ts';
import { waitFor } from '../../helpers/wait.ts';

/**
 * Separate small edits. Compaction folds every 1,000 updates, so after a SIGKILL the restarted
 * server must replay a snapshot plus the ~900 updates logged after it: loading takes real work.
 */
const PEOPLE = 2_900;
const OFFERS = 12;
const AT_ONCE = 6;
const WRITERS = 3;

let server: TestServer;
let coordinator: ApiClient;
let conferenceId: string;
/** Participants' sessions made before the restart (sessions live in the database). */
let sessions: ApiClient[] = [];
/** People added by the tests below, after the first PEOPLE (so each test also runs on its own). */
let added = 0;

beforeAll(async () => {
  server = await startServer();
  coordinator = await setupCoordinator(server);
  conferenceId = await createConference(coordinator);
  // Three writers, each within its connection's burst allowance (server/sync/limits.ts).
  const writers = [];
  for (let w = 0; w < WRITERS; w += 1) writers.push(await joinBoard(server, coordinator, conferenceId, { name: `Writer ${w}` }));
  const before = await metric(server, 'llb_updates_stored_total');
  const givers = [];
  for (let i = 0; i < PEOPLE; i += 1) {
    const writer = writers[i % WRITERS]!;
    givers.push(addPerson(writer.doc, { displayName: `Person ${i}`, relationship: '', circle: 'family', connection: 'none', atConference: false }));
  }
  await waitFor('the server to store every person', async () => (await metric(server, 'llb_updates_stored_total')) - before >= PEOPLE, 60_000);
  const writer = writers[0]!;
  await waitFor('the first writer to have every person', () => readBoard(writer.doc).people.length === PEOPLE, 60_000);
  for (let i = 0; i < OFFERS; i += 1) {
    addOffer(writer.doc, { personId: givers[i] ?? givers[0]!, kind: 'visit', text: `Offer ${i}`, createdBy: writer.selfId });
  }
  await waitFor('the server to store every edit', async () => (await metric(server, 'llb_updates_stored_total')) - before >= PEOPLE + OFFERS, 60_000);
  for (let i = 0; i < AT_ONCE; i += 1) {
    const made = await invite(coordinator, conferenceId, i % 2 === 0 ? 'network' : 'observer', `Guest ${i}`);
    sessions.push(await join(server, made.token));
  }
  for (const w of writers) w.destroy();
}, 90_000);
afterAll(async () => {
  await server.stop();
});

/** Opens the board and records what readBoard shows at the moment the provider first says it is synced. */
async function firstSyncView(api: ApiClient): Promise<{ client: BoardClient; atSync: Promise<Board> }> {
  const client = await connect(api, conferenceId, 'board', { waitForSync: false });
  const atSync = new Promise<Board>((resolve) => {
    const onSync = (synced: boolean) => {
      if (!synced) return;
      client.provider.off('sync', onSync);
      resolve(readBoard(client.doc));
    };
    client.provider.on('sync', onSync);
  });
  return { client, atSync };
}

function expectWhole(board: Board): void {
  expect(board.meta.title).toBe('Plan for Robin');
  expect(board.people).toHaveLength(PEOPLE + added);
  expect(board.offers).toHaveLength(OFFERS);
}

describe('joining while a document loads or unloads', () => {
  it('shows everyone who connects while the document is still loading after a restart the whole board at first sync', async () => {
    await server.kill();
    server = await startServer({ dataDir: server.dataDir });
    const apis = [coordinator, ...sessions].map((api) => sameSession(api, server));
    // All at once, the moment the server listens: the first starts the load, the rest queue behind it.
    const views = await Promise.all(apis.map((api) => firstSyncView(api)));
    try {
      const boards = await Promise.all(views.map((v) => v.atSync));
      expect(boards).toHaveLength(AT_ONCE + 1);
      for (const board of boards) expectWhole(board);
    } finally {
      for (const v of views) v.client.destroy();
    }
    coordinator = sameSession(coordinator, server);
    sessions = sessions.map((api) => sameSession(api, server));
  });

  it('keeps the edits the last person sent just before leaving and shows them to whoever comes straight back', async () => {
    const leaver = await connect(coordinator, conferenceId);
    for (let i = 0; i < 50; i += 1) {
      addPerson(leaver.doc, { displayName: `Leaving ${i}`, relationship: '', circle: 'friends', connection: 'none', atConference: false });
    }
    // Leave at once: the 50 frames are still on their way.
    leaver.destroy();
    const { client, atSync } = await firstSyncView(sessions[0]!);
    try {
      const board = await atSync;
      // Never empty: everything stored before this connection is there at the first sync…
      expect(board.offers).toHaveLength(OFFERS);
      expect(board.people.length).toBeGreaterThanOrEqual(PEOPLE);
      // …and the leaver's last edits arrive, whether they beat this connection or followed it.
      await waitFor('the leaver’s 50 edits', () => readBoard(client.doc).people.length === PEOPLE + added + 50);
      added += 50;
    } finally {
      client.destroy();
    }
  });

  it('shows the whole board, last edits included, to people who connect just after the empty room unloaded', async () => {
    // Straight after the idle unload (which folds the log into a snapshot), twice. With the SQLite
    // store the unload runs within one event-loop turn, so a connection lands either before it (and
    // keeps the room, as in the test above) or after it (and reloads from the store, as here).
    const offsetsMs = [20, 50].map((d) => ROOM_IDLE_UNLOAD_MS + d);
    for (const [round, offset] of offsetsMs.entries()) {
      await pause(offset);
      const { client, atSync } = await firstSyncView(sessions[round % 2 === 0 ? 0 : 2]!);
      try {
        const board = await atSync;
        expect(board.offers, `round ${round}`).toHaveLength(OFFERS);
        expect(board.people, `round ${round}`).toHaveLength(PEOPLE + added);
        // One more edit each round, confirmed stored before leaving, so the next unload has something to fold.
        const stored = await metric(server, 'llb_updates_stored_total');
        addPerson(client.doc, { displayName: `Round ${round}`, relationship: '', circle: 'community', connection: 'none', atConference: false });
        await waitFor('the round’s edit to be stored', async () => (await metric(server, 'llb_updates_stored_total')) > stored);
        added += 1;
      } finally {
        client.destroy();
      }
    }
    await pause(ROOM_IDLE_UNLOAD_MS);
    await waitFor('the room to unload', async () => (await metric(server, 'llb_rooms_open')) === 0);
    const { client, atSync } = await firstSyncView(coordinator);
    try {
      expectWhole(await atSync);
    } finally {
      client.destroy();
    }
  });
});
