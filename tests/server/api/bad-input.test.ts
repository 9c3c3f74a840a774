// Bad input to the HTTP API gets a clear JSON refusal with a fitting 4xx; the server stays up and
// the stored board is untouched.

import net from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addOffer, addPerson, readBoard } from '../../../shared/board.ts';
import { startServer, type TestServer } from '../../helpers/server.ts';
import { ApiClient, createConference, invite, join, setupCoordinator } from '../../helpers/api.ts';
import { connect } from '../../helpers/client.ts';
import { waitFor } from '../../helpers/wait.ts';
import { MOVE_DEVICE_WINDOW_MS } from '../../../server/api/join.ts';

let server: TestServer;
let coordinator: ApiClient;
let conferenceId: string;
let boardBefore: string;

type Answer = Awaited<ReturnType<ApiClient['request']>>;

/** Reads the board through a fresh client, as JSON. */
async function boardNow(): Promise<string> {
  const client = await connect(coordinator, conferenceId);
  try {
    return JSON.stringify(readBoard(client.doc));
  } finally {
    client.destroy();
  }
}

/** A readable `{error}` refusal with `status`, and nothing of the server's insides. */
function expectRefused(res: Answer, status: number): void {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(Object.keys(res.json)).toContain('error');
  expect(typeof res.json.error).toBe('string');
  expect(String(res.json.error).length).toBeGreaterThan(10);
  expect(res.text).not.toMatch(/Error:|\n\s+at |\bat .+:\d+:\d+|node_modules|\/work\/|\.ts:\d+/);
}

function sqlite(): Database.Database {
  // WAL mode lets this second connection write while the server runs.
  return new Database(path.join(server.dataDir, 'board.sqlite'));
}

beforeAll(async () => {
  server = await startServer();
  coordinator = await setupCoordinator(server);
  conferenceId = await createConference(coordinator);
  const editor = await connect(await join(server, (await invite(coordinator, conferenceId, 'youngPerson')).token), conferenceId);
  const personId = addPerson(editor.doc, { displayName: 'Nan', relationship: 'grandmother', circle: 'family', connection: 'direct', atConference: true });
  addOffer(editor.doc, { personId, kind: 'visit', text: 'Tea every other Sunday', createdBy: editor.selfId });
  const watcher = await connect(coordinator, conferenceId);
  await waitFor('the edit to be stored and relayed', () => readBoard(watcher.doc).offers.length === 1);
  editor.destroy();
  watcher.destroy();
  boardBefore = await boardNow();
  expect(boardBefore).toContain('Tea every other Sunday');
});
afterAll(async () => {
  await server.stop();
});

// After every refusal: the server still answers and the board stored before it loads unchanged.
afterEach(async () => {
  const health = await fetch(`${server.url}/healthz`);
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ ok: true });
  expect(await boardNow()).toBe(boardBefore);
});

