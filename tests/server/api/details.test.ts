// The conference's details changed from the screens (PATCH /api/conferences/:id): the title, the
// young person's name, the date and place, the connections at the start, the review date and "no
// backup plan is needed" are written by the server into the live board, which everyone sees at
// once, and the conference record follows; bad values and the wrong people are refused cleanly.

import { describe, expect, it } from 'vitest';
import { readBoard } from '../../../shared/board.ts';
import { createConference } from '../../helpers/api.ts';
import { connect } from '../../helpers/client.ts';
import { storedDoc, storedRows } from '../../helpers/stored.ts';
import { joinBoard, serverPerFile, waitConverged } from '../../helpers/sync.ts';
import { waitFor } from '../../helpers/wait.ts';
import { saidBy } from '../../helpers/yes.ts';
import { addOffer, addPerson, giveYes } from '../../../shared/board.ts';

const live = serverPerFile({ end: 'stop' });

const patch = (id: string, body: unknown, api = live.coordinator) => api.request('PATCH', `/api/conferences/${id}`, body);

describe('the conference’s details, changed on screen', () => {
  it('writes each detail into the live board for everyone, and the record follows', async () => {
    const id = await createConference(live.coordinator, 'Details');
    const family = await joinBoard(live.server, live.coordinator, id, { role: 'network', name: 'Aunt Jo' });
    live.open.push(family);
    const res = await patch(id, {
      title: 'Robin’s Lifelong Links conference',
      youngPersonName: 'Robin',
      scheduledFor: '2026-12-10',
      place: 'Invented Family Centre, Room 2',
      connectionsAtStart: 4,
      reviewDate: '2027-06-01',
      contingencyNotNeeded: true,
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ title: 'Robin’s Lifelong Links conference', scheduledFor: '2026-12-10', place: 'Invented Family Centre, Room 2', connectionsAtStart: 4, reviewDate: '2027-06-01' });
    await waitFor('the details to reach the family’s board', () => readBoard(family.doc).meta.place === 'Invented Family Centre, Room 2');
    expect(readBoard(family.doc).meta).toMatchObject({
      title: 'Robin’s Lifelong Links conference',
      youngPersonName: 'Robin',
      scheduledFor: '2026-12-10',
      connectionsAtStart: 4,
      reviewDate: '2027-06-01',
      contingencyNotNeeded: true,
    });
    // Stored as a server change, and the list of conferences shows the new title and date.
    expect(storedRows(live.server, id).at(-1)).toMatchObject({ authorKind: 'server' });
    const list = await live.coordinator.get('/api/conferences');
    expect(list.json.find((c) => c.id === id)).toMatchObject({ title: 'Robin’s Lifelong Links conference', scheduledFor: '2026-12-10', reviewDate: '2027-06-01' });
    // Clearing the review date and the place.
    expect((await patch(id, { reviewDate: null, place: '' })).status).toBe(200);
    await waitFor('the cleared date to reach the family', () => readBoard(family.doc).meta.reviewDate === null);
    expect(readBoard(storedDoc(live.server, id)).meta.place).toBe('');
    // On the record of who did what, naming the fields (never the values).
    const history = await live.coordinator.get(`/api/conferences/${id}/history`);
    const lines = (history.json as unknown as Array<{ what: string }>).map((l) => l.what);
    // Only what changed (the young person's name was Robin already).
    expect(lines).toContain('changed the conference’s details (title, date of the conference, place, number of connections at the start, review date, whether a backup plan is needed)');
    expect(lines).toContain('changed the conference’s details (place, review date)');
  });

  it('refuses a review date in the past or not a date, a title of 2,000 characters, and nothing to change, changing nothing', async () => {
    const id = await createConference(live.coordinator, 'Bad details');
    const rows = storedRows(live.server, id).length;
    for (const [body, words] of [
      [{ reviewDate: '2020-01-01' }, 'reviewDate: must be today or later'],
      [{ reviewDate: 'next spring' }, 'reviewDate: must be a date like 2026-12-01'],
      [{ title: 'x'.repeat(2000) }, 'title: must be at most 200 characters'],
      [{ title: '   ' }, 'title: must not be empty'],
      [{ place: 'Room\u202E2' }, 'place: must be plain text'],
      [{ connectionsAtStart: -1 }, 'connectionsAtStart'],
      [{ locked: true }, 'locked'],
      [{}, 'say what to change'],
    ] as const) {
      const res = await patch(id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(String(res.json.error)).toContain(words);
      expect(res.text).not.toMatch(/at .*\.ts:\d+/);
    }
    expect(storedRows(live.server, id)).toHaveLength(rows);
    // Today is never in the past, wherever the coordinator is.
    expect((await patch(id, { reviewDate: new Date().toISOString().slice(0, 10) })).status).toBe(200);
  });

  it('refuses family members and other conferences’ coordinators, and an agreed plan’s details', async () => {
    const id = await createConference(live.coordinator, 'Not theirs');
    const family = await joinBoard(live.server, live.coordinator, id, { role: 'network', name: 'Aunt Jo' });
    const youngPerson = await joinBoard(live.server, live.coordinator, id, { role: 'youngPerson', name: 'Robin' });
    const coordinator = await connect(live.coordinator, id);
    live.open.push(family, youngPerson, coordinator);
    expect((await patch(id, { title: 'Mine now' }, family.api)).status).toBe(403);
    expect((await patch(id, { title: 'Mine now' }, youngPerson.api)).status).toBe(403);
    expect(readBoard(storedDoc(live.server, id)).meta.title).toBe('Not theirs');

    // Locked: the agreed details stay as they were agreed.
    expect((await live.coordinator.post(`/api/conferences/${id}/phase`, { phase: 'planning' })).status).toBe(200);
    const gran = addPerson(family.doc, { displayName: 'Gran', relationship: 'Gran', circle: 'family', connection: 'direct', atConference: true });
    const tea = addOffer(family.doc, { personId: gran, kind: 'visit', text: 'Tea', createdBy: family.selfId });
    await waitConverged([family, youngPerson, coordinator], 'the offer to settle');
    giveYes(youngPerson.doc, tea, saidBy(youngPerson.selfId));
    await waitConverged([family, youngPerson, coordinator], 'the yes to settle');
    expect((await patch(id, { reviewDate: '2027-06-01', contingencyNotNeeded: true })).status).toBe(200);
    expect((await youngPerson.api.post(`/api/conferences/${id}/agreements`)).status).toBe(201);
    expect((await live.coordinator.post(`/api/conferences/${id}/lock`, {})).status).toBe(201);
    const locked = await patch(id, { title: 'After the lock' });
    expect(locked.status).toBe(409);
    expect(locked.json.error).toMatch(/agreed and locked/);

    // At the review, the next review's date is asked for afresh.
    expect((await live.coordinator.post(`/api/conferences/${id}/unlock`, { reason: 'Review' })).status).toBe(201);
    expect((await live.coordinator.get(`/api/conferences/${id}`)).json).toMatchObject({ phase: 'review', reviewDate: null });
    const refused = await live.coordinator.post(`/api/conferences/${id}/lock`, {});
    expect(refused.status).toBe(409);
    expect(refused.json.missing).toEqual(expect.arrayContaining([{ check: 'reviewDate', message: 'Set a date for the next review meeting.' }]));
    expect((await patch(id, { reviewDate: '2027-12-01' })).status).toBe(200);
  });
});
