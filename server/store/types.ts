// The storage interfaces: the document store (a few functions on each live document's update log),
// the records of accounts and of conferences, and the outbox of agreed plans pushed to the care
// record, each behind a small async API that SQLite and PostgreSQL both implement (each passes the
// same suites in tests/server/store/).

import type { ConferenceId, CoordinatorId, InviteId, ParticipantId } from '../../shared/ids.ts';
import type { DocName, Role } from '../../shared/roles.ts';
import type { Compilable, Generated, Kysely } from 'kysely';
import type { z } from 'zod';
import type {
  conferenceRecord,
  ConferenceRecord,
  coordinatorRecord,
  CoordinatorRecord,
  deliveryRecord,
  DeliveryId,
  DeliveryRecord,
  Flag,
  inviteRecord,
  InviteRecord,
  planLinkRecord,
  PlanLinkRecord,
  planVersionRecord,
  PlanVersionRecord,
  SessionRecord,
} from './schemas.ts';

// The records themselves are declared once, as zod schemas, in schemas.ts.
export * from './schemas.ts';

/** Who sent a document update: a coordinator, a participant, or the server itself. */
export type Author =
  | { kind: 'coordinator'; id: CoordinatorId }
  | { kind: 'participant'; id: ParticipantId }
  | { kind: 'server' };

/** One string per author ("server", "coordinator:<id>", "participant:<id>"), for comparing owners. */
export function authorKey(author: Author): string {
  return author.kind === 'server' ? 'server' : `${author.kind}:${author.id}`;
}

/** Everything needed to rebuild a document: the last snapshot plus the updates stored after it. */
export interface LoadedDoc {
  snapshot: Uint8Array | null;
  updates: Uint8Array[];
  /** Sequence number of the newest update included (0 when the document is empty). */
  lastSeq: number;
  /** Bytes the document takes in the store now: its snapshot plus the updates after it. */
  storedBytes: number;
  /** Which author owns each Yjs client id written in this document (see AppendOptions.claims). */
  owners: Map<number, Author>;
}

/**
 * What one change in an update did, as the history tells it: the place, and the words of the
 * entry at the time (an offer's text, a person's name) so it can still be told after the entry
 * is gone. Taken from the server's own reading of the update, never from what a client says.
 */
export interface ChangeNote {
  op: 'add' | 'remove' | 'set' | 'edit';
  /** The root: meta, offers, people, objectives, agreements, contingency, notes. */
  root: string;
  id?: string;
  field?: string;
  /** A short excerpt naming the entry. */
  label?: string;
  /** For an offer's move, its new column; for a set, the new value when it is a word from a closed set. */
  to?: string;
}

/** A version as listed (without its contents). */
export interface PlanVersionSummary {
  version: number;
  lockedAt: number;
  sha256: string;
}

/** The sessions table: a SessionRecord's two kinds in one row, the other kind's columns null. */
interface SessionsTable {
  idHash: string;
  kind: string;
  coordinatorId: string | null;
  participantId: string | null;
  conferenceId: string | null;
  createdAt: number;
  expiresAt: number;
}

/** The audit table: an AuditEvent, its actor in two columns and its detail as JSON text. */
interface AuditEventsTable {
  id: Generated<number>;
  conferenceId: string | null;
  at: number;
  actorKind: string | null;
  actorId: string | null;
  action: string;
  detail: string;
}

/**
 * The record tables as the records' Kysely sees them, columns named as the records name their fields
 * (its CamelCasePlugin spells them created_at in SQL); a record kept field for field is its own row.
 * The document log's tables are read and written in SQL of its own (docLog.ts).
 */
export interface Tables {
  coordinators: z.input<typeof coordinatorRecord>;
  sessions: SessionsTable;
  conferences: z.input<typeof conferenceRecord>;
  invites: z.input<typeof inviteRecord>;
  plan_versions: z.input<typeof planVersionRecord>;
  plan_links: z.input<typeof planLinkRecord>;
  audit_events: AuditEventsTable;
  outbox: z.input<typeof deliveryRecord>;
}

/** The record tables' query builder and yes/no spelling, as an append hook is given them. */
export interface HookRecords {
  readonly db: Kysely<Tables>;
  flag(value: boolean): Flag;
}

