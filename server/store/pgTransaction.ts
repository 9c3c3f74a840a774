// One pooled PostgreSQL connection held for a transaction of the document log's statements; the
// records (and the migrations) use Kysely's connections over the same pool.

import type { Pool, PoolClient } from 'pg';

/**
 * Runs `work` on one pooled connection and releases it; `drop` marks the connection broken, so it is
 * closed instead of reused. A connection that dies between queries (PostgreSQL restarted, the
 * network cut) emits 'error' on the client, which the pool only listens for while the client is
 * idle: it is heard here, and the next query fails.
 */
export async function withClient<T>(pool: Pool, work: (client: PoolClient, drop: (error: unknown) => void) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const drop = (error: unknown) => {
    broken = error instanceof Error ? error : new Error(String(error));
  };
  client.on('error', drop);
  try {
    return await work(client, drop);
  } finally {
    client.off('error', drop);
    client.release(broken);
  }
}

/**
 * Runs `fn` in one transaction on one pooled connection: committed when it resolves, rolled back
 * when it throws. `begin` may name the isolation level (READ COMMITTED by default).
 */
export async function inTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
  return withClient(pool, async (client, drop) => {
    try {
      await client.query(begin);
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // The connection itself may have failed: then it is closed instead of reused.
      await client.query('ROLLBACK').catch(drop);
      throw error;
    }
  });
}
