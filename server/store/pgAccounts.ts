// Coordinator accounts and sessions in PostgreSQL.

import type { Pool } from 'pg';
import { inTransaction, orConflict, toCoordinator, toSession } from './pgRows.ts';
import type { CoordinatorRow, SessionRow } from './pgRows.ts';
import type { AccountStore, SessionRecord } from './types.ts';

const INSERT_SESSION = `INSERT INTO sessions (id_hash, kind, coordinator_id, participant_id, conference_id, created_at, expires_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7)`;

function sessionValues(record: SessionRecord): unknown[] {
  return record.kind === 'coordinator'
    ? [record.idHash, record.kind, record.coordinatorId, null, null, record.createdAt, record.expiresAt]
    : [record.idHash, record.kind, null, record.participantId, record.conferenceId, record.createdAt, record.expiresAt];
}

/** The account store over a pool on a migrated database. */
export function pgAccounts(pool: Pool): AccountStore {
  return {
    async countCoordinators() {
      const { rows } = await pool.query<{ n: number }>('SELECT count(*) AS n FROM coordinators');
      return rows[0]?.n ?? 0;
    },
    async createCoordinator(record) {
      await orConflict(() =>
        pool.query('INSERT INTO coordinators (id, name, email, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)', [
          record.id,
          record.name,
          record.email.toLowerCase(),
          record.passwordHash,
          record.createdAt,
        ]),
      );
    },
    async findCoordinatorByEmail(email) {
      const { rows } = await pool.query<CoordinatorRow>('SELECT * FROM coordinators WHERE email = $1', [email.toLowerCase()]);
      return rows[0] ? toCoordinator(rows[0]) : null;
    },
    async getCoordinator(id) {
      const { rows } = await pool.query<CoordinatorRow>('SELECT * FROM coordinators WHERE id = $1', [id]);
      return rows[0] ? toCoordinator(rows[0]) : null;
    },
    async createSession(record, opts = {}) {
      if (opts.replaceParticipantSessions && record.kind === 'participant') {
        const participant = record.participantId;
        await orConflict(() =>
          inTransaction(pool, async (client) => {
            // Several devices moving at once take turns on the participant's row: a DELETE alone
            // would not wait for another's uncommitted session, and both would stay.
            await client.query('SELECT 1 FROM invites WHERE participant_id = $1 FOR NO KEY UPDATE', [participant]);
            await client.query('DELETE FROM sessions WHERE participant_id = $1', [participant]);
            await client.query(INSERT_SESSION, sessionValues(record));
          }),
        );
      } else {
        await orConflict(() => pool.query(INSERT_SESSION, sessionValues(record)));
      }
    },
    async findSession(idHash, now) {
      const { rows } = await pool.query<SessionRow>('SELECT * FROM sessions WHERE id_hash = $1 AND expires_at > $2', [idHash, now]);
      return rows[0] ? toSession(rows[0]) : null;
    },
    async deleteSession(idHash) {
      await pool.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
    },
    async deleteParticipantSessions(participant) {
      await pool.query('DELETE FROM sessions WHERE participant_id = $1', [participant]);
    },
    async deleteExpiredSessions(now) {
      return (await pool.query('DELETE FROM sessions WHERE expires_at <= $1', [now])).rowCount ?? 0;
    },
  };
}
