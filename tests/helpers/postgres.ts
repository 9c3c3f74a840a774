// The PostgreSQL the cluster tests run against (TEST_DATABASE_URL), and a fresh schema per test:
// each store the tests open lives in a uniquely named schema, chosen by the URL's search_path.

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach } from 'vitest';
import { openPostgresStore, redactedUrl } from '../../server/store/postgres.ts';
import type { Store } from '../../server/store/types.ts';

/** The database the cluster tests use; its schemas come and go, `public` is left alone. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** Throws, naming the URL tried, unless PostgreSQL answers there. */
export async function requirePostgres(url = TEST_DATABASE_URL): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${redactedUrl(url)} (${error instanceof Error ? error.message : String(error)}). ` +
        'The cluster tests need it: start PostgreSQL (.ci/run does) or set TEST_DATABASE_URL.',
      { cause: error },
    );
  } finally {
    await client.end().catch(() => {
      // reason: the connection never opened; there is nothing to close
    });
  }
}

/** `url` with its connections' search_path set to `schema` (a libpq `options` parameter). */
export function urlWithSchema(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${schema}`);
  return parsed.toString();
}

/** An empty schema of its own: `url` reaches it; `drop` removes it and everything in it. */
export interface TestSchema {
  name: string;
  url: string;
  /** Runs SQL in the schema on a connection of its own (for what only a hand in SQL would do). */
  sql<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>;
  drop(): Promise<void>;
}

/** Creates a uniquely named empty schema in the test database. */
export async function freshSchema(): Promise<TestSchema> {
  const name = `llb_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${name}`);
  } finally {
    await admin.end();
  }
  const url = urlWithSchema(TEST_DATABASE_URL, name);
  return {
    name,
    url,
    async sql(text, values) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query(text, values)).rows;
      } finally {
        await client.end();
      }
    },
    async drop() {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * For a test file's PostgreSQL-only tests: fresh schemas and open stores, dropped and closed after
 * each test (registers the afterEach).
 */
export function pgPerTest(): { schema(): Promise<TestSchema>; open(url: string): Promise<Store> } {
  const schemas: TestSchema[] = [];
  const stores: Store[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    for (const schema of schemas.splice(0)) await schema.drop();
  });
  return {
    async schema() {
      const made = await freshSchema();
      schemas.push(made);
      return made;
    },
    async open(url) {
      const store = await openPostgresStore({ url });
      stores.push(store);
      return store;
    },
  };
}
