// SQLite's own parts of the document log (docLog.ts has the rest): the append on the raw handle, the
// hot path, and the newest seq read from the log itself (one process numbers under its one writer).

import Database from 'better-sqlite3';
import type { ConferenceId } from '../../shared/ids.ts';
import type { DocName } from '../../shared/roles.ts';
import { docLog, notesJson } from './docLog.ts';
import type { SqliteRecords } from './records.ts';
import { toAuthor } from './rows.ts';
import { authorKey, boardLocked, clientIdTaken, noSuchConference, seqConflict } from './types.ts';
import type { AppendOptions, Author, DocStore } from './types.ts';

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

type AppendStatements = ReturnType<typeof appendStatements>;

/** The append's prepared statements. */
function appendStatements(db: Database.Database) {
  return {
    lastSeq: db.prepare<[string, string], { seq: number }>(
      'SELECT coalesce(max(seq), 0) AS seq FROM doc_updates WHERE conference_id = ? AND doc = ?',
    ),
    owner: db.prepare<[string, string, number], { author_kind: string; author_id: string | null }>(
      'SELECT author_kind, author_id FROM doc_clients WHERE conference_id = ? AND doc = ? AND client_id = ?',
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
  };
}

/**
 * The refusal for an update to a locked plan's board: everyone's updates are refused, except the
 * server's own update that unlocks it (AppendOptions.unlocks).
 */
function refuseIfLocked(doc: DocName, locked: boolean, options: AppendOptions): void {
  if (doc !== 'board' || !locked) return;
  if (options.author.kind === 'server' && options.unlocks === true) return;
  throw boardLocked();
}

/** DocStore.append on the raw handle: its one INSERT alone when that is atomic by itself. */
function rawAppend(db: Database.Database, q: AppendStatements, records: SqliteRecords) {
  const inTransaction = db.transaction((conference: ConferenceId, doc: DocName, update: Uint8Array, options: AppendOptions): number => {
    const { author, at, claims = [], expectSeq } = options;
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
    const row = q.append.get({ conference, doc, update, authorKind: author.kind, authorId, at, byteLength: update.byteLength, changes: notesJson(options) });
    if (!row) throw new Error('INSERT … RETURNING returned no row');
    // The hook's record writes (the summary, a sealed version), in this transaction.
    for (const query of options.within?.(records) ?? []) {
      const { sql: text, parameters } = query.compile();
      db.prepare(text).run(...parameters);
    }
    return row.seq;
  });

  return (conference: ConferenceId, doc: DocName, update: Uint8Array, options: AppendOptions): number => {
    try {
      // Most updates claim nothing, write no records and expect no seq: then the one INSERT is
      // atomic by itself, and skipping BEGIN/COMMIT keeps the write before every relay as short as it was.
      if ((options.claims?.length ?? 0) > 0 || options.within !== undefined || options.expectSeq !== undefined) {
        return inTransaction(conference, doc, update, options);
      }
      const { author, at } = options;
      const authorId = author.kind === 'server' ? null : author.id;
      const params = { conference, doc, update, authorKind: author.kind, authorId, at, byteLength: update.byteLength, changes: notesJson(options) };
      // all(), not get(): SQLite checkpoints its WAL (every 1,000 pages) only from a statement run
      // to its end, and get() stops at the RETURNING row. Left to whatever statement next ran to
      // its end, the checkpoint waited for one (the sessions' recheck, every 10 s) and copied the
      // ten seconds of appends in one go: tens of milliseconds no edit was relayed in.
      const [row] = (doc === 'board' ? q.appendIfOpen : q.append).all(params);
      if (!row) throw boardLocked();
      return row.seq;
    } catch (error) {
      if (error instanceof Database.SqliteError && error.code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
        throw noSuchConference(conference, { cause: error });
      }
      throw error;
    }
  };
}

/**
 * The document store over an open, migrated database. The append runs on the raw handle outside
 * any records transaction (`records.outsideTransactions`); reads and compactions are records
 * transactions, so appends wait for them (SQLite has one writer at a time: compactions take turns).
 */
export function sqliteDocs(db: Database.Database, records: SqliteRecords): DocStore {
  const q = appendStatements(db);
  const append = rawAppend(db, q, records);
  return docLog({
    db: records.db.withoutPlugins(),
    // The append's own statement, on the same connection: inside a records transaction it reads
    // what that transaction sees.
    lastSeq: async (_db, conference, doc) => q.lastSeq.get(conference, doc)?.seq ?? 0,
    reading: (work) => records.transaction((trx) => work(trx.withoutPlugins())),
    compacting: (_conference, _doc, work) => records.transaction((trx) => work(trx.withoutPlugins())),
    append: async (conference, doc, update, options) => records.outsideTransactions(() => append(conference, doc, update, options)),
  });
}
