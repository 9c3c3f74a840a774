// What the PostgreSQL modules share: transactions on a pool client, PostgreSQL's error codes turned
// into the store's errors, and its rows parsed into records (by SQLite's parsers where the shapes match).

import pg from 'pg';
import type { Pool, PoolClient } from 'pg';
import type { ConferenceRecord, InviteRecord } from './types.ts';
import { StoreError } from './types.ts';
import { toConference as toConferenceFromSqlite, toInvite as toInviteFromSqlite } from './sqliteRows.ts';
import type { ConferenceRow as SqliteConferenceRow, InviteRow as SqliteInviteRow } from './sqliteRows.ts';

export { bytes, toAuthor, toCoordinator, toLogEntry, toSession } from './sqliteRows.ts';
export type { CoordinatorRow, LogRow, SessionRow } from './sqliteRows.ts';

/** PostgreSQL's SQLSTATE codes the store acts on. */
export const PG_ERROR = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
} as const;

/** True when `error` is PostgreSQL's error with this SQLSTATE. */
export function isPgError(error: unknown, code: string): error is pg.DatabaseError {
  return error instanceof pg.DatabaseError && error.code === code;
}

/** Runs an insert or update, turning a UNIQUE or PRIMARY KEY violation into a StoreError of kind `conflict`. */
export async function orConflict<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isPgError(error, PG_ERROR.uniqueViolation)) throw new StoreError('conflict', error.message, {}, { cause: error });
    throw error;
  }
}

/**
 * Runs `fn` in one transaction on one pooled connection: committed when it resolves, rolled back
 * when it throws. `begin` may name the isolation level (READ COMMITTED by default).
 */
export async function inTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // A connection that dies between this transaction's queries (PostgreSQL restarted, the network
  // cut) emits 'error' on the client, which the pool only listens for while the client is idle:
  // without a listener here that would end the process. The next query fails and rolls back.
  const onError = (error: Error) => {
    broken = error;
  };
  client.on('error', onError);
  try {
    await client.query(begin);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackError) {
      // reason: the connection itself failed; releasing it with the error closes it instead of reusing it
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    }
    throw error;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}

/** A row of `conferences` (PostgreSQL keeps `locked` as a boolean). */
export interface ConferenceRow extends Omit<SqliteConferenceRow, 'locked'> {
  locked: boolean;
}

/** A row of `invites` (PostgreSQL keeps `family_side` as a boolean). */
export interface InviteRow extends Omit<SqliteInviteRow, 'family_side'> {
  family_side: boolean;
}

/** Parses a conferences row. */
export function toConference(row: ConferenceRow): ConferenceRecord {
  return toConferenceFromSqlite({ ...row, locked: row.locked ? 1 : 0 });
}

/** Parses an invites row. */
export function toInvite(row: InviteRow): InviteRecord {
  return toInviteFromSqlite({ ...row, family_side: row.family_side ? 1 : 0 });
}
