// The outbox of agreed plans pushed to the care record, in PostgreSQL. Every change is one
// statement whose WHERE is re-checked on the row's newest version once its lock is free, so two
// instances never claim the same attempt.

import type { Pool } from 'pg';
import { conferenceId } from '../../shared/ids.ts';
import { isPgError, orConflict, PG_ERROR } from './pgRows.ts';
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

/** How many times enqueue looks again when the delivery it collided with stopped being live meanwhile. */
const ENQUEUE_TRIES = 5;

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

/** The outbox store over a pool on a migrated database. */
export function pgOutbox(pool: Pool): OutboxStore {
  const one = async (text: string, values: unknown[]): Promise<DeliveryRecord | null> => {
    const row = (await pool.query<OutboxRow>(text, values)).rows[0];
    return row ? toDelivery(row) : null;
  };

  async function enqueue(d: NewDelivery): Promise<{ delivery: DeliveryRecord; created: boolean }> {
    for (let tries = 0; tries < ENQUEUE_TRIES; tries++) {
      // The partial unique index is the arbiter: of two simultaneous sends, the second waits for
      // the first to commit and then inserts nothing. A taken id is still a conflict.
      const inserted = await orConflict(() =>
        one(
          `INSERT INTO outbox (id, conference_id, version, copy, body, created_at, status, attempts, next_attempt_at, give_up_at)
           VALUES ($1, $2, $3, $4, $5, $6, 'queued', 0, $6, $7)
           ON CONFLICT (conference_id, version, copy) WHERE status IN ('queued', 'delivered') DO NOTHING
           RETURNING *`,
          [d.id, d.conferenceId, d.version, d.copy, d.body, d.createdAt, d.giveUpAt],
        ),
      );
      if (inserted) return { delivery: inserted, created: true };
      const live = await one(`SELECT * FROM outbox WHERE conference_id = $1 AND version = $2 AND copy = $3 AND status IN ('queued', 'delivered')`, [
        d.conferenceId,
        d.version,
        d.copy,
      ]);
      if (live) return { delivery: live, created: false };
      // The live one failed between the two statements: a new delivery may go in now.
    }
    throw new Error(`Could not queue a delivery for ${d.conferenceId} version ${d.version} in ${ENQUEUE_TRIES} tries`);
  }

  return {
    async enqueue(delivery) {
      try {
        return await enqueue(delivery);
      } catch (error) {
        if (isPgError(error, PG_ERROR.foreignKeyViolation)) {
          throw noSuchConference(delivery.conferenceId, { cause: error });
        }
        throw error;
      }
    },
    async get(id) {
      return one('SELECT * FROM outbox WHERE id = $1', [id]);
    },
    async listForConference(conference) {
      const { rows } = await pool.query<OutboxRow>('SELECT * FROM outbox WHERE conference_id = $1 ORDER BY created_at, id', [conference]);
      return rows.map(toDelivery);
    },
    async due(now, limit) {
      const { rows } = await pool.query<OutboxRow>(
        `SELECT * FROM outbox
         WHERE status = 'queued' AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
         ORDER BY created_at, id LIMIT $2`,
        [now, limit],
      );
      return rows.map(toDelivery);
    },
    async claim(id, now, leaseUntil) {
      // Of two workers claiming at once, the second waits for the first's row lock and then finds it leased.
      return one(
        `UPDATE outbox SET attempts = attempts + 1, last_attempt_at = $2, lease_until = $3
         WHERE id = $1 AND status = 'queued' AND next_attempt_at <= $2 AND (lease_until IS NULL OR lease_until <= $2)
         RETURNING *`,
        [id, now, leaseUntil],
      );
    },
    async recordAttempt(id, attempt, result) {
      switch (result.kind) {
        case 'delivered': {
          const { rowCount } = await pool.query(
            `UPDATE outbox SET status = 'delivered', delivered_at = $2, response_status = $3, response_excerpt = $4,
               last_error = NULL, lease_until = NULL
             WHERE id = $1 AND status = 'queued'`,
            [id, result.at, result.responseStatus, result.responseExcerpt],
          );
          return rowCount === 1;
        }
        case 'retry':
        case 'failed': {
          const { rowCount } = await pool.query(
            `UPDATE outbox SET status = $3, next_attempt_at = coalesce($4, next_attempt_at), last_error = $5,
               response_status = $6, response_excerpt = $7, lease_until = NULL
             WHERE id = $1 AND status = 'queued' AND attempts = $2`,
            [
              id,
              attempt,
              result.kind === 'retry' ? 'queued' : 'failed',
              result.kind === 'retry' ? result.nextAttemptAt : null,
              result.error,
              result.responseStatus,
              result.responseExcerpt,
            ],
          );
          return rowCount === 1;
        }
        default: {
          const unknown: never = result;
          throw new Error(`Unknown attempt result ${JSON.stringify(unknown)}`);
        }
      }
    },
    async deliveredBefore(before, limit = 1_000) {
      // The latest agreed version of each conference, and the latest delivery of it (of any copy).
      const { rows } = await pool.query<{ conference_id: string }>(
        `SELECT latest.conference_id
         FROM (SELECT conference_id, max(version) AS version FROM plan_versions GROUP BY conference_id) AS latest
         JOIN outbox AS o ON o.conference_id = latest.conference_id AND o.version = latest.version AND o.status = 'delivered'
         GROUP BY latest.conference_id
         HAVING max(o.delivered_at) < $1
         ORDER BY max(o.delivered_at), latest.conference_id
         LIMIT $2`,
        [before, limit],
      );
      return rows.map((row) => conferenceId(row.conference_id));
    },
  };
}
