// The PostgreSQL schema as an ordered list of migrations, and the runner that brings a database up
// to date under an advisory lock (instances starting together take turns) or refuses one written
// by a newer version of the server.

import type { Pool, PoolClient } from 'pg';
import { withClient } from './pgTransaction.ts';
import { storedBoardMeta } from './storedDoc.ts';

/** One schema step; `up` runs inside the transaction that also records it. */
export interface PgMigration {
  version: number;
  name: string;
  up(client: PoolClient): Promise<void>;
}

/**
 * Every migration, oldest first; versions are 1, 2, 3… with no gaps. Never edit a shipped one.
 * PostgreSQL starts at the schema SQLite reached in its version 8 (migrations.ts), so its versions
 * count on their own from there.
 */
export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    name: 'initial schema',
    async up(client) {
      // Milliseconds since the epoch are BIGINT (the pool parses INT8 back to numbers); Yjs client
      // ids are unsigned 32-bit, so BIGINT too. Emails are stored lower-cased by the store.
      await client.query(`
        CREATE TABLE coordinators (
          id            TEXT PRIMARY KEY,
          name          TEXT NOT NULL,
          email         TEXT NOT NULL UNIQUE,
          password_hash TEXT NOT NULL,
          created_at    BIGINT NOT NULL
        );

        CREATE TABLE conferences (
          id                   TEXT PRIMARY KEY,
          title                TEXT NOT NULL,
          young_person_name    TEXT NOT NULL,
          scheduled_for        TEXT,
          connections_at_start INTEGER NOT NULL,
          created_by           TEXT NOT NULL REFERENCES coordinators (id),
          created_at           BIGINT NOT NULL,
          phase                TEXT NOT NULL,
          locked               BOOLEAN NOT NULL
        );
        CREATE INDEX conferences_created_by ON conferences (created_by, created_at);

        -- An invite row is also the participant it admits (InviteRecord), hence participant_id UNIQUE.
        CREATE TABLE invites (
          id             TEXT PRIMARY KEY,
          participant_id TEXT NOT NULL UNIQUE,
          conference_id  TEXT NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
          display_name   TEXT NOT NULL,
          role           TEXT NOT NULL,
          token_hash     TEXT NOT NULL,
          created_at     BIGINT NOT NULL,
          expires_at     BIGINT NOT NULL,
          used_at        BIGINT,
          revoked_at     BIGINT,
          last_seen_at   BIGINT,
          family_side    BOOLEAN NOT NULL DEFAULT false
        );
        CREATE UNIQUE INDEX invites_token_hash ON invites (token_hash);
        CREATE INDEX invites_conference ON invites (conference_id, created_at);

        CREATE TABLE sessions (
          id_hash        TEXT PRIMARY KEY,
          kind           TEXT NOT NULL CHECK (kind IN ('coordinator', 'participant')),
          coordinator_id TEXT REFERENCES coordinators (id) ON DELETE CASCADE,
          participant_id TEXT REFERENCES invites (participant_id) ON DELETE CASCADE,
          conference_id  TEXT REFERENCES conferences (id) ON DELETE CASCADE,
          created_at     BIGINT NOT NULL,
          expires_at     BIGINT NOT NULL,
          CHECK (
            (kind = 'coordinator' AND coordinator_id IS NOT NULL AND participant_id IS NULL AND conference_id IS NULL)
            OR (kind = 'participant' AND coordinator_id IS NULL AND participant_id IS NOT NULL AND conference_id IS NOT NULL)
          )
        );
        CREATE INDEX sessions_participant ON sessions (participant_id);
        CREATE INDEX sessions_expires ON sessions (expires_at);

        -- One row per live document: the newest sequence number. An append takes this row's lock for
        -- its whole transaction, so appends to one document (from any instance) take turns and get
        -- consecutive numbers, and a rolled-back append gives its number back.
        CREATE TABLE doc_heads (
          conference_id TEXT NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
          doc           TEXT NOT NULL,
          last_seq      BIGINT NOT NULL CHECK (last_seq >= 0),
          PRIMARY KEY (conference_id, doc)
        );

        -- One row per update, kept forever for attribution; compaction only nulls "update".
        CREATE TABLE doc_updates (
          conference_id TEXT NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
          doc           TEXT NOT NULL,
          seq           BIGINT NOT NULL CHECK (seq >= 1),
          "update"      BYTEA,
          author_kind   TEXT NOT NULL CHECK (author_kind IN ('coordinator', 'participant', 'server')),
          author_id     TEXT,
          at            BIGINT NOT NULL,
          byte_length   INTEGER NOT NULL,
          -- What the update changed, read by the server itself (JSON text: exactly as written).
          changes       TEXT,
          PRIMARY KEY (conference_id, doc, seq),
          CHECK ((author_kind = 'server') = (author_id IS NULL))
        );

        CREATE TABLE doc_snapshots (
          conference_id TEXT NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
          doc           TEXT NOT NULL,
          state         BYTEA NOT NULL,
          upto_seq      BIGINT NOT NULL,
          PRIMARY KEY (conference_id, doc)
        );

        -- A Yjs client id belongs to the author who first wrote with it; nobody else may write with it.
        CREATE TABLE doc_clients (
          conference_id TEXT NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
          doc           TEXT NOT NULL,
          client_id     BIGINT NOT NULL CHECK (client_id >= 0),
          author_kind   TEXT NOT NULL CHECK (author_kind IN ('coordinator', 'participant', 'server')),
          author_id     TEXT,
          PRIMARY KEY (conference_id, doc, client_id),
          CHECK ((author_kind = 'server') = (author_id IS NULL))
        );

        -- Events in and around conferences. conference_id is null for account events (sign-ins).
        CREATE TABLE audit_events (
          id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          conference_id TEXT REFERENCES conferences (id) ON DELETE CASCADE,
          at            BIGINT NOT NULL,
          actor_kind    TEXT CHECK (actor_kind IN ('coordinator', 'participant', 'server')),
          actor_id      TEXT,
          action        TEXT NOT NULL,
          detail        TEXT NOT NULL
        );
        CREATE INDEX audit_events_conference ON audit_events (conference_id, id);
        CREATE INDEX audit_events_actor ON audit_events (actor_id, id);

        -- Each agreed version as it was locked: never changed, never removed while its conference exists.
        CREATE TABLE plan_versions (
          conference_id     TEXT NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
          version           INTEGER NOT NULL CHECK (version >= 1),
          locked_at         BIGINT NOT NULL,
          locked_by         TEXT NOT NULL,
          state             BYTEA NOT NULL,
          plan_json         TEXT NOT NULL,
          sha256            TEXT NOT NULL CHECK (length(sha256) = 64),
          override_reason   TEXT,
          professional_json TEXT,
          PRIMARY KEY (conference_id, version)
        );
        CREATE FUNCTION plan_versions_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'an agreed plan version never changes';
        END $$;
        CREATE TRIGGER plan_versions_never_change BEFORE UPDATE ON plan_versions
          FOR EACH ROW EXECUTE FUNCTION plan_versions_refuse_change();

        -- One row per delivery of an agreed version to the care-record endpoint. body is the exact
        -- JSON sent on every attempt; id is its idempotency key (webhook-id).
        CREATE TABLE outbox (
          id               TEXT PRIMARY KEY,
          conference_id    TEXT NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
          version          INTEGER NOT NULL CHECK (version >= 1),
          copy             TEXT NOT NULL CHECK (copy IN ('full', 'family')),
          body             TEXT NOT NULL,
          created_at       BIGINT NOT NULL,
          status           TEXT NOT NULL CHECK (status IN ('queued', 'delivered', 'failed')),
          attempts         INTEGER NOT NULL CHECK (attempts >= 0),
          next_attempt_at  BIGINT NOT NULL,
          lease_until      BIGINT,
          last_attempt_at  BIGINT,
          last_error       TEXT,
          delivered_at     BIGINT,
          response_status  INTEGER,
          response_excerpt TEXT,
          give_up_at       BIGINT NOT NULL,
          CHECK ((status = 'delivered') = (delivered_at IS NOT NULL))
        );
        -- At most one delivery per conference, version and copy is on its way or done; after a
        -- failed one, sending again makes a new one.
        CREATE UNIQUE INDEX outbox_one_live ON outbox (conference_id, version, copy) WHERE status IN ('queued', 'delivered');
        CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'queued';
        CREATE INDEX outbox_conference ON outbox (conference_id, created_at);
        CREATE FUNCTION outbox_refuse_body_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'a delivery''s body never changes';
        END $$;
        CREATE TRIGGER outbox_body_never_changes BEFORE UPDATE OF id, conference_id, version, copy, body, created_at ON outbox
          FOR EACH ROW EXECUTE FUNCTION outbox_refuse_body_change();
        CREATE FUNCTION outbox_refuse_finished_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'a delivered or failed delivery never changes';
        END $$;
        CREATE TRIGGER outbox_finished_never_changes BEFORE UPDATE ON outbox
          FOR EACH ROW WHEN (OLD.status <> 'queued') EXECUTE FUNCTION outbox_refuse_finished_change();
      `);
    },
  },
  {
    version: 2,
    name: 'appends in one statement: llb_append()',
    async up(client) {
      // The whole of an append in one function, so the common one (no summary, no agreed version)
      // is one statement, its own transaction: one round trip, and the head's lock held for the
      // time the function takes rather than for six round trips. Every check is made under the
      // head's lock before anything is written, so a refused append writes nothing (no seq used
      // up), and it is answered as a refusal, not raised: raised, it would abort a caller's
      // transaction (DocStore.withHead) along with the appends made before it.
      // VOLATILE (the default): in READ COMMITTED each statement in it takes a fresh snapshot, so
      // what it reads after waiting for the head is what the transaction it waited for committed.
      await client.query(`
        CREATE FUNCTION llb_append(
          p_conference       TEXT,
          p_doc              TEXT,
          p_update           BYTEA,
          p_author_kind      TEXT,
          p_author_id        TEXT,
          p_at               BIGINT,
          p_changes          TEXT,
          p_expect_seq       BIGINT,
          p_claims           BIGINT[],
          p_may_unlock       BOOLEAN,
          OUT appended_seq   BIGINT,
          OUT refusal        TEXT,
          OUT refusal_detail BIGINT
        ) LANGUAGE plpgsql VOLATILE AS $$
        DECLARE
          v_last   BIGINT;
          v_locked BOOLEAN;
          v_taken  BIGINT;
        BEGIN
          -- The conference's key, until the transaction ends: a delete of the conference waits for
          -- this append; taken before the head, in a delete's order of locks (conference, then rows).
          PERFORM 1 FROM conferences WHERE id = p_conference FOR KEY SHARE;
          IF NOT FOUND THEN
            refusal := 'no-conference';
            RETURN;
          END IF;

          -- The head's lock, until the transaction ends: appends to this document from any
          -- connection or instance take turns here, so numbers are consecutive.
          SELECT last_seq INTO v_last FROM doc_heads WHERE conference_id = p_conference AND doc = p_doc FOR UPDATE;
          IF NOT FOUND THEN
            INSERT INTO doc_heads (conference_id, doc, last_seq) VALUES (p_conference, p_doc, 0)
              ON CONFLICT (conference_id, doc) DO NOTHING;
            SELECT last_seq INTO v_last FROM doc_heads WHERE conference_id = p_conference AND doc = p_doc FOR UPDATE;
          END IF;

          -- Before the lock and the claims: a writer that is behind must catch up first.
          IF p_expect_seq IS NOT NULL AND p_expect_seq <> v_last THEN
            refusal := 'seq-conflict';
            refusal_detail := v_last;
            RETURN;
          END IF;

          -- A statement of its own after the head's lock, so with a snapshot taken after it: an
          -- append that waited for the update locking the board sees the board locked.
          IF p_doc = 'board' AND NOT p_may_unlock THEN
            SELECT locked INTO v_locked FROM conferences WHERE id = p_conference;
            IF v_locked THEN
              refusal := 'locked';
              RETURN;
            END IF;
          END IF;

          IF cardinality(p_claims) > 0 THEN
            SELECT client_id INTO v_taken FROM doc_clients
              WHERE conference_id = p_conference AND doc = p_doc AND client_id = ANY (p_claims)
                AND (author_kind, author_id) IS DISTINCT FROM (p_author_kind, p_author_id)
              ORDER BY client_id LIMIT 1;
            IF FOUND THEN
              refusal := 'client-id-taken';
              refusal_detail := v_taken;
              RETURN;
            END IF;
            INSERT INTO doc_clients (conference_id, doc, client_id, author_kind, author_id)
              SELECT p_conference, p_doc, id, p_author_kind, p_author_id FROM unnest(p_claims) AS id
              ON CONFLICT DO NOTHING;
          END IF;

          appended_seq := v_last + 1;
          UPDATE doc_heads SET last_seq = appended_seq WHERE conference_id = p_conference AND doc = p_doc;
          INSERT INTO doc_updates (conference_id, doc, seq, "update", author_kind, author_id, at, byte_length, changes)
            VALUES (p_conference, p_doc, appended_seq, p_update, p_author_kind, p_author_id, p_at, octet_length(p_update), p_changes);
        END $$;
      `);
    },
  },
  {
    version: 3,
    name: 'conference place and review date, relationships, read-only plan links',
    async up(client) {
      await client.query(`
        -- Derived from the board's meta like the other summary columns (sync/room.ts).
        ALTER TABLE conferences ADD COLUMN place TEXT NOT NULL DEFAULT '';
        ALTER TABLE conferences ADD COLUMN review_date TEXT;
        ALTER TABLE invites ADD COLUMN relationship TEXT NOT NULL DEFAULT '';

        -- A participant's read-only link to the family copy of an agreed version; only its hash is kept.
        CREATE TABLE plan_links (
          token_hash     TEXT PRIMARY KEY,
          conference_id  TEXT NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
          participant_id TEXT NOT NULL REFERENCES invites (participant_id) ON DELETE CASCADE,
          version        INTEGER NOT NULL CHECK (version >= 1),
          created_at     BIGINT NOT NULL
        );
        CREATE INDEX plan_links_participant ON plan_links (participant_id, version);
      `);
      // The review dates already on the boards, so the new column is right from the start.
      const { rows: conferences } = await client.query<{ id: string }>('SELECT id FROM conferences');
      for (const { id } of conferences) {
        const { rows } = await client.query<{ bytes: Buffer }>(
          `SELECT state AS bytes FROM doc_snapshots WHERE conference_id = $1 AND doc = 'board'
           UNION ALL
           (SELECT "update" FROM doc_updates
            WHERE conference_id = $1 AND doc = 'board' AND "update" IS NOT NULL
              AND seq > coalesce((SELECT upto_seq FROM doc_snapshots WHERE conference_id = $1 AND doc = 'board'), 0)
            ORDER BY seq)`,
          [id],
        );
        const meta = storedBoardMeta(rows.map((row) => new Uint8Array(row.bytes)));
        await client.query('UPDATE conferences SET review_date = $1 WHERE id = $2', [meta.reviewDate, id]);
      }
    },
  },
];

