// Identities bound to people: a Yjs client id belongs to whoever first wrote with it (remembered
// across restarts), so nobody can write under another person's id — or the server's — and a
// person's offline edits are never lost to someone who took their id. Updates that leave anything
// the server cannot place (structs missing what they build on, deletes of unseen items) are refused.

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addPerson, readBoard, ROOT, setContingency } from '../../../shared/board.ts';
import { CLOSE } from '../../../shared/protocol.ts';
import { createConference } from '../../helpers/api.ts';
import { connect } from '../../helpers/client.ts';
import { sendRawUpdate, storedBoardJson, storedDoc, storedRows } from '../../helpers/stored.ts';
import { ANSWER_WAIT_MS } from '../../../server/sync/connection.ts';
import { syncStep2Frame, updateFrame } from '../../../server/sync/frames.ts';
import { startServer } from '../../helpers/server.ts';
import { joinBoard, pause, rawSocket, sameSession, serverPerFile, waitConverged } from '../../helpers/sync.ts';
import { waitFor } from '../../helpers/wait.ts';

const live = serverPerFile({ end: 'stop' });

async function twoPeople() {
  const conferenceId = await createConference(live.coordinator, 'Identity');
  const victim = await joinBoard(live.server, live.coordinator, conferenceId, { name: 'Aunt Jo' });
  const attacker = await joinBoard(live.server, live.coordinator, conferenceId, { name: 'Cousin Lee' });
  live.open.push(victim, attacker);
  addPerson(victim.doc, { displayName: 'Gran', relationship: '', circle: 'family', connection: 'direct', atConference: false });
  await waitConverged([victim, attacker], 'the first edit to settle');
  return { conferenceId, victim, attacker };
}

/** Writes with `act` under client id `clientId` (what a hand-made client can do), then takes its own id back. */
function writeAs(doc: Y.Doc, clientId: number, act: () => void): void {
  const own = doc.clientID;
  doc.clientID = clientId;
  try {
    act();
  } finally {
    // y-websocket announces presence under doc.clientID; it must be the id the provider started with.
    doc.clientID = own;
  }
}

const person = (name: string) => ({ displayName: name, relationship: '', circle: 'family' as const, connection: 'none' as const, atConference: false });

