// First-run setup, sign-in and sign-out, and how secrets are kept at rest, against the real server.

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../../helpers/server.ts';
import { ApiClient, createConference, invite, join } from '../../helpers/api.ts';

const EMAIL = 'casey@example.org';
const PASSWORD = 'a long invented password';

let server: TestServer;
let coordinator: ApiClient;

beforeAll(async () => {
  // Behind a (pretend) reverse proxy on loopback, so each test can sign in from its own address.
  server = await startServer({ env: { TRUST_PROXY: 'loopback', LOG_LEVEL: 'info' } });
  coordinator = new ApiClient(server.url);
});
afterAll(async () => {
  await server.stop();
});

/** Every byte the database holds on disk right now (main file and write-ahead log). */
function databaseBytes(): Buffer {
  const files = ['board.sqlite', 'board.sqlite-wal'].map((f) => path.join(server.dataDir, f)).filter((f) => fs.existsSync(f));
  return Buffer.concat(files.map((f) => fs.readFileSync(f)));
}

function cookieValue(api: ApiClient): string {
  return api.cookie.slice(api.cookie.indexOf('=') + 1);
}

function expectError(res: { status: number; json: Record<string, unknown>; text: string }, status: number): void {
  expect(res.status).toBe(status);
  expect(typeof res.json.error).toBe('string');
  expect(res.text).not.toMatch(/Error:|\n\s+at |node_modules/);
}

describe('first-run setup', () => {
  it('says setup is needed on a fresh data directory', async () => {
    const res = await new ApiClient(server.url).get('/api/setup');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ needed: true });
  });

  it('refuses a wrong setup token with 403 and creates no account', async () => {
    const api = new ApiClient(server.url);
    const res = await api.post('/api/setup', { token: 'not-the-right-token', name: 'Mallory', email: 'm@example.org', password: 'another long password' });
    expectError(res, 403);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect((await api.get('/api/setup')).json).toEqual({ needed: true });
  });

  it('creates the first coordinator with the right token and sets an HttpOnly, SameSite=Lax, Path=/ session cookie', async () => {
    const res = await coordinator.post('/api/setup', { token: server.setupToken, name: 'Casey Coordinator', email: EMAIL, password: PASSWORD });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ kind: 'coordinator', name: 'Casey Coordinator', email: EMAIL });
    const [cookie, ...others] = res.headers.getSetCookie();
    expect(others).toEqual([]);
    const attributes = (cookie ?? '').split(';').map((a) => a.trim().toLowerCase());
    expect(attributes[0]).toMatch(/^llb_session=[A-Za-z0-9_-]{43}$/);
    expect(attributes).toContain('httponly');
    expect(attributes).toContain('samesite=lax');
    expect(attributes).toContain('path=/');
    expect((await coordinator.get('/api/me')).json).toMatchObject({ kind: 'coordinator', email: EMAIL });
  });

  it('refuses a second setup with 409, even with the right token', async () => {
    const res = await new ApiClient(server.url).post('/api/setup', { token: server.setupToken, name: 'Second', email: 'second@example.org', password: 'yet another long password' });
    expectError(res, 409);
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('says setup is no longer needed once a coordinator exists', async () => {
    expect((await new ApiClient(server.url).get('/api/setup')).json).toEqual({ needed: false });
  });
});

