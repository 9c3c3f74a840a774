// How rows of the SQLite schema become the store's records: parsed, not cast, so a corrupt or
// hand-edited row fails loudly here instead of leaking a bad id or phase into the app.

import Database from 'better-sqlite3';
import { conferenceId, coordinatorId, inviteId, participantId } from '../../shared/ids.ts';
import { isPhase } from '../../shared/phases.ts';
import { isRole } from '../../shared/roles.ts';
import type {
  Author,
  ChangeNote,
  ConferenceRecord,
  CoordinatorRecord,
  InviteRecord,
  SessionRecord,
  UpdateLogEntry,
} from './types.ts';
import { StoreError } from './types.ts';

/** A row of `coordinators`. */
export interface CoordinatorRow {
  id: string;
  name: string;
  email: string;
  password_hash: string;
  created_at: number;
}

/** A row of `sessions`. */
export interface SessionRow {
  id_hash: string;
  kind: string;
  coordinator_id: string | null;
  participant_id: string | null;
  conference_id: string | null;
  created_at: number;
  expires_at: number;
}

/** A row of `conferences`. */
export interface ConferenceRow {
  id: string;
  title: string;
  young_person_name: string;
  scheduled_for: string | null;
  place: string;
  connections_at_start: number;
  review_date: string | null;
  created_by: string;
  created_at: number;
  phase: string;
  locked: number;
}

/** A row of `invites`. */
export interface InviteRow {
  id: string;
  participant_id: string;
  conference_id: string;
  display_name: string;
  role: string;
  token_hash: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  revoked_at: number | null;
  last_seen_at: number | null;
  family_side: number;
  relationship: string;
}

/** A row of `doc_updates`, without the bytes. */
export interface LogRow {
  seq: number;
  author_kind: string;
  author_id: string | null;
  at: number;
  byte_length: number;
  changes: string | null;
}

/** A plain Uint8Array copy, so callers never hold a Node Buffer (PostgreSQL drivers differ here too). */
export function bytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer);
}

/** Parses a coordinators row. */
export function toCoordinator(row: CoordinatorRow): CoordinatorRecord {
  return {
    id: coordinatorId(row.id),
    name: row.name,
    email: row.email,
    passwordHash: row.password_hash,
    createdAt: row.created_at,
  };
}

/** Parses a sessions row, checking that its columns match its kind. */
export function toSession(row: SessionRow): SessionRecord {
  if (row.kind === 'coordinator' && row.coordinator_id !== null) {
    return {
      idHash: row.id_hash,
      kind: 'coordinator',
      coordinatorId: coordinatorId(row.coordinator_id),
      createdAt: row.created_at,
      expiresAt: row.expires_at,
    };
  }
  if (row.kind === 'participant' && row.participant_id !== null && row.conference_id !== null) {
    return {
      idHash: row.id_hash,
      kind: 'participant',
      participantId: participantId(row.participant_id),
      conferenceId: conferenceId(row.conference_id),
      createdAt: row.created_at,
      expiresAt: row.expires_at,
    };
  }
  throw new Error(`Malformed session row (kind ${row.kind})`);
}

/** Parses a conferences row. */
export function toConference(row: ConferenceRow): ConferenceRecord {
  if (!isPhase(row.phase)) throw new Error(`Conference ${row.id} has an unknown phase: ${row.phase}`);
  return {
    id: conferenceId(row.id),
    title: row.title,
    youngPersonName: row.young_person_name,
    scheduledFor: row.scheduled_for,
    place: row.place,
    connectionsAtStart: row.connections_at_start,
    reviewDate: row.review_date,
    createdBy: coordinatorId(row.created_by),
    createdAt: row.created_at,
    phase: row.phase,
    locked: row.locked === 1,
  };
}

/** Parses an invites row. */
export function toInvite(row: InviteRow): InviteRecord {
  if (!isRole(row.role)) throw new Error(`Invite ${row.id} has an unknown role: ${row.role}`);
  return {
    id: inviteId(row.id),
    participantId: participantId(row.participant_id),
    conferenceId: conferenceId(row.conference_id),
    displayName: row.display_name,
    role: row.role,
    tokenHash: row.token_hash,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
    revokedAt: row.revoked_at,
    lastSeenAt: row.last_seen_at,
    familySide: row.family_side === 1,
    relationship: row.relationship,
  };
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

/** Runs an insert, turning a UNIQUE or PRIMARY KEY violation into a StoreError of kind `conflict`. */
export function insertOrConflict(insert: () => unknown): void {
  try {
    insert();
  } catch (error) {
    if (error instanceof Database.SqliteError && /^SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)$/.test(error.code)) {
      throw new StoreError('conflict', error.message, {}, { cause: error });
    }
    throw error;
  }
}
