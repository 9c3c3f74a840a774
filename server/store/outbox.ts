// The outbox of agreed plans pushed to the care record: one implementation over Kysely for both
// databases. Every change is one statement whose WHERE is checked on the row as it is when written
// (PostgreSQL re-checks it once the row's lock is free; SQLite has one writer at a time), so two
// workers or instances never claim the same attempt.

import { sql } from 'kysely';
import type { ExpressionBuilder } from 'kysely';
import { conferenceId } from '../../shared/ids.ts';
import type { ConferenceId } from '../../shared/ids.ts';
import { changed, isForeignKeyViolation, orConflict } from './records.ts';
import type { Records, RecordsDb } from './records.ts';
import { deliveryRecord } from './schemas.ts';
import type { Tables } from './types.ts';
import { noSuchConference } from './types.ts';
import type { DeliveryRecord, DeliveryStatus, NewDelivery, OutboxStore } from './types.ts';

/** How many times enqueue looks again when the delivery it collided with stopped being live meanwhile. */
const ENQUEUE_TRIES = 5;

const LIVE_STATUSES: DeliveryStatus[] = ['queued', 'delivered'];
/** The partial unique index's own predicate, spelled as in its migration (SQLite matches it by text, not by value). */
const LIVE_INDEX_PREDICATE = sql<boolean>`status IN ('queued', 'delivered')`;

/** Queues a delivery unless a live one (queued or delivered) for the same conference, version and copy exists. */
async function enqueue(db: RecordsDb, d: NewDelivery): Promise<{ delivery: DeliveryRecord; created: boolean }> {
  for (let tries = 0; tries < ENQUEUE_TRIES; tries++) {
    // The partial unique index is the arbiter: of two simultaneous sends, the second waits for
    // the first to commit and then inserts nothing. A taken id is still a conflict.
    const inserted = await orConflict(() =>
      db
        .insertInto('outbox')
        .values({ ...d, status: 'queued', attempts: 0, nextAttemptAt: d.createdAt })
        .onConflict((oc) => oc.columns(['conferenceId', 'version', 'copy']).where(LIVE_INDEX_PREDICATE).doNothing())
        .returningAll()
        .executeTakeFirst(),
    );
    if (inserted) return { delivery: deliveryRecord.parse(inserted), created: true };
    const live = await db
      .selectFrom('outbox')
      .selectAll()
      .where('conferenceId', '=', d.conferenceId)
      .where('version', '=', d.version)
      .where('copy', '=', d.copy)
      .where('status', 'in', LIVE_STATUSES)
      .executeTakeFirst();
    if (live) return { delivery: deliveryRecord.parse(live), created: false };
    // The live one failed between the two statements: a new delivery may go in now.
  }
  throw new Error(`Could not queue a delivery for ${d.conferenceId} version ${d.version} in ${ENQUEUE_TRIES} tries`);
}

/** The latest agreed version of each conference, and the latest delivery of it (of any copy). */
async function deliveredBefore(db: RecordsDb, before: number, limit: number): Promise<ConferenceId[]> {
  const latest = db
    .selectFrom('plan_versions')
    .select((eb) => ['conferenceId', eb.fn.max('version').as('version')])
    .groupBy('conferenceId')
    .as('latest');
  const rows = await db
    .selectFrom(latest)
    .innerJoin('outbox as o', (join) =>
      join.onRef('o.conferenceId', '=', 'latest.conferenceId').onRef('o.version', '=', 'latest.version').on('o.status', '=', 'delivered'),
    )
    .select('latest.conferenceId')
    .groupBy('latest.conferenceId')
    .having((eb) => eb.fn.max('o.deliveredAt'), '<', before)
    .orderBy((eb) => eb.fn.max('o.deliveredAt'))
    .orderBy('latest.conferenceId')
    .limit(limit)
    .execute();
  return rows.map((row) => conferenceId(row.conferenceId));
}

/** The outbox store over a migrated database. */
export function outboxStore({ db }: Records): OutboxStore {
  /** Queued, due at `now` and held by nobody: what due() lists and claim() takes. */
  const dueAndFree = (now: number) => (eb: ExpressionBuilder<Tables, 'outbox'>) =>
    eb.and([
      eb('status', '=', 'queued'),
      eb('nextAttemptAt', '<=', now),
      eb.or([eb('leaseUntil', 'is', null), eb('leaseUntil', '<=', now)]),
    ]);

  return {
    async enqueue(delivery) {
      try {
        return await enqueue(db, delivery);
      } catch (error) {
        if (isForeignKeyViolation(error)) throw noSuchConference(delivery.conferenceId, { cause: error });
        throw error;
      }
    },
    async get(id) {
      const row = await db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? deliveryRecord.parse(row) : null;
    },
    async listForConference(conference) {
      const rows = await db.selectFrom('outbox').selectAll().where('conferenceId', '=', conference).orderBy('createdAt').orderBy('id').execute();
      return rows.map((row) => deliveryRecord.parse(row));
    },
    async due(now, limit) {
      const rows = await db.selectFrom('outbox').selectAll().where(dueAndFree(now)).orderBy('createdAt').orderBy('id').limit(limit).execute();
      return rows.map((row) => deliveryRecord.parse(row));
    },
    async claim(id, now, leaseUntil) {
      // One statement: of two workers claiming at once, exactly one finds the row unleased.
      const row = await db
        .updateTable('outbox')
        .set((eb) => ({ attempts: eb('attempts', '+', 1), lastAttemptAt: now, leaseUntil }))
        .where('id', '=', id)
        .where(dueAndFree(now))
        .returningAll()
        .executeTakeFirst();
      return row ? deliveryRecord.parse(row) : null;
    },
    async recordAttempt(id, attempt, result) {
      const queued = db.updateTable('outbox').where('id', '=', id).where('status', '=', 'queued');
      switch (result.kind) {
        case 'delivered': {
          const { at, responseStatus, responseExcerpt } = result;
          const set = { status: 'delivered' as const, deliveredAt: at, responseStatus, responseExcerpt };
          return changed(await queued.set({ ...set, lastError: null, leaseUntil: null }).executeTakeFirst()) === 1;
        }
        case 'retry':
        case 'failed': {
          const next = result.kind === 'retry' ? { status: 'queued' as const, nextAttemptAt: result.nextAttemptAt } : { status: 'failed' as const };
          const outcome = { lastError: result.error, responseStatus: result.responseStatus, responseExcerpt: result.responseExcerpt };
          const write = queued.set({ ...next, ...outcome, leaseUntil: null }).where('attempts', '=', attempt);
          return changed(await write.executeTakeFirst()) === 1;
        }
        default: {
          const unknown: never = result;
          throw new Error(`Unknown attempt result ${JSON.stringify(unknown)}`);
        }
      }
    },
    async deliveredBefore(before, limit = 1_000) {
      return deliveredBefore(db, before, limit);
    },
  };
}
