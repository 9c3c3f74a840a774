// The record of who did what, in SQLite: one row per event, its detail as JSON.

import type Database from 'better-sqlite3';
import type { ConferenceId, CoordinatorId } from '../../shared/ids.ts';
import { conferenceId as toConferenceId } from '../../shared/ids.ts';
import { toAuthor } from './sqliteRows.ts';
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

/** The audit store over an open, migrated database. */
export function sqliteAudit(db: Database.Database): AuditStore {
  const q = {
    insert: db.prepare<[string | null, number, string | null, string | null, string, string]>(
      'INSERT INTO audit_events (conference_id, at, actor_kind, actor_id, action, detail) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    list: db.prepare<[string, string, number], AuditRow>(
      `SELECT * FROM audit_events
       WHERE conference_id = ? OR (conference_id IS NULL AND actor_id = ?)
       ORDER BY id LIMIT ?`,
    ),
  };
  return {
    async record(event) {
      const actorId = event.actor === null || event.actor.kind === 'server' ? null : event.actor.id;
      q.insert.run(event.conferenceId, event.at, event.actor?.kind ?? null, actorId, event.action, JSON.stringify(event.detail));
    },
    async list(conference: ConferenceId, coordinator: CoordinatorId, opts = {}) {
      // SQLite reads a negative LIMIT as "no limit".
      return q.list.all(conference, coordinator, opts.limit ?? -1).map(toEvent);
    },
  };
}

function toEvent(row: AuditRow): AuditEvent {
  if (!(AUDIT_ACTIONS as readonly string[]).includes(row.action)) throw new Error(`Unknown audit action ${row.action}`);
  return {
    id: row.id,
    conferenceId: row.conference_id === null ? null : toConferenceId(row.conference_id),
    at: row.at,
    actor: row.actor_kind === null ? null : toAuthor(row.actor_kind, row.actor_id),
    action: row.action as AuditAction,
    detail: JSON.parse(row.detail) as AuditEvent['detail'],
  };
}
