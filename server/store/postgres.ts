// The store for several server instances: one PostgreSQL database (pg, a pool per instance) holding
// everything the SQLite store holds, behind the same five store interfaces. The schema lives in the
// connection's search_path (the `public` schema unless the URL's `options` say otherwise).

import pg from 'pg';
import type { CustomTypesConfig } from 'pg';
import { accountStore } from './accounts.ts';
import { auditStore } from './audit.ts';
import { conferenceStore } from './conferences.ts';
import { migrate } from './migrations.ts';
import { outboxStore } from './outbox.ts';
import { pgDocs } from './pgDocs.ts';
import { postgresRecords } from './records.ts';
import type { Store } from './types.ts';

/** Connections per instance: appends to one document take turns anyway, other work spreads out. */
export const PG_POOL_MAX = 10;
/** How long to wait for a connection (a new one, or a free one from a busy pool) before failing. */
export const PG_CONNECT_TIMEOUT_MS = 10_000;

const INT8_OID = 20;

/** Parses a BIGINT column (milliseconds, sequence numbers, client ids, counts) into a number. */
function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`A BIGINT column holds ${text}, beyond what a JavaScript number keeps exactly`);
  return value;
}

/** This pool's type parsers: pg's own, except BIGINT as a number (pg's default is a string). */
const PG_TYPES: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? parseInt8 : pg.types.getTypeParser(oid, format)) as CustomTypesConfig['getTypeParser'],
};

/** The URL with any password taken out, for error messages. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    // reason: an unparseable URL may still hold a secret, so none of it is shown
    return '(an unreadable URL)';
  }
}

/**
 * Connects to the PostgreSQL database at `url` and migrates it to the latest schema (waiting for
 * another instance that is migrating it). `onError` hears of connections that fail while idle
 * (PostgreSQL restarted): the pool drops them and opens new ones when next needed.
 */
export async function openPostgresStore(options: { url: string; onError?: (error: Error) => void }): Promise<Store> {
  const pool = new pg.Pool({
    application_name: 'lifelong-links-board',
    connectionString: options.url,
    max: PG_POOL_MAX,
    connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
    keepAlive: true,
    types: PG_TYPES,
  });
  // Without a listener an idle connection's failure would crash the process.
  pool.on('error', (error) => options.onError?.(error));
  // One pool for both: the records over Kysely, the document log's own statements.
  const records = postgresRecords(pool);
  try {
    await migrate(records);
  } catch (error) {
    await pool.end();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Could not open the PostgreSQL database at ${redactedUrl(options.url)}: ${reason}`, { cause: error });
  }
  let closed: Promise<void> | null = null;
  return {
    kind: 'postgres',
    docs: pgDocs(pool, records),
    accounts: accountStore(records),
    conferences: conferenceStore(records),
    audit: auditStore(records),
    outbox: outboxStore(records),
    async ping() {
      // A round trip on a pooled connection: fails when PostgreSQL cannot be reached (GET /readyz).
      await pool.query('SELECT 1');
    },
    close() {
      closed ??= pool.end();
      return closed;
    },
  };
}
