// A transaction on one pooled PostgreSQL connection, for the document log's statements (the
// records use Kysely's transactions over the same pool).

import type { Pool, PoolClient } from 'pg';

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