/**
 * Record writes that join an append's transaction (board concerns such as the conference summary
 * and the sealed plan, boardRecords.ts): given the records' query builder, the statements to run
 * after the update is stored, all or nothing with it.
 */
export type AppendHook = (records: HookRecords) => readonly Compilable[];

/** What is stored with an update, in the same transaction. */
export interface AppendOptions {
  author: Author;
  at: number;
  /** Yjs client ids this update writes with for the first time: from now on they are the author's. */
  claims?: readonly number[];
  /** What the update changed, for the history (kept when compaction drops the bytes). */
  changes?: readonly ChangeNote[];
  /** Record writes that go in the append's transaction. */
  within?: AppendHook;
  /** For the server's own update that unlocks a locked board (for a review): the lock lets it through. */
  unlocks?: boolean;
  /**
   * The seq the document must be at (its newest update's; 0 when empty) for this append to go
   * ahead, decided atomically with the append (PostgreSQL: under the document's head lock, so across
   * instances too). Otherwise nothing is written, no seq is used up, and the append rejects with
   * a StoreError of kind `seqConflict`: another server instance appended first, and the caller must catch up
   * (loadAfter) before deciding again. Absent: the append goes ahead at whatever seq is next.
   */
  expectSeq?: number;
}

/** One row of a document's attribution log; it outlives compaction (the bytes do not). */
export interface UpdateLogEntry {
  seq: number;
  author: Author;
  at: number;
  byteLength: number;
  /** What it changed (empty for updates stored before this was recorded, and for server changes). */
  changes: ChangeNote[];
}

/** The live documents' update logs: load, append, compact, and the attribution log. */
export interface DocStore {
  /** Snapshot plus later updates of one live document (empty when never written). */
  load(conferenceId: ConferenceId, doc: DocName): Promise<LoadedDoc>;
  /**
   * What a document gained after `afterSeq`, for a server instance catching up: the updates with a
   * seq above it, in order, preceded by the snapshot only when the snapshot covers some seq above
   * `afterSeq` (the updates it replaced are gone; applying it again is harmless). Read as one
   * snapshot of the store, so a compaction running at the same time never leaves a gap. `owners`
   * and `storedBytes` are the whole document's, as in load(); `lastSeq` is the newest stored seq:
   * `afterSeq` when nothing came, and below it when the caller claims a seq the store never had.
   * loadAfter(…, 0) is load() (but for a snapshot of no updates, which it leaves out). RangeError
   * unless `afterSeq` is a whole number ≥ 0.
   */
  loadAfter(conferenceId: ConferenceId, doc: DocName, afterSeq: number): Promise<LoadedDoc>;
  /**
   * Durably appends one update (committed when the promise resolves) with its attribution, its
   * client-id claims and the hook's record writes (AppendOptions.within), all or nothing; returns its sequence number.
   * Refusals, each storing nothing, checked in this order (the first that applies is the one given):
   * 1. `notFound` when the conference does not exist;
   * 2. `seqConflict` when `expectSeq` is given and the document is not at it — before the lock
   *    and the claims, because a writer that is behind must catch up first: what it missed may be
   *    the lock itself, or the update that claimed its client id;
   * 3. `locked` for the board of a conference whose plan is locked (checked in the same
   *    transaction, so an update racing the lock is either in the agreed version or refused) —
   *    except the server's own update that unlocks it (`unlocks`);
   * 4. `clientIdTaken` when a claimed id already belongs to another author.
   */
  append(conferenceId: ConferenceId, doc: DocName, update: Uint8Array, options: AppendOptions): Promise<number>;
  /**
   * Replaces every update with seq ≤ `uptoSeq` by `snapshot` (the document state up to that seq),
   * in one transaction. The attribution log keeps every row. Rejects with a RangeError for a seq
   * beyond the last update or behind the current snapshot.
   */
  compact(conferenceId: ConferenceId, doc: DocName, snapshot: Uint8Array, uptoSeq: number): Promise<void>;
  /**
   * Folds every update with seq ≤ `uptoSeq` into the snapshot, building the snapshot from exactly
   * the stored snapshot and those stored updates (never from a document in some instance's memory),
   * in one transaction, one caller at a time per document (taking turns with compact() too); appends
   * go on meanwhile. The attribution log keeps every row. Resolves with the document's stored bytes
   * afterwards (snapshot plus the updates after it); a no-op (resolving the current bytes) when the
   * snapshot already covers `uptoSeq`. RangeError for a seq beyond the last update or not a whole
   * number ≥ 0; an Error, storing nothing, when a stored part cannot be applied.
   */
  compactStored(conferenceId: ConferenceId, doc: DocName, uptoSeq: number): Promise<number>;
  /**
   * Runs `work` holding the document's head, for a writer that keeps losing to other instances:
   * no append to this document from any connection or instance goes ahead until `work` has
   * finished, so what `work` reads through `held.loadAfter` stays the latest and its
   * `held.append` cannot meet a seq conflict. Everything `work` appends is committed together when
   * it resolves, or not at all when it throws. Nothing else on this document (compaction
   * included) may be awaited inside `work`. (SQLite serves one process, which has no other writer
   * and never needs this: there `work` simply runs, and its appends are kept as they happen.)
   */
  withHead<T>(conferenceId: ConferenceId, doc: DocName, work: (held: HeldHead) => Promise<T>): Promise<T>;
  /** The attribution log, oldest first. */
  log(conferenceId: ConferenceId, doc: DocName, opts?: { afterSeq?: number; limit?: number }): Promise<UpdateLogEntry[]>;
}

