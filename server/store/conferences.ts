// Conferences, their invites, plan links and agreed versions: one implementation over Kysely for
// both databases.

import { sql } from 'kysely';
import { changed, orConflict } from './records.ts';
import type { Records } from './records.ts';
import { toConference, toInvite, toPlanLink, toPlanVersion } from './rows.ts';
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
      await orConflict(() =>
        db
          .insertInto('conferences')
          .values({
            id: record.id,
            title: record.title,
            young_person_name: record.youngPersonName,
            scheduled_for: record.scheduledFor,
            place: record.place,
            connections_at_start: record.connectionsAtStart,
            review_date: record.reviewDate,
            created_by: record.createdBy,
            created_at: record.createdAt,
            phase: record.phase,
            locked: flag(record.locked),
          })
          .execute(),
      );
    },
    async get(id) {
      const row = await db.selectFrom('conferences').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toConference(row) : null;
    },
    async list(createdBy) {
      const rows = await db.selectFrom('conferences').selectAll().where('created_by', '=', createdBy).orderBy('created_at', 'desc').orderBy('id').execute();
      return rows.map(toConference);
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
  const liveInvite = (id: string) => db.updateTable('invites').where('id', '=', id).where('revoked_at', 'is', null);
  return {
    async createInvite(record) {
      await orConflict(() =>
        db
          .insertInto('invites')
          .values({
            id: record.id,
            participant_id: record.participantId,
            conference_id: record.conferenceId,
            display_name: record.displayName,
            role: record.role,
            token_hash: record.tokenHash,
            created_at: record.createdAt,
            expires_at: record.expiresAt,
            used_at: record.usedAt,
            revoked_at: record.revokedAt,
            last_seen_at: record.lastSeenAt,
            family_side: flag(record.familySide),
            relationship: record.relationship,
          })
          .execute(),
      );
    },
    async getInvite(id) {
      const row = await db.selectFrom('invites').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toInvite(row) : null;
    },
    async findInviteByTokenHash(tokenHash) {
      const row = await db.selectFrom('invites').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return row ? toInvite(row) : null;
    },
    async listInvites(conference) {
      const rows = await db.selectFrom('invites').selectAll().where('conference_id', '=', conference).orderBy('created_at').orderBy('id').execute();
      return rows.map(toInvite);
    },
    async claimInvite(id, at) {
      // One statement, so two concurrent claims cannot both see the invite unused (PostgreSQL: the
      // second waits for the first's row lock, then re-checks used_at and finds it set).
      return changedOne(liveInvite(id).set({ used_at: at }).where('used_at', 'is', null).where('expires_at', '>', at));
    },
    async revokeInvite(id, at) {
      // The first revocation time is the one that matters; revoking again changes nothing.
      await liveInvite(id).set({ revoked_at: at }).execute();
    },
    async setInviteRole(id, role) {
      return changedOne(liveInvite(id).set({ role }).where('role', '<>', role));
    },
    async setInviteRelationship(id, relationship) {
      await liveInvite(id).set({ relationship }).execute();
    },
    async replaceInviteToken(id, tokenHash, expiresAt) {
      return orConflict(() => changedOne(liveInvite(id).set({ token_hash: tokenHash, expires_at: expiresAt, used_at: null })));
    },
    async touchInvite(id, at) {
      // The first visit sets it; a late one never moves it back.
      const later = sql<number>`CASE WHEN last_seen_at IS NULL OR last_seen_at < ${at} THEN ${at} ELSE last_seen_at END`;
      await db.updateTable('invites').set({ last_seen_at: later }).where('id', '=', id).execute();
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
        .select(['version', 'locked_at', 'sha256'])
        .where('conference_id', '=', conference)
        .orderBy('version')
        .execute();
      return rows.map((row) => ({ version: row.version, lockedAt: row.locked_at, sha256: row.sha256 }));
    },
    async getPlanVersion(conference, version) {
      const row = await db.selectFrom('plan_versions').selectAll().where('conference_id', '=', conference).where('version', '=', version).executeTakeFirst();
      return row ? toPlanVersion(row) : null;
    },
    async createPlanLink(record) {
      await orConflict(() =>
        records.transaction(async (trx) => {
          await trx.deleteFrom('plan_links').where('participant_id', '=', record.participantId).where('version', '=', record.version).execute();
          await trx
            .insertInto('plan_links')
            .values({
              token_hash: record.tokenHash,
              conference_id: record.conferenceId,
              participant_id: record.participantId,
              version: record.version,
              created_at: record.createdAt,
            })
            .execute();
        }),
      );
    },
    async findPlanLink(tokenHash) {
      const row = await db.selectFrom('plan_links').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return row ? toPlanLink(row) : null;
    },
  };
}