describe('client ids belong to people', () => {
  it('refuses an update under another person’s client id, and keeps that person’s offline edit', async () => {
    const { conferenceId, victim, attacker } = await twoPeople();
    victim.provider.disconnect();
    addPerson(victim.doc, person('Written offline'));
    // The attacker takes the victim's id: its next write collides with the victim's unsent one.
    writeAs(attacker.doc, victim.doc.clientID, () => addPerson(attacker.doc, person('Forged')));
    const close = await waitFor('the forged write to be refused', () => attacker.closes.find((c) => c.code === CLOSE.refused.code));
    expect(close.reason).toMatch(/^identity: /);

    victim.provider.connect();
    const watcher = await connect(live.coordinator, conferenceId);
    live.open.push(watcher);
    await waitConverged([victim, watcher], 'the victim’s offline edit to arrive');
    const names = readBoard(watcher.doc).people.map((p) => p.displayName).sort();
    expect(names).toEqual(['Gran', 'Written offline']);
    expect(JSON.parse(storedBoardJson(live.server, conferenceId)).people.map((p: { displayName: string }) => p.displayName).sort()).toEqual(names);
  });

  it('refuses an update under the server’s own client id', async () => {
    const { conferenceId, victim, attacker } = await twoPeople();
    // The server wrote the board's first details; its client id is on them.
    const title = (attacker.doc.getMap(ROOT.meta) as unknown as { _map: Map<string, Y.Item> })._map.get('title');
    if (!title) throw new Error('no title item');
    writeAs(attacker.doc, title.id.client, () => setContingency(attacker.doc, 'Written as the server'));
    const close = await waitFor('the write to be refused', () => attacker.closes.find((c) => c.code === CLOSE.refused.code));
    expect(close.reason).toMatch(/^identity: /);
    expect(readBoard(victim.doc).contingency).toBe('');
    expect(storedRows(live.server, conferenceId).every((row) => row.authorKind !== 'server' || row.seq === 1)).toBe(true);
  });

  it('remembers who owns a client id across a restart', async () => {
    const { conferenceId, victim, attacker } = await twoPeople();
    const taken = victim.doc.clientID;
    victim.destroy();
    attacker.destroy();
    await live.server.stop();
    live.server = await startServer({ dataDir: live.server.dataDir });
    live.coordinator = sameSession(live.coordinator, live.server);
    const again = await connect(sameSession(attacker.api, live.server), conferenceId);
    live.open.push(again);
    writeAs(again.doc, taken, () => addPerson(again.doc, person('Forged after restart')));
    const close = await waitFor('the write to be refused', () => again.closes.find((c) => c.code === CLOSE.refused.code));
    expect(close.reason).toMatch(/^identity: /);
  });

  it('refuses structs that build on something the server does not have, storing nothing', async () => {
    const { conferenceId, attacker } = await twoPeople();
    // Two edits made elsewhere; only the second is sent, so it builds on an item the server never saw.
    const elsewhere = new Y.Doc();
    Y.applyUpdate(elsewhere, Y.encodeStateAsUpdate(attacker.doc));
    const updates: Uint8Array[] = [];
    elsewhere.on('update', (update: Uint8Array) => updates.push(update));
    elsewhere.getText(ROOT.contingency).insert(0, 'First ');
    elsewhere.getText(ROOT.contingency).insert(6, 'second');
    const rows = storedRows(live.server, conferenceId).length;
    const close = await sendRawUpdate(attacker.api, conferenceId, updates[1] ?? new Uint8Array());
    expect(close?.code).toBe(CLOSE.refused.code);
    expect(close?.reason).toMatch(/^missing: /);
    expect(storedRows(live.server, conferenceId)).toHaveLength(rows);
  });

  it('takes an edit sent before the client answered the sync, once the answer brings what it builds on', async () => {
    const { conferenceId, attacker } = await twoPeople();
    // A client coming back online: its new edit goes out as soon as the socket opens, and the edit
    // it made offline (which the new one builds on) only with its answer to the server's sync.
    const offline = new Y.Doc();
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(attacker.doc));
    const serverState = Y.encodeStateVector(offline);
    const updates: Uint8Array[] = [];
    offline.on('update', (update: Uint8Array) => updates.push(update));
    offline.getText(ROOT.contingency).insert(0, 'Made offline. ');
    offline.getText(ROOT.contingency).insert(14, 'Made online.');
    const socket = await rawSocket(attacker.api, conferenceId);
    socket.ws.send(updateFrame(updates[1] ?? new Uint8Array()));
    await pause(200);
    socket.ws.send(syncStep2Frame(offline, serverState));
    await waitFor('both edits to be stored', () => readBoard(storedDoc(live.server, conferenceId)).contingency === 'Made offline. Made online.');
    const early = await Promise.race([socket.closed, pause(300).then(() => null)]);
    expect(early).toBeNull();
    socket.ws.close();
  });

  it('refuses an edit sent before the sync answer when no answer brings what it builds on', async () => {
    const { conferenceId, attacker } = await twoPeople();
    const elsewhere = new Y.Doc();
    Y.applyUpdate(elsewhere, Y.encodeStateAsUpdate(attacker.doc));
    const updates: Uint8Array[] = [];
    elsewhere.on('update', (update: Uint8Array) => updates.push(update));
    elsewhere.getText(ROOT.contingency).insert(0, 'Never ');
    elsewhere.getText(ROOT.contingency).insert(6, 'sent');
    const rows = storedRows(live.server, conferenceId).length;
    const close = await sendRawUpdate(attacker.api, conferenceId, updates[1] ?? new Uint8Array(), { answerFirst: false, settleMs: ANSWER_WAIT_MS + 2_000 });
    expect(close?.code).toBe(CLOSE.refused.code);
    expect(close?.reason).toMatch(/^missing: /);
    expect(storedRows(live.server, conferenceId)).toHaveLength(rows);
  }, ANSWER_WAIT_MS + 10_000);

  it('refuses deleting items the server has never seen', async () => {
    const { conferenceId, attacker } = await twoPeople();
    const elsewhere = new Y.Doc();
    Y.applyUpdate(elsewhere, Y.encodeStateAsUpdate(attacker.doc));
    elsewhere.getText(ROOT.contingency).insert(0, 'Never sent');
    const deletions: Uint8Array[] = [];
    elsewhere.on('update', (update: Uint8Array) => deletions.push(update));
    elsewhere.getText(ROOT.contingency).delete(0, 5);
    const rows = storedRows(live.server, conferenceId).length;
    const close = await sendRawUpdate(attacker.api, conferenceId, deletions[0] ?? new Uint8Array());
    expect(close?.code).toBe(CLOSE.refused.code);
    expect(close?.reason).toMatch(/^missing: /);
    expect(storedRows(live.server, conferenceId)).toHaveLength(rows);
    // The parked delete is gone with it: sending the insert now shows all of it.
    const watcher = await connect(live.coordinator, conferenceId);
    live.open.push(watcher);
    expect(readBoard(watcher.doc).contingency).toBe('');
  });

  it('records which person each stored update came from', async () => {
    const { conferenceId, victim, attacker } = await twoPeople();
    addPerson(attacker.doc, person('From the attacker, honestly'));
    await waitConverged([victim, attacker], 'the edit to settle');
    const rows = storedRows(live.server, conferenceId);
    expect(rows[0]).toMatchObject({ authorKind: 'server', authorId: null });
    expect(rows.slice(1).map((row) => row.authorId)).toEqual([victim.participantId, attacker.participantId]);
  });
});
