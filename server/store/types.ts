// The storage interface: everything the server keeps, behind one small async API that SQLite
// implements now and PostgreSQL will implement later (both pass tests/server/store/contract.ts).

import type { ConferenceId, CoordinatorId, InviteId, ParticipantId } from '../../shared/ids.ts';
import type { DocName, Role } from '../../shared/roles.ts';
import type { Phase } from '../../shared/phases.ts';

/** A coordinator account. `passwordHash` is the full encoded KDF output, never the password. */
export interface CoordinatorRecord {
  id: CoordinatorId;
  name: string;
  email: string;
  passwordHash: string;
  createdAt: number;
}

/** A server-side session; the cookie holds the secret, the store only its SHA-256 (`idHash`). */
export type SessionRecord =
  | { idHash: string; kind: 'coordinator'; coordinatorId: CoordinatorId; createdAt: number; expiresAt: number }
  | {
      idHash: string;
      kind: 'participant';
      participantId: ParticipantId;
      conferenceId: ConferenceId;
      createdAt: number;
      expiresAt: number;
    };

/** A conference (family group conference) and its board's headline facts. */
export interface ConferenceRecord {
  id: ConferenceId;
  title: string;
  youngPersonName: string;
  scheduledFor: string | null;
  connectionsAtStart: number;
  createdBy: CoordinatorId;
  createdAt: number;
  phase: Phase;
  locked: boolean;
}

/**
 * An invite link and the participant it admits (one row: the participant's id is the invite's).
 * The secret is stored only as `tokenHash` (SHA-256, hex).
 */
export interface InviteRecord {
  id: InviteId;
  participantId: ParticipantId;
  conferenceId: ConferenceId;
  displayName: string;
  role: Role;
  tokenHash: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  revokedAt: number | null;
}

/** Who sent a document update: a coordinator, a participant, or the server itself. */
export type Author =
  | { kind: 'coordinator'; id: CoordinatorId }
  | { kind: 'participant'; id: ParticipantId }
  | { kind: 'server' };

/** Everything needed to rebuild a document: the last snapshot plus the updates stored after it. */
export interface LoadedDoc {
  snapshot: Uint8Array | null;
  updates: Uint8Array[];
  /** Sequence number of the newest update included (0 when the document is empty). */
  lastSeq: number;
}

/** One row of a document's attribution log; it outlives compaction (the bytes do not). */
export interface UpdateLogEntry {
  seq: number;
  author: Author;
  at: number;
  byteLength: number;
}

/** The store. Every method is async so network databases can implement it unchanged. */
export interface Store {
  readonly kind: 'sqlite' | 'postgres';

  countCoordinators(): Promise<number>;
  /** Creates the account; rejects with StoreConflictError when the email is taken. */
  createCoordinator(record: CoordinatorRecord): Promise<void>;
  findCoordinatorByEmail(email: string): Promise<CoordinatorRecord | null>;
  getCoordinator(id: CoordinatorId): Promise<CoordinatorRecord | null>;

  createSession(record: SessionRecord): Promise<void>;
  /** The session, or null when missing or expired at `now`. */
  findSession(idHash: string, now: number): Promise<SessionRecord | null>;
  deleteSession(idHash: string): Promise<void>;
  deleteParticipantSessions(participantId: ParticipantId): Promise<void>;
  /** Deletes every session expired at `now`; returns how many. */
  deleteExpiredSessions(now: number): Promise<number>;

  createConference(record: ConferenceRecord): Promise<void>;
  getConference(id: ConferenceId): Promise<ConferenceRecord | null>;
  listConferences(createdBy: CoordinatorId): Promise<ConferenceRecord[]>;

  createInvite(record: InviteRecord): Promise<void>;
  getInvite(id: InviteId): Promise<InviteRecord | null>;
  findInviteByTokenHash(tokenHash: string): Promise<InviteRecord | null>;
  listInvites(conferenceId: ConferenceId): Promise<InviteRecord[]>;
  /** Marks the invite used at `at` only if it was unused and not revoked; true when this call did it. */
  claimInvite(id: InviteId, at: number): Promise<boolean>;
  revokeInvite(id: InviteId, at: number): Promise<void>;

  /** Snapshot plus later updates of one live document (empty when never written). */
  loadDoc(conferenceId: ConferenceId, doc: DocName): Promise<LoadedDoc>;
  /** Durably appends one update (committed when the promise resolves); returns its sequence number. */
  appendUpdate(conferenceId: ConferenceId, doc: DocName, update: Uint8Array, author: Author, at: number): Promise<number>;
  /**
   * Replaces every update with seq ≤ `uptoSeq` by `snapshot` (the document state up to that seq),
   * in one transaction. The attribution log keeps every row.
   */
  compactDoc(conferenceId: ConferenceId, doc: DocName, snapshot: Uint8Array, uptoSeq: number): Promise<void>;
  /** Number of updates stored after the last snapshot. */
  pendingUpdateCount(conferenceId: ConferenceId, doc: DocName): Promise<number>;
  /** The attribution log, oldest first. */
  updateLog(conferenceId: ConferenceId, doc: DocName, opts?: { afterSeq?: number; limit?: number }): Promise<UpdateLogEntry[]>;

  close(): Promise<void>;
}

/** Thrown when a unique value (an email, an id) already exists. */
export class StoreConflictError extends Error {
  override name = 'StoreConflictError';
}