describe('setup raced from two browsers', () => {
  it('creates exactly one coordinator when several setups with the right token arrive at once', async () => {
    const fresh = await startServer();
    try {
      const answers = await Promise.all(
        [1, 2, 3].map((n) =>
          new ApiClient(fresh.url).post('/api/setup', { token: fresh.setupToken, name: `Racer ${n}`, email: `racer${n}@example.org`, password: 'a long invented password' }),
        ),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
      const winner = answers.find((a) => a.status === 201)!;
      const db = new Database(path.join(fresh.dataDir, 'board.sqlite'), { readonly: true });
      try {
        expect(db.prepare('SELECT email FROM coordinators').all()).toEqual([{ email: winner.json.email }]);
      } finally {
        db.close();
      }
    } finally {
      await fresh.stop();
    }
  });
});

describe('signing in and out', () => {
  it('signs in with the right password and sets a new session cookie', async () => {
    const api = new ApiClient(server.url);
    const res = await api.post('/api/login', { email: EMAIL, password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ kind: 'coordinator', email: EMAIL });
    expect(api.cookie).toMatch(/^llb_session=/);
    expect(api.cookie).not.toBe(coordinator.cookie);
    expect((await api.get('/api/me')).status).toBe(200);
  });

  it('treats the email case-insensitively', async () => {
    const res = await new ApiClient(server.url).post('/api/login', { email: 'Casey@Example.ORG', password: PASSWORD });
    expect(res.status).toBe(200);
  });

  it('answers a wrong password and an unknown email with the same 401 sentence', async () => {
    const wrong = await new ApiClient(server.url).post('/api/login', { email: EMAIL, password: 'not the password at all' });
    const unknown = await new ApiClient(server.url).post('/api/login', { email: 'nobody@example.org', password: PASSWORD });
    expectError(wrong, 401);
    expectError(unknown, 401);
    expect(unknown.json.error).toBe(wrong.json.error);
    expect(wrong.headers.getSetCookie()).toEqual([]);
  });

  it('ends the session on logout, so the old cookie no longer works', async () => {
    const api = new ApiClient(server.url);
    await api.post('/api/login', { email: EMAIL, password: PASSWORD });
    const oldCookie = api.cookie;
    const res = await api.post('/api/logout');
    expect(res.status).toBe(200);
    expect(api.cookie).toBe('');
    expect((await api.get('/api/me')).status).toBe(401);
    // The server forgot the session itself, not only the browser's copy of the cookie.
    const replay = await fetch(`${server.url}/api/me`, { headers: { cookie: oldCookie } });
    expect(replay.status).toBe(401);
  });

  it('answers /api/me without a session with 401', async () => {
    expectError(await new ApiClient(server.url).get('/api/me'), 401);
  });
});

describe('secrets at rest', () => {
  it('stores the password only as a scrypt hash', () => {
    const db = new Database(path.join(server.dataDir, 'board.sqlite'), { readonly: true });
    try {
      const rows = db.prepare('SELECT password_hash FROM coordinators').all() as { password_hash: string }[];
      expect(rows).toHaveLength(1);
      expect(rows[0]?.password_hash).toMatch(/^scrypt\$/);
      expect(rows[0]?.password_hash).not.toContain(PASSWORD);
    } finally {
      db.close();
    }
    expect(databaseBytes().includes(PASSWORD)).toBe(false);
  });

  it('stores invite secrets only hashed: the token from the link is nowhere in the database files', async () => {
    const conferenceId = await createConference(coordinator);
    const made = await invite(coordinator, conferenceId, 'network');
    expect(made.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(databaseBytes().includes(made.token)).toBe(false);
    await join(server, made.token);
    expect(databaseBytes().includes(made.token)).toBe(false);
  });

  it('stores sessions only hashed: no cookie value is in the database files', async () => {
    const conferenceId = await createConference(coordinator);
    const participant = await join(server, (await invite(coordinator, conferenceId, 'carer')).token);
    const bytes = databaseBytes();
    for (const api of [coordinator, participant]) {
      expect(cookieValue(api)).toHaveLength(43);
      expect(bytes.includes(cookieValue(api))).toBe(false);
    }
  });
});

describe('password guessing', () => {
  const from = (address: string) => ({ 'x-forwarded-for': address });
  const login = (address: string, email: string, password: string) =>
    new ApiClient(server.url).request('POST', '/api/login', { email, password }, from(address));
  let fresh = 0;

  // The coordinator signs in once (waiting out any wait left by the last test): the account starts afresh.
  beforeEach(async () => {
    fresh += 1;
    for (;;) {
      const res = await login(`203.0.113.${100 + fresh}`, EMAIL, PASSWORD);
      if (res.status === 200) return;
      await new Promise((resolve) => setTimeout(resolve, Number(res.headers.get('retry-after')) * 1000));
    }
  }, 70_000);

  it('makes a guesser wait after five wrong passwords, even for the right one, and says how long', async () => {
    for (let i = 0; i < 5; i += 1) expectError(await login('198.51.100.1', EMAIL, `wrong guess number ${i}`), 401);
    const limited = await login('198.51.100.1', EMAIL, PASSWORD);
    expectError(limited, 429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.json.error).toMatch(/Wait .*(second|seconds) and try again/);
    expect(limited.headers.getSetCookie()).toEqual([]);
    // Sessions already signed in are unaffected.
    expect((await coordinator.get('/api/me')).status).toBe(200);
  });

  it('never locks the real coordinator out: from their own address they get in once the short wait is over', async () => {
    // Someone keeps guessing at the coordinator's account, waiting out each wait they are given.
    let failures = 0;
    while (failures < 7) {
      const guess = await login('198.51.100.2', EMAIL, `attacker guess ${failures}`);
      if (guess.status === 401) failures += 1;
      else await new Promise((resolve) => setTimeout(resolve, Number(guess.headers.get('retry-after')) * 1000));
    }
    const first = await login('203.0.113.7', EMAIL, PASSWORD);
    expectError(first, 429);
    const wait = Number(first.headers.get('retry-after'));
    expect(wait).toBeLessThanOrEqual(60);
    await new Promise((resolve) => setTimeout(resolve, wait * 1000 + 100));
    expect((await login('203.0.113.7', EMAIL, PASSWORD)).status).toBe(200);
  }, 30_000);

  it('counts guesses sent all at once: no more than five of a burst are checked', async () => {
    const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => login('198.51.100.3', 'burst@example.org', `parallel guess ${i}`)));
    const statuses = burst.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(25);
  });

  it('slows guesses at made-up emails by address, without touching anyone else', async () => {
    for (let i = 0; i < 5; i += 1) await login('198.51.100.4', `ghost${i}@example.org`, `guess ${i}`);
    expectError(await login('198.51.100.4', 'ghost-next@example.org', 'guess'), 429);
    expect((await login('203.0.113.8', EMAIL, PASSWORD)).status).toBe(200);
  });

  it('puts sign-ins and failed sign-ins on the record, and in the log with the address but no email', async () => {
    await login('198.51.100.5', EMAIL, 'a wrong one');
    await login('198.51.100.5', EMAIL, PASSWORD);
    const db = new Database(path.join(server.dataDir, 'board.sqlite'), { readonly: true });
    const rows = db.prepare<[], { action: string; detail: string }>("SELECT action, detail FROM audit_events WHERE action LIKE 'signIn.%' ORDER BY id").all();
    db.close();
    expect(rows.map((r) => r.action)).toContain('signIn.failed');
    expect(rows.map((r) => r.action)).toContain('signIn.succeeded');
    const output = server.output();
    expect(output).toContain('"address":"198.51.100.5"');
    expect(output).not.toContain(EMAIL);
  });
});

describe('a client address that is not from a trusted proxy', () => {
  it('ignores X-Forwarded-For, so a guesser cannot pretend to come from many addresses', async () => {
    const plain = await startServer();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i += 1) {
        const res = await new ApiClient(plain.url).request('POST', '/api/login', { email: 'x@example.org', password: `guess ${i}` }, { 'x-forwarded-for': `192.0.2.${i}` });
        statuses.push(res.status);
      }
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(statuses[5]).toBe(429);
    } finally {
      await plain.stop();
    }
  });
});
