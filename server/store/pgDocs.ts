// The live documents' update logs in PostgreSQL: one row per update (kept forever for attribution,
// its bytes dropped once folded into a snapshot), one snapshot and one head (its newest sequence
// number, and the lock appends take turns on) per document, and the owners of client ids.

import type { Pool, PoolClient } from 'pg';
import type { ConferenceId } from '../../shared/ids.ts';
import type { DocName } from '../../shared/roles.ts';
import { inTransaction } from './pgTransaction.ts';
import { bytes, toAuthor, toLogEntry } from './rows.ts';
import type { LogRow } from './rows.ts';
import { checkSeq, foldUpdates } from './storedDoc.ts';
import { boardLocked, clientIdTaken, noSuchConference, seqConflict } from './types.ts';
import type { AppendOptions, Author, DocStore, HookRecords, LoadedDoc } from './types.ts';

interface OwnerRow {
  client_id: number;
  author_kind: string;
  author_id: string | null;
}

/** One snapshot of the database for all of a load's reads (see loadAfter). */
const READ_ONE_SNAPSHOT = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';

/** The document store over a pool on a migrated database. */
export function pgDocs(pool: Pool, records: HookRecords): DocStore {
  return {
    async load(conference, doc) {
      // Every seq is above -1, so this reads the whole document, snapshot included.
      return inTransaction(pool, (client) => loadAfter(client, conference, doc, -1), READ_ONE_SNAPSHOT);
    },
    async loadAfter(conference, doc, afterSeq) {
      checkSeq(afterSeq, 'afterSeq');
      return inTransaction(pool, (client) => loadAfter(client, conference, doc, afterSeq), READ_ONE_SNAPSHOT);
    },
    async append(conference, doc, update, options) {
      // The common append is one statement on the pool, its own transaction (one round trip); one
      // that also writes records (the hook: the conference's summary, an agreed version) needs a transaction.
      if (options.within === undefined) return append(pool, records, conference, doc, update, options);
      return inTransaction(pool, (client) => append(client, records, conference, doc, update, options));
    },
    async compact(conference, doc, snapshot, uptoSeq) {
      await inTransaction(pool, (client) => compact(client, conference, doc, snapshot, uptoSeq));
    },
    async compactStored(conference, doc, uptoSeq) {
      checkSeq(uptoSeq, 'uptoSeq');
      return inTransaction(pool, (client) => compactStored(client, conference, doc, uptoSeq));
    },
    async withHead(conference, doc, work) {
      return inTransaction(pool, async (client) => {
        // The same order of locks as an append (the conference's key, then the head), so a
        // concurrent delete or append waits instead of deadlocking.
        const found = await client.query('SELECT 1 FROM conferences WHERE id = $1 FOR KEY SHARE', [conference]);
        if (found.rowCount === 0) throw noSuchConference(conference);
        await client.query(
          `INSERT INTO doc_heads (conference_id, doc, last_seq) VALUES ($1, $2, 0) ON CONFLICT (conference_id, doc) DO NOTHING`,
          [conference, doc],
        );
        // Held until COMMIT: every other append to this document waits here.
        await client.query('SELECT last_seq FROM doc_heads WHERE conference_id = $1 AND doc = $2 FOR UPDATE', [conference, doc]);
        return work({
          loadAfter: (afterSeq) => {
            checkSeq(afterSeq, 'afterSeq');
            return loadAfter(client, conference, doc, afterSeq);
          },
          append: (update, options) => append(client, records, conference, doc, update, options),
        });
      });
    },
    async log(conference, doc, opts = {}) {
      // LIMIT NULL is no limit.
      const { rows } = await pool.query<LogRow>(
        `SELECT seq, author_kind, author_id, at, byte_length, changes FROM doc_updates
         WHERE conference_id = $1 AND doc = $2 AND seq > $3 ORDER BY seq LIMIT $4`,
        [conference, doc, opts.afterSeq ?? 0, opts.limit ?? null],
      );
      return rows.map(toLogEntry);
    },
  };
}

