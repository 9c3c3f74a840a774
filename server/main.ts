// The entry point: reads the environment, opens the store, listens for HTTP and WebSocket
// traffic, prints the first-run setup link, and shuts down gracefully on SIGTERM/SIGINT.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { WebSocketServer } from 'ws';
import { CLOSE, MAX_FRAME_BYTES } from '../shared/protocol.ts';
import { createApp } from './app.ts';
import { newSecret } from './auth/secrets.ts';
import { configFromEnv } from './config.ts';
import type { Deps } from './deps.ts';
import { DeliveryWorker } from './delivery/worker.ts';
import { BoardAuthors } from './authors.ts';
import { createLogger } from './log.ts';
import { createMetrics } from './metrics.ts';
import { openSqliteStore, sqliteFile } from './store/sqlite.ts';
import { Rooms } from './sync/rooms.ts';
import type { NewsBus, RedisLike } from './cluster/news.ts';
import type { SignInRedis } from './auth/redis-sign-in-limits.ts';
import { applyRetention, RETENTION_SWEEP_MS } from './retention.ts';
import { createLinkSender } from './messages/linkSender.ts';

/** Longest a graceful shutdown may take before the process exits anyway. */
export const SHUTDOWN_GRACE_MS = 10_000;
/**
 * Longest a client may take to send a request's headers, and its whole request with its body, before
 * the server answers 408 and closes the connection: a half-sent request does not hold a connection
 * (and its memory) for Node's default five minutes. The API's bodies are at most 64 KB.
 */
export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 15_000;
/** How often the server looks for requests over those limits (Node's default: every 30 s). */
const TIMEOUT_CHECK_MS = 1_000;
/** How often expired sessions are deleted from the store (also once at start-up). */
export const SESSION_PURGE_INTERVAL_MS = 60 * 60 * 1000;

const CLIENT_DIR = fileURLToPath(new URL('../dist/client/', import.meta.url));

