// The SQLite schema as an ordered list of migrations, and the runner that brings a database up to
// date (or refuses one written by a newer version of the server).

import type Database from 'better-sqlite3';
import * as Y from 'yjs';
import { storedBoardMeta } from './storedDoc.ts';

/** One schema step; `up` runs inside the transaction that also records it. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

/** Every migration, oldest first; versions are 1, 2, 3… with no gaps. Never edit a shipped one. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    up(db) {
      // Emails are stored lower-cased by the store, so a plain UNIQUE is case-insensitive in effect
      // and PostgreSQL can use the same rule without citext.
      db.exec(`
        CREATE TABLE coordinators (
          id            TEXT PRIMARY KEY,
          name          TEXT NOT NULL,
          email         TEXT NOT NULL UNIQUE,
          password_hash TEXT NOT NULL,
          created_at    INTEGER NOT NULL
        );

        CREATE TABLE conferences (
          id                   TEXT PRIMARY KEY,
          title                TEXT NOT NULL,
          young_person_name    TEXT NOT NULL,
          scheduled_for        TEXT,
          connections_at_start INTEGER NOT NULL,
          created_by           TEXT NOT NULL REFERENCES coordinators (id),
          created_at           INTEGER NOT NULL,
          phase                TEXT NOT NULL,
          locked               INTEGER NOT NULL CHECK (locked IN (0, 1))
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
          created_at     INTEGER NOT NULL,
          expires_at     INTEGER NOT NULL,
          used_at        INTEGER,
          revoked_at     INTEGER
        );
        CREATE UNIQUE INDEX invites_token_hash ON invites (token_hash);
        CREATE INDEX invites_conference ON invites (conference_id, created_at);

        CREATE TABLE sessions (
          id_hash        TEXT PRIMARY KEY,
          kind           TEXT NOT NULL CHECK (kind IN ('coordinator', 'participant')),
          coordinator_id TEXT REFERENCES coordinators (id) ON DELETE CASCADE,
          participant_id TEXT REFERENCES invites (participant_id) ON DELETE CASCADE,
          conference_id  TEXT REFERENCES conferences (id) ON DELETE CASCADE,
          created_at     INTEGER NOT NULL,
          expires_at     INTEGER NOT NULL,
          CHECK (
            (kind = 'coordinator' AND coordinator_id IS NOT NULL AND participant_id IS NULL AND conference_id IS NULL)
            OR (kind = 'participant' AND coordinator_id IS NULL AND participant_id IS NOT NULL AND conference_id IS NOT NULL)
          )
        );
        CREATE INDEX sessions_participant ON sessions (participant_id);

        -- One row per update, kept forever for attribution; compaction only nulls "update".
        -- The primary key doubles as the index that lets loadDoc seek straight past a snapshot.
        CREATE TABLE doc_updates (
          conference_id TEXT NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
          doc           TEXT NOT NULL,
          seq           INTEGER NOT NULL CHECK (seq >= 1),
          "update"      BLOB,
          author_kind   TEXT NOT NULL CHECK (author_kind IN ('coordinator', 'participant', 'server')),
          author_id     TEXT,
          at            INTEGER NOT NULL,
          byte_length   INTEGER NOT NULL,
          PRIMARY KEY (conference_id, doc, seq),
          CHECK ((author_kind = 'server') = (author_id IS NULL))
        );

        CREATE TABLE doc_snapshots (
          conference_id TEXT NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
          doc           TEXT NOT NULL,
          state         BLOB NOT NULL,
          upto_seq      INTEGER NOT NULL,
          PRIMARY KEY (conference_id, doc)
        );
      `);
    },
  },
  {
    version: 2,
    name: 'index sessions by expiry',
    up(db) {
      // Expired sessions are purged at start-up and hourly; the index keeps that a range delete.
      db.exec('CREATE INDEX sessions_expires ON sessions (expires_at)');
    },
  },
  {
    version: 3,
    name: 'owners of Yjs client ids',
    up(db) {
      // A Yjs client id belongs to the author who first wrote with it; nobody else may write with it.
      db.exec(`
        CREATE TABLE doc_clients (
          conference_id TEXT NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
          doc           TEXT NOT NULL,
          client_id     INTEGER NOT NULL CHECK (client_id >= 0),
          author_kind   TEXT NOT NULL CHECK (author_kind IN ('coordinator', 'participant', 'server')),
          author_id     TEXT,
          PRIMARY KEY (conference_id, doc, client_id),
          CHECK ((author_kind = 'server') = (author_id IS NULL))
        );
      `);
      // Updates stored before this version still hold their bytes unless compacted: their client ids
      // go to their authors, oldest first. Ids only in a snapshot stay free (their authors are unknown).
      const claim = db.prepare(
        `INSERT OR IGNORE INTO doc_clients (conference_id, doc, client_id, author_kind, author_id) VALUES (?, ?, ?, ?, ?)`,
      );
      const rows = db
        .prepare<[], { conference_id: string; doc: string; update: Buffer; author_kind: string; author_id: string | null }>(
          `SELECT conference_id, doc, "update", author_kind, author_id FROM doc_updates
           WHERE "update" IS NOT NULL ORDER BY conference_id, doc, seq`,
        )
        // .all(), not .iterate(): better-sqlite3 runs no other statement while an iterator is open.
        .all();
      for (const row of rows) {
        let clients: Iterable<number>;
        try {
          clients = Y.parseUpdateMeta(new Uint8Array(row.update)).to.keys();
        } catch {
          // reason: an unreadable stored update claims nothing; loading skips it (see sync/room.ts)
          continue;
        }
        for (const client of clients) claim.run(row.conference_id, row.doc, client, row.author_kind, row.author_id);
      }
    },
  },
  {
    version: 4,
    name: 'the record of who did what',
    up(db) {
      db.exec(`
        -- What each stored update changed, read by the server itself (JSON); kept through compaction.
        ALTER TABLE doc_updates ADD COLUMN changes TEXT;
        ALTER TABLE invites ADD COLUMN last_seen_at INTEGER;

        -- Events in and around conferences. conference_id is null for account events (sign-ins).
        CREATE TABLE audit_events (
          id            INTEGER PRIMARY KEY AUTOINCREMENT,
          conference_id TEXT REFERENCES conferences (id) ON DELETE CASCADE,
          at            INTEGER NOT NULL,
          actor_kind    TEXT CHECK (actor_kind IN ('coordinator', 'participant', 'server')),
          actor_id      TEXT,
          action        TEXT NOT NULL,
          detail        TEXT NOT NULL
        );
        CREATE INDEX audit_events_conference ON audit_events (conference_id, id);
        CREATE INDEX audit_events_actor ON audit_events (actor_id, id);
      `);
    },
  },
  {
    version: 5,
    name: 'agreed plan versions',
    up(db) {
      db.exec(`
        -- Each agreed version as it was locked: never changed, never removed while its conference exists.
        CREATE TABLE plan_versions (
          conference_id   TEXT NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
          version         INTEGER NOT NULL CHECK (version >= 1),
          locked_at       INTEGER NOT NULL,
          locked_by       TEXT NOT NULL,
          state           BLOB NOT NULL,
          plan_json       TEXT NOT NULL,
          sha256          TEXT NOT NULL CHECK (length(sha256) = 64),
          override_reason TEXT,
          PRIMARY KEY (conference_id, version)
        );
        CREATE TRIGGER plan_versions_never_change BEFORE UPDATE ON plan_versions
        BEGIN
          SELECT RAISE(ABORT, 'an agreed plan version never changes');
        END;
      `);
    },
  },
  {
    version: 6,
    name: 'professional notes sealed with each agreed version',
    up(db) {
      // The full copy of an export shows the professionals' notes as they were at the lock (JSON).
      db.exec('ALTER TABLE plan_versions ADD COLUMN professional_json TEXT');
    },
  },
  {
    version: 7,
    name: 'the outbox of agreed plans pushed to the care record',
    up(db) {
      db.exec(`
        -- One row per delivery of an agreed version to the care-record endpoint. body is the exact
        -- JSON sent on every attempt; id is its idempotency key (webhook-id).
        CREATE TABLE outbox (
          id               TEXT PRIMARY KEY,
          conference_id    TEXT NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
          version          INTEGER NOT NULL CHECK (version >= 1),
          copy             TEXT NOT NULL CHECK (copy IN ('full', 'family')),
          body             TEXT NOT NULL,
          created_at       INTEGER NOT NULL,
          status           TEXT NOT NULL CHECK (status IN ('queued', 'delivered', 'failed')),
          attempts         INTEGER NOT NULL CHECK (attempts >= 0),
          next_attempt_at  INTEGER NOT NULL,
          lease_until      INTEGER,
          last_attempt_at  INTEGER,
          last_error       TEXT,
          delivered_at     INTEGER,
          response_status  INTEGER,
          response_excerpt TEXT,
          give_up_at       INTEGER NOT NULL,
          CHECK ((status = 'delivered') = (delivered_at IS NOT NULL))
        );
        -- At most one delivery per conference, version and copy is on its way or done; after a
        -- failed one, sending again makes a new one.
        CREATE UNIQUE INDEX outbox_one_live ON outbox (conference_id, version, copy) WHERE status IN ('queued', 'delivered');
        CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'queued';
        CREATE INDEX outbox_conference ON outbox (conference_id, created_at);
        CREATE TRIGGER outbox_body_never_changes BEFORE UPDATE OF id, conference_id, version, copy, body, created_at ON outbox
        BEGIN
          SELECT RAISE(ABORT, 'a delivery''s body never changes');
        END;
        CREATE TRIGGER outbox_finished_never_changes BEFORE UPDATE ON outbox WHEN OLD.status <> 'queued'
        BEGIN
          SELECT RAISE(ABORT, 'a delivered or failed delivery never changes');
        END;
      `);
    },
  },
  {
    version: 8,
    name: 'the room’s screen on the family’s side',
    up(db) {
      db.exec(`ALTER TABLE invites ADD COLUMN family_side INTEGER NOT NULL DEFAULT 0 CHECK (family_side IN (0, 1));`);
    },
  },
  {
    version: 9,
    name: 'conference place and review date, relationships, read-only plan links',
    up(db) {
      db.exec(`
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
          created_at     INTEGER NOT NULL
        );
        CREATE INDEX plan_links_participant ON plan_links (participant_id, version);
      `);
      // The review dates already on the boards, so the new column is right from the start.
      const setReviewDate = db.prepare<[string | null, string]>('UPDATE conferences SET review_date = ? WHERE id = ?');
      const snapshot = db.prepare<[string], { state: Buffer }>(`SELECT state FROM doc_snapshots WHERE conference_id = ? AND doc = 'board'`);
      const updates = db.prepare<[string], { bytes: Buffer }>(
        `SELECT "update" AS bytes FROM doc_updates
         WHERE conference_id = ? AND doc = 'board' AND "update" IS NOT NULL
           AND seq > coalesce((SELECT upto_seq FROM doc_snapshots WHERE conference_id = doc_updates.conference_id AND doc = 'board'), 0)
         ORDER BY seq`,
      );
      for (const { id } of db.prepare<[], { id: string }>('SELECT id FROM conferences').all()) {
        const parts = [snapshot.get(id)?.state, ...updates.all(id).map((row) => row.bytes)].flatMap((part) => (part ? [new Uint8Array(part)] : []));
        setReviewDate.run(storedBoardMeta(parts).reviewDate, id);
      }
    },
  },
];

/** The schema version this code writes and understands. */
export const LATEST_SCHEMA_VERSION: number = MIGRATIONS.at(-1)?.version ?? 0;

function userVersion(db: Database.Database): number {
  const value = db.pragma('user_version', { simple: true });
  if (typeof value !== 'number') throw new Error('PRAGMA user_version did not return a number');
  return value;
}

/**
 * Applies every migration newer than the database's `user_version`, one transaction each, and
 * records it in `schema_migrations`. Throws, writing nothing, if the database is newer than this code.
 */
export function migrate(db: Database.Database, now: () => number = Date.now): void {
  const found = userVersion(db);
  if (found > LATEST_SCHEMA_VERSION) {
    throw new Error(
      `Database schema version ${found} is newer than this server understands (${LATEST_SCHEMA_VERSION}); ` +
        'run a newer version of the server or restore a backup made by this one.',
    );
  }
  for (const migration of MIGRATIONS) {
    // IMMEDIATE takes the write lock first, so re-reading the version inside it is race-free
    // against another process migrating the same file.
    db.transaction(() => {
      if (userVersion(db) >= migration.version) return;
      db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version    INTEGER PRIMARY KEY,
        name       TEXT NOT NULL,
        applied_at INTEGER NOT NULL
      )`);
      migration.up(db);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        now(),
      );
      // user_version lives in the database header, so it commits or rolls back with the rest.
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}
