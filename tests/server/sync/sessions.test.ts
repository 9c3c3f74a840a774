// Sessions end everywhere at once: signing out, a new sign-in replacing a device's session, and a
// session that expires close that session's open sockets, and nothing written after is stored.

import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { addPerson, readBoard } from '../../../shared/board.ts';
import { CLOSE } from '../../../shared/protocol.ts';
import { ApiClient, createConference, invite, setupCoordinator } from '../../helpers/api.ts';
import { connect } from '../../helpers/client.ts';
import { startServer } from '../../helpers/server.ts';
import { sendRawUpdate, storedRows } from '../../helpers/stored.ts';
import { joinBoard, rawSocket, serverPerFile, waitConverged } from '../../helpers/sync.ts';
import { updateFrame } from '../../../server/sync/frames.ts';
import { waitFor } from '../../helpers/wait.ts';
import * as Y from 'yjs';

const live = serverPerFile({ end: 'stop' });

const person = (name: string) => ({ displayName: name, relationship: '', circle: 'friends' as const, connection: 'none' as const, atConference: false });

/** The coordinator signed in on a device of their own (its own session). */
async function anotherDevice(): Promise<ApiClient> {
  const device = new ApiClient(live.server.url);
  expect((await device.post('/api/login', { email: 'casey@example.org', password: 'a long invented password' })).status).toBe(200);
  return device;
}

/** A small real update adding a person, made on a copy of `base`. */
function personUpdate(base: Y.Doc, name: string): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(doc);
  addPerson(doc, person(name));
  return Y.encodeStateAsUpdate(doc, before);
}

describe('sessions end everywhere at once', () => {
  it('closes every socket of a session when it signs out, and stores nothing it sends afterwards', async () => {
    const conferenceId = await createConference(live.coordinator, 'Sign out');
    const laptop = await anotherDevice();
    const board = await connect(laptop, conferenceId);
    const notes = await connect(laptop, conferenceId, 'private');
    const other = await connect(live.coordinator, conferenceId);
    live.open.push(board, notes, other);

    const cookie = laptop.cookie;
    expect((await laptop.post('/api/logout')).status).toBe(200);
    await waitFor('both sockets to close', () => [board, notes].every((c) => c.closes.some((x) => x.code === CLOSE.signedOut.code)));
    expect(board.closes.at(-1)?.reason).toBe(CLOSE.signedOut.reason);

    // The old cookie, kept by a hand-made client, opens nothing and writes nothing.
    const rows = storedRows(live.server, conferenceId).length;
    const stale = new ApiClient(live.server.url);
    stale.cookie = cookie;
    const close = await sendRawUpdate(stale, conferenceId, personUpdate(other.doc, 'After sign-out'));
    expect(close?.code).toBe(CLOSE.unauthenticated.code);
    expect(storedRows(live.server, conferenceId)).toHaveLength(rows);
    // Another device's session is untouched.
    expect(other.closes).toEqual([]);
  });

  it('ends the session a device had when it signs in again, closing that session’s sockets', async () => {
    const conferenceId = await createConference(live.coordinator, 'Sign in again');
    const device = await anotherDevice();
    const before = await connect(device, conferenceId);
    live.open.push(before);
    await device.post('/api/login', { email: 'casey@example.org', password: 'a long invented password' });
    await waitFor('the old session’s socket to close', () => before.closes.some((c) => c.code === CLOSE.signedOut.code));
    const after = await connect(device, conferenceId);
    live.open.push(after);
    expect(after.closes).toEqual([]);
  });

  it('ends a participant’s session when their device joins through another link', async () => {
    const conferenceId = await createConference(live.coordinator, 'Two links');
    const first = await joinBoard(live.server, live.coordinator, conferenceId, { name: 'First link' });
    live.open.push(first);
    const second = await invite(live.coordinator, conferenceId, 'network', 'Second link');
    expect((await first.api.post('/api/join', { token: second.token })).status).toBe(200);
    await waitFor('the first session’s socket to close', () => first.closes.some((c) => c.code === CLOSE.signedOut.code));
  });

  it('closes a socket whose session expires, and refuses a write sent after it expired', async () => {
    const server = await startServer({ env: { COORDINATOR_SESSION_SECONDS: '3' } });
    try {
      const coordinator = await setupCoordinator(server);
      const signedInAt = Date.now();
      const conferenceId = await createConference(coordinator, 'Expiry');
      const watcher = await joinBoard(server, coordinator, conferenceId, { name: 'Watcher' });
      const writer = await connect(coordinator, conferenceId);
      addPerson(writer.doc, person('Before expiry'));
      await waitConverged([writer, watcher], 'the first write to arrive');
      // A socket opened while the session was valid, written to just after it expired.
      const socket = await rawSocket(coordinator, conferenceId);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, signedInAt + 3_100 - Date.now())));
      const rows = storedRows(server, conferenceId).length;
      socket.ws.send(updateFrame(personUpdate(watcher.doc, 'After expiry')));
      expect(await socket.closed).toEqual({ code: CLOSE.sessionExpired.code, reason: CLOSE.sessionExpired.reason });
      expect(storedRows(server, conferenceId)).toHaveLength(rows);
      expect(readBoard(watcher.doc).people.map((p) => p.displayName)).toEqual(['Before expiry']);
      watcher.destroy();
      writer.destroy();
    } finally {
      await server.stop();
    }
  });

  it('closes the sockets of a session deleted from the store, within one keepalive', async () => {
    const conferenceId = await createConference(live.coordinator, 'Deleted elsewhere');
    const device = await anotherDevice();
    const client = await connect(device, conferenceId);
    live.open.push(client);
    // As another server instance signing the session out would leave it: gone from the shared store.
    const db = new Database(path.join(live.server.dataDir, 'board.sqlite'));
    db.prepare('DELETE FROM sessions WHERE coordinator_id IS NOT NULL AND created_at = (SELECT max(created_at) FROM sessions)').run();
    db.close();
    await waitFor('the socket to close', () => client.closes.some((c) => c.code === CLOSE.signedOut.code), 15_000);
  }, 20_000);
});