/** Starts the whole server from environment variables; resolves once it is listening. */
export async function start(env: Record<string, string | undefined>) {
  const config = configFromEnv(env);
  const log = createLogger(config.logLevel);
  // Files this server makes (the database and its journal) are readable by its own user only.
  process.umask(0o077);
  if (config.redisUrl !== null && config.databaseUrl === null) {
    // The embedded database is one process's own file: instances cannot share it.
    throw new Error('REDIS_URL needs DATABASE_URL: several instances share one PostgreSQL database (unset REDIS_URL to run one instance on the embedded database).');
  }
  // PostgreSQL's and Redis's clients load only when configured: the embedded default carries
  // neither in memory (they are chunks of their own in the server build).
  const store =
    config.databaseUrl === null
      ? await openSqliteStore({ file: sqliteFile(config.dataDir) })
      : await (await import('./store/postgres.ts')).openPostgresStore({
          url: config.databaseUrl,
          onError: (err) => log.error({ err: String(err) }, 'a PostgreSQL connection failed; the next query opens a new one'),
        });
  // Several instances: news of every stored update, presence and closed socket goes through Redis.
  // Sign-in limits are counted in Redis too, so a guesser gains nothing from several instances.
  let news: NewsBus | null = null;
  let limitsClient: { close(): Promise<void> } | null = null;
  let signInLimits: Deps['signInLimits'];
  if (config.redisUrl !== null) {
    const url = config.redisUrl;
    const [{ createClient }, { redisNews }, { redisSignInLimits }] = await Promise.all([
      import('redis'),
      import('./cluster/news.ts'),
      import('./auth/redis-sign-in-limits.ts'),
    ]);
    const makeClient = () =>
      createClient({ url, socket: { connectTimeout: 5_000, reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2_000) } });
    try {
      news = await redisNews(() => makeClient() as unknown as RedisLike, log);
      const client = makeClient();
      limitsClient = client;
      // Errors are reported by the news (one line per break); this client reconnects by itself.
      client.on('error', () => undefined);
      await client.connect();
      signInLimits = redisSignInLimits(client as unknown as SignInRedis);
    } catch (err) {
      await news?.close();
      await store.close();
      // The URL is not repeated: it may hold a password.
      throw new Error(`Redis could not be reached at REDIS_URL (${err instanceof Error ? err.message : String(err)}).`);
    }
  }
  const metrics = createMetrics();
  const rooms = new Rooms(store, log, metrics.rooms, news);
  metrics.watch(rooms);
  const needsSetup = (await store.accounts.countCoordinators()) === 0;
  const clientDir = fs.existsSync(path.join(CLIENT_DIR, 'index.html')) ? CLIENT_DIR : null;
  const deliveries = config.careRecord === null ? null : new DeliveryWorker({ outbox: store.outbox, log, target: config.careRecord });
  const deps: Deps = {
    config,
    store,
    log,
    rooms,
    setupToken: { current: needsSetup ? (config.setupToken ?? newSecret()) : null },
    clientDir,
    deliveries,
    messages: createLinkSender(config.messages, log),
    authors: new BoardAuthors(store),
    metrics,
    stopping: { current: false },
    news,
    ...(signInLimits !== undefined ? { signInLimits } : {}),
  };
  if (clientDir === null) log.warn('the client is not built; run `npm run build` (npm start does it)');

  const purgeSessions = async () => {
    const purged = await store.accounts.deleteExpiredSessions(Date.now());
    if (purged > 0) log.info({ sessions: purged }, 'expired sessions deleted');
  };
  await purgeSessions();
  // Deliveries left pending by an earlier run (or a killed one, once its lease runs out) go out now.
  deliveries?.start();
  const purgeTimer = setInterval(() => {
    purgeSessions().catch((err: unknown) => log.error({ err: String(err) }, 'deleting expired sessions failed'));
  }, SESSION_PURGE_INTERVAL_MS);
  purgeTimer.unref();
  const retention = config.retentionMs;
  const sweep = () => {
    if (retention !== null) applyRetention(deps, retention).catch((err: unknown) => log.error({ err: String(err) }, 'applying the retention setting failed'));
  };
  sweep();
  const retentionTimer = setInterval(sweep, RETENTION_SWEEP_MS);
  retentionTimer.unref();

  const app = createApp(deps);
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  const server = serve({
    fetch: app.fetch,
    port: config.port,
    hostname: config.host,
    websocket: { server: wss },
    serverOptions: { headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS, connectionsCheckingInterval: TIMEOUT_CHECK_MS },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  if (env.PUBLIC_URL === undefined || env.PUBLIC_URL === '') config.publicUrl = `http://${config.host}:${port}`;

  process.stdout.write(`Lifelong Links Board is listening on http://${config.host}:${port}\n`);
  if (deps.setupToken.current !== null) {
    process.stdout.write(`Create the first coordinator account: ${config.publicUrl}/setup?token=${deps.setupToken.current}\n`);
  }

  let stopping: Promise<void> | null = null;
  /** Stops accepting, closes every socket (clients reconnect later), snapshots every room, closes the store. */
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      log.info('shutting down');
      // A load balancer still asking sees "not ready" and stops sending work here.
      deps.stopping.current = true;
      clearInterval(purgeTimer);
      clearInterval(retentionTimer);
      server.close();
      await rooms.shutdown(CLOSE.goingAway);
      wss.close();
      await news?.close();
      await limitsClient?.close().catch(() => undefined);
      // Attempts in flight are cut short and queued again before the store closes under them.
      await deliveries?.stop();
      await store.close();
      log.info('stopped');
    })();
    return stopping;
  };
  return { port, config, stop };
}

async function main(): Promise<void> {
  let handle: Awaited<ReturnType<typeof start>>;
  try {
    handle = await start(process.env);
  } catch (err) {
    process.stderr.write(`Could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
  const onSignal = (signal: string) => {
    const timer = setTimeout(() => {
      process.stderr.write(`Shutdown took longer than ${SHUTDOWN_GRACE_MS} ms; exiting.\n`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    timer.unref();
    handle.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`Shutdown failed after ${signal}: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  void main();
}
