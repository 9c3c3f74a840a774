// Invites managed live: who has joined, who is on the board now and when each was last seen; a role
// changed while someone is on the board (they reconnect with the new rights); a lost link replaced
// for the same person (the old link and its sessions stop working, what they wrote stays theirs).

import { describe, expect, it } from 'vitest';
import { addObjective, addPerson, editObjective, readBoard } from '../../../shared/board.ts';
import { CLOSE } from '../../../shared/protocol.ts';
import { ApiClient, createConference, invite, join } from '../../helpers/api.ts';
import { connect } from '../../helpers/client.ts';
import { storedRows } from '../../helpers/stored.ts';
import { joinBoard, serverPerFile, waitConverged } from '../../helpers/sync.ts';
import { waitFor } from '../../helpers/wait.ts';

const live = serverPerFile({ end: 'stop' });

const person = (name: string) => ({ displayName: name, relationship: '', circle: 'friends' as const, connection: 'none' as const, atConference: false });

async function inviteOf(conferenceId: string, inviteId: string): Promise<Record<string, unknown>> {
  const list = await live.coordinator.get(`/api/conferences/${conferenceId}/invites`);
  expect(list.status).toBe(200);
  const found = (list.json as Array<Record<string, unknown>>).find((i) => i.id === inviteId);
  if (!found) throw new Error('invite not listed');
  return found;
}

describe('invites managed live', () => {
  it('lists who has joined, who is on the board now, and when they were last seen', async () => {
    const conferenceId = await createConference(live.coordinator, 'Live invites');
    const jo = await joinBoard(live.server, live.coordinator, conferenceId, { name: 'Aunt Jo' });
    await waitFor('Jo to show as on the board', async () => (await inviteOf(conferenceId, jo.inviteId)).online === true);
    const on = await inviteOf(conferenceId, jo.inviteId);
    expect(on).toMatchObject({ displayName: 'Aunt Jo', role: 'network', online: true, revoked: false, status: 'joined' });
    expect(typeof on.joinedAt).toBe('string');
    expect(typeof on.expiresAt).toBe('string');
    jo.destroy();
    await waitFor('Jo to show as gone', async () => (await inviteOf(conferenceId, jo.inviteId)).online === false);
    const off = await inviteOf(conferenceId, jo.inviteId);
    expect(Date.parse(String(off.lastSeenAt))).toBeGreaterThan(Date.now() - 60_000);
  });

  it('changes a role live: their board reconnects with the new rights', async () => {
    const conferenceId = await createConference(live.coordinator, 'Role change');
    const jo = await joinBoard(live.server, live.coordinator, conferenceId, { name: 'Aunt Jo', role: 'network' });
    const watcher = await connect(live.coordinator, conferenceId);
    live.open.push(jo, watcher);
    addPerson(jo.doc, person('Before'));
    await waitConverged([jo, watcher], 'the first edit to arrive');

    const res = await live.coordinator.request('PATCH', `/api/conferences/${conferenceId}/invites/${jo.inviteId}`, { role: 'observer' });
    expect(res.status).toBe(200);
    await waitFor('Jo’s board to close for the role change', () => jo.closes.some((c) => c.code === CLOSE.roleChanged.code));
    // It reconnects by itself (not a 44xx code) and is told it may only watch now.
    await waitFor('Jo to be back, read-only', () => jo.provider.synced && jo.denied.length > 0);
    const rows = storedRows(live.server, conferenceId).length;
    addPerson(jo.doc, person('After, as an observer'));
    addPerson(watcher.doc, person('The coordinator carries on'));
    await waitFor('the coordinator’s edit to reach Jo', () => readBoard(jo.doc).people.some((p) => p.displayName === 'The coordinator carries on'));
    expect(storedRows(live.server, conferenceId)).toHaveLength(rows + 1);
    expect(readBoard(watcher.doc).people.map((p) => p.displayName)).not.toContain('After, as an observer');
    expect((await inviteOf(conferenceId, jo.inviteId)).role).toBe('observer');
    expect((await jo.api.get('/api/me')).json.role).toBe('observer');
  });

  it('refuses a role change for a withdrawn invite, an unknown role, or from anyone but the coordinator', async () => {
    const conferenceId = await createConference(live.coordinator, 'Bad role changes');
    const jo = await joinBoard(live.server, live.coordinator, conferenceId, { name: 'Aunt Jo' });
    live.open.push(jo);
    const path = `/api/conferences/${conferenceId}/invites/${jo.inviteId}`;
    expect((await live.coordinator.request('PATCH', path, { role: 'boss' })).status).toBe(400);
    expect((await jo.api.request('PATCH', path, { role: 'professional' })).status).toBe(403);
    await live.coordinator.request('DELETE', path);
    expect((await live.coordinator.request('PATCH', path, { role: 'carer' })).status).toBe(409);
  });

  it('replaces a lost link for the same person: the old link and its devices stop, what they wrote stays theirs', async () => {
    const conferenceId = await createConference(live.coordinator, 'Lost link');
    const made = await invite(live.coordinator, conferenceId, 'network', 'Aunt Jo');
    const phone = await join(live.server, made.token);
    const jo = await connect(phone, conferenceId);
    live.open.push(jo);
    const wish = addObjective(jo.doc, { text: 'Robin would like photos of Mum', category: 'familyHistory', raisedBy: jo.selfId });
    await waitFor('the wish to be stored', () => storedRows(live.server, conferenceId).length >= 2);

    const res = await live.coordinator.post(`/api/conferences/${conferenceId}/invites/${made.id}/replace`, {});
    expect(res.status).toBe(201);
    await waitFor('the old device’s board to close', () => jo.closes.some((c) => c.code === CLOSE.revoked.code));
    expect((await phone.get('/api/me')).status).toBe(401);
    // The old link does not join any more; the new one does, as the same person.
    expect((await new ApiClient(live.server.url).post('/api/join', { token: made.token })).status).toBe(404);
    const url = String(res.json.url);
    const newDevice = await join(live.server, url.slice(url.indexOf('#') + 1));
    expect((await newDevice.get('/api/me')).json.participantId).toBe(jo.selfId);
    // Still theirs: the wish they added can be changed by them (its raiser) from the new device.
    const again = await connect(newDevice, conferenceId);
    live.open.push(again);
    const rows = storedRows(live.server, conferenceId).length;
    editObjective(again.doc, wish, { text: 'Robin would like photos of Mum and Nan' });
    await waitFor('the change to be stored', () => storedRows(live.server, conferenceId).length === rows + 1);
    expect(storedRows(live.server, conferenceId).at(-1)?.authorId).toBe(jo.selfId);
    expect(again.closes).toEqual([]);
  });
});
