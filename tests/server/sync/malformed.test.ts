// Updates that decode but that Yjs cannot apply (a buggy or hostile client can send them): the
// relay refuses them with 4400 and keeps none of them, so they never reach the log — where one
// would stop the board from loading after the next crash — nor anyone's copy of the board.
// (Other malformed frames are covered in tests/server/ws-bad-input.test.ts.)

import { describe, expect, it } from 'vitest';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { addOffer, addPerson, editOffer, moveOffer, readBoard, removeOffer, setContingency } from '../../../shared/board.ts';
import { CLOSE } from '../../../shared/protocol.ts';
import { conferenceId as toConferenceId } from '../../../shared/ids.ts';
import { decodeUpdate, updateFrame } from '../../../server/sync/frames.ts';
import { openSqliteStore } from '../../../server/store/sqlite.ts';
import { createConference, invite, join } from '../../helpers/api.ts';
import { connect } from '../../helpers/client.ts';
import { startServer } from '../../helpers/server.ts';
import { joinBoard, rawSocket, sameSession, waitConverged, serverPerFile } from '../../helpers/sync.ts';
import { rng } from '../../helpers/random.ts';
import { waitFor } from '../../helpers/wait.ts';

/**
 * Seeds for the corrupted-update fuzz; a seed that ever fails stays here with what it found.
 * Both first failed before room.ts applied an update ahead of storing it: the log then kept
 * updates that cannot be applied (found: "stored update seq N" throws on replay).
 */
const MUTATION_SEEDS = [7, 11];
/** Unapplicable mutations sent per seed. */
const MUTANTS = 8;

const live = serverPerFile({ end: 'kill' });

/** Crashes (SIGKILL) or stops (SIGTERM, which must exit 0) the server, then starts it on the same data. */
async function restart(how: 'kill' | 'stop', whileDown?: () => Promise<void>): Promise<void> {
  if (how === 'kill') await live.server.kill();
  else expect(await live.server.stop()).toBe(0);
  await whileDown?.();
  live.server = await startServer({ dataDir: live.server.dataDir });
  live.coordinator = sameSession(live.coordinator, live.server);
}

/**
 * A Yjs update (v1) that decodes but cannot be applied: its last item's origin is a clock its own
 * client has not reached. With `validPrefix`, a well-formed insert into the contingency text comes
 * first, so applying it fails half-way.
 */
function unapplicableUpdate(client: number, validPrefix: boolean): Uint8Array {
  const prefix = 'Injected';
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1); // one client
  encoding.writeVarUint(e, validPrefix ? 2 : 1); // its structs
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, 0); // first clock
  if (validPrefix) {
    encoding.writeUint8(e, 4); // ContentString, no origins: the parent follows
    encoding.writeVarUint(e, 1); // parent is a root type, named…
    encoding.writeVarString(e, 'contingency');
    encoding.writeVarString(e, prefix);
  }
  encoding.writeUint8(e, 4 | 0x80); // ContentString with a left origin
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, 1_000); // …at a clock this client has not reached
  encoding.writeVarString(e, 'x');
  encoding.writeVarUint(e, 0); // empty delete set
  return encoding.toUint8Array(e);
}

/** Rebuilds the board from the SQLite log the way the log promises it can be: snapshot, then each update in order. */
function replayLog(dataDir: string, conferenceId: string): Y.Doc {
  const db = new Database(path.join(dataDir, 'board.sqlite'), { readonly: true });
  try {
    const snap = db
      .prepare<[string], { state: Buffer; upto: number }>("SELECT state, upto_seq AS upto FROM doc_snapshots WHERE conference_id = ? AND doc = 'board'")
      .get(conferenceId);
    const rows = db
      .prepare<[string, number], { seq: number; bytes: Buffer }>(
        `SELECT seq, "update" AS bytes FROM doc_updates
         WHERE conference_id = ? AND doc = 'board' AND seq > ? AND "update" IS NOT NULL ORDER BY seq`,
      )
      .all(conferenceId, snap?.upto ?? 0);
    const doc = new Y.Doc();
    if (snap) Y.applyUpdate(doc, new Uint8Array(snap.state));
    for (const row of rows) {
      expect(() => Y.applyUpdate(doc, new Uint8Array(row.bytes)), `stored update seq ${row.seq}`).not.toThrow();
    }
    return doc;
  } finally {
    db.close();
  }
}

