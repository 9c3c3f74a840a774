// The live documents' update logs, written once over Kysely for both databases: one row per update
// (kept forever for attribution, its bytes dropped once folded into a snapshot), one snapshot per
// document, and the owners of client ids. Each database gives the few parts that truly differ
// (DocLogParts): its append, the hot path, and how it numbers, reads and holds a document.

import * as Y from 'yjs';
import { sql } from 'kysely';
import type { ConferenceId } from '../../shared/ids.ts';
import type { DocName } from '../../shared/roles.ts';
import type { RecordsDb } from './records.ts';
import { toAuthor, toLogEntry } from './rows.ts';
import { bytes } from './schemas.ts';
import type { LogRow } from './rows.ts';
import type { AppendOptions, Author, DocStore, HeldHead, LoadedDoc } from './types.ts';

/**
 * The records' Kysely without its CamelCasePlugin (`withoutPlugins()`): the log's statements are
 * SQL both databases take, naming columns as the tables do, with nothing done to each row read
 * (a board's load reads thousands).
 */
export type LogDb = RecordsDb;

/** What one database does its own way; everything else about the log is below, once. */
export interface DocLogParts {
  /** The newest stored seq of a document (0 when empty). */
  lastSeq(db: LogDb, conference: ConferenceId, doc: DocName): Promise<number>;
  /** The database for a single statement, which needs no transaction of its own. */
  readonly db: LogDb;
  /** Runs `work` reading one consistent state of the database. */
  reading<T>(work: (db: LogDb) => Promise<T>): Promise<T>;
  /** Runs `work` in one write transaction, one compaction of a document at a time. */
  compacting<T>(conference: ConferenceId, doc: DocName, work: (db: LogDb) => Promise<T>): Promise<T>;
  /** DocStore.append. */
  append(conference: ConferenceId, doc: DocName, update: Uint8Array, options: AppendOptions): Promise<number>;
  /**
   * DocStore.withHead, where other writers exist (PostgreSQL). Without it (SQLite serves one
   * process, whose rooms write one at a time) `work` simply runs, its appends kept as they happen.
   */
  withHead?<T>(conference: ConferenceId, doc: DocName, work: (held: HeldHead) => Promise<T>): Promise<T>;
}

/** The document store over one database's parts. */
export function docLog(parts: DocLogParts): DocStore {
  const store: DocStore = {
    // Every seq is above -1, so this reads the whole document, snapshot included.
    load: (conference, doc) => parts.reading((db) => loadAfterOn(db, parts, conference, doc, -1)),
    async loadAfter(conference, doc, afterSeq) {
      checkSeq(afterSeq, 'afterSeq');
      return parts.reading((db) => loadAfterOn(db, parts, conference, doc, afterSeq));
    },
    append: (conference, doc, update, options) => parts.append(conference, doc, update, options),
    async compact(conference, doc, snapshot, uptoSeq) {
      await parts.compacting(conference, doc, async (db) => {
        const previous = (await snapshotOf(db, conference, doc, Number.MAX_SAFE_INTEGER))?.upto_seq ?? 0;
        const last = await parts.lastSeq(db, conference, doc);
        // A snapshot older than the current one would leave already-dropped updates uncovered.
        if (!Number.isInteger(uptoSeq) || uptoSeq < previous || uptoSeq > last) {
          throw new RangeError(`Cannot compact ${conference}/${doc} up to seq ${uptoSeq}: must be ${previous}..${last}`);
        }
        await replaceSnapshot(db, conference, doc, snapshot, uptoSeq);
      });
    },
    async compactStored(conference, doc, uptoSeq) {
      checkSeq(uptoSeq, 'uptoSeq');
      return parts.compacting(conference, doc, (db) => compactStoredOn(db, parts, conference, doc, uptoSeq));
    },
    withHead: (conference, doc, work) =>
      parts.withHead?.(conference, doc, work) ??
      work({
        loadAfter: (afterSeq) => store.loadAfter(conference, doc, afterSeq),
        append: (update, options) => parts.append(conference, doc, update, options),
      }),
    async log(conference, doc, opts = {}) {
      // One statement (every open room asks it every few seconds): no transaction around it.
      const { rows } = await sql<LogRow>`
        SELECT seq, author_kind, author_id, at, byte_length, changes FROM doc_updates
        WHERE conference_id = ${conference} AND doc = ${doc} AND seq > ${opts.afterSeq ?? 0}
        ORDER BY seq ${opts.limit === undefined ? sql`` : sql`LIMIT ${opts.limit}`}`.execute(parts.db);
      return rows.map(toLogEntry);
    },
  };
  return store;
}