/**
 * What a document gained after `afterSeq` (-1: all of it), in a transaction of one snapshot, so a
 * compaction or an append committed in between cannot make the snapshot, the updates after it and
 * lastSeq disagree (a compaction never leaves a gap between what a caller had and what it reads).
 */
async function loadAfter(client: PoolClient, conference: ConferenceId, doc: DocName, afterSeq: number): Promise<LoadedDoc> {
  // The snapshot's bytes travel only when it covers a seq above afterSeq (the caller has the rest).
  const snap = (
    await client.query<{ state: Buffer | null; state_bytes: number; upto_seq: number }>(
      `SELECT CASE WHEN upto_seq > $3 THEN state END AS state, octet_length(state) AS state_bytes, upto_seq
       FROM doc_snapshots WHERE conference_id = $1 AND doc = $2`,
      [conference, doc, afterSeq],
    )
  ).rows[0];
  const upto = snap?.upto_seq ?? 0;
  const updates = (
    await client.query<{ update: Buffer }>(
      `SELECT "update" FROM doc_updates
       WHERE conference_id = $1 AND doc = $2 AND seq > $3 AND "update" IS NOT NULL ORDER BY seq`,
      [conference, doc, Math.max(afterSeq, upto)],
    )
  ).rows.map((row) => bytes(row.update));
  // Up to the snapshot, the updates read are all those it stores; past it, some are left out.
  const updateBytes =
    afterSeq <= upto
      ? updates.reduce((sum, update) => sum + update.byteLength, 0)
      : ((
          await client.query<{ n: number }>(
            `SELECT coalesce(sum(octet_length("update")), 0) AS n FROM doc_updates
             WHERE conference_id = $1 AND doc = $2 AND seq > $3 AND "update" IS NOT NULL`,
            [conference, doc, upto],
          )
        ).rows[0]?.n ?? 0);
  const head = (
    await client.query<{ last_seq: number }>('SELECT last_seq FROM doc_heads WHERE conference_id = $1 AND doc = $2', [conference, doc])
  ).rows[0];
  const owners = new Map<number, Author>();
  const ownerRows = await client.query<OwnerRow>(
    'SELECT client_id, author_kind, author_id FROM doc_clients WHERE conference_id = $1 AND doc = $2',
    [conference, doc],
  );
  for (const row of ownerRows.rows) owners.set(row.client_id, toAuthor(row.author_kind, row.author_id));
  const snapshot = snap?.state ? bytes(snap.state) : null;
  return { snapshot, updates, lastSeq: head?.last_seq ?? 0, storedBytes: (snap?.state_bytes ?? 0) + updateBytes, owners };
}

/** Why llb_append() refused an append (migrations.ts), as it answers it. */
const REFUSAL = {
  noConference: 'no-conference',
  seqConflict: 'seq-conflict',
  locked: 'locked',
  clientIdTaken: 'client-id-taken',
} as const;

interface AppendRow {
  appended_seq: number | null;
  refusal: string | null;
  refusal_detail: number | null;
}

/**
 * Appends through llb_append(), which makes every check and write of an append in one statement
 * (see its migration). On its own (`client` a pool) that statement is its own transaction: one
 * round trip, the common append. With a hook's record writes, or inside withHead, it runs in the
 * caller's transaction, followed by the hook's statements. Refusals
 * come back as a row, not an error: an error would abort the caller's transaction, and pool.query
 * closes the connection of a query that failed (seq conflicts are routine with several instances).
 */
