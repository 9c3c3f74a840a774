// Server changes through the live room: the board's first details, the phase and agreements are
// written by the server with the shared module's named mutations, stored with author `server`,
// relayed like any update whether anyone is connected or not; the conference record and the
// board's meta never disagree. Private family time closes the board of those who leave the room.

import { describe, expect, it } from 'vitest';
import { addOffer, addPerson, giveYes, readBoard, ROOT } from '../../../shared/board.ts';
import { CLOSE } from '../../../shared/protocol.ts';
import { createConference } from '../../helpers/api.ts';
import { connect } from '../../helpers/client.ts';
import { storedBoardJson, storedConference, storedDoc, storedRows } from '../../helpers/stored.ts';
import { joinBoard, metric, serverPerFile, waitConverged } from '../../helpers/sync.ts';
import { waitFor } from '../../helpers/wait.ts';
import { ROOM_IDLE_UNLOAD_MS } from '../../../server/sync/rooms.ts';
import { saidBy } from '../../helpers/yes.ts';

const live = serverPerFile({ end: 'stop' });

describe('server changes through the live room', () => {
  it('starts every board as a server change that matches the conference record', async () => {
    const conferenceId = await createConference(live.coordinator, 'Jordan’s plan');
    const rows = storedRows(live.server, conferenceId);
    expect(rows).toEqual([{ seq: 1, authorKind: 'server', authorId: null }]);
    const meta = readBoard(storedDoc(live.server, conferenceId)).meta;
    expect(meta).toMatchObject({ title: 'Jordan’s plan', youngPersonName: 'Robin', connectionsAtStart: 7, phase: 'preparing', locked: false });
    expect(storedConference(live.server, conferenceId)).toMatchObject({ title: 'Jordan’s plan', phase: 'preparing', locked: 0 });
  });

  it('changes the phase live for everyone, as the server, and keeps the record in step', async () => {
    const conferenceId = await createConference(live.coordinator, 'Phases');
    const family = await joinBoard(live.server, live.coordinator, conferenceId, { role: 'network' });
    live.open.push(family);
    const res = await live.coordinator.post(`/api/conferences/${conferenceId}/phase`, { phase: 'sharing' });
    expect(res.status).toBe(200);
    await waitFor('the phase to reach the family', () => readBoard(family.doc).meta.phase === 'sharing');
    expect((await live.coordinator.get(`/api/conferences/${conferenceId}`)).json.phase).toBe('sharing');
    expect(storedRows(live.server, conferenceId).at(-1)).toMatchObject({ authorKind: 'server' });
    expect(JSON.parse(storedBoardJson(live.server, conferenceId)).meta.phase).toBe('sharing');
  });

  it('writes a phase change with nobody connected, then lets the room go', async () => {
    const conferenceId = await createConference(live.coordinator, 'Empty room');
    await new Promise((resolve) => setTimeout(resolve, ROOM_IDLE_UNLOAD_MS + 500));
    const roomsBefore = await metric(live.server, 'llb_rooms_open');
    expect((await live.coordinator.post(`/api/conferences/${conferenceId}/phase`, { phase: 'planning' })).status).toBe(200);
    expect(JSON.parse(storedBoardJson(live.server, conferenceId)).meta.phase).toBe('planning');
    expect(storedConference(live.server, conferenceId)).toMatchObject({ phase: 'planning' });
    await waitFor('the room to unload again', async () => (await metric(live.server, 'llb_rooms_open')) <= roomsBefore, ROOM_IDLE_UNLOAD_MS + 3_000);
  });

  it('keeps the record’s title in step when the coordinator renames the board', async () => {
    const conferenceId = await createConference(live.coordinator, 'Old title');
    const coordinator = await connect(live.coordinator, conferenceId);
    live.open.push(coordinator);
    coordinator.doc.getMap(ROOT.meta).set('title', 'New title');
    await waitFor('the record to follow', async () => (await live.coordinator.get(`/api/conferences/${conferenceId}`)).json.title === 'New title');
  });

  it('refuses the phase from anyone but the coordinator, and phases the lock is for', async () => {
    const conferenceId = await createConference(live.coordinator, 'Not yours');
    const family = await joinBoard(live.server, live.coordinator, conferenceId, { role: 'network' });
    live.open.push(family);
    expect((await family.api.post(`/api/conferences/${conferenceId}/phase`, { phase: 'planning' })).status).toBe(403);
    const agreed = await live.coordinator.post(`/api/conferences/${conferenceId}/phase`, { phase: 'agreed' });
    expect(agreed.status).toBe(400);
    expect(agreed.json.error).toContain('phase');
    expect(readBoard(family.doc).meta.phase).toBe('preparing');
  });

  it('records a participant’s agreement and its withdrawal as server changes, shown live', async () => {
    const conferenceId = await createConference(live.coordinator, 'Agreeing');
    const youngPerson = await joinBoard(live.server, live.coordinator, conferenceId, { role: 'youngPerson', name: 'Robin' });
    const family = await joinBoard(live.server, live.coordinator, conferenceId, { role: 'network', name: 'Aunt Jo' });
    live.open.push(youngPerson, family);
    // Nothing agreed yet: there is nothing to agree to, and nothing is written.
    const empty = await youngPerson.api.post(`/api/conferences/${conferenceId}/agreements`);
    expect(empty.status).toBe(409);
    expect(empty.json.error).toBe('There is nothing to agree to yet: no offer is in “Agreed”.');
    expect(readBoard(storedDoc(live.server, conferenceId)).agreements).toEqual([]);
    const gran = addPerson(family.doc, { displayName: 'Gran', relationship: 'Grandmother', circle: 'family', connection: 'direct', atConference: true });
    const tea = addOffer(family.doc, { personId: gran, kind: 'visit', text: 'Tea at Gran’s', createdBy: family.selfId });
    await waitConverged([youngPerson, family], 'the offer to reach Robin');
    giveYes(youngPerson.doc, tea, saidBy(youngPerson.selfId));
    await waitConverged([youngPerson, family], 'the yes to settle');
    const agreed = await youngPerson.api.post(`/api/conferences/${conferenceId}/agreements`);
    expect(agreed.status).toBe(201);
    expect(agreed.json).toMatchObject({ offers: 1 });
    await waitFor('the agreement to reach the family', () => readBoard(family.doc).agreements.length === 1);
    // What they agreed to is kept with it: the offers in "Agreed" at that moment.
    expect(readBoard(family.doc).agreements[0]).toMatchObject({ participantId: youngPerson.participantId, displayName: 'Robin', role: 'youngPerson', offerIds: [tea] });
    expect(storedRows(live.server, conferenceId).at(-1)).toMatchObject({ authorKind: 'server' });
    expect((await youngPerson.api.request('DELETE', `/api/conferences/${conferenceId}/agreements`)).status).toBe(204);
    await waitFor('the withdrawal to reach the family', () => readBoard(family.doc).agreements.length === 0);
  });

  it('does not take agreements from observers or the coordinator', async () => {
    const conferenceId = await createConference(live.coordinator, 'Who agrees');
    const observer = await joinBoard(live.server, live.coordinator, conferenceId, { role: 'observer' });
    live.open.push(observer);
    expect((await observer.api.post(`/api/conferences/${conferenceId}/agreements`)).status).toBe(403);
    expect((await live.coordinator.post(`/api/conferences/${conferenceId}/agreements`)).status).toBe(403);
    expect(readBoard(observer.doc).agreements).toEqual([]);
  });
});

