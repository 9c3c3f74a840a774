// What a council's security review asks, checked against the running server: no caching of API
// answers, a strict content security policy and permissions policy, an Origin check that a forged
// Host header cannot pass (DNS rebinding), data files only the server's user can read, and names
// that cannot hide or reverse their words.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CLOSE } from '../../../shared/protocol.ts';
import { createConference } from '../../helpers/api.ts';
import { serverPerFile } from '../../helpers/sync.ts';

const live = serverPerFile({ end: 'stop' });

/** A raw HTTP request, so the Host header can be what an attacker's page would make it. */
function rawRequest(method: string, pathName: string, headers: Record<string, string>, body = ''): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: live.server.port, method, path: pathName, headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('security review', () => {
  it('tells caches not to keep any API answer', async () => {
    const conferenceId = await createConference(live.coordinator, 'No store');
    for (const pathName of ['/api/me', '/api/conferences', `/api/conferences/${conferenceId}`, '/api/nothing-here']) {
      const res = await live.coordinator.get(pathName);
      expect(res.headers.get('cache-control'), pathName).toBe('no-store');
    }
  });

  it('sends a strict content security policy and a permissions policy', async () => {
    const res = await fetch(`${live.server.url}/healthz`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/connect-src[^;]*ws:/);
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('permissions-policy')).toMatch(/camera=\(\).*microphone=\(\)|microphone=\(\).*camera=\(\)/);
  });

  it('refuses a state-changing request from another site even when its Host header names that site (DNS rebinding)', async () => {
    const body = JSON.stringify({ title: 'Rebound', youngPersonName: 'Sam' });
    const res = await rawRequest(
      'POST',
      '/api/conferences',
      { host: 'evil.example', origin: 'http://evil.example', cookie: live.coordinator.cookie, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
      body,
    );
    expect(res.status).toBe(403);
    expect(JSON.parse(res.text).error).toBe('Requests from other websites are not accepted.');
    // The server's own address, and its other loopback name, are accepted.
    const own = await live.coordinator.request('POST', '/api/conferences', { title: 'Own', youngPersonName: 'Sam' }, { origin: live.server.url });
    expect(own.status).toBe(201);
    const alias = await live.coordinator.request('POST', '/api/conferences', { title: 'Alias', youngPersonName: 'Sam' }, { origin: `http://localhost:${live.server.port}` });
    expect(alias.status).toBe(201);
  });

  it('refuses a live-document socket from another site even when its Host header names that site', async () => {
    const conferenceId = await createConference(live.coordinator, 'Socket origin');
    const ws = new WebSocket(`ws://127.0.0.1:${live.server.port}/sync/${conferenceId}/board`, {
      headers: { host: 'evil.example', origin: 'http://evil.example', cookie: live.coordinator.cookie },
    });
    const closed = await new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    expect(closed).toBe(CLOSE.forbidden.code);
  });

  it('keeps the data folder and the database files readable by the server’s user only', async () => {
    await createConference(live.coordinator, 'Permissions');
    expect(fs.statSync(live.server.dataDir).mode & 0o777).toBe(0o700);
    for (const name of ['board.sqlite', 'board.sqlite-wal', 'board.sqlite-shm']) {
      const file = path.join(live.server.dataDir, name);
      if (fs.existsSync(file)) expect(fs.statSync(file).mode & 0o777, name).toBe(0o600);
    }
  });

  it('refuses names with invisible or direction-changing characters', async () => {
    const conferenceId = await createConference(live.coordinator, 'Names');
    for (const displayName of ['Aunt\u202EoJ', 'A\u200Bnt Jo', 'Jo\u2067x\u2069', 'Jo\u061C', 'Jo\u2028Ray', 'J\u180Eo']) {
      const res = await live.coordinator.post(`/api/conferences/${conferenceId}/invites`, { displayName, role: 'network' });
      expect(res.status, JSON.stringify(displayName)).toBe(400);
      expect(String(res.json.error)).toContain('plain text');
    }
    // The joiners a name may need are kept: an emoji family, a Persian name.
    for (const displayName of ['Jo 👩\u200D👧', 'می\u200Cنا']) {
      expect((await live.coordinator.post(`/api/conferences/${conferenceId}/invites`, { displayName, role: 'network' })).status, JSON.stringify(displayName)).toBe(201);
    }
  });
});
