// Coordinator accounts and sessions, one implementation over Kysely for both databases.

import type { Insertable } from 'kysely';
import { orConflict, changed } from './records.ts';
import type { Records, RecordsDb } from './records.ts';
import { coordinatorRecord, sessionRecord } from './schemas.ts';
import type { AccountStore, SessionRecord, Tables } from './types.ts';

function sessionRow(record: SessionRecord): Insertable<Tables['sessions']> {
  const { idHash, kind, createdAt, expiresAt } = record;
  const who =
    kind === 'coordinator'
      ? { coordinatorId: record.coordinatorId, participantId: null, conferenceId: null }
      : { coordinatorId: null, participantId: record.participantId, conferenceId: record.conferenceId };
  return { idHash, kind, ...who, createdAt, expiresAt };
}

/** How many sessions liveSessions asks about in one statement. */
const LIVE_SESSIONS_SLICE = 500;

function deleteParticipantSessions(db: RecordsDb, participant: string) {
  return db.deleteFrom('sessions').where('participantId', '=', participant).execute();
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
      await orConflict(() => db.insertInto('coordinators').values({ ...record, email: record.email.toLowerCase() }).execute());
    },
    async findCoordinatorByEmail(email) {
      const row = await db.selectFrom('coordinators').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
      return row ? coordinatorRecord.parse(row) : null;
    },
    async getCoordinator(id) {
      const row = await db.selectFrom('coordinators').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? coordinatorRecord.parse(row) : null;
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
            await trx.selectFrom('invites').select('id').where('participantId', '=', participant).forNoKeyUpdate().execute();
          }
          await deleteParticipantSessions(trx, participant);
          await trx.insertInto('sessions').values(sessionRow(record)).execute();
        }),
      );
    },
    async findSession(idHash, now) {
      const row = await db.selectFrom('sessions').selectAll().where('idHash', '=', idHash).where('expiresAt', '>', now).executeTakeFirst();
      return row ? sessionRecord.parse(row) : null;
    },
    async liveSessions(idHashes, now) {
      const live = new Set<string>();
      // In slices, each one statement: well within either database's limit on bound values.
      for (let from = 0; from < idHashes.length; from += LIVE_SESSIONS_SLICE) {
        const slice = idHashes.slice(from, from + LIVE_SESSIONS_SLICE);
        const rows = await db.selectFrom('sessions').select('idHash').where('idHash', 'in', slice).where('expiresAt', '>', now).execute();
        for (const row of rows) live.add(row.idHash);
      }
      return live;
    },
    async deleteSession(idHash) {
      await db.deleteFrom('sessions').where('idHash', '=', idHash).execute();
    },
    async deleteParticipantSessions(participant) {
      await deleteParticipantSessions(db, participant);
    },
    async deleteExpiredSessions(now) {
      const [result] = await db.deleteFrom('sessions').where('expiresAt', '<=', now).execute();
      return result ? changed(result) : 0;
    },
  };
}
