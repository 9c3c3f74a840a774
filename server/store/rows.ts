// How rows of either database become the store's records, once per record: parsed, not cast, so a
// corrupt or hand-edited row fails loudly here instead of leaking a bad id or phase into the app.

import type { Selectable } from 'kysely';
import { conferenceId, coordinatorId, inviteId, participantId } from '../../shared/ids.ts';
import { isPhase } from '../../shared/phases.ts';
import { isRole } from '../../shared/roles.ts';
import type {
  AuditEventsTable,
  ConferencesTable,
  CoordinatorsTable,
  InvitesTable,
  OutboxTable,
  PlanLinksTable,
  PlanVersionsTable,
  SessionsTable,
} from './tables.ts';
import { AUDIT_ACTIONS, DELIVERY_COPIES, DELIVERY_STATUSES, deliveryId } from './types.ts';
import type {
  AuditAction,
  AuditEvent,
  Author,
  ChangeNote,
  ConferenceRecord,
  CoordinatorRecord,
  DeliveryCopy,
  DeliveryRecord,
  DeliveryStatus,
  InviteRecord,
  PlanLinkRecord,
  PlanVersionRecord,
  SessionRecord,
  UpdateLogEntry,
} from './types.ts';

/** A row of `doc_updates`, without the bytes. */
export interface LogRow {
  seq: number;
  author_kind: string;
  author_id: string | null;
  at: number;
  byte_length: number;
  changes: string | null;
}

/** A plain Uint8Array copy, so callers never hold a Node Buffer (the drivers differ here too). */
export function bytes(buffer: Uint8Array): Uint8Array {
  return new Uint8Array(buffer);
}

/** A yes/no column read from either database (SQLite 0/1, PostgreSQL boolean). */
function isSet(value: number | boolean): boolean {
  return value === true || value === 1;
}

export function toCoordinator(row: Selectable<CoordinatorsTable>): CoordinatorRecord {
  return { id: coordinatorId(row.id), name: row.name, email: row.email, passwordHash: row.password_hash, createdAt: row.created_at };
}

/** Parses a sessions row, checking that its columns match its kind. */
export function toSession(row: Selectable<SessionsTable>): SessionRecord {
  const { id_hash: idHash, created_at: createdAt, expires_at: expiresAt } = row;
  if (row.kind === 'coordinator' && row.coordinator_id !== null) {
    return { idHash, kind: 'coordinator', coordinatorId: coordinatorId(row.coordinator_id), createdAt, expiresAt };
  }
  if (row.kind === 'participant' && row.participant_id !== null && row.conference_id !== null) {
    const participant = participantId(row.participant_id);
    return { idHash, kind: 'participant', participantId: participant, conferenceId: conferenceId(row.conference_id), createdAt, expiresAt };
  }
  throw new Error(`Malformed session row (kind ${row.kind})`);
}

export function toConference(row: Selectable<ConferencesTable>): ConferenceRecord {
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
    locked: isSet(row.locked),
  };
}

export function toInvite(row: Selectable<InvitesTable>): InviteRecord {
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
    familySide: isSet(row.family_side),
    relationship: row.relationship,
  };
}

export function toPlanVersion(row: Selectable<PlanVersionsTable>): PlanVersionRecord {
  return {
    conferenceId: conferenceId(row.conference_id),
    version: row.version,
    lockedAt: row.locked_at,
    lockedBy: coordinatorId(row.locked_by),
    state: bytes(row.state),
    planJson: row.plan_json,
    sha256: row.sha256,
    overrideReason: row.override_reason,
    professionalJson: row.professional_json,
  };
}

export function toPlanLink(row: Selectable<PlanLinksTable>): PlanLinkRecord {
  return {
    tokenHash: row.token_hash,
    conferenceId: conferenceId(row.conference_id),
    participantId: participantId(row.participant_id),
    version: row.version,
    createdAt: row.created_at,
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

function isAuditAction(value: string): value is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(value);
}

export function toAuditEvent(row: Selectable<AuditEventsTable>): AuditEvent {
  if (!isAuditAction(row.action)) throw new Error(`Unknown audit action ${row.action}`);
  return {
    id: row.id,
    conferenceId: row.conference_id === null ? null : conferenceId(row.conference_id),
    at: row.at,
    actor: row.actor_kind === null ? null : toAuthor(row.actor_kind, row.actor_id),
    action: row.action,
    detail: JSON.parse(row.detail) as AuditEvent['detail'],
  };
}

function isCopy(value: string): value is DeliveryCopy {
  return (DELIVERY_COPIES as readonly string[]).includes(value);
}

function isStatus(value: string): value is DeliveryStatus {
  return (DELIVERY_STATUSES as readonly string[]).includes(value);
}

export function toDelivery(row: Selectable<OutboxTable>): DeliveryRecord {
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
