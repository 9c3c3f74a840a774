// The outbox of agreed plans pushed to the care record, in SQLite. Every change is one statement or
// one IMMEDIATE transaction, so two processes on the same file never claim the same attempt.

import Database from 'better-sqlite3';
import { conferenceId } from '../../shared/ids.ts';
import { insertOrConflict } from './sqliteRows.ts';
import { DELIVERY_COPIES, DELIVERY_STATUSES, deliveryId, noSuchConference } from './types.ts';
import type { DeliveryCopy, DeliveryRecord, DeliveryStatus, NewDelivery, OutboxStore } from './types.ts';

/** A row of `outbox`. */
interface OutboxRow {
  id: string;
  conference_id: string;
  version: number;
  copy: string;
  body: string;
  created_at: number;
  status: string;
  attempts: number;
  next_attempt_at: number;
  lease_until: number | null;
  last_attempt_at: number | null;
  last_error: string | null;
  delivered_at: number | null;
  response_status: number | null;
  response_excerpt: string | null;
  give_up_at: number;
}

function isCopy(value: string): value is DeliveryCopy {
  return (DELIVERY_COPIES as readonly string[]).includes(value);
}

function isStatus(value: string): value is DeliveryStatus {
  return (DELIVERY_STATUSES as readonly string[]).includes(value);
}

/** Parses an outbox row. */
function toDelivery(row: OutboxRow): DeliveryRecord {
  if (!isCopy(row.copy)) throw new Error(`Delivery ${row.id} has an unknown copy: ${row.copy}`);
  if (!isStatus(row.status)) throw new Error(`Delivery ${row.id} has an unknown status: ${row.status}`);
  return {
    id: deliveryId(row.id),
    conferenceId: conferenceId(row.conference_id),
    version: row.version,
    copy: row.copy,
    body: row.body,
    createdAt: row.created_at,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    leaseUntil: row.lease_until,
    lastAttemptAt: row.last_attempt_at,
    lastError: row.last_error,
    deliveredAt: row.delivered_at,
    responseStatus: row.response_status,
    responseExcerpt: row.response_excerpt,
    giveUpAt: row.give_up_at,
  };
}

/** The outbox store over an open, migrated database. */
export function sqliteOutbox(db: Database.Database): OutboxStore {
  const q = {
    insert: db.prepare<[string, string, number, string, string, number, number, number]>(
      `INSERT INTO outbox (id, conference_id, version, copy, body, created_at, status, attempts, next_attempt_at, give_up_at)
       VALUES (?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?)`,
    ),
    live: db.prepare<[string, number, string], OutboxRow>(
      `SELECT * FROM outbox WHERE conference_id = ? AND version = ? AND copy = ? AND status IN ('queued', 'delivered')`,
    ),
    byId: db.prepare<[string], OutboxRow>('SELECT * FROM outbox WHERE id = ?'),
    ofConference: db.prepare<[string], OutboxRow>('SELECT * FROM outbox WHERE conference_id = ? ORDER BY created_at, id'),
    due: db.prepare<[{ now: number; limit: number }], OutboxRow>(
      `SELECT * FROM outbox
       WHERE status = 'queued' AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
       ORDER BY created_at, id LIMIT @limit`,
    ),
    // One statement: of two workers claiming at once, exactly one sees the row unleased.
    claim: db.prepare<[{ id: string; now: number; leaseUntil: number }], OutboxRow>(
      `UPDATE outbox SET attempts = attempts + 1, last_attempt_at = @now, lease_until = @leaseUntil
       WHERE id = @id AND status = 'queued' AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
       RETURNING *`,
    ),
    delivered: db.prepare<[{ id: string; at: number; status: number; excerpt: string }]>(
      `UPDATE outbox SET status = 'delivered', delivered_at = @at, response_status = @status, response_excerpt = @excerpt,
         last_error = NULL, lease_until = NULL
       WHERE id = @id AND status = 'queued'`,
    ),
    notDelivered: db.prepare<
      [{ id: string; attempt: number; status: DeliveryStatus; next: number | null; error: string; responseStatus: number | null; excerpt: string | null }]
    >(
      `UPDATE outbox SET status = @status, next_attempt_at = coalesce(@next, next_attempt_at), last_error = @error,
         response_status = @responseStatus, response_excerpt = @excerpt, lease_until = NULL
       WHERE id = @id AND status = 'queued' AND attempts = @attempt`,
    ),
    // The latest agreed version of each conference, and the latest delivery of it (of any copy).
    deliveredBefore: db.prepare<[{ before: number; limit: number }], { conference_id: string }>(
      `SELECT latest.conference_id, max(o.delivered_at) AS delivered_at
       FROM (SELECT conference_id, max(version) AS version FROM plan_versions GROUP BY conference_id) AS latest
       JOIN outbox AS o ON o.conference_id = latest.conference_id AND o.version = latest.version AND o.status = 'delivered'
       GROUP BY latest.conference_id
       HAVING max(o.delivered_at) < @before
       ORDER BY delivered_at, latest.conference_id
       LIMIT @limit`,
    ),
  };

  const enqueue = db.transaction((d: NewDelivery) => {
    const live = q.live.get(d.conferenceId, d.version, d.copy);
    if (live) return { delivery: toDelivery(live), created: false };
    insertOrConflict(() => q.insert.run(d.id, d.conferenceId, d.version, d.copy, d.body, d.createdAt, d.createdAt, d.giveUpAt));
    const row = q.byId.get(d.id);
    if (!row) throw new Error(`Delivery ${d.id} vanished inside its own transaction`);
    return { delivery: toDelivery(row), created: true };
  });

  return {
    async enqueue(delivery) {
      try {
        // IMMEDIATE: another process cannot slip a delivery in between the look and the insert.
        return enqueue.immediate(delivery);
      } catch (error) {
        if (error instanceof Database.SqliteError && error.code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
          throw noSuchConference(delivery.conferenceId, { cause: error });
        }
        throw error;
      }
    },
    async get(id) {
      const row = q.byId.get(id);
      return row ? toDelivery(row) : null;
    },
    async listForConference(conference) {
      return q.ofConference.all(conference).map(toDelivery);
    },
    async due(now, limit) {
      return q.due.all({ now, limit }).map(toDelivery);
    },
    async claim(id, now, leaseUntil) {
      const row = q.claim.get({ id, now, leaseUntil });
      return row ? toDelivery(row) : null;
    },
    async recordAttempt(id, attempt, result) {
      switch (result.kind) {
        case 'delivered':
          return q.delivered.run({ id, at: result.at, status: result.responseStatus, excerpt: result.responseExcerpt }).changes === 1;
        case 'retry':
        case 'failed':
          return (
            q.notDelivered.run({
              id,
              attempt,
              status: result.kind === 'retry' ? 'queued' : 'failed',
              next: result.kind === 'retry' ? result.nextAttemptAt : null,
              error: result.error,
              responseStatus: result.responseStatus,
              excerpt: result.responseExcerpt,
            }).changes === 1
          );
        default: {
          const unknown: never = result;
          throw new Error(`Unknown attempt result ${JSON.stringify(unknown)}`);
        }
      }
    },
    async deliveredBefore(before, limit = 1_000) {
      return q.deliveredBefore.all({ before, limit }).map((row) => conferenceId(row.conference_id));
    },
  };
}
