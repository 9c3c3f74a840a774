// The record tables as Kysely sees them, the same on both databases: numbers for INTEGER and BIGINT
// (the PostgreSQL pool parses BIGINT into numbers), and `Flag` for the two columns SQLite keeps as
// 0/1 and PostgreSQL as BOOLEAN.

import type { Generated } from 'kysely';

/** A yes/no column: 0 or 1 in SQLite, a boolean in PostgreSQL (written through Records.flag). */
export type Flag = number | boolean;

export interface CoordinatorsTable {
  id: string;
  name: string;
  email: string;
  password_hash: string;
  created_at: number;
}

export interface SessionsTable {
  id_hash: string;
  kind: string;
  coordinator_id: string | null;
  participant_id: string | null;
  conference_id: string | null;
  created_at: number;
  expires_at: number;
}

export interface ConferencesTable {
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
  locked: Flag;
}

export interface InvitesTable {
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
  family_side: Flag;
  relationship: string;
}

export interface PlanVersionsTable {
  conference_id: string;
  version: number;
  locked_at: number;
  locked_by: string;
  state: Uint8Array;
  plan_json: string;
  sha256: string;
  override_reason: string | null;
  professional_json: string | null;
}

export interface PlanLinksTable {
  token_hash: string;
  conference_id: string;
  participant_id: string;
  version: number;
  created_at: number;
}

export interface AuditEventsTable {
  id: Generated<number>;
  conference_id: string | null;
  at: number;
  actor_kind: string | null;
  actor_id: string | null;
  action: string;
  detail: string;
}

export interface OutboxTable {
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

/** One row per stored update of a live document; `update` is null once folded into a snapshot. */
export interface DocUpdatesTable {
  conference_id: string;
  doc: string;
  seq: number;
  update: Uint8Array | null;
  author_kind: string;
  author_id: string | null;
  at: number;
  byte_length: number;
  changes: string | null;
}

export interface DocSnapshotsTable {
  conference_id: string;
  doc: string;
  state: Uint8Array;
  upto_seq: number;
}

export interface DocClientsTable {
  conference_id: string;
  doc: string;
  client_id: number;
  author_kind: string;
  author_id: string | null;
}

/** PostgreSQL only: a document's newest seq, whose row lock appends take turns on. */
export interface DocHeadsTable {
  conference_id: string;
  doc: string;
  last_seq: number;
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
