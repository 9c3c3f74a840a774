// Sign-in limits shared through Redis (TEST_REDIS_URL): the shared contract, then what only
// several instances bring — one count across instances, a burst through two instances at once,
// keys that name no one and expire by themselves — and Redis gone or stuck: attempts refused
// (fail closed), and a sign-in through the real routes answers 503 in plain words.

import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { coordinatorId, newId } from '../../../shared/ids.ts';
import { createApp } from '../../../server/app.ts';
import { BoardAuthors } from '../../../server/authors.ts';
import { hashPassword } from '../../../server/auth/password.ts';
import { redisSignInLimits } from '../../../server/auth/redis-sign-in-limits.ts';
import {
  FREE_LOGIN_FAILURES,
  LOGIN_BASE_DELAY_MS,
  LOGIN_WINDOW_MS,
  SignInLimitsUnavailableError,
  type SignInLimits,
} from '../../../server/auth/sign-in-limits.ts';
import { configFromEnv } from '../../../server/config.ts';
import type { Deps } from '../../../server/deps.ts';
import { createLogger } from '../../../server/log.ts';
import { createMetrics } from '../../../server/metrics.ts';
import { openSqliteStore, sqliteFile } from '../../../server/store/sqlite.ts';
import type { Store } from '../../../server/store/types.ts';
import { Rooms } from '../../../server/sync/rooms.ts';
import { ownRedis, requireRedis, TEST_REDIS_URL, type OwnRedis } from '../../helpers/redis.ts';
import { waitFor } from '../../helpers/wait.ts';
import { failRepeatedly, signInLimitsContract, T0 } from './sign-in-limits.contract.ts';
import { createLinkSender } from '../../../server/messages/linkSender.ts';

/** No email or text messages set up. */
const NO_MESSAGES = { smtp: null, notify: null, timeoutMs: 1_000 };

const newClient = (url: string) => createClient({ url });
/** A client as main.ts makes one (createClient's type with its default modules). */
type Client = ReturnType<typeof newClient>;

const clients: Client[] = [];
const prefixes: string[] = [];
const cleanups: (() => Promise<void>)[] = [];
/** The machine's Redis, for the contract and for deleting each test's keys. */
let shared: Client;

/** A connected client of its own (as each server instance has), closed after the file. */
async function connect(url = TEST_REDIS_URL): Promise<Client> {
  const client = newClient(url);
  // reason: the tests that stop Redis expect the client's connection errors; attempts report them
  client.on('error', () => undefined);
  await client.connect();
  clients.push(client);
  return client;
}

/** A key prefix no other run or test uses; its keys are deleted after each test. */
function freshPrefix(): string {
  const prefix = `llb-test:${randomBytes(6).toString('hex')}:signin:`;
  prefixes.push(prefix);
  return prefix;
}

async function keysUnder(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const batch of shared.scanIterator({ MATCH: `${prefix}*`, COUNT: 1_000 })) keys.push(...batch);
  return keys;
}

beforeAll(async () => {
  // Fails the file, naming the URL, when Redis is not there: never a silent skip.
  await requireRedis();
  shared = await connect();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  for (const prefix of prefixes.splice(0)) {
    const keys = await keysUnder(prefix);
    for (let i = 0; i < keys.length; i += 1_000) await shared.del(keys.slice(i, i + 1_000));
  }
});

afterAll(async () => {
  for (const client of clients.splice(0)) {
    if (client.isOpen) await client.close();
  }
});

/** A Redis of the test's own (it may be stopped), killed after the test. */
async function redisToStop(): Promise<OwnRedis> {
  const redis = await ownRedis();
  cleanups.push(() => redis.kill());
  return redis;
}

signInLimitsContract('Redis', async () => redisSignInLimits(shared, { prefix: freshPrefix() }));

