// The live documents' update logs in SQLite: one row per update (kept forever for attribution, its
// bytes dropped once folded into a snapshot), one snapshot per document, and the owners of client ids.

import Database from 'better-sqlite3';
import type { ConferenceId } from '../../shared/ids.ts';
import type { DocName } from '../../shared/roles.ts';
import type { SqliteRecords } from './records.ts';
import { bytes, toAuthor, toLogEntry } from './rows.ts';
import type { LogRow } from './rows.ts';
import { checkSeq, foldUpdates } from './storedDoc.ts';
import { authorKey, boardLocked, clientIdTaken, noSuchConference, seqConflict } from './types.ts';
import type { AppendOptions, Author, DocStore, LoadedDoc } from './types.ts';

interface AppendParams {
  conference: string;
  doc: string;
  update: Uint8Array;
  authorKind: Author['kind'];
  authorId: string | null;
  at: number;
  byteLength: number;
  changes: string | null;
}

interface OwnerRow {
  client_id: number;
  author_kind: string;
  author_id: string | null;
}

/** The document log's prepared statements. */
function docStatements(db: Database.Database) {
  return {
    snapshot: db.prepare<[string, string], { state: Buffer; upto_seq: number }>(
      'SELECT state, upto_seq FROM doc_snapshots WHERE conference_id = ? AND doc = ?',
    ),
    // The snapshot's bytes only when it covers a seq above @after (a caller after @after has the rest).
    snapshotAfter: db.prepare<[{ conference: string; doc: string; after: number }], { state: Buffer | null; state_bytes: number; upto_seq: number }>(
      `SELECT CASE WHEN upto_seq > @after THEN state END AS state, length(state) AS state_bytes, upto_seq
       FROM doc_snapshots WHERE conference_id = @conference AND doc = @doc`,
    ),
    updateBytesAfter: db.prepare<[string, string, number], { n: number }>(
      `SELECT coalesce(sum(length("update")), 0) AS n FROM doc_updates
       WHERE conference_id = ? AND doc = ? AND seq > ? AND "update" IS NOT NULL`,
    ),
    storedBytes: db.prepare<[{ conference: string; doc: string }], { n: number }>(
      `SELECT coalesce((SELECT length(state) FROM doc_snapshots WHERE conference_id = @conference AND doc = @doc), 0)
         + coalesce((SELECT sum(length("update")) FROM doc_updates
                     WHERE conference_id = @conference AND doc = @doc AND "update" IS NOT NULL), 0) AS n`,
    ),
    updatesBetween: db.prepare<[string, string, number, number], { update: Buffer }>(
      `SELECT "update" FROM doc_updates
       WHERE conference_id = ? AND doc = ? AND seq > ? AND seq <= ? AND "update" IS NOT NULL ORDER BY seq`,
    ),
    updatesAfter: db.prepare<[string, string, number], { update: Buffer }>(
      `SELECT "update" FROM doc_updates
       WHERE conference_id = ? AND doc = ? AND seq > ? AND "update" IS NOT NULL ORDER BY seq`,
    ),
    lastSeq: db.prepare<[string, string], { seq: number }>(
      'SELECT coalesce(max(seq), 0) AS seq FROM doc_updates WHERE conference_id = ? AND doc = ?',
    ),
    owners: db.prepare<[string, string], OwnerRow>(
      'SELECT client_id, author_kind, author_id FROM doc_clients WHERE conference_id = ? AND doc = ?',
    ),
    owner: db.prepare<[string, string, number], OwnerRow>(
      'SELECT client_id, author_kind, author_id FROM doc_clients WHERE conference_id = ? AND doc = ? AND client_id = ?',
    ),
    claim: db.prepare<[string, string, number, string, string | null]>(
      `INSERT OR IGNORE INTO doc_clients (conference_id, doc, client_id, author_kind, author_id) VALUES (?, ?, ?, ?, ?)`,
    ),
    // Reading max(seq) and inserting in one statement makes the sequence gap-free and race-free;
    // rows are never deleted, so max(seq) never goes backwards.
    append: db.prepare<[AppendParams], { seq: number }>(
      `INSERT INTO doc_updates (conference_id, doc, seq, "update", author_kind, author_id, at, byte_length, changes)
       SELECT @conference, @doc, coalesce(max(seq), 0) + 1, @update, @authorKind, @authorId, @at, @byteLength, @changes
       FROM doc_updates WHERE conference_id = @conference AND doc = @doc
       RETURNING seq`,
    ),
    locked: db.prepare<[string], { locked: number }>('SELECT locked FROM conferences WHERE id = ?'),
    // The same append as one statement that inserts nothing while the conference's plan is locked:
    // the board's usual write stays a single statement, atomic with its own lock check.
    appendIfOpen: db.prepare<[AppendParams], { seq: number }>(
      `INSERT INTO doc_updates (conference_id, doc, seq, "update", author_kind, author_id, at, byte_length, changes)
       SELECT @conference, @doc, (SELECT coalesce(max(seq), 0) + 1 FROM doc_updates WHERE conference_id = @conference AND doc = @doc),
         @update, @authorKind, @authorId, @at, @byteLength, @changes
       -- A scalar subquery keeps SQLite's max() index lookup (a FROM-subquery scans every row).
       WHERE NOT EXISTS (SELECT 1 FROM conferences WHERE id = @conference AND locked = 1)
       RETURNING seq`,
    ),
    upsertSnapshot: db.prepare<[string, string, Uint8Array, number]>(
      `INSERT INTO doc_snapshots (conference_id, doc, state, upto_seq) VALUES (?, ?, ?, ?)
       ON CONFLICT (conference_id, doc) DO UPDATE SET state = excluded.state, upto_seq = excluded.upto_seq`,
    ),
    dropUpdateBytes: db.prepare<[string, string, number]>(
      `UPDATE doc_updates SET "update" = NULL
       WHERE conference_id = ? AND doc = ? AND seq <= ? AND "update" IS NOT NULL`,
    ),
    log: db.prepare<[string, string, number, number], LogRow>(
      `SELECT seq, author_kind, author_id, at, byte_length, changes FROM doc_updates
       WHERE conference_id = ? AND doc = ? AND seq > ? ORDER BY seq LIMIT ?`,
    ),
  };
}

