// PostgreSQL's own parts of the document log (docLog.ts has the rest): the append through
// llb_append() in one round trip, each document's head (its newest seq, and the row lock appends
// take turns on, across instances), reads of one snapshot, and compactions taking turns.

import { CompiledQuery, sql } from 'kysely';
import pg from 'pg';
import type { Pool } from 'pg';
import type { ConferenceId } from '../../shared/ids.ts';
import type { DocName } from '../../shared/roles.ts';
import { checkSeq, docLog, loadAfterOn, notesJson } from './docLog.ts';
import type { LogDb } from './docLog.ts';
import type { Records } from './records.ts';
import { boardLocked, clientIdTaken, noSuchConference, seqConflict } from './types.ts';
import type { AppendOptions, DocStore, HookRecords } from './types.ts';

/** The document's newest seq, from its head. */
async function lastSeq(db: LogDb, conference: ConferenceId, doc: DocName): Promise<number> {
  const { rows } = await sql<{ last_seq: number }>`SELECT last_seq FROM doc_heads WHERE conference_id = ${conference} AND doc = ${doc}`.execute(db);
  return rows[0]?.last_seq ?? 0;
}

/**
 * Takes the conference's key until the transaction ends, so a delete of the conference waits for
 * this transaction (in a delete's order of locks: the conference, then its rows); false when none.
 */
async function holdConference(trx: LogDb, conference: ConferenceId): Promise<boolean> {
  const { rows } = await sql`SELECT 1 FROM conferences WHERE id = ${conference} FOR KEY SHARE`.execute(trx);
  return rows.length > 0;
}

/** The document store over the records' pool, on a migrated database. */
export function pgDocs(pool: Pool, records: Records): DocStore {
  // The log's own SQL, without the records' CamelCasePlugin (docLog.ts, LogDb).
  const db = records.db.withoutPlugins();
  return docLog({
    db,
    lastSeq,
    // One snapshot of the database for all of a load's reads.
    reading: (work) => db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(work),
    compacting: (conference, doc, work) =>
      db.transaction().execute(async (trx) => {
        // Two instances compacting at once take turns, and the later one checks its range against
        // the snapshot the earlier one committed (READ COMMITTED: read after the lock).
        await sql`SELECT pg_advisory_xact_lock(hashtext('lifelong-links-board:compact'), hashtext(${conference}::text || '/' || ${doc}::text))`.execute(trx);
        // As in append: a delete of the conference waits for this compaction rather than deadlocking with it.
        await holdConference(trx, conference);
        return work(trx);
      }),
    append: (conference, doc, update, options) =>
      // The common append is one statement, its own transaction (one round trip); one that also
      // writes records (the hook: the conference's summary, an agreed version) needs a transaction.
      options.within === undefined
        ? append(pool, records, conference, doc, update, options)
        : db.transaction().execute((trx) => append(trx, records, conference, doc, update, options)),
    withHead: (conference, doc, work) =>
      db.transaction().execute(async (trx) => {
        // The same order of locks as an append (the conference's key, then the head), so a
        // concurrent delete or append waits instead of deadlocking.
        if (!(await holdConference(trx, conference))) throw noSuchConference(conference);
        await sql`INSERT INTO doc_heads (conference_id, doc, last_seq) VALUES (${conference}, ${doc}, 0) ON CONFLICT (conference_id, doc) DO NOTHING`.execute(trx);
        // Held until COMMIT: every other append to this document waits here.
        await sql`SELECT last_seq FROM doc_heads WHERE conference_id = ${conference} AND doc = ${doc} FOR UPDATE`.execute(trx);
        return work({
          loadAfter: (afterSeq) => {
            checkSeq(afterSeq, 'afterSeq');
            return loadAfterOn(trx, { lastSeq }, conference, doc, afterSeq);
          },
          append: (update, options) => append(trx, records, conference, doc, update, options),
        });
      }),
  });
}

/** Why llb_append() refused an append (migrations.ts), as it answers it. */
const REFUSAL = {
  noConference: 'no-conference',
  seqConflict: 'seq-conflict',
  locked: 'locked',
  clientIdTaken: 'client-id-taken',
} as const;

const APPEND = `SELECT appended_seq, refusal, refusal_detail FROM llb_append($1, $2, $3, $4, $5, $6, $7, $8, $9::bigint[], $10)`;

interface AppendRow {
  appended_seq: number | null;
  refusal: string | null;
  refusal_detail: number | null;
}

/**
 * Appends through llb_append(), which makes every check and write of an append in one statement
 * (see its migration). On the pool that statement is its own transaction: one round trip, the
 * common append, sent as pg's named statement. With a hook's record writes, or inside withHead, it runs in the caller's
 * transaction, followed by the hook's statements. Refusals come back as a row, not an error: an
 * error would abort the caller's transaction (seq conflicts are routine with several instances).
 */
async function append(db: LogDb | Pool, records: HookRecords, conference: ConferenceId, doc: DocName, update: Uint8Array, options: AppendOptions): Promise<number> {
  const { author, at, claims = [] } = options;
  // The one exception to a locked board: the server's own update that unlocks it (for a review).
  const mayUnlock = author.kind === 'server' && options.unlocks === true;
  const values = [conference, doc, update, author.kind, author.kind === 'server' ? null : author.id, at, notesJson(options), options.expectSeq ?? null, claims, mayUnlock];
  // On the pool: pg's own named statement, parsed once per connection (the hot path, no query builder).
  const { rows } = db instanceof pg.Pool ? await db.query<AppendRow>({ name: 'llb-append', text: APPEND, values }) : await db.executeQuery<AppendRow>(CompiledQuery.raw(APPEND, values));
  const row = rows[0];
  if (row === undefined) throw new Error('llb_append() returned no row');
  if (row.refusal !== null) throw refusalError(row, conference, options);
  if (row.appended_seq === null) throw new Error('llb_append() returned neither a seq nor a refusal');
  // The hook's record writes (the summary, a sealed version), in this transaction (never on the pool).
  if (!(db instanceof pg.Pool)) for (const query of options.within?.(records) ?? []) await db.executeQuery(query.compile());
  return row.appended_seq;
}

/** The StoreError for llb_append()'s refusal. */
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
