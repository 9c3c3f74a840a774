// The record stores' one way into either database: a Kysely instance over the same connection the
// document log uses (better-sqlite3's handle, or pg's pool), the few things the two databases spell
// differently (yes/no columns, how a write transaction begins), and their errors as StoreErrors.

import type BetterSqlite3 from 'better-sqlite3';
import { CamelCasePlugin, Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type { SqliteDatabase } from 'kysely';
import type { Pool } from 'pg';
import type { Flag, Tables } from './types.ts';
import { StoreError } from './types.ts';

/**
 * Queries on the records: the whole database, or one transaction of it. Columns are named as the
 * records name their fields (createdAt); Kysely's CamelCasePlugin spells them as the tables do
 * (created_at), both ways, so no store maps names by hand.
 */
export type RecordsDb = Kysely<Tables>;

/** The record tables of one open database. */
export interface Records {
  readonly db: RecordsDb;
  readonly dialect: 'sqlite' | 'postgres';
  /** A yes/no value as this database's column takes it. */
  flag(value: boolean): Flag;
  /** Runs `work` in one write transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (trx: RecordsDb) => Promise<T>): Promise<T>;
}

/** SQLite's records, plus the turn-taking its raw document log needs (one connection for both). */
export interface SqliteRecords extends Records {
  /**
   * Runs synchronous work on the raw connection outside any records transaction: at once when
   * none is open, else after it ends. better-sqlite3 is one connection, so a raw statement run while
   * Kysely's transaction waits between its queries would join that transaction (and be rolled back
   * with it); Kysely's own queue is what a records transaction holds, so the work queues there.
   */
  outsideTransactions<T>(work: () => T): T | Promise<T>;
}

/** How many prepared statements the SQLite records keep: the stores' queries are a few dozen texts. */
const STATEMENTS_KEPT = 256;

/**
 * better-sqlite3's handle as Kysely's SQLite dialect takes it, keeping each prepared statement for
 * its SQL text (oldest dropped first beyond STATEMENTS_KEPT). Kysely prepares every query afresh,
 * and a statement's native memory goes back only when the garbage collector gets to it.
 */
function preparedOnce(database: BetterSqlite3.Database): SqliteDatabase {
  const kept = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => database.close(),
    prepare(text) {
      const found = kept.get(text);
      if (found !== undefined) return found;
      const statement = database.prepare(text);
      const oldest = kept.size >= STATEMENTS_KEPT ? kept.keys().next().value : undefined;
      if (oldest !== undefined) kept.delete(oldest);
      kept.set(text, statement);
      return statement;
    },
  };
}

/** The records over an open SQLite handle (shared with the document log). */
export function sqliteRecords(database: BetterSqlite3.Database): SqliteRecords {
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: preparedOnce(database) }), plugins: [new CamelCasePlugin()] });
  return {
    db,
    dialect: 'sqlite',
    flag: (value) => (value ? 1 : 0),
    transaction: (work) =>
      db.connection().execute(async (connection) => {
        // IMMEDIATE: another process on the same file cannot slip a write in between a look and a write.
        await sql`BEGIN IMMEDIATE`.execute(connection);
        try {
          const result = await work(connection);
          await sql`COMMIT`.execute(connection);
          return result;
        } catch (error) {
          if (database.inTransaction) await sql`ROLLBACK`.execute(connection);
          throw error;
        }
      }),
    outsideTransactions: (work) => (database.inTransaction ? db.connection().execute(async () => work()) : work()),
  };
}

/** The records over a pg pool (shared with the document log). */
export function postgresRecords(pool: Pool): Records {
  // A connection that dies while Kysely holds it between a transaction's statements emits 'error'
  // on the client, which the pool only listens for while the client is idle: without a listener
  // that would end the process. The next statement fails (and rolls back), and pg-pool drops a
  // client that is no longer queryable when it is released.
  pool.on('connect', (client) => client.on('error', ignoreWhileHeld));
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
  return {
    db,
    dialect: 'postgres',
    flag: (value) => value,
    transaction: (work) => db.transaction().execute(work),
  };
}

function ignoreWhileHeld(): void {
  // reason: the failing statement reports it; see postgresRecords
}

/** The database's error code (SQLite's 'SQLITE_CONSTRAINT_…', PostgreSQL's SQLSTATE), if any. */
function errorCode(error: unknown): string | null {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : null;
}

/** True when `error` is a UNIQUE or PRIMARY KEY violation, on either database. */
export function isUniqueViolation(error: unknown): boolean {
  const code = errorCode(error);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** True when `error` is a FOREIGN KEY violation (a row naming a conference that is not there), on either database. */
export function isForeignKeyViolation(error: unknown): boolean {
  const code = errorCode(error);
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** Runs a write, turning a UNIQUE or PRIMARY KEY violation into a StoreError of kind `conflict`. */
export async function orConflict<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new StoreError('conflict', error instanceof Error ? error.message : String(error), {}, { cause: error });
    throw error;
  }
}

/** The number of rows an UPDATE or DELETE changed, as Kysely reports it. */
export function changed(result: { numUpdatedRows?: bigint; numDeletedRows?: bigint }): number {
  return Number(result.numUpdatedRows ?? result.numDeletedRows ?? 0n);
}
