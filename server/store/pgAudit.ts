// The record of who did what, in PostgreSQL: one row per event, its detail as JSON text.

import type { Pool } from 'pg';
import type { ConferenceId, CoordinatorId } from '../../shared/ids.ts';
import { conferenceId as toConferenceId } from '../../shared/ids.ts';
import { toAuthor } from './pgRows.ts';
import { AUDIT_ACTIONS } from './types.ts';
import type { AuditAction, AuditEvent, AuditStore } from './types.ts';

interface AuditRow {
  id: number;
  conference_id: string | null;
  at: number;
  actor_kind: string | null;
  actor_id: string | null;
  action: string;
  detail: string;
}

/** The audit store over a pool on a migrated database. */
export function pgAudit(pool: Pool): AuditStore {
  return {
    async record(event) {
      const actorId = event.actor === null || event.actor.kind === 'server' ? null : event.actor.id;
      await pool.query('INSERT INTO audit_events (conference_id, at, actor_kind, actor_id, action, detail) VALUES ($1, $2, $3, $4, $5, $6)', [
        event.conferenceId,
        event.at,
        event.actor?.kind ?? null,
        actorId,
        event.action,
        JSON.stringify(event.detail),
      ]);
    },
    async list(conference: ConferenceId, coordinator: CoordinatorId, opts = {}) {
      // LIMIT NULL is no limit.
      const { rows } = await pool.query<AuditRow>(
        `SELECT * FROM audit_events
         WHERE conference_id = $1 OR (conference_id IS NULL AND actor_id = $2)
         ORDER BY id LIMIT $3`,
        [conference, coordinator, opts.limit ?? null],
      );
      return rows.map(toEvent);
    },
  };
}

function isAuditAction(value: string): value is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(value);
}

function toEvent(row: AuditRow): AuditEvent {
  if (!isAuditAction(row.action)) throw new Error(`Unknown audit action ${row.action}`);
  return {
    id: row.id,
    conferenceId: row.conference_id === null ? null : toConferenceId(row.conference_id),
    at: row.at,
    actor: row.actor_kind === null ? null : toAuthor(row.actor_kind, row.actor_id),
    action: row.action,
    detail: JSON.parse(row.detail) as AuditEvent['detail'],
  };
}
