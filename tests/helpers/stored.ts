// What the server has stored, read straight from its SQLite file (read-only), and hand-made
// updates sent the way a hostile or broken client would send them.

import path from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { readBoard } from '../../shared/board.ts';
import { syncStep2Frame, updateFrame } from '../../server/sync/frames.ts';
import type { ApiClient } from './api.ts';
import type { TestServer } from './server.ts';
import { rawSocket } from './sync.ts';

/** One stored row of a document's log. */
export interface StoredRow {
  seq: number;
  authorKind: string;
  authorId: string | null;
}

function open(server: TestServer): Database.Database {
  return new Database(path.join(server.dataDir, 'board.sqlite'), { readonly: true });
}

/** The document rebuilt from the store alone (snapshot, then every stored update in order). */
export function storedDoc(server: TestServer, conferenceId: string, docName = 'board'): Y.Doc {
  const db = open(server);
  try {
    const snap = db
      .prepare<[string, string], { state: Buffer; upto: number }>('SELECT state, upto_seq AS upto FROM doc_snapshots WHERE conference_id = ? AND doc = ?')
      .get(conferenceId, docName);
    const rows = db
      .prepare<[string, string, number], { bytes: Buffer }>(
        `SELECT "update" AS bytes FROM doc_updates
         WHERE conference_id = ? AND doc = ? AND seq > ? AND "update" IS NOT NULL ORDER BY seq`,
      )
      .all(conferenceId, docName, snap?.upto ?? 0);
    const doc = new Y.Doc();
    if (snap) Y.applyUpdate(doc, new Uint8Array(snap.state));
    for (const row of rows) Y.applyUpdate(doc, new Uint8Array(row.bytes));
    return doc;
  } finally {
    db.close();
  }
}

/** readBoard of the stored board, as JSON (equal boards give equal strings). */
export function storedBoardJson(server: TestServer, conferenceId: string): string {
  return JSON.stringify(readBoard(storedDoc(server, conferenceId)));
}

/** The attribution rows of a document's log, oldest first. */
export function storedRows(server: TestServer, conferenceId: string, docName = 'board'): StoredRow[] {
  const db = open(server);
  try {
    return db
      .prepare<[string, string], { seq: number; author_kind: string; author_id: string | null }>(
        'SELECT seq, author_kind, author_id FROM doc_updates WHERE conference_id = ? AND doc = ? ORDER BY seq',
      )
      .all(conferenceId, docName)
      .map((row) => ({ seq: row.seq, authorKind: row.author_kind, authorId: row.author_id }));
  } finally {
    db.close();
  }
}

/** The conference record as stored. */
export function storedConference(server: TestServer, conferenceId: string): Record<string, unknown> | undefined {
  const db = open(server);
  try {
    return db.prepare<[string], Record<string, unknown>>('SELECT * FROM conferences WHERE id = ?').get(conferenceId);
  } finally {
    db.close();
  }
}

/**
 * Sends one raw update on a bare socket with `api`'s session and resolves with how the server
 * closed it, or null if it was still open `settleMs` later (the update was taken).
 */
export async function sendRawUpdate(
  api: ApiClient,
  conferenceId: string,
  update: Uint8Array,
  opts: { docName?: string; settleMs?: number; answerFirst?: boolean } = {},
): Promise<{ code: number; reason: string } | null> {
  const socket = await rawSocket(api, conferenceId, opts.docName ?? 'board');
  // As a real client does: answer the server's sync step 1 (with nothing), so the update is
  // decided at once rather than parked for that answer (server/sync/connection.ts).
  if (opts.answerFirst !== false) socket.ws.send(syncStep2Frame(new Y.Doc(), new Uint8Array([0])));
  socket.ws.send(updateFrame(update));
  const result = await Promise.race([
    socket.closed,
    new Promise<null>((resolve) => setTimeout(() => resolve(null), opts.settleMs ?? 500)),
  ]);
  socket.ws.close();
  return result;
}