describe('sign-in limits shared through Redis', () => {
  it('shares one count between instances: failures on one slow the other, a right password on either clears it', async () => {
    const prefix = freshPrefix();
    const one = redisSignInLimits(await connect(), { prefix });
    const other = redisSignInLimits(await connect(), { prefix });
    const now = await failRepeatedly(one, '198.51.100.1', 'sam', FREE_LOGIN_FAILURES);
    expect(await other.attempt('203.0.113.9', 'sam', now)).toEqual({ allowed: false, retryAfterMs: LOGIN_BASE_DELAY_MS });
    expect(await other.attempt('198.51.100.1', null, now)).toEqual({ allowed: false, retryAfterMs: LOGIN_BASE_DELAY_MS });
    await other.succeeded('198.51.100.1', 'sam');
    expect(await one.attempt('198.51.100.1', 'sam', now)).toEqual({ allowed: true });
  });

  it('lets exactly the free tries through a burst of 20 at one account, sent through two instances at once', async () => {
    const prefix = freshPrefix();
    const instances = [redisSignInLimits(await connect(), { prefix }), redisSignInLimits(await connect(), { prefix })];
    // No clock given: Redis's own clock, as in production, and a different address for each guess.
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => instances[i % 2]!.attempt(`192.0.2.${i}`, 'sam')));
    expect(burst.filter((v) => v.allowed)).toHaveLength(FREE_LOGIN_FAILURES);
    for (const verdict of burst.filter((v) => !v.allowed)) {
      expect(verdict).toEqual({ allowed: false, retryAfterMs: expect.any(Number) });
      if (!verdict.allowed) expect(verdict.retryAfterMs).toBeGreaterThan(0);
      if (!verdict.allowed) expect(verdict.retryAfterMs).toBeLessThanOrEqual(LOGIN_BASE_DELAY_MS);
    }
  });

  it('keeps neither addresses nor account ids in Redis, and every tally expires after the window', async () => {
    const prefix = freshPrefix();
    const limits = redisSignInLimits(shared, { prefix });
    const address = '198.51.100.77';
    const account = coordinatorId(newId());
    await limits.attempt(address, account);
    const keys = await keysUnder(prefix);
    const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
    expect(keys.sort()).toEqual([`${prefix}acct:${sha256(account)}`, `${prefix}addr:${sha256(address)}`]);
    for (const key of keys) {
      expect(key).not.toContain(address);
      expect(key).not.toContain(account);
      const ttl = await shared.pTTL(key);
      expect(ttl).toBeGreaterThan(LOGIN_WINDOW_MS - 10_000);
      expect(ttl).toBeLessThanOrEqual(LOGIN_WINDOW_MS);
      const stored = await shared.hGetAll(key);
      expect(Object.keys(stored).sort()).toEqual(['f', 't']);
      expect(JSON.stringify(stored)).not.toContain(address);
    }
    // A later failure sets the clock again: the window counts from the last failure.
    await limits.attempt(address, account, T0);
    expect(await shared.hGet(`${prefix}addr:${sha256(address)}`, 't')).toBe(String(T0));
    await limits.succeeded(address, account);
    expect(await keysUnder(prefix)).toEqual([]);
  });

  it('refuses attempts at once while Redis is stopped, and counts again once it is back', async () => {
    const redis = await redisToStop();
    const client = await connect(redis.url);
    const limits = redisSignInLimits(client, { prefix: freshPrefix() });
    expect(await limits.attempt('198.51.100.1', 'sam')).toEqual({ allowed: true });
    await redis.kill();
    await waitFor('the client to see Redis gone', () => !client.isReady);
    const started = Date.now();
    await expect(limits.attempt('198.51.100.1', 'sam')).rejects.toBeInstanceOf(SignInLimitsUnavailableError);
    await expect(limits.succeeded('198.51.100.1', 'sam')).rejects.toBeInstanceOf(SignInLimitsUnavailableError);
    expect(Date.now() - started).toBeLessThan(500);
    await redis.start();
    await waitFor('the client to reconnect', () => client.isReady);
    expect(await limits.attempt('198.51.100.1', 'sam')).toEqual({ allowed: true });
  });

  it('refuses an attempt when Redis does not answer in time, instead of waiting with it', async () => {
    const redis = await redisToStop();
    const client = await connect(redis.url);
    const limits = redisSignInLimits(client, { prefix: freshPrefix(), timeoutMs: 300 });
    const admin = await connect(redis.url);
    await admin.sendCommand(['CLIENT', 'PAUSE', '1500', 'ALL']);
    const attempt = limits.attempt('198.51.100.1', 'sam');
    await expect(attempt).rejects.toThrow(/did not answer within 300 ms/);
    await expect(attempt).rejects.toBeInstanceOf(SignInLimitsUnavailableError);
  });
});

