// The default store: one SQLite file (better-sqlite3) holding accounts, sessions, conferences,
// invites and every conference's Yjs update log with its snapshots.

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { ConferenceId } from '../../shared/ids.ts';
import type { DocName } from '../../shared/roles.ts';
import { migrate } from './migrations.ts';
import { bytes, toConference, toCoordinator, toInvite, toLogEntry, toSession } from './sqliteRows.ts';
import type { ConferenceRow, CoordinatorRow, InviteRow, LogRow, SessionRow } from './sqliteRows.ts';
import { StoreConflictError } from './types.ts';
import type { Author, LoadedDoc, Store } from './types.ts';

const BUSY_TIMEOUT_MS = 5_000;

interface AppendParams {
  conference: string;
  doc: string;
  update: Uint8Array;
  authorKind: Author['kind'];
  authorId: string | null;
  at: number;
  byteLength: number;
}

/** Opens (creating if needed) the SQLite database at `file`, migrated to the latest schema. */
export function openSqliteStore(options: { file: string }): Store {
  mkdirSync(dirname(options.file), { recursive: true });
  const db = new Database(options.file);
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    // In WAL mode, NORMAL writes every commit into the WAL file before the commit returns and only
    // fsyncs at checkpoints: a committed transaction survives a process crash or SIGKILL (it is in
    // the OS page cache), though the newest ones may be lost if the machine itself loses power.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db);
    return createStore(db);
  } catch (error) {
    db.close();
    throw error;
  }
}

