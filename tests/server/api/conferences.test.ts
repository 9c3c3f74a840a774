// Conferences, invite links and joining, through the real HTTP API.

import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../../helpers/server.ts';
import { ApiClient, createConference, invite, join, setupCoordinator } from '../../helpers/api.ts';

let server: TestServer;
let coordinator: ApiClient;

beforeAll(async () => {
  server = await startServer();
  coordinator = await setupCoordinator(server);
});
afterAll(async () => {
  await server.stop();
});

describe('conferences', () => {
  it('creates a conference and answers 201 with its id', async () => {
    const res = await coordinator.post('/api/conferences', {
      title: 'Plan for Sam',
      youngPersonName: 'Sam',
      scheduledFor: '2026-12-01',
      connectionsAtStart: 5,
    });
    expect(res.status).toBe(201);
    expect(String(res.json.id)).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  });

  it('reads one conference back with its phase, lock state and versions', async () => {
    const id = await createConference(coordinator, 'Plan for Alex');
    const res = await coordinator.get(`/api/conferences/${id}`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      id,
      title: 'Plan for Alex',
      youngPersonName: 'Robin',
      connectionsAtStart: 7,
      phase: 'preparing',
      locked: false,
      versions: [],
    });
  });

  it('lists the coordinator’s conferences, newest first', async () => {
    const first = await createConference(coordinator, 'Listed first');
    const second = await createConference(coordinator, 'Listed second');
    const res = await coordinator.get('/api/conferences');
    expect(res.status).toBe(200);
    const ids = res.json.map((c) => c.id);
    expect(ids).toContain(first);
    expect(ids.indexOf(second)).toBeLessThan(ids.indexOf(first));
    for (const c of res.json) expect(c).toHaveProperty('phase');
  });

  it('refuses to create a conference without a session (401)', async () => {
    const res = await new ApiClient(server.url).post('/api/conferences', { title: 'x', youngPersonName: 'y' });
    expect(res.status).toBe(401);
    expect(typeof res.json.error).toBe('string');
  });
});

describe('invites and joining', () => {
  it('makes an invite whose url carries the secret after #, shown once', async () => {
    const id = await createConference(coordinator);
    const res = await coordinator.post(`/api/conferences/${id}/invites`, { displayName: 'Aunt Jo', role: 'network' });
    expect(res.status).toBe(201);
    expect(String(res.json.url)).toMatch(new RegExp(`^${server.url}/join#[A-Za-z0-9_-]{43}$`));
    const list = await coordinator.get(`/api/conferences/${id}/invites`);
    expect(JSON.stringify(list.json)).not.toContain(String(res.json.url).split('#')[1]);
  });

  it('joins with the token: 200 with role and conference, and a participant session cookie', async () => {
    const id = await createConference(coordinator);
    const { token, id: inviteId } = await invite(coordinator, id, 'youngPerson', 'Robin');
    const api = new ApiClient(server.url);
    const res = await api.post('/api/join', { token });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ conferenceId: id, participantId: inviteId, role: 'youngPerson' });
    const cookie = res.headers.getSetCookie()[0] ?? '';
    expect(cookie).toMatch(/^llb_session=[A-Za-z0-9_-]{43};/);
    expect(cookie.toLowerCase()).toContain('httponly');
  });

  it('tells a participant who they are on /api/me', async () => {
    const id = await createConference(coordinator);
    const { token, id: inviteId } = await invite(coordinator, id, 'carer', 'Pat the carer');
    const participant = await join(server, token);
    const me = await participant.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.json).toEqual({ kind: 'participant', participantId: inviteId, displayName: 'Pat the carer', role: 'carer', familySide: false, conferenceId: id });
  });

  it('lists invites with their status: waiting, joined, withdrawn, expired', async () => {
    const id = await createConference(coordinator);
    const waiting = await invite(coordinator, id, 'network', 'Waiting Person');
    const joined = await invite(coordinator, id, 'network', 'Joined Person');
    const withdrawn = await invite(coordinator, id, 'observer', 'Withdrawn Person');
    const expired = await invite(coordinator, id, 'professional', 'Expired Person');
    await join(server, joined.token);
    expect((await coordinator.request('DELETE', `/api/conferences/${id}/invites/${withdrawn.id}`)).status).toBe(204);
    // WAL mode lets a second connection write while the server runs.
    const db = new Database(path.join(server.dataDir, 'board.sqlite'));
    try {
      db.prepare('UPDATE invites SET expires_at = ? WHERE id = ?').run(Date.now() - 1000, expired.id);
    } finally {
      db.close();
    }
    const res = await coordinator.get(`/api/conferences/${id}/invites`);
    expect(res.status).toBe(200);
    const statusOf = (inviteId: string) => res.json.find((i) => i.id === inviteId)?.status;
    expect(statusOf(waiting.id)).toBe('waiting');
    expect(statusOf(joined.id)).toBe('joined');
    expect(statusOf(withdrawn.id)).toBe('withdrawn');
    expect(statusOf(expired.id)).toBe('expired');
    for (const i of res.json) expect(Object.keys(i)).not.toContain('tokenHash');
  });
});

describe('what a participant may see', () => {
  it('lets a participant read their own conference', async () => {
    const a = await createConference(coordinator, 'Conference A');
    const participant = await join(server, (await invite(coordinator, a, 'network')).token);
    const res = await participant.get(`/api/conferences/${a}`);
    expect(res.status).toBe(200);
    expect(res.json.title).toBe('Conference A');
  });

  it('answers 404 to a participant of conference A asking for conference B', async () => {
    const a = await createConference(coordinator, 'Conference A');
    const b = await createConference(coordinator, 'Conference B');
    const participant = await join(server, (await invite(coordinator, a, 'professional')).token);
    const res = await participant.get(`/api/conferences/${b}`);
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('Conference B');
    expect((await participant.get(`/api/conferences/${b}/invites`)).status).toBeGreaterThanOrEqual(403);
  });

  it('refuses a participant the list of conferences (403)', async () => {
    const a = await createConference(coordinator);
    const participant = await join(server, (await invite(coordinator, a, 'professional')).token);
    const res = await participant.get('/api/conferences');
    expect(res.status).toBe(403);
    expect(typeof res.json.error).toBe('string');
  });

  it('refuses a participant making invites or conferences (403)', async () => {
    const a = await createConference(coordinator);
    const participant = await join(server, (await invite(coordinator, a, 'professional')).token);
    expect((await participant.post(`/api/conferences/${a}/invites`, { displayName: 'Sneaky', role: 'network' })).status).toBe(403);
    expect((await participant.post('/api/conferences', { title: 'Mine', youngPersonName: 'Me' })).status).toBe(403);
    expect((await participant.get(`/api/conferences/${a}/invites`)).status).toBe(403);
  });

  it('signs a withdrawn participant out at once', async () => {
    const a = await createConference(coordinator);
    const made = await invite(coordinator, a, 'network');
    const participant = await join(server, made.token);
    expect((await participant.get('/api/me')).status).toBe(200);
    await coordinator.request('DELETE', `/api/conferences/${a}/invites/${made.id}`);
    expect((await participant.get('/api/me')).status).toBe(401);
    expect((await participant.get(`/api/conferences/${a}`)).status).toBe(401);
  });
});
