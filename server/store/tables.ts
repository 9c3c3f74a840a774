// The tables as Kysely sees them, the same on both databases, their columns named as the records
// name their fields (the records' CamelCasePlugin spells them created_at in SQL): numbers for
// INTEGER and BIGINT (the PostgreSQL pool parses BIGINT into numbers), and `Flag` for the two
// columns SQLite keeps as 0/1 and PostgreSQL as BOOLEAN.

import type { Generated } from 'kysely';

/** A yes/no column: 0 or 1 in SQLite, a boolean in PostgreSQL (written through Records.flag). */
export type Flag = number | boolean;

export interface CoordinatorsTable {
  id: string;
  name: string;
  email: string;
  passwordHash: string;
  createdAt: number;
}

export interface SessionsTable {
  idHash: string;
  kind: string;
  coordinatorId: string | null;
  participantId: string | null;
  conferenceId: string | null;
  createdAt: number;
  expiresAt: number;
}

export interface ConferencesTable {
  id: string;
  title: string;
  youngPersonName: string;
  scheduledFor: string | null;
  place: string;
  connectionsAtStart: number;
  reviewDate: string | null;
  createdBy: string;
  createdAt: number;
  phase: string;
  locked: Flag;
}

export interface InvitesTable {
  id: string;
  participantId: string;
  conferenceId: string;
  displayName: string;
  role: string;
  tokenHash: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  revokedAt: number | null;
  lastSeenAt: number | null;
  familySide: Flag;
  relationship: string;
}

export interface PlanVersionsTable {
  conferenceId: string;
  version: number;
  lockedAt: number;
  lockedBy: string;
  state: Uint8Array;
  planJson: string;
  sha256: string;
  overrideReason: string | null;
  professionalJson: string | null;
}

export interface PlanLinksTable {
  tokenHash: string;
  conferenceId: string;
  participantId: string;
  version: number;
  createdAt: number;
}

export interface AuditEventsTable {
  id: Generated<number>;
  conferenceId: string | null;
  at: number;
  actorKind: string | null;
  actorId: string | null;
  action: string;
  detail: string;
}

export interface OutboxTable {
  id: string;
  conferenceId: string;
  version: number;
  copy: string;
  body: string;
  createdAt: number;
  status: string;
  attempts: number;
  nextAttemptAt: number;
  leaseUntil: number | null;
  lastAttemptAt: number | null;
  lastError: string | null;
  deliveredAt: number | null;
  responseStatus: number | null;
  responseExcerpt: string | null;
  giveUpAt: number;
}

/** One row per stored update of a live document; `update` is null once folded into a snapshot. */
export interface DocUpdatesTable {
  conferenceId: string;
  doc: string;
  seq: number;
  update: Uint8Array | null;
  authorKind: string;
  authorId: string | null;
  at: number;
  byteLength: number;
  changes: string | null;
}

export interface DocSnapshotsTable {
  conferenceId: string;
  doc: string;
  state: Uint8Array;
  uptoSeq: number;
}

export interface DocClientsTable {
  conferenceId: string;
  doc: string;
  clientId: number;
  authorKind: string;
  authorId: string | null;
}

/** PostgreSQL only: a document's newest seq, whose row lock appends take turns on. */
export interface DocHeadsTable {
  conferenceId: string;
  doc: string;
  lastSeq: number;
}

/** The tables. */
export interface Tables {
  coordinators: CoordinatorsTable;
  sessions: SessionsTable;
  conferences: ConferencesTable;
  invites: InvitesTable;
  plan_versions: PlanVersionsTable;
  plan_links: PlanLinksTable;
  audit_events: AuditEventsTable;
  outbox: OutboxTable;
  doc_updates: DocUpdatesTable;
  doc_snapshots: DocSnapshotsTable;
  doc_clients: DocClientsTable;
  doc_heads: DocHeadsTable;
}