/** A document's head as held by withHead: reads and appends inside its transaction. */
export interface HeldHead {
  loadAfter(afterSeq: number): Promise<LoadedDoc>;
  append(update: Uint8Array, options: AppendOptions): Promise<number>;
}

/** Coordinator accounts and everyone's sessions. */
export interface AccountStore {
  countCoordinators(): Promise<number>;
  /** Creates the account; rejects with a StoreError of kind `conflict` when the email is taken. */
  createCoordinator(record: CoordinatorRecord): Promise<void>;
  findCoordinatorByEmail(email: string): Promise<CoordinatorRecord | null>;
  getCoordinator(id: CoordinatorId): Promise<CoordinatorRecord | null>;

  /**
   * Stores a session. With `replaceParticipantSessions`, a participant's other sessions are deleted
   * in the same transaction, so of several devices moving at once exactly one stays signed in.
   */
  createSession(record: SessionRecord, opts?: { replaceParticipantSessions?: boolean }): Promise<void>;
  /** The session, or null when missing or expired at `now`. */
  findSession(idHash: string, now: number): Promise<SessionRecord | null>;
  /** Of these sessions, the ones that exist and have not expired at `now` (for rechecking every open socket at once). */
  liveSessions(idHashes: readonly string[], now: number): Promise<Set<string>>;
  deleteSession(idHash: string): Promise<void>;
  deleteParticipantSessions(participantId: ParticipantId): Promise<void>;
  /** Deletes every session expired at `now`; returns how many. */
  deleteExpiredSessions(now: number): Promise<number>;
}

/** Conferences and their invites. */
export interface ConferenceStore {
  /** Creates the record; rejects with a StoreError of kind `conflict` when the id is taken. */
  create(record: ConferenceRecord): Promise<void>;
  get(id: ConferenceId): Promise<ConferenceRecord | null>;
  list(createdBy: CoordinatorId): Promise<ConferenceRecord[]>;

