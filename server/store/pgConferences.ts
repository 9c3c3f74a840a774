// Conferences and invites in PostgreSQL.

import type { Pool } from 'pg';
import { conferenceId as toConferenceId, coordinatorId, participantId } from '../../shared/ids.ts';
import { bytes, orConflict, toConference, toInvite } from './pgRows.ts';
import type { ConferenceRow, InviteRow } from './pgRows.ts';
import type { ConferenceStore } from './types.ts';

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

/** The conference store over a pool on a migrated database. */
export function pgConferences(pool: Pool): ConferenceStore {
  /** Runs a statement and says whether it changed exactly one row. */
  const changedOne = async (text: string, values: unknown[]) => (await pool.query(text, values)).rowCount === 1;

  return {
    async create(record) {
      await orConflict(() =>
        pool.query(
          `INSERT INTO conferences
             (id, title, young_person_name, scheduled_for, place, connections_at_start, review_date, created_by, created_at, phase, locked)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
          [
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
            record.locked,
          ],
        ),
      );
    },
    async get(id) {
      const { rows } = await pool.query<ConferenceRow>('SELECT * FROM conferences WHERE id = $1', [id]);
      return rows[0] ? toConference(rows[0]) : null;
    },
    async list(createdBy) {
      const { rows } = await pool.query<ConferenceRow>('SELECT * FROM conferences WHERE created_by = $1 ORDER BY created_at DESC, id', [
        createdBy,
      ]);
      return rows.map(toConference);
    },
    async createInvite(record) {
      await orConflict(() =>
        pool.query(
          `INSERT INTO invites
             (id, participant_id, conference_id, display_name, role, token_hash, created_at, expires_at, used_at, revoked_at, last_seen_at, family_side, relationship)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
          [
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
            record.familySide,
            record.relationship,
          ],
        ),
      );
    },
    async getInvite(id) {
      const { rows } = await pool.query<InviteRow>('SELECT * FROM invites WHERE id = $1', [id]);
      return rows[0] ? toInvite(rows[0]) : null;
    },
    async findInviteByTokenHash(tokenHash) {
      const { rows } = await pool.query<InviteRow>('SELECT * FROM invites WHERE token_hash = $1', [tokenHash]);
      return rows[0] ? toInvite(rows[0]) : null;
    },
    async listInvites(conference) {
      const { rows } = await pool.query<InviteRow>('SELECT * FROM invites WHERE conference_id = $1 ORDER BY created_at, id', [conference]);
      return rows.map(toInvite);
    },
    async claimInvite(id, at) {
      // One statement: a second claim waits for the first's row lock, then re-checks used_at and finds it set.
      return changedOne(
        `UPDATE invites SET used_at = $1
         WHERE id = $2 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $1`,
        [at, id],
      );
    },
    async revokeInvite(id, at) {
      // The first revocation time is the one that matters; revoking again changes nothing.
      await pool.query('UPDATE invites SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, id]);
    },
    async delete(id) {
      // Every table that holds a conference's data references it ON DELETE CASCADE (pgMigrations.ts).
      return changedOne('DELETE FROM conferences WHERE id = $1', [id]);
    },
    async setInviteRole(id, role) {
      return changedOne('UPDATE invites SET role = $1 WHERE id = $2 AND revoked_at IS NULL AND role <> $1', [role, id]);
    },
    async setInviteRelationship(id, relationship) {
      await pool.query('UPDATE invites SET relationship = $1 WHERE id = $2 AND revoked_at IS NULL', [relationship, id]);
    },
    async replaceInviteToken(id, tokenHash, expiresAt) {
      return orConflict(() =>
        changedOne('UPDATE invites SET token_hash = $1, expires_at = $2, used_at = NULL WHERE id = $3 AND revoked_at IS NULL', [
          tokenHash,
          expiresAt,
          id,
        ]),
      );
    },
    async listPlanVersions(conference) {
      const { rows } = await pool.query<{ version: number; locked_at: number; sha256: string }>(
        'SELECT version, locked_at, sha256 FROM plan_versions WHERE conference_id = $1 ORDER BY version',
        [conference],
      );
      return rows.map((row) => ({ version: row.version, lockedAt: row.locked_at, sha256: row.sha256 }));
    },
    async getPlanVersion(conference, version) {
      const { rows } = await pool.query<VersionRow>('SELECT * FROM plan_versions WHERE conference_id = $1 AND version = $2', [
        conference,
        version,
      ]);
      const row = rows[0];
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
      // GREATEST ignores NULL: the first visit sets it, a late one never moves it back.
      await pool.query('UPDATE invites SET last_seen_at = GREATEST(last_seen_at, $1) WHERE id = $2', [at, id]);
    },
    async createPlanLink(record) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('DELETE FROM plan_links WHERE participant_id = $1 AND version = $2', [record.participantId, record.version]);
        await orConflict(() =>
          client.query('INSERT INTO plan_links (token_hash, conference_id, participant_id, version, created_at) VALUES ($1, $2, $3, $4, $5)', [
            record.tokenHash,
            record.conferenceId,
            record.participantId,
            record.version,
            record.createdAt,
          ]),
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async findPlanLink(tokenHash) {
      const { rows } = await pool.query<{ token_hash: string; conference_id: string; participant_id: string; version: number; created_at: number }>(
        'SELECT * FROM plan_links WHERE token_hash = $1',
        [tokenHash],
      );
      const row = rows[0];
      return row
        ? { tokenHash: row.token_hash, conferenceId: toConferenceId(row.conference_id), participantId: participantId(row.participant_id), version: row.version, createdAt: row.created_at }
        : null;
    },
  };
}