async function append(
  client: Pool | PoolClient,
  records: HookRecords,
  conference: ConferenceId,
  doc: DocName,
  update: Uint8Array,
  options: AppendOptions,
): Promise<number> {
  const { author, at, claims = [] } = options;
  const changes = options.changes && options.changes.length > 0 ? JSON.stringify(options.changes) : null;
  // The one exception to a locked board: the server's own update that unlocks it (for a review).
  const mayUnlock = author.kind === 'server' && options.unlocks === true;
  const row = (
    await client.query<AppendRow>({
      name: 'llb-append',
      text: `SELECT appended_seq, refusal, refusal_detail
             FROM llb_append($1, $2, $3, $4, $5, $6, $7, $8, $9::bigint[], $10)`,
      values: [
        conference,
        doc,
        update,
        author.kind,
        author.kind === 'server' ? null : author.id,
        at,
        changes,
        options.expectSeq ?? null,
        claims,
        mayUnlock,
      ],
    })
  ).rows[0];
  if (row === undefined) throw new Error('llb_append() returned no row');
  if (row.refusal !== null) throw refusalError(row, conference, options);
  if (row.appended_seq === null) throw new Error('llb_append() returned neither a seq nor a refusal');
  const seq = row.appended_seq;
  // The hook's record writes (the summary, a sealed version), in this transaction.
  for (const query of options.within?.(records) ?? []) {
    const { sql, parameters } = query.compile();
    await client.query(sql, [...parameters]);
  }
  return seq;
}

/** The store's error for llb_append()'s refusal. */
function refusalError(row: AppendRow, conference: ConferenceId, options: AppendOptions): Error {
  const refusal = parseRefusal(row.refusal);
  switch (refusal) {
    case REFUSAL.noConference:
      return noSuchConference(conference);
    case REFUSAL.seqConflict:
      return seqConflict(options.expectSeq ?? -1, detail(row));
    case REFUSAL.locked:
      return boardLocked();
    case REFUSAL.clientIdTaken:
      return clientIdTaken(detail(row));
    default:
      return refusal satisfies never;
  }
}

function parseRefusal(value: string | null): (typeof REFUSAL)[keyof typeof REFUSAL] {
  const known = Object.values(REFUSAL).find((refusal) => refusal === value);
  if (known === undefined) throw new Error(`llb_append() refused for a reason this server does not know: ${String(value)}`);
  return known;
}

function detail(row: AppendRow): number {
  if (row.refusal_detail === null) throw new Error(`llb_append() refused (${String(row.refusal)}) without the number it names`);
  return row.refusal_detail;
}

/** How compactions of one document take turns: a transaction-scoped advisory lock per document. */
const COMPACT_LOCK = `SELECT pg_advisory_xact_lock(hashtext('lifelong-links-board:compact'), hashtext($1::text || '/' || $2::text))`;

async function compact(client: PoolClient, conference: ConferenceId, doc: DocName, state: Uint8Array, uptoSeq: number): Promise<void> {
  // Two instances compacting at once take turns, and the later one checks its range against the
  // snapshot the earlier one committed: a snapshot older than the current one would leave
  // already-dropped updates uncovered.
  await client.query(COMPACT_LOCK, [conference, doc]);
  // As in append: a delete of the conference waits for this compaction rather than deadlocking with it.
  await client.query('SELECT 1 FROM conferences WHERE id = $1 FOR KEY SHARE', [conference]);
  const previous =
    (await client.query<{ upto_seq: number }>('SELECT upto_seq FROM doc_snapshots WHERE conference_id = $1 AND doc = $2', [conference, doc]))
      .rows[0]?.upto_seq ?? 0;
  const last =
    (await client.query<{ last_seq: number }>('SELECT last_seq FROM doc_heads WHERE conference_id = $1 AND doc = $2', [conference, doc]))
      .rows[0]?.last_seq ?? 0;
  if (!Number.isInteger(uptoSeq) || uptoSeq < previous || uptoSeq > last) {
    throw new RangeError(`Cannot compact ${conference}/${doc} up to seq ${uptoSeq}: must be ${previous}..${last}`);
  }
  await replaceSnapshot(client, conference, doc, state, uptoSeq);
}