describe('private family time', () => {
  it('closes the board of those who leave the room with 4409, refuses them until it ends, and keeps the family’s work', async () => {
    const conferenceId = await createConference(live.coordinator, 'Private time');
    const youngPerson = await joinBoard(live.server, live.coordinator, conferenceId, { role: 'youngPerson' });
    const professional = await joinBoard(live.server, live.coordinator, conferenceId, { role: 'professional' });
    const carer = await joinBoard(live.server, live.coordinator, conferenceId, { role: 'carer' });
    const coordinator = await connect(live.coordinator, conferenceId);
    live.open.push(youngPerson, professional, carer, coordinator);

    expect((await live.coordinator.post(`/api/conferences/${conferenceId}/phase`, { phase: 'private' })).status).toBe(200);
    await waitFor('those who leave to be closed with 4409', () =>
      [professional, carer, coordinator].every((c) => c.closes.some((x) => x.code === CLOSE.privateTime.code)),
    );
    expect(youngPerson.closes).toEqual([]);
    const retry = await connect(professional.api, conferenceId, 'board', { waitForSync: false });
    live.open.push(retry);
    await waitFor('a new socket to be refused with 4409', () => retry.closes.some((c) => c.code === CLOSE.privateTime.code));

    youngPerson.doc.getText(ROOT.contingency).insert(0, 'If Gran is ill, Aunt Jo takes over the Sunday visits');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await live.coordinator.post(`/api/conferences/${conferenceId}/phase`, { phase: 'planning' })).status).toBe(200);
    const back = await connect(professional.api, conferenceId);
    live.open.push(back);
    await waitConverged([youngPerson, back], 'the professional to see the family’s work');
    expect(readBoard(back.doc).contingency).toBe('If Gran is ill, Aunt Jo takes over the Sunday visits');
  });

  it('keeps what the family writes in private family time from those out of the room: no draft, no family file, and the history says only that the board changed, until it ends', async () => {
    const conferenceId = await createConference(live.coordinator, 'Private family time stays the family’s');
    const youngPerson = await joinBoard(live.server, live.coordinator, conferenceId, { role: 'youngPerson' });
    live.open.push(youngPerson);
    const secret = 'We would rather Dad did not come to the review';
    youngPerson.doc.getText(ROOT.contingency).insert(0, 'Before: Gran takes over');
    await waitFor('the first words to be on the record', async () => JSON.stringify((await live.coordinator.get(`/api/conferences/${conferenceId}/history`)).json).includes('what happens if part of the plan breaks down'));
    expect((await live.coordinator.post(`/api/conferences/${conferenceId}/phase`, { phase: 'private' })).status).toBe(200);
    addPerson(youngPerson.doc, { displayName: secret, relationship: '', circle: 'family', connection: 'none', atConference: false });
    await waitFor('the family’s change to be on the record', async () =>
      JSON.stringify((await live.coordinator.get(`/api/conferences/${conferenceId}/history`)).json).includes('changed the board during private family time'),
    );
    const during = JSON.stringify((await live.coordinator.get(`/api/conferences/${conferenceId}/history`)).json);
    expect(during).not.toContain(secret);
    // What was written before private family time is still told.
    expect(during).toContain('changed what happens if part of the plan breaks down');
    expect((await live.coordinator.request('GET', `/api/conferences/${conferenceId}/history?format=csv`)).text).not.toContain(secret);
    const draft = await live.coordinator.get(`/api/conferences/${conferenceId}/draft.pdf`);
    expect(draft.status).toBe(409);
    expect(draft.json).toEqual({ error: 'It is private family time: the board is the family’s until they invite you back.' });
    expect((await live.coordinator.get(`/api/conferences/${conferenceId}/family.ged`)).status).toBe(409);

    expect((await live.coordinator.post(`/api/conferences/${conferenceId}/phase`, { phase: 'planning' })).status).toBe(200);
    expect(JSON.stringify((await live.coordinator.get(`/api/conferences/${conferenceId}/history`)).json)).toContain(`added ${secret} to My people`);
    expect((await live.coordinator.get(`/api/conferences/${conferenceId}/draft.pdf`)).status).toBe(200);
  });

  it('lets the family say “We’re ready” in private family time, and tells those outside how many are on the board and that they are ready, never what they write', async () => {
    const conferenceId = await createConference(live.coordinator, 'We are ready');
    const youngPerson = await joinBoard(live.server, live.coordinator, conferenceId, { role: 'youngPerson', name: 'Robin' });
    const aunt = await joinBoard(live.server, live.coordinator, conferenceId, { role: 'network', name: 'Aunt Jo' });
    const professional = await joinBoard(live.server, live.coordinator, conferenceId, { role: 'professional', name: 'Priya' });
    live.open.push(youngPerson, aunt, professional);
    expect((await aunt.api.post(`/api/conferences/${conferenceId}/ready`)).json).toEqual({ error: 'It is not private family time now.' });
    expect((await live.coordinator.get(`/api/conferences/${conferenceId}/private-time`)).json).toEqual({ private: false, familyOnBoard: 0, family: 2, ready: null });
    expect((await live.coordinator.post(`/api/conferences/${conferenceId}/phase`, { phase: 'private' })).status).toBe(200);
    await waitFor('the professional to leave the room', () => professional.closes.some((c) => c.code === CLOSE.privateTime.code));
    expect((await live.coordinator.get(`/api/conferences/${conferenceId}/private-time`)).json).toEqual({ private: true, familyOnBoard: 2, family: 2, ready: null });
    // Those outside cannot say it for the family.
    expect((await professional.api.post(`/api/conferences/${conferenceId}/ready`)).status).toBe(403);
    expect((await live.coordinator.post(`/api/conferences/${conferenceId}/ready`)).status).toBe(403);
    const said = await aunt.api.post(`/api/conferences/${conferenceId}/ready`);
    expect(said.status).toBe(201);
    const outside = (await professional.api.get(`/api/conferences/${conferenceId}/private-time`)).json;
    expect(outside).toEqual({ private: true, familyOnBoard: 2, family: 2, ready: { at: said.json.readyAt, by: 'Aunt Jo' } });
    expect(JSON.stringify((await live.coordinator.get(`/api/conferences/${conferenceId}/history`)).json)).toContain('told those outside the room that the family is ready for them');
    // A new private family time starts with nobody ready.
    expect((await live.coordinator.post(`/api/conferences/${conferenceId}/phase`, { phase: 'planning' })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await live.coordinator.post(`/api/conferences/${conferenceId}/phase`, { phase: 'private' })).status).toBe(200);
    expect((await live.coordinator.get(`/api/conferences/${conferenceId}/private-time`)).json.ready).toBeNull();
  });

  it('keeps the room’s screen on the family’s side during private family time, and only an observer can be that', async () => {
    const conferenceId = await createConference(live.coordinator, 'The room’s screen');
    const refused = await live.coordinator.post(`/api/conferences/${conferenceId}/invites`, { displayName: 'Aunt Jo', role: 'network', familySide: true });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatch(/Only a screen joined to watch/);
    const screen = await joinBoard(live.server, live.coordinator, conferenceId, { role: 'observer', name: 'The room’s screen', familySide: true });
    const watcher = await joinBoard(live.server, live.coordinator, conferenceId, { role: 'observer', name: 'A student social worker' });
    const youngPerson = await joinBoard(live.server, live.coordinator, conferenceId, { role: 'youngPerson' });
    live.open.push(screen, watcher, youngPerson);
    const invites = (await live.coordinator.get(`/api/conferences/${conferenceId}/invites`)).json as unknown as Array<{ displayName: string; familySide: boolean }>;
    expect(invites.find((i) => i.displayName === 'The room’s screen')?.familySide).toBe(true);
    // Signed in by its own link, the screen is told it is the room's screen (its page opens that view); nobody else is.
    expect((await screen.api.get('/api/me')).json).toMatchObject({ kind: 'participant', role: 'observer', familySide: true });
    expect((await watcher.api.get('/api/me')).json).toMatchObject({ kind: 'participant', role: 'observer', familySide: false });

    expect((await live.coordinator.post(`/api/conferences/${conferenceId}/phase`, { phase: 'private' })).status).toBe(200);
    await waitFor('the other observer to leave the room', () => watcher.closes.some((c) => c.code === CLOSE.privateTime.code));
    // The screen stays, and sees the family's work live; a new socket of it is let in too.
    youngPerson.doc.getText(ROOT.contingency).insert(0, 'Aunt Jo takes over if Gran is ill');
    await waitConverged([youngPerson, screen], 'the family’s work to reach the room’s screen');
    expect(screen.closes).toEqual([]);
    const again = await connect(screen.api, conferenceId);
    live.open.push(again);
    expect(readBoard(again.doc).contingency).toBe('Aunt Jo takes over if Gran is ill');
    expect(again.closes).toEqual([]);
  });
});