describe('malformed request bodies', () => {
  it('refuses a body that is not valid JSON with 400', async () => {
    for (const body of ['{"title": "Plan', '{title: "x"}', 'undefined', '{"a":1}}']) {
      expectRefused(await coordinator.request('POST', '/api/conferences', body), 400);
    }
    expectRefused(await new ApiClient(server.url).request('POST', '/api/login', '{"email": '), 400);
  });

  it('refuses JSON that is not an object with 400', async () => {
    for (const body of ['[]', 'null', '"a string"', '42', 'true']) {
      expectRefused(await coordinator.request('POST', '/api/conferences', body), 400);
    }
  });

  it('refuses a body sent with another content type with 415', async () => {
    const body = JSON.stringify({ title: 'Plan', youngPersonName: 'Sam' });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      expectRefused(await coordinator.request('POST', '/api/conferences', body, { 'content-type': type }), 415);
    }
    const none = await fetch(`${server.url}/api/conferences`, { method: 'POST', headers: { cookie: coordinator.cookie }, body: new Blob([body]) });
    expect(none.status).toBe(415);
  });

  it('accepts application/json with a charset, but not look-alike types such as application/json-seq (415)', async () => {
    const body = JSON.stringify({ title: 'Plan', youngPersonName: 'Sam' });
    expect((await coordinator.request('POST', '/api/conferences', body, { 'content-type': 'application/json; charset=utf-8' })).status).toBe(201);
    for (const type of ['application/json-seq', 'application/jsonx', 'text/json', 'application/json-patch+json']) {
      expectRefused(await coordinator.request('POST', '/api/conferences', body, { 'content-type': type }), 415);
    }
  });

  it('refuses control characters and broken characters in names and titles with 400', async () => {
    for (const bad of ['Plan\u0000for Sam', 'Plan\nfor Sam', 'Plan\u001bfor Sam', 'Plan\u007ffor Sam', 'Plan \ud800 Sam']) {
      const res = await coordinator.post('/api/conferences', { title: bad, youngPersonName: 'Sam' });
      expectRefused(res, 400);
      expect(res.json.error).toContain('title');
      expectRefused(await coordinator.post(`/api/conferences/${conferenceId}/invites`, { displayName: bad, role: 'network' }), 400);
    }
    // Letters of every script, accents, apostrophes and emoji are all fine.
    const ok = await coordinator.post('/api/conferences', { title: 'Siân’s plan — Zoë, Øyvind, 李雷 👍', youngPersonName: 'Siân' });
    expect(ok.status).toBe(201);
  });

  it('refuses unknown fields with 400, naming them', async () => {
    const res = await coordinator.post('/api/conferences', { title: 'Plan', youngPersonName: 'Sam', createdBy: 'someone-else' });
    expectRefused(res, 400);
    expect(res.json.error).toContain('createdBy');
    expectRefused(await coordinator.post(`/api/conferences/${conferenceId}/invites`, { displayName: 'X', role: 'network', tokenHash: 'abc' }), 400);
    expectRefused(await coordinator.post('/api/join', { token: 'x'.repeat(43), role: 'coordinator' }), 400);
  });

  it('refuses over-long strings with 400, naming the field', async () => {
    const title = await coordinator.post('/api/conferences', { title: 'x'.repeat(201), youngPersonName: 'Sam' });
    expectRefused(title, 400);
    expect(title.json.error).toContain('title');
    expectRefused(await coordinator.post(`/api/conferences/${conferenceId}/invites`, { displayName: 'y'.repeat(81), role: 'network' }), 400);
    expectRefused(await new ApiClient(server.url).post('/api/login', { email: 'casey@example.org', password: 'p'.repeat(201) }), 400);
    expectRefused(await new ApiClient(server.url).post('/api/join', { token: 't'.repeat(201) }), 400);
  });

  it('refuses missing or wrongly typed fields with 400', async () => {
    const missing = await coordinator.post('/api/conferences', { title: 'Plan' });
    expectRefused(missing, 400);
    expect(missing.json.error).toContain('youngPersonName');
    expectRefused(await coordinator.post('/api/conferences', {}), 400);
    expectRefused(await coordinator.request('POST', '/api/conferences', ''), 400);
    expectRefused(await coordinator.post('/api/conferences', { title: 42, youngPersonName: ['Sam'] }), 400);
    expectRefused(await coordinator.post('/api/conferences', { title: '   ', youngPersonName: 'Sam' }), 400);
    expectRefused(await coordinator.post('/api/conferences', { title: 'Plan', youngPersonName: 'Sam', connectionsAtStart: -1 }), 400);
    expectRefused(await coordinator.post('/api/conferences', { title: 'Plan', youngPersonName: 'Sam', scheduledFor: 'next week' }), 400);
    expectRefused(await coordinator.post(`/api/conferences/${conferenceId}/invites`, { displayName: 'X', role: 'coordinator' }), 400);
    expectRefused(await coordinator.post(`/api/conferences/${conferenceId}/invites`, { displayName: 'X', role: 'network', expiresInDays: 0 }), 400);
    expectRefused(await new ApiClient(server.url).post('/api/join', {}), 400);
  });

  it('refuses a body over 64 KiB with 413', async () => {
    const big = JSON.stringify({ title: 'Plan', youngPersonName: 'Sam', pad: 'x'.repeat(70 * 1024) });
    expectRefused(await coordinator.request('POST', '/api/conferences', big), 413);
    expectRefused(await new ApiClient(server.url).request('POST', '/api/login', big), 413);
  });

  it('measures the 64 KiB limit in bytes, not characters', async () => {
    // 30,000 three-byte characters: under 64 Ki characters, but about 88 KiB on the wire.
    const big = JSON.stringify({ title: '€'.repeat(30_000), youngPersonName: 'Sam' });
    expect(Buffer.byteLength(big)).toBeGreaterThan(64 * 1024);
    expect(big.length).toBeLessThan(64 * 1024);
    expectRefused(await coordinator.request('POST', '/api/conferences', big), 413);
  });

  it('refuses a large body sent without a Content-Length (chunked) with 413, without reading it all', async () => {
    // A raw socket, so the test controls the chunks and sees the answer that arrives mid-upload.
    const answer = await new Promise<{ head: string; body: string; sentBytes: number }>((resolve, reject) => {
      const socket = net.connect(server.port, '127.0.0.1');
      const chunk = Buffer.concat([Buffer.from('4000\r\n'), Buffer.alloc(0x4000, 'x'), Buffer.from('\r\n')]);
      let sentBytes = 0;
      let received = '';
      const finish = () => {
        const at = received.indexOf('\r\n\r\n');
        socket.destroy();
        resolve({ head: received.slice(0, at), body: received.slice(at + 4), sentBytes });
      };
      socket.on('data', (d: Buffer) => {
        received += d.toString('utf8');
        const at = received.indexOf('\r\n\r\n');
        const length = /content-length: (\d+)/i.exec(received.slice(0, at));
        if (at >= 0 && length && Buffer.byteLength(received.slice(at + 4)) >= Number(length[1])) finish();
      });
      socket.on('close', () => (received ? finish() : reject(new Error(`closed without an answer after ${sentBytes} bytes`))));
      // reason: the server may reset the connection while chunks are still in flight; the answer is what counts
      socket.on('error', () => undefined);
      socket.write(
        `POST /api/conferences HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nCookie: ${coordinator.cookie}\r\n` +
          'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
      );
      // Up to 64 MiB, 16 KiB at a time, until the server answers.
      const pump = () => {
        if (received !== '' || socket.destroyed || sentBytes >= 64 * 1024 * 1024) return;
        sentBytes += 0x4000;
        if (socket.write(chunk)) setImmediate(pump);
        else socket.once('drain', pump);
      };
      pump();
    });
    expect(answer.head).toMatch(/^HTTP\/1\.1 413 /);
    expect(JSON.parse(answer.body)).toHaveProperty('error');
    // The server stopped reading at the limit; only what the sockets' buffers held was sent.
    expect(answer.sentBytes).toBeLessThan(16 * 1024 * 1024);
  });
});