/** Keeps `state` as the document's snapshot up to `uptoSeq` and drops the bytes of the updates it covers. */
async function replaceSnapshot(client: PoolClient, conference: ConferenceId, doc: DocName, state: Uint8Array, uptoSeq: number): Promise<void> {
  await client.query(
    `INSERT INTO doc_snapshots (conference_id, doc, state, upto_seq) VALUES ($1, $2, $3, $4)
     ON CONFLICT (conference_id, doc) DO UPDATE SET state = excluded.state, upto_seq = excluded.upto_seq`,
    [conference, doc, state, uptoSeq],
  );
  await client.query(
    `UPDATE doc_updates SET "update" = NULL
     WHERE conference_id = $1 AND doc = $2 AND seq <= $3 AND "update" IS NOT NULL`,
    [conference, doc, uptoSeq],
  );
}

/**
 * Folds the stored updates up to `uptoSeq` into the stored snapshot. Under the compaction lock, so
 * it takes turns with compact() and with other instances; appends do not wait for it (they write
 * rows above the last seq it read, which it never touches).
 */
async function compactStored(client: PoolClient, conference: ConferenceId, doc: DocName, uptoSeq: number): Promise<number> {
  await client.query(COMPACT_LOCK, [conference, doc]);
  // As in append: a delete of the conference waits for this compaction rather than deadlocking with it.
  await client.query('SELECT 1 FROM conferences WHERE id = $1 FOR KEY SHARE', [conference]);
  // READ COMMITTED: read after taking the lock, these see what an earlier compaction committed.
  const last =
    (await client.query<{ last_seq: number }>('SELECT last_seq FROM doc_heads WHERE conference_id = $1 AND doc = $2', [conference, doc]))
      .rows[0]?.last_seq ?? 0;
  if (uptoSeq > last) throw new RangeError(`Cannot compact ${conference}/${doc} up to seq ${uptoSeq}: its last update is ${last}`);
  // The snapshot's bytes travel only when there is something to fold into it.
  const snap = (
    await client.query<{ state: Buffer | null; upto_seq: number }>(
      'SELECT CASE WHEN upto_seq < $3 THEN state END AS state, upto_seq FROM doc_snapshots WHERE conference_id = $1 AND doc = $2',
      [conference, doc, uptoSeq],
    )
  ).rows[0];
  const previous = snap?.upto_seq ?? 0;
  if (uptoSeq > previous) {
    // Every seq up to `last` is committed (appends commit in seq order, under the head's lock).
    const updates = (
      await client.query<{ update: Buffer }>(
        `SELECT "update" FROM doc_updates
         WHERE conference_id = $1 AND doc = $2 AND seq > $3 AND seq <= $4 AND "update" IS NOT NULL ORDER BY seq`,
        [conference, doc, previous, uptoSeq],
      )
    ).rows.map((row) => bytes(row.update));
    // Seqs are gap-free and only compaction drops bytes: anything missing means the log is damaged.
    if (updates.length !== uptoSeq - previous) {
      throw new Error(`Cannot compact ${conference}/${doc}: ${uptoSeq - previous - updates.length} of seqs ${previous + 1}..${uptoSeq} have no bytes`);
    }
    const state = foldUpdates(snap?.state ? [bytes(snap.state), ...updates] : updates);
    await replaceSnapshot(client, conference, doc, state, uptoSeq);
  }
  const stored = await client.query<{ n: number }>(
    `SELECT coalesce((SELECT octet_length(state) FROM doc_snapshots WHERE conference_id = $1 AND doc = $2), 0)
       + coalesce((SELECT sum(octet_length("update")) FROM doc_updates
                   WHERE conference_id = $1 AND doc = $2 AND "update" IS NOT NULL), 0) AS n`,
    [conference, doc],
  );
  return stored.rows[0]?.n ?? 0;
}
