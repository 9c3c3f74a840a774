// The schema of both databases as one migration history, run by Kysely's Migrator (its record of
// what ran is the `kysely_migration` table). Each migration is written once; a dialect branch
// only where the SQL truly differs: column types, SQLite's triggers against PostgreSQL's trigger
// functions, and PostgreSQL's one-statement append. Databases made before this history (their
// versions in `schema_migrations`) are adopted: the migrations their schema already holds are
// recorded as run, and the old table goes.

import * as Y from 'yjs';
import { Kysely, Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import { readBoardMeta } from '../../shared/board-read.ts';
import type { Records } from './records.ts';

type Dialect = Records['dialect'];
// reason: a migration sees the schema as it was when it shipped, not today's Tables
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** The column types the two databases spell differently. */
interface Types {
  /** Milliseconds, sequence numbers and Yjs client ids (PostgreSQL's pool parses BIGINT to numbers). */
  big: string;
  bytes: string;
  /** A yes/no column: 0 or 1 in SQLite, BOOLEAN in PostgreSQL. */
  flag(name: string, defaultNo?: boolean): string;
  /** The audit events' own growing number. */
  serial: string;
}

const TYPES: Record<Dialect, Types> = {
  sqlite: {
    big: 'INTEGER',
    bytes: 'BLOB',
    flag: (name, defaultNo) => `INTEGER NOT NULL${defaultNo ? ' DEFAULT 0' : ''} CHECK (${name} IN (0, 1))`,
    serial: 'INTEGER PRIMARY KEY AUTOINCREMENT',
  },
  postgres: {
    big: 'BIGINT',
    bytes: 'BYTEA',
    flag: (_name, defaultNo) => `BOOLEAN NOT NULL${defaultNo ? ' DEFAULT false' : ''}`,
    serial: 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY',
  },
};

/**
 * A trigger refusing an UPDATE with `message`: SQLite raises in the trigger itself, PostgreSQL in
 * a trigger function named `fn`. `on` is what follows BEFORE UPDATE; `when` a row condition.
 */
function refuseUpdate(dialect: Dialect, trigger: { name: string; on: string; when?: string; fn: string; message: string }): string[] {
  const quoted = trigger.message.replaceAll("'", "''");
  if (dialect === 'sqlite') {
    return [
      `CREATE TRIGGER ${trigger.name} BEFORE UPDATE${trigger.on}${trigger.when ? ` WHEN ${trigger.when}` : ''}
        BEGIN
          SELECT RAISE(ABORT, '${quoted}');
        END`,
    ];
  }
  return [
    `CREATE FUNCTION ${trigger.fn}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION '${quoted}';
        END $$`,
    `CREATE TRIGGER ${trigger.name} BEFORE UPDATE${trigger.on}
          FOR EACH ROW${trigger.when ? ` WHEN (${trigger.when})` : ''} EXECUTE FUNCTION ${trigger.fn}()`,
  ];
}

/** Accounts, conferences, invites, sessions, the document log, audit, agreed versions and the outbox. */
function initialSchema(dialect: Dialect): string[] {
  const t = TYPES[dialect];
  // Emails are stored lower-cased by the store, so a plain UNIQUE is case-insensitive in effect.
  return [
    `CREATE TABLE coordinators (
      id            TEXT PRIMARY KEY,
      name          TEXT NOT NULL,
      email         TEXT NOT NULL UNIQUE,
      password_hash TEXT NOT NULL,
      created_at    ${t.big} NOT NULL
    )`,
    `CREATE TABLE conferences (
      id                   TEXT PRIMARY KEY,
      title                TEXT NOT NULL,
      young_person_name    TEXT NOT NULL,
      scheduled_for        TEXT,
      connections_at_start INTEGER NOT NULL,
      created_by           TEXT NOT NULL REFERENCES coordinators (id),
      created_at           ${t.big} NOT NULL,
      phase                TEXT NOT NULL,
      locked               ${t.flag('locked')}
    )`,
    'CREATE INDEX conferences_created_by ON conferences (created_by, created_at)',
    // An invite row is also the participant it admits (InviteRecord), hence participant_id UNIQUE.
    `CREATE TABLE invites (
      id             TEXT PRIMARY KEY,
      participant_id TEXT NOT NULL UNIQUE,
      conference_id  TEXT NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
      display_name   TEXT NOT NULL,
      role           TEXT NOT NULL,
      token_hash     TEXT NOT NULL,
      created_at     ${t.big} NOT NULL,
      expires_at     ${t.big} NOT NULL,
      used_at        ${t.big},
      revoked_at     ${t.big},
      last_seen_at   ${t.big},
      family_side    ${t.flag('family_side', true)}
    )`,
    'CREATE UNIQUE INDEX invites_token_hash ON invites (token_hash)',
    'CREATE INDEX invites_conference ON invites (conference_id, created_at)',
    `CREATE TABLE sessions (
      id_hash        TEXT PRIMARY KEY,
      kind           TEXT NOT NULL CHECK (kind IN ('coordinator', 'participant')),
      coordinator_id TEXT REFERENCES coordinators (id) ON DELETE CASCADE,
      participant_id TEXT REFERENCES invites (participant_id) ON DELETE CASCADE,
      conference_id  TEXT REFERENCES conferences (id) ON DELETE CASCADE,
      created_at     ${t.big} NOT NULL,
      expires_at     ${t.big} NOT NULL,
      CHECK (
        (kind = 'coordinator' AND coordinator_id IS NOT NULL AND participant_id IS NULL AND conference_id IS NULL)
        OR (kind = 'participant' AND coordinator_id IS NULL AND participant_id IS NOT NULL AND conference_id IS NOT NULL)
      )
    )`,
    'CREATE INDEX sessions_participant ON sessions (participant_id)',
    // Expired sessions are purged at start-up and hourly; the index keeps that a range delete.
    'CREATE INDEX sessions_expires ON sessions (expires_at)',
    // PostgreSQL only (the SQLite log numbers under its one writer): one row per live document, the
    // newest sequence number, whose lock an append holds, so appends from any instance take turns.
    ...(dialect === 'postgres'
      ? [
          `CREATE TABLE doc_heads (
            conference_id TEXT NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
            doc           TEXT NOT NULL,
            last_seq      BIGINT NOT NULL CHECK (last_seq >= 0),
            PRIMARY KEY (conference_id, doc)
          )`,
        ]
      : []),
    // One row per update, kept forever for attribution; compaction only nulls "update". The primary
    // key doubles as the index that lets a load seek straight past a snapshot. "changes" is what the
    // update changed, read by the server itself (JSON text, exactly as written).
    `CREATE TABLE doc_updates (
      conference_id TEXT NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
      doc           TEXT NOT NULL,
      seq           ${t.big} NOT NULL CHECK (seq >= 1),
      "update"      ${t.bytes},
      author_kind   TEXT NOT NULL CHECK (author_kind IN ('coordinator', 'participant', 'server')),
      author_id     TEXT,
      at            ${t.big} NOT NULL,
      byte_length   INTEGER NOT NULL,
      changes       TEXT,
      PRIMARY KEY (conference_id, doc, seq),
      CHECK ((author_kind = 'server') = (author_id IS NULL))
    )`,
    `CREATE TABLE doc_snapshots (
      conference_id TEXT NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
      doc           TEXT NOT NULL,
      state         ${t.bytes} NOT NULL,
      upto_seq      ${t.big} NOT NULL,
      PRIMARY KEY (conference_id, doc)
    )`,
    // A Yjs client id belongs to the author who first wrote with it; nobody else may write with it.
    `CREATE TABLE doc_clients (
      conference_id TEXT NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
      doc           TEXT NOT NULL,
      client_id     ${t.big} NOT NULL CHECK (client_id >= 0),
      author_kind   TEXT NOT NULL CHECK (author_kind IN ('coordinator', 'participant', 'server')),
      author_id     TEXT,
      PRIMARY KEY (conference_id, doc, client_id),
      CHECK ((author_kind = 'server') = (author_id IS NULL))
    )`,
    // Events in and around conferences. conference_id is null for account events (sign-ins).
    `CREATE TABLE audit_events (
      id            ${t.serial},
      conference_id TEXT REFERENCES conferences (id) ON DELETE CASCADE,
      at            ${t.big} NOT NULL,
      actor_kind    TEXT CHECK (actor_kind IN ('coordinator', 'participant', 'server')),
      actor_id      TEXT,
      action        TEXT NOT NULL,
      detail        TEXT NOT NULL
    )`,
    'CREATE INDEX audit_events_conference ON audit_events (conference_id, id)',
    'CREATE INDEX audit_events_actor ON audit_events (actor_id, id)',
    // Each agreed version as it was locked: never changed, never removed while its conference exists.
    // professional_json: the professionals' notes as they were at the lock, for the full copy.
    `CREATE TABLE plan_versions (
      conference_id     TEXT NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
      version           INTEGER NOT NULL CHECK (version >= 1),
      locked_at         ${t.big} NOT NULL,
      locked_by         TEXT NOT NULL,
      state             ${t.bytes} NOT NULL,
      plan_json         TEXT NOT NULL,
      sha256            TEXT NOT NULL CHECK (length(sha256) = 64),
      override_reason   TEXT,
      professional_json TEXT,
      PRIMARY KEY (conference_id, version)
    )`,
    ...refuseUpdate(dialect, {
      name: 'plan_versions_never_change',
      on: ' ON plan_versions',
      fn: 'plan_versions_refuse_change',
      message: 'an agreed plan version never changes',
    }),
    // One row per delivery of an agreed version to the care-record endpoint. body is the exact JSON
    // sent on every attempt; id is its idempotency key (webhook-id).
    `CREATE TABLE outbox (
      id               TEXT PRIMARY KEY,
      conference_id    TEXT NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
      version          INTEGER NOT NULL CHECK (version >= 1),
      copy             TEXT NOT NULL CHECK (copy IN ('full', 'family')),
      body             TEXT NOT NULL,
      created_at       ${t.big} NOT NULL,
      status           TEXT NOT NULL CHECK (status IN ('queued', 'delivered', 'failed')),
      attempts         INTEGER NOT NULL CHECK (attempts >= 0),
      next_attempt_at  ${t.big} NOT NULL,
      lease_until      ${t.big},
      last_attempt_at  ${t.big},
      last_error       TEXT,
      delivered_at     ${t.big},
      response_status  INTEGER,
      response_excerpt TEXT,
      give_up_at       ${t.big} NOT NULL,
      CHECK ((status = 'delivered') = (delivered_at IS NOT NULL))
    )`,
    // At most one delivery per conference, version and copy is on its way or done; after a failed
    // one, sending again makes a new one.
    "CREATE UNIQUE INDEX outbox_one_live ON outbox (conference_id, version, copy) WHERE status IN ('queued', 'delivered')",
    "CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'queued'",
    'CREATE INDEX outbox_conference ON outbox (conference_id, created_at)',
    ...refuseUpdate(dialect, {
      name: 'outbox_body_never_changes',
      on: ' OF id, conference_id, version, copy, body, created_at ON outbox',
      fn: 'outbox_refuse_body_change',
      message: "a delivery's body never changes",
    }),
    ...refuseUpdate(dialect, {
      name: 'outbox_finished_never_changes',
      on: ' ON outbox',
      when: "OLD.status <> 'queued'",
      fn: 'outbox_refuse_finished_change',
      message: 'a delivered or failed delivery never changes',
    }),
  ];
}

/**
 * PostgreSQL's whole append in one function, so the common one (no summary, no agreed version) is
 * one statement, its own transaction: one round trip, and the head's lock held for the time the
 * function takes. Every check is made under the head's lock before anything is written, so a
 * refused append writes nothing (no seq used up), and it is answered as a refusal, not raised:
 * raised, it would abort a caller's transaction (DocStore.withHead) along with the appends made
 * before it. VOLATILE (the default): in READ COMMITTED each statement in it takes a fresh
 * snapshot, so what it reads after waiting for the head is what the transaction it waited for
 * committed. SQLite's document log makes the same checks in the same order in sqliteDocs.ts.
 */
const LLB_APPEND = `
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
        END $$`;

/** A stored board's details (meta) read from its stored parts; parts that cannot be applied are skipped, as loading does. */
function storedBoardMeta(parts: readonly Uint8Array[]): ReturnType<typeof readBoardMeta> {
  const doc = new Y.Doc();
  try {
    for (const part of parts) {
      try {
        Y.applyUpdate(doc, part);
      } catch {
        // reason: an unreadable stored update is skipped when the room loads too (sync/writer.ts)
      }
    }
    return readBoardMeta(doc);
  } finally {
    doc.destroy();
  }
}

/** The review dates already on the boards, so a new review_date column is right from the start. */
async function fillReviewDates(db: AnyDb): Promise<void> {
  for (const { id } of await db.selectFrom('conferences').select('id').execute()) {
    const snapshot = await db.selectFrom('doc_snapshots').select(['state', 'upto_seq']).where('conference_id', '=', id).where('doc', '=', 'board').executeTakeFirst();
    const updates = await db
      .selectFrom('doc_updates')
      .select('update')
      .where('conference_id', '=', id)
      .where('doc', '=', 'board')
      .where('update', 'is not', null)
      .where('seq', '>', snapshot?.upto_seq ?? 0)
      .orderBy('seq')
      .execute();
    const parts = [snapshot?.state, ...updates.map((row) => row.update)].flatMap((part) => (part ? [new Uint8Array(part)] : []));
    await db.updateTable('conferences').set({ review_date: storedBoardMeta(parts).reviewDate }).where('id', '=', id).execute();
  }
}

/** Runs each statement on its own (better-sqlite3 prepares one statement at a time). */
async function run(db: AnyDb, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/** Every migration, oldest first, as one database runs it. Names sort in order; never edit a shipped one. */
function history(dialect: Dialect): Array<[name: string, up: (db: AnyDb) => Promise<void>]> {
  return [
    ['01 initial schema', (db) => run(db, initialSchema(dialect))],
    ['02 appends in one statement: llb_append()', (db) => run(db, dialect === 'postgres' ? [LLB_APPEND] : [])],
    [
      '03 conference place and review date, relationships, read-only plan links',
      async (db) => {
        await run(db, [
          // Derived from the board's meta like the other summary columns (sync/boardStart.ts).
          "ALTER TABLE conferences ADD COLUMN place TEXT NOT NULL DEFAULT ''",
          'ALTER TABLE conferences ADD COLUMN review_date TEXT',
          "ALTER TABLE invites ADD COLUMN relationship TEXT NOT NULL DEFAULT ''",
          // A participant's read-only link to the family copy of an agreed version; only its hash is kept.
          `CREATE TABLE plan_links (
            token_hash     TEXT PRIMARY KEY,
            conference_id  TEXT NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
            participant_id TEXT NOT NULL REFERENCES invites (participant_id) ON DELETE CASCADE,
            version        INTEGER NOT NULL CHECK (version >= 1),
            created_at     ${TYPES[dialect].big} NOT NULL
          )`,
          'CREATE INDEX plan_links_participant ON plan_links (participant_id, version)',
        ]);
        await fillReviewDates(db);
      },
    ],
  ];
}

/** The names of every migration, oldest first. */
export const MIGRATION_NAMES: readonly string[] = history('sqlite').map(([name]) => name);

/**
 * SQLite's user_version once migrated. Servers before this history counted their migrations there
 * up to 9; starting at 100 makes such a server refuse a database this one has migrated (as newer)
 * instead of trying its own migrations on it. The backup tool reads it too.
 */
export const LATEST_SCHEMA_VERSION = 100 + MIGRATION_NAMES.length;

/**
 * The databases made before this history: their last `schema_migrations` version, and how many of
 * this history's migrations their schema already holds. SQLite 8 and 9 and PostgreSQL 1–3 were
 * written by the mains whose databases tests/fixtures/databases keeps (or the one before them).
 */
const ADOPTED: Record<Dialect, Record<number, number>> = {
  sqlite: { 8: 2, 9: 3 },
  postgres: { 1: 1, 2: 2, 3: 3 },
};

/** The history as Kysely's Migrator takes it; `upTo` names the last one (tests make an earlier database). */
export function migrationProvider(dialect: Dialect, options: { upTo?: string; recordOnly?: boolean } = {}): MigrationProvider {
  const steps = history(dialect);
  const end = options.upTo === undefined ? steps.length : steps.findIndex(([name]) => name === options.upTo) + 1;
  const migrations: Record<string, Migration> = {};
  for (const [name, up] of steps.slice(0, end)) migrations[name] = { up: options.recordOnly ? async () => {} : up };
  return { getMigrations: async () => migrations };
}

function newerError(found: string): Error {
  return new Error(
    `Database schema version ${found} is newer than this server understands (${LATEST_SCHEMA_VERSION}); ` +
      'run a newer version of the server or restore a backup made by this one.',
  );
}

/** Runs the Migrator with `provider`, throwing what it met. */
async function migrateWith(db: AnyDb, schema: string | undefined, provider: MigrationProvider): Promise<void> {
  const { error } = await new Migrator({ db, provider, migrationTableSchema: schema }).migrateToLatest();
  if (error !== undefined) throw error instanceof Error ? error : new Error(String(error));
}

/** Records as run the migrations a database from before this history already holds, then drops its old record. */
async function adoptEarlier(db: AnyDb, dialect: Dialect, schema: string | undefined, tables: readonly string[]): Promise<void> {
  if (!tables.includes('schema_migrations')) return;
  const row = await db.selectFrom('schema_migrations').select((eb) => eb.fn.max('version').as('version')).executeTakeFirst();
  const version = Number(row?.version ?? 0);
  const held = ADOPTED[dialect][version];
  if (held === undefined) {
    throw new Error(
      `Database schema version ${version} was made by a server from before December 2026 that this one cannot bring up to date; ` +
        'open it once with a server from November 2026, then with this one.',
    );
  }
  await migrateWith(db, schema, migrationProvider(dialect, { upTo: MIGRATION_NAMES[held - 1], recordOnly: true }));
  await sql`DROP TABLE schema_migrations`.execute(db);
}

/** Brings the database on `db` (one connection, or one SQLite write transaction) up to date. */
async function migrateOn(db: AnyDb, dialect: Dialect, schema: string | undefined): Promise<void> {
  if (dialect === 'sqlite') {
    const found = (await sql<{ user_version: number }>`PRAGMA user_version`.execute(db)).rows[0]?.user_version ?? 0;
    if (found > LATEST_SCHEMA_VERSION) throw newerError(String(found));
  }
  const tables = (await db.introspection.getTables({ withInternalKyselyTables: true }))
    .filter((table) => schema === undefined || table.schema === schema)
    .map((table) => table.name);
  await adoptEarlier(db, dialect, schema, tables);
  if (tables.includes('kysely_migration')) {
    const ran = await db.withSchema(schema ?? 'main').selectFrom('kysely_migration').select('name').execute();
    const unknown = ran.filter(({ name }) => !MIGRATION_NAMES.includes(name));
    if (unknown.length > 0) throw newerError(`with “${unknown.map(({ name }) => name).join('”, “')}”`);
  }
  await migrateWith(db, schema, migrationProvider(dialect));
  // user_version lives in the database header, so it commits or rolls back with the rest.
  if (dialect === 'sqlite') await sql.raw(`PRAGMA user_version = ${LATEST_SCHEMA_VERSION}`).execute(db);
}

/** One key per schema (a database may hold several boards' schemas, chosen by search_path). */
const PG_LOCK = sql`hashtext('lifelong-links-board:migrate'), hashtext(coalesce(current_schema(), ''))`;

/**
 * Applies every migration the database has not run yet, or throws, writing nothing, if a newer
 * server has migrated it. SQLite: all in one IMMEDIATE transaction (another process on the same
 * file waits). PostgreSQL: in one transaction (Kysely's Migrator) under an advisory lock of this
 * schema's, so instances starting together take turns.
 */
export async function migrate(records: Records): Promise<void> {
  if (records.dialect === 'sqlite') {
    await records.transaction((db) => migrateOn(db.withoutPlugins(), 'sqlite', undefined));
    return;
  }
  // Migrations name columns as the tables do: without the records' CamelCasePlugin.
  await records.db.withoutPlugins().connection().execute(async (db) => {
    // A session lock: a dropped connection lets go of it too.
    await sql`SELECT pg_advisory_lock(${PG_LOCK})`.execute(db);
    try {
      const schema = (await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db)).rows[0]?.schema;
      if (schema === undefined) throw new Error('PostgreSQL has no current schema: set search_path');
      await migrateOn(db, 'postgres', schema);
    } finally {
      await sql`SELECT pg_advisory_unlock(${PG_LOCK})`.execute(db);
    }
  });
}
