// How rows of either database become the store's records, once per record: parsed, not cast, so a
// corrupt or hand-edited row fails loudly here instead of leaking a bad id or phase into the app.

import type { Selectable } from 'kysely';
import { conferenceId, coordinatorId, inviteId, participantId } from '../../shared/ids.ts';
import { isPhase } from '../../shared/phases.ts';
import { isRole } from '../../shared/roles.ts';
import type { AuditEventsTable, SessionsTable } from './tables.ts';
import { AUDIT_ACTIONS, DELIVERY_COPIES, DELIVERY_STATUSES, deliveryId } from './types.ts';
import type {
  Tables,
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

export function toCoordinator(row: Selectable<Tables['coordinators']>): CoordinatorRecord {
  return { id: coordinatorId(row.id), name: row.name, email: row.email, passwordHash: row.passwordHash, createdAt: row.createdAt };
}

/** Parses a sessions row, checking that its columns match its kind. */
export function toSession(row: Selectable<SessionsTable>): SessionRecord {
  const { idHash, createdAt, expiresAt } = row;
  if (row.kind === 'coordinator' && row.coordinatorId !== null) {
    return { idHash, kind: 'coordinator', coordinatorId: coordinatorId(row.coordinatorId), createdAt, expiresAt };
  }
  if (row.kind === 'participant' && row.participantId !== null && row.conferenceId !== null) {
    const participant = participantId(row.participantId);
    return { idHash, kind: 'participant', participantId: participant, conferenceId: conferenceId(row.conferenceId), createdAt, expiresAt };
  }
  throw new Error(`Malformed session row (kind ${row.kind})`);
}

export function toConference(row: Selectable<Tables['conferences']>): ConferenceRecord {
  if (!isPhase(row.phase)) throw new Error(`Conference ${row.id} has an unknown phase: ${row.phase}`);
  return {
    id: conferenceId(row.id),
    title: row.title,
    youngPersonName: row.youngPersonName,
    scheduledFor: row.scheduledFor,
    place: row.place,
    connectionsAtStart: row.connectionsAtStart,
    reviewDate: row.reviewDate,
    createdBy: coordinatorId(row.createdBy),
    createdAt: row.createdAt,
    phase: row.phase,
    locked: isSet(row.locked),
  };
}

export function toInvite(row: Selectable<Tables['invites']>): InviteRecord {
  if (!isRole(row.role)) throw new Error(`Invite ${row.id} has an unknown role: ${row.role}`);
  return {
    id: inviteId(row.id),
    participantId: participantId(row.participantId),
    conferenceId: conferenceId(row.conferenceId),
    displayName: row.displayName,
    role: row.role,
    tokenHash: row.tokenHash,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    usedAt: row.usedAt,
    revokedAt: row.revokedAt,
    lastSeenAt: row.lastSeenAt,
    familySide: isSet(row.familySide),
    relationship: row.relationship,
  };
}

export function toPlanVersion(row: Selectable<Tables['plan_versions']>): PlanVersionRecord {
  return {
    conferenceId: conferenceId(row.conferenceId),
    version: row.version,
    lockedAt: row.lockedAt,
    lockedBy: coordinatorId(row.lockedBy),
    state: bytes(row.state),
    planJson: row.planJson,
    sha256: row.sha256,
    overrideReason: row.overrideReason,
    professionalJson: row.professionalJson,
  };
}

export function toPlanLink(row: Selectable<Tables['plan_links']>): PlanLinkRecord {
  return {
    tokenHash: row.tokenHash,
    conferenceId: conferenceId(row.conferenceId),
    participantId: participantId(row.participantId),
    version: row.version,
    createdAt: row.createdAt,
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
    conferenceId: row.conferenceId === null ? null : conferenceId(row.conferenceId),
    at: row.at,
    actor: row.actorKind === null ? null : toAuthor(row.actorKind, row.actorId),
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

export function toDelivery(row: Selectable<Tables['outbox']>): DeliveryRecord {
  if (!isCopy(row.copy)) throw new Error(`Delivery ${row.id} has an unknown copy: ${row.copy}`);
  if (!isStatus(row.status)) throw new Error(`Delivery ${row.id} has an unknown status: ${row.status}`);
  return {
    id: deliveryId(row.id),
    conferenceId: conferenceId(row.conferenceId),
    version: row.version,
    copy: row.copy,
    body: row.body,
    createdAt: row.createdAt,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt,
    leaseUntil: row.leaseUntil,
    lastAttemptAt: row.lastAttemptAt,
    lastError: row.lastError,
    deliveredAt: row.deliveredAt,
    responseStatus: row.responseStatus,
    responseExcerpt: row.responseExcerpt,
    giveUpAt: row.giveUpAt,
  };
}