type DocStatements = ReturnType<typeof docStatements>;

/** Loading, as one read transaction. */
function docReads(db: Database.Database, q: DocStatements) {
  /** What a document gained after `afterSeq`, read in one transaction; -1 reads all of it (load). */
  const loadAfter = db.transaction((conference: ConferenceId, doc: DocName, afterSeq: number): LoadedDoc => {
    const snap = q.snapshotAfter.get({ conference, doc, after: afterSeq });
    const upto = snap?.upto_seq ?? 0;
    const updates = q.updatesAfter.all(conference, doc, Math.max(afterSeq, upto)).map((row) => bytes(row.update));
    const lastSeq = q.lastSeq.get(conference, doc)?.seq ?? 0;
    const snapshot = snap?.state ? bytes(snap.state) : null;
    // Up to the snapshot, the updates read are all those it stores; past it, some are left out.
    const updateBytes =
      afterSeq <= upto ? updates.reduce((sum, update) => sum + update.byteLength, 0) : (q.updateBytesAfter.get(conference, doc, upto)?.n ?? 0);
    const storedBytes = (snap?.state_bytes ?? 0) + updateBytes;
    const owners = new Map<number, Author>();
    for (const row of q.owners.all(conference, doc)) owners.set(row.client_id, toAuthor(row.author_kind, row.author_id));
    return { snapshot, updates, lastSeq, storedBytes, owners };
  });
  return { loadAfter };
}

/**
 * The board of a locked plan takes nothing more, decided inside the appending transaction. The
 * one exception is the server's own update that unlocks it (for a review).
 */
function refuseIfLocked(doc: DocName, locked: boolean, options: AppendOptions): void {
  if (doc !== 'board' || !locked) return;
  if (options.author.kind === 'server' && options.unlocks === true) return;
  throw boardLocked();
}

/** Appending, with its refusals, its claims and the hook's record writes. */
function docWrites(db: Database.Database, q: DocStatements, records: SqliteRecords) {
  const append = db.transaction((conference: ConferenceId, doc: DocName, update: Uint8Array, options: AppendOptions): number => {
    const { author, at, claims = [], expectSeq } = options;
    const changes = notesJson(options);
    // The refusals in the interface's order: no conference, seq conflict, locked, client id taken.
    const record = q.locked.get(conference);
    if (record === undefined) throw noSuchConference(conference);
    if (expectSeq !== undefined) {
      const actual = q.lastSeq.get(conference, doc)?.seq ?? 0;
      if (actual !== expectSeq) throw seqConflict(expectSeq, actual);
    }
    refuseIfLocked(doc, record.locked === 1, options);
    const authorId = author.kind === 'server' ? null : author.id;
    for (const clientId of claims) {
      const owner = q.owner.get(conference, doc, clientId);
      if (owner !== undefined && authorKey(toAuthor(owner.author_kind, owner.author_id)) !== authorKey(author)) {
        throw clientIdTaken(clientId);
      }
      q.claim.run(conference, doc, clientId, author.kind, authorId);
    }
    const row = q.append.get({ conference, doc, update, authorKind: author.kind, authorId, at, byteLength: update.byteLength, changes });
    if (!row) throw new Error('INSERT … RETURNING returned no row');
    // The hook's record writes (the summary, a sealed version), in this transaction.
    for (const query of options.within?.(records) ?? []) {
      const { sql, parameters } = query.compile();
      db.prepare(sql).run(...parameters);
    }
    return row.seq;
  });

  /** The append, on the raw handle; its one INSERT alone when that is atomic by itself. */
  function appendNow(conference: ConferenceId, doc: DocName, update: Uint8Array, options: AppendOptions): number {
    try {
      // Most updates claim nothing, write no records and expect no seq: then the one INSERT is
      // atomic by itself, and skipping BEGIN/COMMIT keeps the write before every relay as short as it was.
      if ((options.claims?.length ?? 0) > 0 || options.within !== undefined || options.expectSeq !== undefined) {
        return append(conference, doc, update, options);
      }
      const { author, at } = options;
      const authorId = author.kind === 'server' ? null : author.id;
      const params = { conference, doc, update, authorKind: author.kind, authorId, at, byteLength: update.byteLength, changes: notesJson(options) };
      const row = (doc === 'board' ? q.appendIfOpen : q.append).get(params);
      if (!row) throw boardLocked();
      return row.seq;
    } catch (error) {
      if (error instanceof Database.SqliteError && error.code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
        throw noSuchConference(conference, { cause: error });
      }
      throw error;
    }
  }
  return { append, appendNow };
}