function createStore(db: Database.Database): Store {
  const q = {
    countCoordinators: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM coordinators'),
    insertCoordinator: db.prepare<[string, string, string, string, number]>(
      'INSERT INTO coordinators (id, name, email, password_hash, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    coordinatorByEmail: db.prepare<[string], CoordinatorRow>('SELECT * FROM coordinators WHERE email = ?'),
    coordinatorById: db.prepare<[string], CoordinatorRow>('SELECT * FROM coordinators WHERE id = ?'),

    insertSession: db.prepare<[string, string, string | null, string | null, string | null, number, number]>(
      `INSERT INTO sessions (id_hash, kind, coordinator_id, participant_id, conference_id, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    liveSession: db.prepare<[string, number], SessionRow>('SELECT * FROM sessions WHERE id_hash = ? AND expires_at > ?'),
    deleteSession: db.prepare<[string]>('DELETE FROM sessions WHERE id_hash = ?'),
    deleteParticipantSessions: db.prepare<[string]>('DELETE FROM sessions WHERE participant_id = ?'),
    deleteExpiredSessions: db.prepare<[number]>('DELETE FROM sessions WHERE expires_at <= ?'),

    insertConference: db.prepare<[string, string, string, string | null, number, string, number, string, number]>(
      `INSERT INTO conferences
         (id, title, young_person_name, scheduled_for, connections_at_start, created_by, created_at, phase, locked)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    conferenceById: db.prepare<[string], ConferenceRow>('SELECT * FROM conferences WHERE id = ?'),
    conferencesBy: db.prepare<[string], ConferenceRow>(
      'SELECT * FROM conferences WHERE created_by = ? ORDER BY created_at DESC, id',
    ),

    insertInvite: db.prepare<
      [string, string, string, string, string, string, number, number, number | null, number | null]
    >(
      `INSERT INTO invites
         (id, participant_id, conference_id, display_name, role, token_hash, created_at, expires_at, used_at, revoked_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    inviteById: db.prepare<[string], InviteRow>('SELECT * FROM invites WHERE id = ?'),
    inviteByTokenHash: db.prepare<[string], InviteRow>('SELECT * FROM invites WHERE token_hash = ?'),
    invitesOf: db.prepare<[string], InviteRow>('SELECT * FROM invites WHERE conference_id = ? ORDER BY created_at, id'),
    // One statement, so two concurrent claims cannot both see the invite unused.
    claimInvite: db.prepare<[number, string, number]>(
      `UPDATE invites SET used_at = ?
       WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?`,
    ),
    // The first revocation time is the one that matters; revoking again changes nothing.
    revokeInvite: db.prepare<[number, string]>('UPDATE invites SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),

    snapshot: db.prepare<[string, string], { state: Buffer; upto_seq: number }>(
      'SELECT state, upto_seq FROM doc_snapshots WHERE conference_id = ? AND doc = ?',
    ),
    updatesAfter: db.prepare<[string, string, number], { update: Buffer }>(
      `SELECT "update" FROM doc_updates
       WHERE conference_id = ? AND doc = ? AND seq > ? AND "update" IS NOT NULL ORDER BY seq`,
    ),
    countAfter: db.prepare<[string, string, number], { n: number }>(
      'SELECT count(*) AS n FROM doc_updates WHERE conference_id = ? AND doc = ? AND seq > ?',
    ),
    lastSeq: db.prepare<[string, string], { seq: number }>(
      'SELECT coalesce(max(seq), 0) AS seq FROM doc_updates WHERE conference_id = ? AND doc = ?',
    ),
    // Reading max(seq) and inserting in one statement makes the sequence gap-free and race-free
    // without an explicit transaction; rows are never deleted, so max(seq) never goes backwards.
    appendUpdate: db.prepare<[AppendParams], { seq: number }>(
      `INSERT INTO doc_updates (conference_id, doc, seq, "update", author_kind, author_id, at, byte_length)
       SELECT @conference, @doc, coalesce(max(seq), 0) + 1, @update, @authorKind, @authorId, @at, @byteLength
       FROM doc_updates WHERE conference_id = @conference AND doc = @doc
       RETURNING seq`,
    ),
    upsertSnapshot: db.prepare<[string, string, Uint8Array, number]>(
      `INSERT INTO doc_snapshots (conference_id, doc, state, upto_seq) VALUES (?, ?, ?, ?)
       ON CONFLICT (conference_id, doc) DO UPDATE SET state = excluded.state, upto_seq = excluded.upto_seq`,
    ),
    dropUpdateBytes: db.prepare<[string, string, number]>(
      `UPDATE doc_updates SET "update" = NULL
       WHERE conference_id = ? AND doc = ? AND seq <= ? AND "update" IS NOT NULL`,
    ),
    log: db.prepare<[string, string, number, number], LogRow>(
      `SELECT seq, author_kind, author_id, at, byte_length FROM doc_updates
       WHERE conference_id = ? AND doc = ? AND seq > ? ORDER BY seq LIMIT ?`,
    ),
  };

  const loadDoc = db.transaction((conference: ConferenceId, doc: DocName): LoadedDoc => {
    const snap = q.snapshot.get(conference, doc);
    const updates = q.updatesAfter.all(conference, doc, snap?.upto_seq ?? 0).map((row) => bytes(row.update));
    const lastSeq = q.lastSeq.get(conference, doc)?.seq ?? 0;
    return { snapshot: snap ? bytes(snap.state) : null, updates, lastSeq };
  });

  const compactDoc = db.transaction((conference: ConferenceId, doc: DocName, state: Uint8Array, uptoSeq: number) => {
    const previous = q.snapshot.get(conference, doc)?.upto_seq ?? 0;
    const last = q.lastSeq.get(conference, doc)?.seq ?? 0;
    // A snapshot older than the current one would leave already-dropped updates uncovered.
    if (!Number.isInteger(uptoSeq) || uptoSeq < previous || uptoSeq > last) {
      throw new RangeError(`Cannot compact ${conference}/${doc} up to seq ${uptoSeq}: must be ${previous}..${last}`);
    }
    q.upsertSnapshot.run(conference, doc, state, uptoSeq);
    q.dropUpdateBytes.run(conference, doc, uptoSeq);
  });

  return {
    kind: 'sqlite',

    async countCoordinators() {
      return q.countCoordinators.get()?.n ?? 0;
    },
    async createCoordinator(record) {
      insertOrConflict(() =>
        q.insertCoordinator.run(record.id, record.name, record.email.toLowerCase(), record.passwordHash, record.createdAt),
      );
    },
    async findCoordinatorByEmail(email) {
      const row = q.coordinatorByEmail.get(email.toLowerCase());
      return row ? toCoordinator(row) : null;
    },
    async getCoordinator(id) {
      const row = q.coordinatorById.get(id);
      return row ? toCoordinator(row) : null;
    },

    async createSession(record) {
      insertOrConflict(() =>
        record.kind === 'coordinator'
          ? q.insertSession.run(record.idHash, record.kind, record.coordinatorId, null, null, record.createdAt, record.expiresAt)
          : q.insertSession.run(
              record.idHash,
              record.kind,
              null,
              record.participantId,
              record.conferenceId,
              record.createdAt,
              record.expiresAt,
            ),
      );
    },
    async findSession(idHash, now) {
      const row = q.liveSession.get(idHash, now);
      return row ? toSession(row) : null;
    },
    async deleteSession(idHash) {
      q.deleteSession.run(idHash);
    },
    async deleteParticipantSessions(participant) {
      q.deleteParticipantSessions.run(participant);
    },
    async deleteExpiredSessions(now) {
      return q.deleteExpiredSessions.run(now).changes;
    },

    async createConference(record) {
      insertOrConflict(() =>
        q.insertConference.run(
          record.id,
          record.title,
          record.youngPersonName,
          record.scheduledFor,
          record.connectionsAtStart,
          record.createdBy,
          record.createdAt,
          record.phase,
          record.locked ? 1 : 0,
        ),
      );
    },
    async getConference(id) {
      const row = q.conferenceById.get(id);
      return row ? toConference(row) : null;
    },
    async listConferences(createdBy) {
      return q.conferencesBy.all(createdBy).map(toConference);
    },

    async createInvite(record) {
      insertOrConflict(() =>
        q.insertInvite.run(
          record.id,
          record.participantId,
          record.conferenceId,
          record.displayName,
          record.role,
          record.tokenHash,
          record.createdAt,
          record.expiresAt,
          record.usedAt,
          record.revokedAt,
        ),
      );
    },
    async getInvite(id) {
      const row = q.inviteById.get(id);
      return row ? toInvite(row) : null;
    },
    async findInviteByTokenHash(tokenHash) {
      const row = q.inviteByTokenHash.get(tokenHash);
      return row ? toInvite(row) : null;
    },
    async listInvites(conference) {
      return q.invitesOf.all(conference).map(toInvite);
    },
    async claimInvite(id, at) {
      return q.claimInvite.run(at, id, at).changes === 1;
    },
    async revokeInvite(id, at) {
      q.revokeInvite.run(at, id);
    },

    async loadDoc(conference, doc) {
      return loadDoc(conference, doc);
    },
    async appendUpdate(conference, doc, update, author, at) {
      const row = q.appendUpdate.get({
        conference,
        doc,
        update,
        authorKind: author.kind,
        authorId: author.kind === 'server' ? null : author.id,
        at,
        byteLength: update.byteLength,
      });
      if (!row) throw new Error('INSERT … RETURNING returned no row');
      return row.seq;
    },
    async compactDoc(conference, doc, snapshot, uptoSeq) {
      compactDoc(conference, doc, snapshot, uptoSeq);
    },
    async pendingUpdateCount(conference, doc) {
      const upto = q.snapshot.get(conference, doc)?.upto_seq ?? 0;
      return q.countAfter.get(conference, doc, upto)?.n ?? 0;
    },
    async updateLog(conference, doc, opts = {}) {
      // SQLite reads a negative LIMIT as "no limit".
      return q.log.all(conference, doc, opts.afterSeq ?? 0, opts.limit ?? -1).map(toLogEntry);
    },

    async close() {
      if (db.open) db.close();
    },
  };
}

function insertOrConflict(insert: () => unknown): void {
  try {
    insert();
  } catch (error) {
    if (error instanceof Database.SqliteError && /^SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)$/.test(error.code)) {
      throw new StoreConflictError(error.message, { cause: error });
    }
    throw error;
  }
}