describe('signing in through instances that share Redis', () => {
  const EMAIL = 'sam.coordinator@example.org';
  const PASSWORD = 'a long enough password';

  /** The app as main.ts builds it, over `store`, with `signInLimits`, served on port 0 in this process. */
  async function instance(store: Store, signInLimits: SignInLimits) {
    const lines: string[] = [];
    const log = createLogger('info', { write: (line: string) => void lines.push(line) });
    const metrics = createMetrics();
    const rooms = new Rooms(store, log, metrics.rooms);
    const deps: Deps = {
      config: configFromEnv({ DATA_DIR: tmpdir() }),
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
      signInLimits,
    };
    const server = serve({ fetch: createApp(deps).fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    cleanups.push(async () => {
      await rooms.shutdown({ code: 1001, reason: 'test over' });
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
    });
    const login = (password: string, email = EMAIL) =>
      fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    return { login, output: () => lines.join('') };
  }

  /** A SQLite store in a temp folder with one coordinator, removed after the test. */
  async function storeWithCoordinator(): Promise<Store> {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'llb-signin-'));
    const store = await openSqliteStore({ file: sqliteFile(dataDir) });
    cleanups.push(async () => {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    });
    await store.accounts.createCoordinator({ id: coordinatorId(newId()), name: 'Sam', email: EMAIL, passwordHash: await hashPassword(PASSWORD), createdAt: Date.now() });
    return store;
  }

  it('slows a guesser on one instance after wrong passwords given to another', async () => {
    const store = await storeWithCoordinator();
    const prefix = freshPrefix();
    const one = await instance(store, redisSignInLimits(await connect(), { prefix }));
    const other = await instance(store, redisSignInLimits(await connect(), { prefix }));
    for (let i = 0; i < FREE_LOGIN_FAILURES; i += 1) expect((await one.login(`wrong guess ${i}`)).status).toBe(401);
    const limited = await other.login(PASSWORD);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await limited.json()) as { error: string }).error).toMatch(/Wait .*(second|seconds) and try again/);
  });

  it('answers 503 in plain words while Redis is stopped, logging the outage without naming anyone', async () => {
    const store = await storeWithCoordinator();
    const redis = await redisToStop();
    const client = await connect(redis.url);
    const server = await instance(store, redisSignInLimits(client, { prefix: freshPrefix() }));
    expect((await server.login(PASSWORD)).status).toBe(200);
    await redis.kill();
    await waitFor('the client to see Redis gone', () => !client.isReady);
    for (const email of [EMAIL, 'nobody@example.org']) {
      const res = await server.login(PASSWORD, email);
      expect(res.status).toBe(503);
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(await res.json()).toEqual({ error: 'Signing in is not possible right now. Please try again in a minute.' });
    }
    const outage = server.output().split('\n').filter((line) => line.includes('sign-in refused'));
    expect(outage).toHaveLength(2);
    for (const line of outage) {
      expect(JSON.parse(line)).toMatchObject({ err: expect.stringContaining('SignInLimitsUnavailableError') });
      expect(line).not.toContain(EMAIL);
      expect(line).not.toContain('nobody@example.org');
      expect(line).not.toMatch(/"address"|"actorId"|"stack"|127\.0\.0\.1/);
    }
    expect(server.output()).not.toContain(EMAIL);
    await redis.start();
    await waitFor('the client to reconnect', () => client.isReady);
    expect((await server.login(PASSWORD)).status).toBe(200);
  });
});
