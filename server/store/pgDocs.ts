// PostgreSQL's own parts of the document log (docLog.ts has the rest): the append through
// llb_append() in one round trip, each document's head (its newest seq, and the row lock appends
// take turns on, across instances), reads of one snapshot, and compactions taking turns.

import { CompiledQuery, sql } from 'kysely';
import pg from 'pg';
import { z } from 'zod';
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

const APPEND = `SELECT appended_seq, refusal, refusal_detail FROM llb_append($1, $2, $3, $4, $5, $6, $7, $8, $9::bigint[], $10)`;

/** llb_append()'s answer (migrations.ts): the seq it appended, or why it refused and the number that names. */
const appendRow = z.discriminatedUnion('refusal', [
  z.object({ refusal: z.null(), appended_seq: z.number() }),
  z.object({ refusal: z.enum(['no-conference', 'locked']) }),
  z.object({ refusal: z.enum(['seq-conflict', 'client-id-taken']), refusal_detail: z.number() }),
]);

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
  // On the pool (its own transaction): pg's own named statement, parsed once per connection (the hot path, no query builder).
  if (db instanceof pg.Pool) return appendedSeq((await db.query({ name: 'llb-append', text: APPEND, values })).rows[0], conference, options);
  const seq = appendedSeq((await db.executeQuery(CompiledQuery.raw(APPEND, values))).rows[0], conference, options);
  // The hook's record writes (the summary, a sealed version), in the caller's transaction.
  for (const query of options.within?.(records) ?? []) await db.executeQuery(query.compile());
  return seq;
}

/** The seq llb_append() gave the update, or the StoreError for its refusal. */
function appendedSeq(row: unknown, conference: ConferenceId, options: AppendOptions): number {
  const answer = appendRow.parse(row);
  switch (answer.refusal) {
    case null:
      return answer.appended_seq;
    case 'no-conference':
      throw noSuchConference(conference);
    case 'locked':
      throw boardLocked();
    case 'seq-conflict':
      throw seqConflict(options.expectSeq ?? -1, answer.refusal_detail);
    case 'client-id-taken':
      throw clientIdTaken(answer.refusal_detail);
    default:
      return answer satisfies never;
  }
}
