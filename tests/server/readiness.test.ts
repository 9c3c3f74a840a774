// GET /readyz apart from GET /healthz: ready when the store answers, not ready (503, in words) when
// it cannot be reached or the server is shutting down; liveness never asks the store.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { BoardAuthors } from '../../server/authors.ts';
import { configFromEnv } from '../../server/config.ts';
import type { Deps } from '../../server/deps.ts';
import { createLogger } from '../../server/log.ts';
import { createMetrics } from '../../server/metrics.ts';
import { openSqliteStore, sqliteFile } from '../../server/store/sqlite.ts';
import { Rooms } from '../../server/sync/rooms.ts';
import { startServer } from '../helpers/server.ts';
import { createLinkSender } from '../../server/messages/linkSender.ts';

/** No email or text messages set up. */
const NO_MESSAGES = { smtp: null, notify: null, timeoutMs: 1_000 };

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The app over a real SQLite store in a temp folder, built as main.ts builds it, without listening. */
async function appOnRealStore() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'llb-ready-'));
  const store = await openSqliteStore({ file: sqliteFile(dataDir) });
  const log = createLogger('silent');
  const metrics = createMetrics();
  const rooms = new Rooms(store, log, metrics.rooms);
  metrics.watch(rooms);
  const deps: Deps = {
    config: configFromEnv({ DATA_DIR: dataDir }),
    store,
    log,
    rooms,
    setupToken: { current: null },
    clientDir: null,
    deliveries: null,
    messages: createLinkSender(NO_MESSAGES, log),
    authors: new BoardAuthors(store),
    metrics,
    stopping: { current: false },
  };
  cleanups.push(async () => {
    await rooms.shutdown({ code: 1001, reason: 'test over' });
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return { app: createApp(deps), deps };
}

describe('readiness and liveness', () => {
  it('answers ready with the store checked on a running server, and alive', async () => {
    const server = await startServer();
    cleanups.push(async () => void (await server.stop()));
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.headers.get('cache-control')).toBe('no-store');
    expect(await ready.json()).toEqual({ ok: true, checks: { store: 'ok' } });
    const alive = await fetch(`${server.url}/healthz`);
    expect(alive.status).toBe(200);
    expect(await alive.json()).toMatchObject({ ok: true });
  });

  it('answers 503 in plain words when the database cannot be reached, while /healthz still says alive', async () => {
    const { app, deps } = await appOnRealStore();
    await deps.store.close();
    const ready = await app.request('/readyz');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ error: 'The database cannot be reached.', checks: { store: 'unreachable' } });
    // Liveness stays apart: a database outage must not get the process restarted.
    expect((await app.request('/healthz')).status).toBe(200);
  });

  it('answers 503 once the server is shutting down, so a load balancer stops sending work', async () => {
    const { app, deps } = await appOnRealStore();
    expect((await app.request('/readyz')).status).toBe(200);
    deps.stopping.current = true;
    const ready = await app.request('/readyz');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ error: 'The server is shutting down; it takes no new work.', checks: { store: 'unchecked' } });
  });
});