/** The schema version this code writes and understands. */
export const PG_LATEST_SCHEMA_VERSION: number = PG_MIGRATIONS.at(-1)?.version ?? 0;

/**
 * The advisory lock the runner holds: one per schema (a database may hold several boards' schemas,
 * chosen by search_path), in a key space of its own.
 */
const MIGRATION_LOCK_ARGS = `hashtext('lifelong-links-board:migrate'), hashtext(coalesce(current_schema(), ''))`;

/**
 * Applies every migration newer than the newest in `schema_migrations`, one transaction each, under
 * an advisory lock so two instances starting at once never both apply one. Throws, writing
 * nothing, if the database is newer than this code. `migrations` is for tests: an earlier version
 * of the server is this runner with the migrations it shipped.
 */
export async function migratePg(pool: Pool, now: () => number = Date.now, migrations: readonly PgMigration[] = PG_MIGRATIONS): Promise<void> {
  await withClient(pool, async (client, drop) => {
    try {
      // A session lock: held across the transactions below; a dropped connection lets go of it too.
      await client.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK_ARGS})`);
      try {
        await applyMigrations(client, now, migrations);
      } finally {
        await client.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_ARGS})`);
      }
    } catch (error) {
      // A client that failed here may still hold the lock or a transaction: drop it, not reuse it.
      drop(error);
      throw error;
    }
  });
}

async function applyMigrations(client: PoolClient, now: () => number, migrations: readonly PgMigration[]): Promise<void> {
  const latest = migrations.at(-1)?.version ?? 0;
  await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at BIGINT NOT NULL
  )`);
  const found = (await client.query<{ version: number }>('SELECT coalesce(max(version), 0) AS version FROM schema_migrations')).rows[0]
    ?.version;
  if (found === undefined) throw new Error('Reading the schema version returned no row');
  if (found > latest) {
    throw new Error(
      `Database schema version ${found} is newer than this server understands (${latest}); ` +
        'run a newer version of the server or restore a backup made by this one.',
    );
  }
  for (const migration of migrations) {
    if (migration.version <= found) continue;
    await client.query('BEGIN');
    try {
      await migration.up(client);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        now(),
      ]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  }
}