/** Folding updates into the snapshot. */
function docCompactions(db: Database.Database, q: DocStatements) {
  const compact = db.transaction((conference: ConferenceId, doc: DocName, state: Uint8Array, uptoSeq: number) => {
    const previous = q.snapshot.get(conference, doc)?.upto_seq ?? 0;
    const last = q.lastSeq.get(conference, doc)?.seq ?? 0;
    // A snapshot older than the current one would leave already-dropped updates uncovered.
    if (!Number.isInteger(uptoSeq) || uptoSeq < previous || uptoSeq > last) {
      throw new RangeError(`Cannot compact ${conference}/${doc} up to seq ${uptoSeq}: must be ${previous}..${last}`);
    }
    q.upsertSnapshot.run(conference, doc, state, uptoSeq);
    q.dropUpdateBytes.run(conference, doc, uptoSeq);
  });

  // One transaction: SQLite has one writer at a time, so compactions of a document take turns.
  const compactStored = db.transaction((conference: ConferenceId, doc: DocName, uptoSeq: number): number => {
    const last = q.lastSeq.get(conference, doc)?.seq ?? 0;
    if (uptoSeq > last) throw new RangeError(`Cannot compact ${conference}/${doc} up to seq ${uptoSeq}: its last update is ${last}`);
    const snap = q.snapshot.get(conference, doc);
    const previous = snap?.upto_seq ?? 0;
    if (uptoSeq > previous) {
      const updates = q.updatesBetween.all(conference, doc, previous, uptoSeq).map((row) => bytes(row.update));
      // Seqs are gap-free and only compaction drops bytes: anything missing means the log is damaged.
      if (updates.length !== uptoSeq - previous) {
        throw new Error(`Cannot compact ${conference}/${doc}: ${uptoSeq - previous - updates.length} of seqs ${previous + 1}..${uptoSeq} have no bytes`);
      }
      const state = foldUpdates(snap ? [bytes(snap.state), ...updates] : updates);
      q.upsertSnapshot.run(conference, doc, state, uptoSeq);
      q.dropUpdateBytes.run(conference, doc, uptoSeq);
    }
    return q.storedBytes.get({ conference, doc })?.n ?? 0;
  });
  return { compact, compactStored };
}

/**
 * The document store over an open, migrated database. Its statements run on the raw handle (the
 * hot path), each public call outside any records transaction (`records.outsideTransactions`).
 */
export function sqliteDocs(db: Database.Database, records: SqliteRecords): DocStore {
  const outside = records.outsideTransactions;
  const q = docStatements(db);
  const { loadAfter } = docReads(db, q);
  const { append, appendNow } = docWrites(db, q, records);
  const { compact, compactStored } = docCompactions(db, q);

  return {
    async load(conference, doc) {
      // Every seq is above -1, so this reads the whole document, snapshot included.
      return outside(() => loadAfter(conference, doc, -1));
    },
    async loadAfter(conference, doc, afterSeq) {
      checkSeq(afterSeq, 'afterSeq');
      return outside(() => loadAfter(conference, doc, afterSeq));
    },
    async append(conference, doc, update, options) {
      return outside(() => appendNow(conference, doc, update, options));
    },
    async compact(conference, doc, snapshot, uptoSeq) {
      return outside(() => compact(conference, doc, snapshot, uptoSeq));
    },
    async compactStored(conference, doc, uptoSeq) {
      checkSeq(uptoSeq, 'uptoSeq');
      return outside(() => compactStored(conference, doc, uptoSeq));
    },
    async withHead(conference, doc, work) {
      // One process, whose rooms write one at a time: no other writer can come between. The
      // appends are kept as they happen (no transaction spans the awaits of `work`).
      return work({
        loadAfter: async (afterSeq) => {
          checkSeq(afterSeq, 'afterSeq');
          return outside(() => loadAfter(conference, doc, afterSeq));
        },
        append: async (update, options) => outside(() => append(conference, doc, update, options)),
      });
    },
    async log(conference, doc, opts = {}) {
      // SQLite reads a negative LIMIT as "no limit".
      return outside(() => q.log.all(conference, doc, opts.afterSeq ?? 0, opts.limit ?? -1).map(toLogEntry));
    },
  };
}

function notesJson(options: AppendOptions): string | null {
  return options.changes && options.changes.length > 0 ? JSON.stringify(options.changes) : null;
}