/** A board with content, two honest people on it, and a third person's bare socket. */
async function boardWithIntruder() {
  const conferenceId = await createConference(live.coordinator);
  const carer = await joinBoard(live.server, live.coordinator, conferenceId, { role: 'carer', name: 'Carer' });
  const coord = await connect(live.coordinator, conferenceId);
  live.open.push(carer, coord);
  addPerson(carer.doc, { displayName: 'Before', relationship: '', circle: 'family', connection: 'none', atConference: false });
  setContingency(coord.doc, 'Call the social worker');
  await waitConverged([carer, coord], 'the honest edits to settle');
  const made = await invite(live.coordinator, conferenceId, 'network', 'Intruder');
  const intruderApi = await join(live.server, made.token);
  const intruder = await rawSocket(intruderApi, conferenceId);
  return { conferenceId, carer, coord, intruder };
}

describe('malformed frames', () => {
  it('refuses an update that decodes but cannot be applied, and the board still loads after a crash', async () => {
    const { conferenceId, carer, coord, intruder } = await boardWithIntruder();
    intruder.ws.send(updateFrame(unapplicableUpdate(4242, false)));
    expect((await intruder.closed).code).toBe(CLOSE.badFrame.code);

    // Everyone else carries on, and what they write after it is kept.
    addPerson(carer.doc, { displayName: 'After', relationship: '', circle: 'friends', connection: 'none', atConference: false });
    await waitConverged([carer, coord], 'the later edit to reach the coordinator');
    const json = JSON.stringify(readBoard(coord.doc));

    await restart('kill');
    const fresh = await connect(live.coordinator, conferenceId, 'board', { waitForSync: false });
    live.open.push(fresh);
    await waitFor('the board to load after the crash', () => fresh.provider.synced || fresh.closes.length > 0, 15_000);
    expect(fresh.closes).toEqual([]);
    expect(JSON.stringify(readBoard(fresh.doc))).toBe(json);
  });

  it('drops all of an update that fails half-way: its valid part reaches nobody, now or after a restart', async () => {
    const { conferenceId, carer, coord, intruder } = await boardWithIntruder();
    intruder.ws.send(updateFrame(unapplicableUpdate(4343, true)));
    expect((await intruder.closed).code).toBe(CLOSE.badFrame.code);

    // The honest people stay (or get back) in sync and keep editing.
    await waitConverged([carer, coord], 'the honest clients to be in sync');
    addPerson(carer.doc, { displayName: 'After', relationship: '', circle: 'friends', connection: 'none', atConference: false });
    await waitFor('the later edit to reach the coordinator', () => readBoard(coord.doc).people.some((p) => p.displayName === 'After'));
    const late = await connect(live.coordinator, conferenceId);
    live.open.push(late);
    await waitConverged([carer, coord, late], 'a late joiner to catch up');
    for (const c of [carer, coord, late]) expect(readBoard(c.doc).contingency).toBe('Call the social worker');

    // A graceful restart snapshots the server's copy: the half-applied part must not be in it.
    await restart('stop');
    const fresh = await connect(live.coordinator, conferenceId);
    live.open.push(fresh);
    const board = readBoard(fresh.doc);
    expect(board.contingency).toBe('Call the social worker');
    expect(board.people.map((p) => p.displayName).sort()).toEqual(['After', 'Before']);
  });

  it('still loads a board whose stored log already holds an update that cannot be applied, keeping every other edit', async () => {
    const { conferenceId, carer, coord } = await boardWithIntruder();
    const before = readBoard(coord.doc);
    // An edit made elsewhere that the server has not seen, to be logged after the bad one.
    const elsewhere = new Y.Doc();
    Y.applyUpdate(elsewhere, Y.encodeStateAsUpdate(coord.doc));
    const sv = Y.encodeStateVector(elsewhere);
    addPerson(elsewhere, { displayName: 'Logged after', relationship: '', circle: 'community', connection: 'none', atConference: false });
    const later = Y.encodeStateAsUpdate(elsewhere, sv);
    for (const c of [carer, coord]) c.destroy();
    live.open = [];
    // As an earlier version of the server would have: a bad update, then a good one, in the log.
    await restart('stop', async () => {
      const store = await openSqliteStore({ file: path.join(live.server.dataDir, 'board.sqlite') });
      try {
        const id = toConferenceId(conferenceId);
        await store.docs.append(id, 'board', unapplicableUpdate(4444, false), { author: { kind: 'server' }, at: Date.now() });
        await store.docs.append(id, 'board', later, { author: { kind: 'server' }, at: Date.now() });
      } finally {
        await store.close();
      }
    });
    const fresh = await connect(live.coordinator, conferenceId, 'board', { waitForSync: false });
    live.open.push(fresh);
    await waitFor('the board to load', () => fresh.provider.synced || fresh.closes.length > 0, 15_000);
    expect(fresh.closes).toEqual([]);
    const board = readBoard(fresh.doc);
    expect(board.contingency).toBe(before.contingency);
    expect(board.people.map((p) => p.displayName).sort()).toEqual(['Before', 'Logged after']);
  });

  for (const seed of MUTATION_SEEDS) {
    it(`refuses randomly corrupted real updates that cannot be applied, logs none of them, and loads the same board after a crash (seed ${seed})`, async () => {
      const { conferenceId, carer, coord } = await boardWithIntruder();
      // Real updates to corrupt: the carer's own edits, captured as they are sent.
      const sent: Uint8Array[] = [];
      carer.doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin !== carer.provider) sent.push(update);
      });
      const giver = readBoard(carer.doc).people[0]?.id;
      if (giver === undefined) throw new Error('no person on the board');
      const offer = addOffer(carer.doc, { personId: giver, kind: 'visit', text: 'Half term visit', createdBy: carer.selfId });
      editOffer(carer.doc, offer, { text: 'Half term visit, with Gran' });
      moveOffer(carer.doc, offer, { column: 'notNow', beforeId: null });
      const gone = addOffer(carer.doc, { personId: giver, kind: 'call', text: 'To remove', createdBy: carer.selfId });
      removeOffer(carer.doc, gone);
      await waitConverged([carer, coord], 'the honest edits to settle');
      const json = JSON.stringify(readBoard(coord.doc));
      const state = Y.encodeStateAsUpdate(coord.doc);

      // Flip bytes until MUTANTS updates decode yet fail to apply to this very board.
      const random = rng(seed);
      const mutants: Uint8Array[] = [];
      for (let attempt = 0; mutants.length < MUTANTS && attempt < 200_000; attempt += 1) {
        const mutant = Uint8Array.from(sent[random.int(sent.length)] ?? []);
        for (let flips = 1 + random.int(3); flips > 0; flips -= 1) mutant[random.int(mutant.length)] = random.int(256);
        try {
          const decoded = decodeUpdate(mutant);
          // Sent as the carer, so flipped bytes that name another writer would be refused for that.
          if (decoded.empty || [...decoded.writers].some((client) => client !== carer.doc.clientID)) continue;
        } catch {
          continue; // reason: the relay's decode check already refuses these; the fuzz wants the ones it lets through
        }
        const probe = new Y.Doc();
        Y.applyUpdate(probe, state);
        try {
          Y.applyUpdate(probe, mutant);
        } catch {
          mutants.push(mutant);
        }
        probe.destroy();
      }
      expect(mutants).toHaveLength(MUTANTS);

      // From the carer's own session: their client id is theirs, so only the corruption is judged.
      for (const [i, mutant] of mutants.entries()) {
        const socket = await rawSocket(carer.api, conferenceId);
        socket.ws.send(updateFrame(mutant));
        expect((await socket.closed).code, `mutant ${i}`).toBe(CLOSE.badFrame.code);
      }
      // The honest people are (again) in sync with the server's unchanged board.
      const check = await connect(live.coordinator, conferenceId);
      live.open.push(check);
      await waitConverged([carer, coord, check], 'the honest clients to be in sync');
      expect(JSON.stringify(readBoard(check.doc))).toBe(json);
      // The log holds only updates that apply, one after another, to exactly that board.
      expect(JSON.stringify(readBoard(replayLog(live.server.dataDir, conferenceId)))).toBe(json);

      await restart('kill');
      const fresh = await connect(live.coordinator, conferenceId, 'board', { waitForSync: false });
      live.open.push(fresh);
      await waitFor('the board to load after the crash', () => fresh.provider.synced || fresh.closes.length > 0, 15_000);
      expect(fresh.closes).toEqual([]);
      expect(JSON.stringify(readBoard(fresh.doc))).toBe(json);
    });
  }
});
