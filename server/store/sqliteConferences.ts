// Conferences and invites in SQLite.

import type Database from 'better-sqlite3';
import { insertOrConflict, toConference, toInvite } from './sqliteRows.ts';
import type { ConferenceRow, InviteRow } from './sqliteRows.ts';
import type { ConferenceStore, PlanLinkRecord } from './types.ts';
import { bytes } from './sqliteRows.ts';
import { conferenceId as toConferenceId, coordinatorId, participantId } from '../../shared/ids.ts';

interface VersionRow {
  conference_id: string;
  version: number;
  locked_at: number;
  locked_by: string;
  state: Buffer;
  plan_json: string;
  sha256: string;
  override_reason: string | null;
  professional_json: string | null;
}

/** The conference store over an open, migrated database. */
export function sqliteConferences(db: Database.Database): ConferenceStore {
  const q = {
    insertConference: db.prepare<[string, string, string, string | null, string, number, string | null, string, number, string, number]>(
      `INSERT INTO conferences
         (id, title, young_person_name, scheduled_for, place, connections_at_start, review_date, created_by, created_at, phase, locked)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    conferenceById: db.prepare<[string], ConferenceRow>('SELECT * FROM conferences WHERE id = ?'),
    conferencesBy: db.prepare<[string], ConferenceRow>(
      'SELECT * FROM conferences WHERE created_by = ? ORDER BY created_at DESC, id',
    ),
    insertInvite: db.prepare<
      [string, string, string, string, string, string, number, number, number | null, number | null, number | null, number, string]
    >(
      `INSERT INTO invites
         (id, participant_id, conference_id, display_name, role, token_hash, created_at, expires_at, used_at, revoked_at, last_seen_at, family_side, relationship)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
    deleteConference: db.prepare<[string]>('DELETE FROM conferences WHERE id = ?'),
    revokeInvite: db.prepare<[number, string]>('UPDATE invites SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
    setRole: db.prepare<[{ role: string; id: string }]>('UPDATE invites SET role = @role WHERE id = @id AND revoked_at IS NULL AND role <> @role'),
    setRelationship: db.prepare<[string, string]>('UPDATE invites SET relationship = ? WHERE id = ? AND revoked_at IS NULL'),
    replaceToken: db.prepare<[string, number, string]>(
      'UPDATE invites SET token_hash = ?, expires_at = ?, used_at = NULL WHERE id = ? AND revoked_at IS NULL',
    ),
    versions: db.prepare<[string], { version: number; locked_at: number; sha256: string }>(
      'SELECT version, locked_at, sha256 FROM plan_versions WHERE conference_id = ? ORDER BY version',
    ),
    version: db.prepare<[string, number], VersionRow>('SELECT * FROM plan_versions WHERE conference_id = ? AND version = ?'),
    touch: db.prepare<[number, string]>('UPDATE invites SET last_seen_at = max(coalesce(last_seen_at, 0), ?) WHERE id = ?'),
    dropPlanLinks: db.prepare<[string, number]>('DELETE FROM plan_links WHERE participant_id = ? AND version = ?'),
    insertPlanLink: db.prepare<[string, string, string, number, number]>(
      'INSERT INTO plan_links (token_hash, conference_id, participant_id, version, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    planLink: db.prepare<[string], { token_hash: string; conference_id: string; participant_id: string; version: number; created_at: number }>(
      'SELECT * FROM plan_links WHERE token_hash = ?',
    ),
  };
  const replacePlanLink = db.transaction((record: PlanLinkRecord) => {
    q.dropPlanLinks.run(record.participantId, record.version);
    q.insertPlanLink.run(record.tokenHash, record.conferenceId, record.participantId, record.version, record.createdAt);
  });

  return {
    async create(record) {
      insertOrConflict(() =>
        q.insertConference.run(
          record.id,
          record.title,
          record.youngPersonName,
          record.scheduledFor,
          record.place,
          record.connectionsAtStart,
          record.reviewDate,
          record.createdBy,
          record.createdAt,
          record.phase,
          record.locked ? 1 : 0,
        ),
      );
    },
    async get(id) {
      const row = q.conferenceById.get(id);
      return row ? toConference(row) : null;
    },
    async list(createdBy) {
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
          record.lastSeenAt,
          record.familySide ? 1 : 0,
          record.relationship,
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
    async delete(id) {
      // Every table that holds a conference's data references it ON DELETE CASCADE (migrations.ts).
      return q.deleteConference.run(id).changes === 1;
    },
    async revokeInvite(id, at) {
      q.revokeInvite.run(at, id);
    },
    async setInviteRole(id, role) {
      return q.setRole.run({ role, id }).changes === 1;
    },
    async setInviteRelationship(id, relationship) {
      q.setRelationship.run(relationship, id);
    },
    async replaceInviteToken(id, tokenHash, expiresAt) {
      let changes = 0;
      insertOrConflict(() => {
        changes = q.replaceToken.run(tokenHash, expiresAt, id).changes;
      });
      return changes === 1;
    },
    async listPlanVersions(conference) {
      return q.versions.all(conference).map((row) => ({ version: row.version, lockedAt: row.locked_at, sha256: row.sha256 }));
    },
    async getPlanVersion(conference, version) {
      const row = q.version.get(conference, version);
      if (!row) return null;
      return {
        conferenceId: toConferenceId(row.conference_id),
        version: row.version,
        lockedAt: row.locked_at,
        lockedBy: coordinatorId(row.locked_by),
        state: bytes(row.state),
        planJson: row.plan_json,
        sha256: row.sha256,
        overrideReason: row.override_reason,
        professionalJson: row.professional_json,
      };
    },
    async touchInvite(id, at) {
      q.touch.run(at, id);
    },
    async createPlanLink(record) {
      insertOrConflict(() => replacePlanLink(record));
    },
    async findPlanLink(tokenHash) {
      const row = q.planLink.get(tokenHash);
      return row
        ? { tokenHash: row.token_hash, conferenceId: toConferenceId(row.conference_id), participantId: participantId(row.participant_id), version: row.version, createdAt: row.created_at }
        : null;
    },
  };
}
