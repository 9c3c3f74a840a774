// How the rows that are not one record field for field become the store's records: authors kept as
// a kind and an id, the attribution log, and the record of who did what (the records kept field for
// field parse through their own schemas, schemas.ts).

import type { Selectable } from 'kysely';
import { z } from 'zod';
import { conferenceId, coordinatorId, participantId } from '../../shared/ids.ts';
import { AUDIT_ACTIONS } from './types.ts';
import type { AuditEvent, Author, ChangeNote, Tables, UpdateLogEntry } from './types.ts';

/** A row of `doc_updates`, without the bytes. */
export interface LogRow {
  seq: number;
  author_kind: string;
  author_id: string | null;
  at: number;
  byte_length: number;
  changes: string | null;
}

/** Parses an author kind and id column pair. */
export function toAuthor(kind: string, id: string | null): Author {
  if (kind === 'server') return { kind: 'server' };
  if (kind === 'coordinator' && id !== null) return { kind: 'coordinator', id: coordinatorId(id) };
  if (kind === 'participant' && id !== null) return { kind: 'participant', id: participantId(id) };
  throw new Error(`Malformed update author (kind ${kind})`);
}

/** Parses a doc_updates row into an attribution-log entry. */
export function toLogEntry(row: LogRow): UpdateLogEntry {
  const changes = row.changes === null ? [] : (JSON.parse(row.changes) as ChangeNote[]);
  return { seq: row.seq, author: toAuthor(row.author_kind, row.author_id), at: row.at, byteLength: row.byte_length, changes };
}

const auditAction = z.enum(AUDIT_ACTIONS);

export function toAuditEvent(row: Selectable<Tables['audit_events']>): AuditEvent {
  return {
    id: row.id,
    conferenceId: row.conferenceId === null ? null : conferenceId(row.conferenceId),
    at: row.at,
    actor: row.actorKind === null ? null : toAuthor(row.actorKind, row.actorId),
    action: auditAction.parse(row.action),
    detail: JSON.parse(row.detail) as AuditEvent['detail'],
  };
}
