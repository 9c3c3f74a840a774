// Conferences, their invites, plan links and agreed versions: one implementation over Kysely for
// both databases.

import { sql } from 'kysely';
import { changed, orConflict } from './records.ts';
import type { Records } from './records.ts';
import { conferenceRecord, inviteRecord, planLinkRecord, planVersionRecord } from './schemas.ts';
import type { ConferenceStore } from './types.ts';

/** Runs an UPDATE or DELETE and says whether it changed exactly one row. */
async function changedOne(query: { executeTakeFirst(): Promise<{ numUpdatedRows?: bigint; numDeletedRows?: bigint }> }): Promise<boolean> {
  return changed(await query.executeTakeFirst()) === 1;
}

/** The conference store over a migrated database. */
export function conferenceStore(records: Records): ConferenceStore {
  return { ...conferences(records), ...invites(records), ...agreedVersions(records) };
}

type Conferences = Pick<ConferenceStore, 'create' | 'get' | 'list' | 'delete'>;

function conferences({ db, flag }: Records): Conferences {
  return {
    async create(record) {
      await orConflict(() => db.insertInto('conferences').values({ ...record, locked: flag(record.locked) }).execute());
    },
    async get(id) {
      const row = await db.selectFrom('conferences').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? conferenceRecord.parse(row) : null;
    },
    async list(createdBy) {
      const rows = await db.selectFrom('conferences').selectAll().where('createdBy', '=', createdBy).orderBy('createdAt', 'desc').orderBy('id').execute();
      return rows.map((row) => conferenceRecord.parse(row));
    },
    async delete(id) {
      // Every table that holds a conference's data references it ON DELETE CASCADE (the migrations).
      return changedOne(db.deleteFrom('conferences').where('id', '=', id));
    },
  };
}

type Invites = Pick<
  ConferenceStore,
  | 'createInvite'
  | 'getInvite'
  | 'findInviteByTokenHash'
  | 'listInvites'
  | 'claimInvite'
  | 'revokeInvite'
  | 'setInviteRole'
  | 'setInviteRelationship'
  | 'replaceInviteToken'
  | 'touchInvite'
>;

function invites({ db, flag }: Records): Invites {
  const liveInvite = (id: string) => db.updateTable('invites').where('id', '=', id).where('revokedAt', 'is', null);
  return {
    async createInvite(record) {
      await orConflict(() => db.insertInto('invites').values({ ...record, familySide: flag(record.familySide) }).execute());
    },
    async getInvite(id) {
      const row = await db.selectFrom('invites').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? inviteRecord.parse(row) : null;
    },
    async findInviteByTokenHash(tokenHash) {
      const row = await db.selectFrom('invites').selectAll().where('tokenHash', '=', tokenHash).executeTakeFirst();
      return row ? inviteRecord.parse(row) : null;
    },
    async listInvites(conference) {
      const rows = await db.selectFrom('invites').selectAll().where('conferenceId', '=', conference).orderBy('createdAt').orderBy('id').execute();
      return rows.map((row) => inviteRecord.parse(row));
    },
    async claimInvite(id, at) {
      // One statement, so two concurrent claims cannot both see the invite unused (PostgreSQL: the
      // second waits for the first's row lock, then re-checks usedAt and finds it set).
      return changedOne(liveInvite(id).set({ usedAt: at }).where('usedAt', 'is', null).where('expiresAt', '>', at));
    },
    async revokeInvite(id, at) {
      // The first revocation time is the one that matters; revoking again changes nothing.
      await liveInvite(id).set({ revokedAt: at }).execute();
    },
    async setInviteRole(id, role) {
      return changedOne(liveInvite(id).set({ role }).where('role', '<>', role));
    },
    async setInviteRelationship(id, relationship) {
      await liveInvite(id).set({ relationship }).execute();
    },
    async replaceInviteToken(id, tokenHash, expiresAt) {
      return orConflict(() => changedOne(liveInvite(id).set({ tokenHash, expiresAt, usedAt: null })));
    },
    async touchInvite(id, at) {
      // The first visit sets it; a late one never moves it back.
      const later = sql<number>`CASE WHEN last_seen_at IS NULL OR last_seen_at < ${at} THEN ${at} ELSE last_seen_at END`;
      await db.updateTable('invites').set({ lastSeenAt: later }).where('id', '=', id).execute();
    },
  };
}

type AgreedVersions = Pick<ConferenceStore, 'listPlanVersions' | 'getPlanVersion' | 'createPlanLink' | 'findPlanLink'>;

function agreedVersions(records: Records): AgreedVersions {
  const { db } = records;
  return {
    async listPlanVersions(conference) {
      const rows = await db
        .selectFrom('plan_versions')
        .select(['version', 'lockedAt', 'sha256'])
        .where('conferenceId', '=', conference)
        .orderBy('version')
        .execute();
      return rows.map((row) => ({ version: row.version, lockedAt: row.lockedAt, sha256: row.sha256 }));
    },
    async getPlanVersion(conference, version) {
      const row = await db.selectFrom('plan_versions').selectAll().where('conferenceId', '=', conference).where('version', '=', version).executeTakeFirst();
      return row ? planVersionRecord.parse(row) : null;
    },
    async createPlanLink(record) {
      await orConflict(() =>
        records.transaction(async (trx) => {
          await trx.deleteFrom('plan_links').where('participantId', '=', record.participantId).where('version', '=', record.version).execute();
          await trx.insertInto('plan_links').values(record).execute();
        }),
      );
    },
    async findPlanLink(tokenHash) {
      const row = await db.selectFrom('plan_links').selectAll().where('tokenHash', '=', tokenHash).executeTakeFirst();
      return row ? planLinkRecord.parse(row) : null;
    },
  };
}
