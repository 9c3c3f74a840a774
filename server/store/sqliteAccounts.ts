// Coordinator accounts and sessions in SQLite.

import type Database from 'better-sqlite3';
import { insertOrConflict, toCoordinator, toSession } from './sqliteRows.ts';
import type { CoordinatorRow, SessionRow } from './sqliteRows.ts';
import type { AccountStore } from './types.ts';

/** The account store over an open, migrated database. */
export function sqliteAccounts(db: Database.Database): AccountStore {
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
  };

  return {
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
    async createSession(record, opts = {}) {
      const insert = () =>
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
            );
      if (opts.replaceParticipantSessions && record.kind === 'participant') {
        const participant = record.participantId;
        insertOrConflict(() =>
          db.transaction(() => {
            q.deleteParticipantSessions.run(participant);
            insert();
          }).immediate(),
        );
      } else {
        insertOrConflict(insert);
      }
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
  };
}