  createInvite(record: InviteRecord): Promise<void>;
  getInvite(id: InviteId): Promise<InviteRecord | null>;
  findInviteByTokenHash(tokenHash: string): Promise<InviteRecord | null>;
  listInvites(conferenceId: ConferenceId): Promise<InviteRecord[]>;
  /** Marks the invite used at `at` only if it was unused and not revoked; true when this call did it. */
  claimInvite(id: InviteId, at: number): Promise<boolean>;
  revokeInvite(id: InviteId, at: number): Promise<void>;
  /**
   * Deletes a conference and everything in it — its documents, agreed versions, invites and their
   * sessions, outbox and record of who did what — in one transaction; true when it existed.
   */
  delete(id: ConferenceId): Promise<boolean>;
  /** The agreed versions of a conference's plan, oldest first. */
  listPlanVersions(conferenceId: ConferenceId): Promise<PlanVersionSummary[]>;
  /** One agreed version, exactly as it was locked; null if there is none. */
  getPlanVersion(conferenceId: ConferenceId, version: number): Promise<PlanVersionRecord | null>;
  /** Gives a participant a new role (not once withdrawn); true when it changed. */
  setInviteRole(id: InviteId, role: Role): Promise<boolean>;
  /** Changes how a participant's relationship to the young person is written (not once withdrawn). */
  setInviteRelationship(id: InviteId, relationship: string): Promise<void>;
  /**
   * A new secret for a lost link, for the same participant: the old link stops working, the new
   * one works once, until `expiresAt` (not once withdrawn); true when it changed.
   */
  replaceInviteToken(id: InviteId, tokenHash: string, expiresAt: number): Promise<boolean>;
  /** Records that the participant was on the board at `at`. */
  touchInvite(id: InviteId, at: number): Promise<void>;
  /** Keeps a plan link, replacing the participant's earlier link to the same version. */
  createPlanLink(record: PlanLinkRecord): Promise<void>;
  /** The plan link with this secret's hash, or null. */
  findPlanLink(tokenHash: string): Promise<PlanLinkRecord | null>;
}

/** The things that happen in and around a conference that the record of who did what keeps. */
export const AUDIT_ACTIONS = [
  'conference.created',
  'conference.deleted',
  'conference.detailsChanged',
  'invite.created',
  'invite.withdrawn',
  'invite.roleChanged',
  'invite.relationshipChanged',
  'invite.replaced',
  'invite.sent',
  'participant.joined',
  'participant.movedDevice',
  'board.opened',
  'board.left',
  'notes.opened',
  'phase.changed',
  'family.ready',
  'change.refused',
  'agreement.recorded',
  'agreement.withdrawn',
  'signIn.succeeded',
  'signIn.failed',
  'signedOut',
  'plan.locked',
  'plan.unlocked',
  'plan.lockRefused',
  'plan.exported',
  'plan.sent',
  'plan.linkCreated',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * One entry of the record of who did what. `detail` holds ids, roles, phases, rule names and
 * counts — nothing personal — except the coordinator's own reason for locking a plan without the
 * young person or reopening it (`overrideReason`, `reason`: shown in the history, never logged); and `actor` is who did it (null: nobody known, e.g. a failed sign-in).
 */
export interface AuditEvent {
  id: number;
  conferenceId: ConferenceId | null;
  at: number;
  actor: Author | null;
  action: AuditAction;
  detail: Readonly<Record<string, string | number | boolean | null>>;
}

/** The record of who did what. */
export interface AuditStore {
  /** Adds an event (its id is given by the store). */
  record(event: Omit<AuditEvent, 'id'>): Promise<void>;
  /** A conference's events, and its coordinator's account events (sign-ins), oldest first. */
  list(conferenceId: ConferenceId, coordinatorId: CoordinatorId, opts?: { limit?: number }): Promise<AuditEvent[]>;
}

/** What a new delivery starts with; it is queued for an attempt at once. */
export type NewDelivery = Pick<DeliveryRecord, 'id' | 'conferenceId' | 'version' | 'copy' | 'body' | 'createdAt' | 'giveUpAt'>;

/** How one attempt ended, as the worker that claimed it records it. */
export type AttemptResult =
  | { kind: 'delivered'; at: number; responseStatus: number; responseExcerpt: string }
  | { kind: 'retry'; error: string; responseStatus: number | null; responseExcerpt: string | null; nextAttemptAt: number }
  | { kind: 'failed'; error: string; responseStatus: number | null; responseExcerpt: string | null };

/**
 * The outbox of agreed plans to push to the care record. Attempts are claimed under a lease, so two
 * workers (two server instances) never make the same attempt at once, and a lease left by a killed
 * process simply runs out.
 */
export interface OutboxStore {
  /**
   * Queues a delivery, unless one for the same conference, version and copy is queued or delivered:
   * then that one is returned and nothing is stored (`created` false). After a failed one, a new one
   * is made. Rejects with a StoreError: `notFound` for an unknown conference, `conflict` for a taken id.
   */
  enqueue(delivery: NewDelivery): Promise<{ delivery: DeliveryRecord; created: boolean }>;
  get(id: DeliveryId): Promise<DeliveryRecord | null>;
  /** A conference's deliveries, oldest first. */
  listForConference(conferenceId: ConferenceId): Promise<DeliveryRecord[]>;
  /** Queued deliveries whose next attempt is due at `now` and that nobody holds, oldest first. */
  due(now: number, limit: number): Promise<DeliveryRecord[]>;
  /**
   * Starts an attempt: counts it, and holds the delivery until `leaseUntil`, only if it is queued,
   * due and not held. Returns the delivery with `attempts` being this attempt's number, or null
   * when another worker got it first (or it is not due).
   */
  claim(id: DeliveryId, now: number, leaseUntil: number): Promise<DeliveryRecord | null>;
  /**
   * Records how attempt number `attempt` ended and lets go of the lease; true when it changed the
   * delivery. A success counts whichever attempt it came from (the receiver has the plan); a retry
   * or failure only from the latest attempt of a still-queued delivery, so a worker whose lease ran
   * out cannot undo a newer attempt's outcome.
   */
  recordAttempt(id: DeliveryId, attempt: number, result: AttemptResult): Promise<boolean>;
  /**
   * For the retention job: conferences whose latest agreed version was delivered (its latest
   * delivery of any copy) before `before`, the longest-delivered first.
   */
  deliveredBefore(before: number, limit?: number): Promise<ConferenceId[]>;
}

/** Everything the server keeps: five stores over one database. */
export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  readonly docs: DocStore;
  readonly accounts: AccountStore;
  readonly conferences: ConferenceStore;
  readonly audit: AuditStore;
  readonly outbox: OutboxStore;
  /**
   * Resolves when the database answers a trivial query; rejects when it cannot be reached (for
   * GET /readyz). Optional until every store has one; a store without it is reported unchecked.
   */
  ping?(): Promise<void>;
  close(): Promise<void>;
}

