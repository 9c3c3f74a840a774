// What the relay has passed on survives the server dying: SIGKILL (a crash) and SIGTERM (a normal
// restart, which also folds the log into a snapshot), then a restart on the same data directory.

import { describe, expect, it } from 'vitest';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { addOffer, addPerson, editOffer, readBoard } from '../../../shared/board.ts';
import type { OfferId } from '../../../shared/ids.ts';
import { CLOSE } from '../../../shared/protocol.ts';
import { createConference } from '../../helpers/api.ts';
import { connect } from '../../helpers/client.ts';
import { startServer } from '../../helpers/server.ts';
import { boardJson, joinBoard, sameSession, stateVectorKey, waitConverged, serverPerFile } from '../../helpers/sync.ts';
import { waitFor } from '../../helpers/wait.ts';

const EDITS = 200;

const live = serverPerFile({ end: 'kill' });

/** Starts the server again on the same data directory (and, with `samePort`, the same port). */
async function restart(samePort = false): Promise<void> {
  live.server = await startServer({ dataDir: live.server.dataDir, ...(samePort ? { env: { PORT: String(live.server.port) } } : {}) });
  live.coordinator = sameSession(live.coordinator, live.server);
}

/** A conference with a writer and a watcher; the writer makes EDITS separate edits (one frame each). */
async function twoHundredEdits() {
  const conferenceId = await createConference(live.coordinator);
  const writer = await joinBoard(live.server, live.coordinator, conferenceId, { name: 'Writer' });
  const watcher = await joinBoard(live.server, live.coordinator, conferenceId, { role: 'carer', name: 'Watcher' });
  live.open.push(writer, watcher);
  let offer: OfferId | null = null;
  for (let i = 0; i < EDITS; i += 1) {
    if (offer !== null && i % 4 === 3) {
      const text = readBoard(writer.doc).offers.find((o) => o.id === offer)?.text ?? '';
      editOffer(writer.doc, offer, { text: `${text} #${i}` });
    } else {
      const person = addPerson(writer.doc, { displayName: `Person ${i}`, relationship: '', circle: 'family', connection: 'none', atConference: false });
      offer ??= addOffer(writer.doc, { personId: person, kind: 'call', text: 'Calls', createdBy: writer.selfId });
    }
  }
  // The watcher holding everything proves the server stored and relayed every edit.
  await waitConverged([writer, watcher], 'the watcher to receive all 200 edits');
  expectAllEdits(watcher.doc);
  return { conferenceId, writer, watcher };
}

function expectAllEdits(doc: Y.Doc): void {
  const board = readBoard(doc);
  const edits = board.people.length + (board.offers[0]?.text.match(/#\d+/g)?.length ?? 0);
  // One addOffer rides along with the first person; every other edit is a person or a text edit.
  expect(edits).toBe(EDITS);
}

describe('durability of relayed edits', () => {
  it('keeps all 200 relayed edits when the server is killed with SIGKILL and restarted', async () => {
    const { conferenceId, watcher } = await twoHundredEdits();
    const json = boardJson(watcher.doc);
    const sv = stateVectorKey(watcher.doc);
    await live.server.kill();

    await restart();
    const fresh = await connect(live.coordinator, conferenceId);
    live.open.push(fresh);
    expectAllEdits(fresh.doc);
    expect(boardJson(fresh.doc)).toBe(json);
    expect(stateVectorKey(fresh.doc)).toBe(sv);
  });

  it('shuts down cleanly on SIGTERM, tells clients it is restarting, snapshots the log, and loses nothing', async () => {
    const { conferenceId, watcher } = await twoHundredEdits();
    const json = boardJson(watcher.doc);
    expect(await live.server.stop()).toBe(0);
    await waitFor('the watcher to hear the server is going away', () => watcher.closes.some((c) => c.code === CLOSE.goingAway.code));

    const db = new Database(path.join(live.server.dataDir, 'board.sqlite'), { readonly: true });
    try {
      const last = db
        .prepare<[string], { seq: number }>("SELECT max(seq) AS seq FROM doc_updates WHERE conference_id = ? AND doc = 'board'")
        .get(conferenceId);
      const snap = db
        .prepare<[string], { upto: number }>("SELECT upto_seq AS upto FROM doc_snapshots WHERE conference_id = ? AND doc = 'board'")
        .get(conferenceId);
      expect(snap?.upto).toBe(last?.seq);
    } finally {
      db.close();
    }

    await restart();
    const fresh = await connect(live.coordinator, conferenceId);
    live.open.push(fresh);
    expectAllEdits(fresh.doc);
    expect(boardJson(fresh.doc)).toBe(json);
  });

  it('saves what a connected client wrote while the server was down once it reconnects to the restarted server', async () => {
    const { conferenceId, writer } = await twoHundredEdits();
    await live.server.kill();
    await waitFor('the writer to notice the server is gone', () => !writer.provider.wsconnected);
    const person = addPerson(writer.doc, { displayName: 'Written offline', relationship: '', circle: 'friends', connection: 'direct', atConference: true });
    addOffer(writer.doc, { personId: person, kind: 'dayOut', text: 'Zoo trip', createdBy: writer.selfId });

    // Same port, so the writer's provider finds the new process by itself, as a browser would.
    await restart(true);
    await waitFor('the writer to reconnect and sync', () => writer.provider.wsconnected && writer.provider.synced, 15_000);
    const fresh = await connect(live.coordinator, conferenceId);
    live.open.push(fresh);
    await waitConverged([writer, fresh], 'the offline edits to reach a fresh client');
    const board = readBoard(fresh.doc);
    expect(board.people.map((p) => p.displayName)).toContain('Written offline');
    expect(board.offers.map((o) => o.text)).toContain('Zoo trip');
  });

  it('answers GET /healthz with ok while running', async () => {
    const res = await fetch(`${live.server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
  });
});
