// Coordinator accounts and sessions, one implementation over Kysely for both databases.

import type { Insertable } from 'kysely';
import { orConflict, changed } from './records.ts';
import type { Records, RecordsDb } from './records.ts';
import { toCoordinator, toSession } from './rows.ts';
import type { SessionsTable } from './tables.ts';
import type { AccountStore, SessionRecord } from './types.ts';

function sessionRow(record: SessionRecord): Insertable<SessionsTable> {
  const { idHash, kind, createdAt, expiresAt } = record;
  const who =
    kind === 'coordinator'
      ? { coordinator_id: record.coordinatorId, participant_id: null, conference_id: null }
      : { coordinator_id: null, participant_id: record.participantId, conference_id: record.conferenceId };
  return { id_hash: idHash, kind, ...who, created_at: createdAt, expires_at: expiresAt };
}

function deleteParticipantSessions(db: RecordsDb, participant: string) {
  return db.deleteFrom('sessions').where('participant_id', '=', participant).execute();
}

/** The account store over a migrated database. */
export function accountStore(records: Records): AccountStore {
  const { db } = records;
  return {
    async countCoordinators() {
      const row = await db.selectFrom('coordinators').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    async createCoordinator(record) {
      const { id, name, email, passwordHash, createdAt } = record;
      await orConflict(() =>
        db.insertInto('coordinators').values({ id, name, email: email.toLowerCase(), password_hash: passwordHash, created_at: createdAt }).execute(),
      );
    },
    async findCoordinatorByEmail(email) {
      const row = await db.selectFrom('coordinators').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
      return row ? toCoordinator(row) : null;
    },
    async getCoordinator(id) {
      const row = await db.selectFrom('coordinators').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toCoordinator(row) : null;
    },
    async createSession(record, opts = {}) {
      if (!opts.replaceParticipantSessions || record.kind !== 'participant') {
        await orConflict(() => db.insertInto('sessions').values(sessionRow(record)).execute());
        return;
      }
      const participant = record.participantId;
      await orConflict(() =>
        records.transaction(async (trx) => {
          if (records.dialect === 'postgres') {
            // Several devices moving at once take turns on the participant's row: a DELETE alone
            // would not wait for another's uncommitted session, and both would stay. (SQLite's
            // write transaction already has the whole file to itself.)
            await trx.selectFrom('invites').select('id').where('participant_id', '=', participant).forNoKeyUpdate().execute();
          }
          await deleteParticipantSessions(trx, participant);
          await trx.insertInto('sessions').values(sessionRow(record)).execute();
        }),
      );
    },
    async findSession(idHash, now) {
      const row = await db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).where('expires_at', '>', now).executeTakeFirst();
      return row ? toSession(row) : null;
    },
    async deleteSession(idHash) {
      await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    },
    async deleteParticipantSessions(participant) {
      await deleteParticipantSessions(db, participant);
    },
    async deleteExpiredSessions(now) {
      const [result] = await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
      return result ? changed(result) : 0;
    },
  };
}