describe('unknown and malformed paths', () => {
  it('answers an unknown conference id with 404', async () => {
    const unknown = crypto.randomUUID();
    expectRefused(await coordinator.get(`/api/conferences/${unknown}`), 404);
    expectRefused(await coordinator.get(`/api/conferences/${unknown}/invites`), 404);
    expectRefused(await coordinator.post(`/api/conferences/${unknown}/invites`, { displayName: 'X', role: 'network' }), 404);
    expectRefused(await coordinator.request('DELETE', `/api/conferences/${unknown}/invites/${crypto.randomUUID()}`), 404);
    expectRefused(await coordinator.request('DELETE', `/api/conferences/${conferenceId}/invites/${crypto.randomUUID()}`), 404);
  });

  it('answers a malformed conference id with 404', async () => {
    for (const id of ['not%20an%20id', 'x'.repeat(65), '%00', '..%2F..%2Fetc', "1'%20OR%20'1'='1", '%F0%9F%98%80']) {
      expectRefused(await coordinator.get(`/api/conferences/${id}`), 404);
    }
    expectRefused(await coordinator.request('DELETE', `/api/conferences/${conferenceId}/invites/not%20an%20id`), 404);
  });

  it('answers an unknown API path with 404 JSON, whatever the method', async () => {
    for (const [method, p] of [
      ['GET', '/api/nothing-here'],
      ['POST', '/api/nothing-here'],
      ['DELETE', '/api/conferences'],
      ['GET', `/api/conferences/${conferenceId}/no/such/thing`],
      ['PUT', `/api/conferences/${conferenceId}`],
      ['GET', '/api'],
    ] as const) {
      expectRefused(await coordinator.request(method, p), 404);
    }
  });
});