/**
 * What a store refusal or failure was, for its callers and for the one onError that answers HTTP:
 * - `conflict`: a unique value (an email, an id) already exists;
 * - `notFound`: the conference it names does not exist (deleted, or never created);
 * - `locked`: the board's plan is locked as agreed;
 * - `seqConflict`: the document is not at the seq the append expected (another instance wrote first);
 * - `clientIdTaken`: a Yjs client id the append claims already belongs to another author;
 * - `unavailable`: the database cannot be reached or is too busy just now.
 */
export const STORE_ERROR_KINDS = ['conflict', 'notFound', 'locked', 'seqConflict', 'clientIdTaken', 'unavailable'] as const;
export type StoreErrorKind = (typeof STORE_ERROR_KINDS)[number];

/** The numbers a refusal names: the seqs of a seq conflict, the client id that was taken. */
export interface StoreErrorFacts {
  expected?: number;
  actual?: number;
  clientId?: number;
}

/** The one error every store throws for a refusal or an outage, told apart by `kind`. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly expected: number | undefined;
  readonly actual: number | undefined;
  readonly clientId: number | undefined;
  constructor(
    readonly kind: StoreErrorKind,
    message: string,
    facts: StoreErrorFacts = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.expected = facts.expected;
    this.actual = facts.actual;
    this.clientId = facts.clientId;
  }
}

/** True when `error` is a StoreError (of `kind`, when given). */
export function isStoreError(error: unknown, kind?: StoreErrorKind): error is StoreError {
  return error instanceof StoreError && (kind === undefined || error.kind === kind);
}

/** The refusal of an append that expected the document at `expected` while it is at `actual`. */
export function seqConflict(expected: number, actual: number): StoreError {
  return new StoreError('seqConflict', `The document is at seq ${actual}, not ${expected}`, { expected, actual });
}

/** The refusal of an append that claims a client id another author owns. */
export function clientIdTaken(clientId: number): StoreError {
  return new StoreError('clientIdTaken', `Yjs client id ${clientId} already belongs to another author`, { clientId });
}

/** The refusal of an append to a locked board. */
export function boardLocked(): StoreError {
  return new StoreError('locked', 'The plan has been agreed and locked.');
}

/** The refusal of a write naming a conference that does not exist. */
export function noSuchConference(conference: string, options?: ErrorOptions): StoreError {
  return new StoreError('notFound', `There is no conference ${conference}`, {}, options);
}
