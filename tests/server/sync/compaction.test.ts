// Past 1,000 stored updates the server folds the log into a snapshot: every attribution row stays,
// only the bytes go, and the document rebuilt after a restart is the same document.

import { describe, expect, it } from 'vitest';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { addOffer, addPerson, editOffer, moveOffer, readBoard, removeOffer, removePerson } from '../../../shared/board.ts';
import type { OfferId, PersonId } from '../../../shared/ids.ts';
import { COMPACT_EVERY_UPDATES } from '../../../server/sync/writer.ts';
import { createConference } from '../../helpers/api.ts';
import { connect } from '../../helpers/client.ts';
import { startServer } from '../../helpers/server.ts';
import { boardJson, joinBoard, metric, sameSession, waitConverged, type Participant, serverPerFile } from '../../helpers/sync.ts';
import { waitFor } from '../../helpers/wait.ts';

const EDITS_EACH = 600;

const live = serverPerFile({ end: 'stop' });

interface LogRow {
  seq: number;
  hasBytes: number;
  author_kind: string;
  author_id: string | null;
  byte_length: number;
}

function readLog(dataDir: string, conferenceId: string): { rows: LogRow[]; uptoSeq: number | null } {
  const db = new Database(path.join(dataDir, 'board.sqlite'), { readonly: true });
  try {
    const rows = db
      .prepare<[string], LogRow>(
        `SELECT seq, "update" IS NOT NULL AS hasBytes, author_kind, author_id, byte_length
         FROM doc_updates WHERE conference_id = ? AND doc = 'board' ORDER BY seq`,
      )
      .all(conferenceId);
    const snap = db
      .prepare<[string], { upto: number }>("SELECT upto_seq AS upto FROM doc_snapshots WHERE conference_id = ? AND doc = 'board'")
      .get(conferenceId);
    return { rows, uptoSeq: snap?.upto ?? null };
  } finally {
    db.close();
  }
}

/** Separate small edits (adds, text edits, moves, removals) — one update each — counted as sent. */
function busyEditing(client: Participant, tag: string, count: number): { sent: () => number } {
  let sent = 0;
  client.doc.on('update', (_update: Uint8Array, origin: unknown) => {
    if (origin !== client.provider) sent += 1;
  });
  const people: PersonId[] = [];
  const offers: OfferId[] = [];
  for (let i = 0; i < count; i += 1) {
    const roll = i % 10;
    const offer = offers[(i * 7) % Math.max(offers.length, 1)];
    if (roll < 3 || people.length === 0) {
      people.push(addPerson(client.doc, { displayName: `${tag} person ${i}`, relationship: '', circle: 'family', connection: 'none', atConference: false }));
    } else if (roll < 5 || offer === undefined) {
      offers.push(addOffer(client.doc, { personId: people[0]!, kind: 'call', text: `${tag} offer ${i}`, createdBy: client.selfId }));
    } else if (roll < 7) {
      editOffer(client.doc, offer, { text: `${tag} edited ${i}` });
    } else if (roll < 8) {
      // Between "Not now" and "Suggested": "Agreed" is the young person's to give.
      moveOffer(client.doc, offer, { column: i % 20 < 10 ? 'suggested' : 'notNow', beforeId: null });
    } else if (roll < 9 && offers.length > 3) {
      removeOffer(client.doc, offer);
      offers.splice(offers.indexOf(offer), 1);
    } else {
      const lonely = people.length > 1 ? people.pop() : undefined;
      if (lonely !== undefined) removePerson(client.doc, lonely);
      else editOffer(client.doc, offer, { frequency: `every ${i} days` });
    }
  }
  return { sent: () => sent };
}

describe('compaction of the update log', () => {
  it(`folds the log into a snapshot after ${COMPACT_EVERY_UPDATES} updates, keeps every attribution row, and reloads the same document`, async () => {
    const conferenceId = await createConference(live.coordinator);
    const a = await joinBoard(live.server, live.coordinator, conferenceId, { name: 'Writer A' });
    const b = await joinBoard(live.server, live.coordinator, conferenceId, { role: 'carer', name: 'Writer B' });
    const before = { stored: await metric(live.server, 'llb_updates_stored_total'), compactions: await metric(live.server, 'llb_compactions_total') };

    // Two people editing at once, so compaction happens while updates from both keep arriving.
    const edits = [busyEditing(a, 'A', EDITS_EACH), busyEditing(b, 'B', EDITS_EACH)];
    const total = () => edits.reduce((n, e) => n + e.sent(), 0);
    await waitConverged([a, b], 'both writers to converge', 30_000);
    await waitFor('every edit to be stored', async () => (await metric(live.server, 'llb_updates_stored_total')) - before.stored === total());
    expect(total()).toBeGreaterThan(COMPACT_EVERY_UPDATES);
    expect(await metric(live.server, 'llb_compactions_total')).toBeGreaterThan(before.compactions);

    const { rows, uptoSeq } = readLog(live.server.dataDir, conferenceId);
    // The server's first update (the board's meta) plus every edit: no row lost, no gap.
    expect(rows).toHaveLength(1 + total());
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(uptoSeq).not.toBeNull();
    expect(uptoSeq!).toBeGreaterThanOrEqual(COMPACT_EVERY_UPDATES);
    // Bytes are dropped up to the snapshot and kept after it; who and how big stay for every row.
    for (const row of rows) expect(row.hasBytes, `seq ${row.seq}`).toBe(row.seq > uptoSeq! ? 1 : 0);
    expect(rows[0]?.author_kind).toBe('server');
    const authors = new Map<string, number>();
    for (const row of rows.slice(1)) {
      expect(row.author_kind).toBe('participant');
      expect(row.byte_length).toBeGreaterThan(0);
      authors.set(row.author_id ?? '', (authors.get(row.author_id ?? '') ?? 0) + 1);
    }
    expect(authors.get(a.participantId)).toBe(edits[0]!.sent());
    expect(authors.get(b.participantId)).toBe(edits[1]!.sent());

    const json = boardJson(a.doc);
    const snap = Y.snapshot(a.doc);
    a.destroy();
    b.destroy();
    // SIGKILL: no shutdown snapshot, so the reload really reads snapshot + logged tail.
    await live.server.kill();
    live.server = await startServer({ dataDir: live.server.dataDir });
    live.coordinator = sameSession(live.coordinator, live.server);
    const fresh = await connect(live.coordinator, conferenceId);
    try {
      expect(boardJson(fresh.doc)).toBe(json);
      expect(Y.equalSnapshots(Y.snapshot(fresh.doc), snap)).toBe(true);
      expect(readBoard(fresh.doc).problems).toEqual([]);
      expect(readLog(live.server.dataDir, conferenceId).rows).toHaveLength(1 + total());
    } finally {
      fresh.destroy();
    }
  });
});
