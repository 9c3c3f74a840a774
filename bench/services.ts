// The machine's PostgreSQL and Redis for the cluster workload: whether they answer, a schema of the
// bench's own for one run, and the CPU the two services use (read from /proc, like the servers').

import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import pg from 'pg';
import { createClient } from 'redis';
import { cmdline, cpuSeconds } from './proc.ts';

/** The database the bench's schemas live in (as the cluster tests'); `public` is left alone. */
export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
export const BENCH_REDIS_URL = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
const CONNECT_TIMEOUT_MS = 5_000;

/** The URL without its password, for notes. */
export function shownUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password !== '') parsed.password = '***';
  return parsed.toString();
}

function reason(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return err.errors.map(reason).join('; ');
  return err instanceof Error ? err.message || err.name : String(err);
}

/** Why PostgreSQL does not answer at `url`, or null when it does. */
export async function postgresProblem(url = BENCH_DATABASE_URL): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (err) {
    return `PostgreSQL is not reachable at ${shownUrl(url)} (${reason(err)})`;
  } finally {
    await client.end().catch(() => {
      // reason: the connection never opened; there is nothing to close
    });
  }
}

/** Why Redis does not answer at `url`, or null when it does. */
export async function redisProblem(url = BENCH_REDIS_URL): Promise<string | null> {
  const client = createClient({ url, socket: { connectTimeout: CONNECT_TIMEOUT_MS, reconnectStrategy: false } });
  // reason: the failure is reported by connect() below; without a listener node-redis would throw it again
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return null;
  } catch (err) {
    return `Redis is not reachable at ${url} (${reason(err)})`;
  } finally {
    if (client.isOpen) await client.close().catch(() => undefined);
  }
}

/** A schema of the bench's own: `url` reaches it (its search_path); `drop` removes it and everything in it. */
export interface BenchSchema {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function run(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates a uniquely named empty schema (`llb_bench_<hex>`, so one left by a killed run is recognisable). */
export async function benchSchema(url = BENCH_DATABASE_URL): Promise<BenchSchema> {
  const name = `llb_bench_${randomBytes(6).toString('hex')}`;
  await run(url, `CREATE SCHEMA ${name}`);
  // The way tests/helpers/postgres.ts urlWithSchema does it: a libpq `options` parameter.
  const withSchema = new URL(url);
  withSchema.searchParams.set('options', `-c search_path=${name}`);
  return { name, url: withSchema.toString(), drop: () => run(url, `DROP SCHEMA IF EXISTS ${name} CASCADE`) };
}

/** Every process of the machine's PostgreSQL (postmaster and backends) and Redis, by command line. */
function servicePids(): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const cmd = cmdline(Number(name));
    if (/^postgres:|(^|\/)postgres( |$)|(^|\/)redis-server( |$)/.test(cmd)) out.push(Number(name));
  }
  return out;
}

function servicesCpu(): Map<number, number> {
  return new Map(servicePids().map((pid) => [pid, cpuSeconds([pid])]));
}

/**
 * A reader of the CPU seconds the two services have used since it was made: each process's growth,
 * a process started since counted whole. A backend that exits in between drops out (the servers'
 * pools keep theirs open, so this is rare). The services are the machine's: others' load counts too.
 */
export function servicesMeter(): () => number {
  const base = servicesCpu();
  return () => {
    let total = 0;
    for (const [pid, cpu] of servicesCpu()) total += Math.max(0, cpu - (base.get(pid) ?? 0));
    return total;
  };
}