/** The snapshot's seq and size, with its bytes only when it covers a seq above `after`. */
async function snapshotOf(db: LogDb, conference: ConferenceId, doc: DocName, after: number) {
  const { rows } = await sql<{ state: Uint8Array | null; state_bytes: number; upto_seq: number }>`
    SELECT CASE WHEN upto_seq > ${after} THEN state END AS state, octet_length(state) AS state_bytes, upto_seq
    FROM doc_snapshots WHERE conference_id = ${conference} AND doc = ${doc}`.execute(db);
  return rows[0];
}

/** The stored bytes of the updates with a seq above `after` and up to `upto`, in order. */
async function updatesBetween(db: LogDb, conference: ConferenceId, doc: DocName, after: number, upto = Number.MAX_SAFE_INTEGER): Promise<Uint8Array[]> {
  const { rows } = await sql<{ update: Uint8Array }>`
    SELECT "update" FROM doc_updates
    WHERE conference_id = ${conference} AND doc = ${doc} AND seq > ${after} AND seq <= ${upto} AND "update" IS NOT NULL
    ORDER BY seq`.execute(db);
  return rows.map((row) => bytes(row.update));
}

/** What the updates after `after` still take in the store. */
async function updateBytesAfter(db: LogDb, conference: ConferenceId, doc: DocName, after: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT coalesce(sum(octet_length("update")), 0) AS n FROM doc_updates
    WHERE conference_id = ${conference} AND doc = ${doc} AND seq > ${after} AND "update" IS NOT NULL`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/**
 * What a document gained after `afterSeq` (-1: all of it), on `db` as the caller holds it (one
 * consistent read: a compaction or an append committed in between cannot make the snapshot, the
 * updates after it and lastSeq disagree, so a compaction never leaves a gap between what a
 * caller had and what it reads).
 */
export async function loadAfterOn(db: LogDb, parts: Pick<DocLogParts, 'lastSeq'>, conference: ConferenceId, doc: DocName, afterSeq: number): Promise<LoadedDoc> {
  const snap = await snapshotOf(db, conference, doc, afterSeq);
  const upto = snap?.upto_seq ?? 0;
  const updates = await updatesBetween(db, conference, doc, Math.max(afterSeq, upto));
  // Up to the snapshot, the updates read are all those it stores; past it, some are left out.
  const updateBytes = afterSeq <= upto ? updates.reduce((sum, update) => sum + update.byteLength, 0) : await updateBytesAfter(db, conference, doc, upto);
  const lastSeq = await parts.lastSeq(db, conference, doc);
  const owners = new Map<number, Author>();
  const { rows } = await sql<{ client_id: number; author_kind: string; author_id: string | null }>`
    SELECT client_id, author_kind, author_id FROM doc_clients WHERE conference_id = ${conference} AND doc = ${doc}`.execute(db);
  for (const row of rows) owners.set(row.client_id, toAuthor(row.author_kind, row.author_id));
  const snapshot = snap?.state ? bytes(snap.state) : null;
  return { snapshot, updates, lastSeq, storedBytes: (snap?.state_bytes ?? 0) + updateBytes, owners };
}

/** Stores `state` as the snapshot up to `uptoSeq` and drops the bytes it folds in (their rows stay). */
async function replaceSnapshot(db: LogDb, conference: ConferenceId, doc: DocName, state: Uint8Array, uptoSeq: number): Promise<void> {
  await sql`
    INSERT INTO doc_snapshots (conference_id, doc, state, upto_seq) VALUES (${conference}, ${doc}, ${state}, ${uptoSeq})
    ON CONFLICT (conference_id, doc) DO UPDATE SET state = excluded.state, upto_seq = excluded.upto_seq`.execute(db);
  await sql`
    UPDATE doc_updates SET "update" = NULL
    WHERE conference_id = ${conference} AND doc = ${doc} AND seq <= ${uptoSeq} AND "update" IS NOT NULL`.execute(db);
}

/** DocStore.compactStored on the compaction's transaction. */
async function compactStoredOn(db: LogDb, parts: DocLogParts, conference: ConferenceId, doc: DocName, uptoSeq: number): Promise<number> {
  const last = await parts.lastSeq(db, conference, doc);
  if (uptoSeq > last) throw new RangeError(`Cannot compact ${conference}/${doc} up to seq ${uptoSeq}: its last update is ${last}`);
  // The snapshot's bytes are read only when there is something to fold into it.
  const { rows } = await sql<{ state: Uint8Array | null; upto_seq: number }>`
    SELECT CASE WHEN upto_seq < ${uptoSeq} THEN state END AS state, upto_seq
    FROM doc_snapshots WHERE conference_id = ${conference} AND doc = ${doc}`.execute(db);
  const previous = rows[0]?.upto_seq ?? 0;
  if (uptoSeq > previous) {
    const stored = rows[0]?.state;
    const updates = await updatesBetween(db, conference, doc, previous, uptoSeq);
    // Seqs are gap-free and only compaction drops bytes: anything missing means the log is damaged.
    if (updates.length !== uptoSeq - previous) {
      throw new Error(`Cannot compact ${conference}/${doc}: ${uptoSeq - previous - updates.length} of seqs ${previous + 1}..${uptoSeq} have no bytes`);
    }
    await replaceSnapshot(db, conference, doc, foldUpdates(stored ? [bytes(stored), ...updates] : updates), uptoSeq);
  }
  const snapshotBytes = (await snapshotOf(db, conference, doc, Number.MAX_SAFE_INTEGER))?.state_bytes ?? 0;
  return snapshotBytes + (await updateBytesAfter(db, conference, doc, 0));
}

/**
 * One update holding everything in `parts` (the stored snapshot, if any, then the stored updates in
 * seq order), as a room would snapshot it: applied to a fresh document, deleted content collected.
 * Throws, naming the part, when one cannot be applied, so nothing half-folded is ever stored.
 */
export function foldUpdates(parts: readonly Uint8Array[]): Uint8Array {
  const doc = new Y.Doc();
  let index = 0;
  try {
    // One transaction over all parts: cheaper than Y.mergeUpdates, and it garbage-collects deleted
    // content, which a merge would keep. Roots need not be made first: a snapshot is bytes, and
    // the room that loads it makes its roots before reading them.
    doc.transact(() => {
      for (; index < parts.length; index++) Y.applyUpdate(doc, parts[index] ?? new Uint8Array());
    });
    // Includes any pending structs, so an update whose dependencies are missing is kept, not dropped.
    return Y.encodeStateAsUpdate(doc);
  } catch (error) {
    throw new Error(`Stored part ${index + 1} of ${parts.length} cannot be applied; nothing was folded`, { cause: error });
  } finally {
    doc.destroy();
  }
}

/** Throws RangeError unless `seq` is a whole number ≥ 0 (a sequence number, or 0 for "none yet"). */
export function checkSeq(seq: number, what: string): void {
  if (!Number.isSafeInteger(seq) || seq < 0) throw new RangeError(`${what} must be a whole number ≥ 0, not ${seq}`);
}

/** The history JSON stored with an update, or null when it changed nothing the history tells. */
export function notesJson(options: AppendOptions): string | null {
  return options.changes && options.changes.length > 0 ? JSON.stringify(options.changes) : null;
}