describe('invite links that do not work', () => {
  it('answers an expired invite with 410', async () => {
    const made = await invite(coordinator, conferenceId, 'network');
    const db = sqlite();
    try {
      db.prepare('UPDATE invites SET expires_at = ? WHERE id = ?').run(Date.now() - 1, made.id);
    } finally {
      db.close();
    }
    const res = await new ApiClient(server.url).post('/api/join', { token: made.token });
    expectRefused(res, 410);
    expect(res.json.error).toMatch(/expired/);
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('answers a token with one character changed with 404, and a misshapen one with 400', async () => {
    const made = await invite(coordinator, conferenceId, 'network');
    const last = made.token.at(-1);
    const tampered = made.token.slice(0, -1) + (last === 'A' ? 'B' : 'A');
    const res = await new ApiClient(server.url).post('/api/join', { token: tampered });
    expectRefused(res, 404);
    expect(res.headers.getSetCookie()).toEqual([]);
    expectRefused(await new ApiClient(server.url).post('/api/join', { token: made.token.slice(1) }), 400);
    expectRefused(await new ApiClient(server.url).post('/api/join', { token: `${made.token.slice(0, -1)}!` }), 400);
    expectRefused(await new ApiClient(server.url).post('/api/join', { token: 12345 }), 400);
    // The real token still works afterwards.
    await join(server, made.token);
  });

  it('answers a link first used more than a day ago with 410 and how to get a new one', async () => {
    const made = await invite(coordinator, conferenceId, 'network');
    await join(server, made.token);
    const db = new Database(path.join(server.dataDir, 'board.sqlite'));
    try {
      db.prepare('UPDATE invites SET used_at = ? WHERE id = ?').run(Date.now() - MOVE_DEVICE_WINDOW_MS - 60_000, made.id);
    } finally {
      db.close();
    }
    const again = await new ApiClient(server.url).post('/api/join', { token: made.token });
    expectRefused(again, 410);
    expect(again.json.error).toMatch(/more than a day ago.*Ask the coordinator for a new link/);
    expect(again.headers.getSetCookie()).toEqual([]);
  });

  it('leaves exactly one of four devices racing on the same link signed in', async () => {
    const made = await invite(coordinator, conferenceId, 'network');
    const devices = [1, 2, 3, 4].map(() => new ApiClient(server.url));
    const answers = await Promise.all(devices.map((device) => device.post('/api/join', { token: made.token })));
    // The first claims the link; the others, within the day, each move the place to themselves.
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    const signedIn = await Promise.all(devices.map(async (device) => (await device.get('/api/me')).status));
    expect(signedIn.filter((status) => status === 200)).toHaveLength(1);
  });

  it('answers a withdrawn invite with 410', async () => {
    const made = await invite(coordinator, conferenceId, 'network');
    expect((await coordinator.request('DELETE', `/api/conferences/${conferenceId}/invites/${made.id}`)).status).toBe(204);
    const res = await new ApiClient(server.url).post('/api/join', { token: made.token });
    expectRefused(res, 410);
    expect(res.json.error).toMatch(/withdrawn/);
  });
});

describe('cross-site requests', () => {
  it('refuses a state-changing request from another website with 403', async () => {
    const foreign = { origin: 'https://evil.example' };
    const create = await coordinator.request('POST', '/api/conferences', { title: 'Planted', youngPersonName: 'X' }, foreign);
    expectRefused(create, 403);
    expectRefused(await coordinator.request('POST', `/api/conferences/${conferenceId}/invites`, { displayName: 'Planted', role: 'professional' }, foreign), 403);
    expectRefused(await new ApiClient(server.url).request('POST', '/api/login', { email: 'casey@example.org', password: 'a long invented password' }, foreign), 403);
    expectRefused(await coordinator.request('POST', '/api/logout', {}, { origin: 'null' }), 403);
    expect((await coordinator.get('/api/me')).status).toBe(200);
    const list = await coordinator.get('/api/conferences');
    expect(list.json.some((c) => c.title === 'Planted')).toBe(false);
  });

  it('accepts the same request from the server’s own origin', async () => {
    const res = await coordinator.request('POST', '/api/conferences', { title: 'Same site', youngPersonName: 'X' }, { origin: server.url });
    expect(res.status).toBe(201);
  });
});
