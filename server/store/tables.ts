// The tables as Kysely sees them, the same on both databases, their columns named as the records
// name their fields (the records' CamelCasePlugin spells them created_at in SQL): numbers for
// INTEGER and BIGINT (the PostgreSQL pool parses BIGINT into numbers), and `Flag` for the two
// columns SQLite keeps as 0/1 and PostgreSQL as BOOLEAN.

import type { Generated } from 'kysely';

/** A yes/no column: 0 or 1 in SQLite, a boolean in PostgreSQL (written through Records.flag). */
export type Flag = number | boolean;

/** A value as a row holds it: ids and closed sets as plain text, yes/no as a Flag (rows.ts parses them back). */
type Column<T> = T extends boolean ? Flag : T extends string ? string : T;

/** A record as its table's row holds it, where the row is the record field for field (types.ts, Tables). */
export type Row<R> = { [K in keyof R]: Column<R[K]> };

export interface SessionsTable {
  idHash: string;
  kind: string;
  coordinatorId: string | null;
  participantId: string | null;
  conferenceId: string | null;
  createdAt: number;
  expiresAt: number;
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
