// Read-only links to the family copy of the agreed plan, which family members keep after the
// meeting: made by a participant for the latest agreed version, shown once, opening the family copy
// and its PDF without signing anyone in; stopping when a new version replaces it, when the person's
// invite is withdrawn or the conference deleted; and never a way to write.

import { describe, expect, it } from 'vitest';
import { addOffer, addPerson, giveYes, readBoard, setMeta } from '../../../shared/board.ts';
import { setNote } from '../../../shared/notes.ts';
import { CLOSE } from '../../../shared/protocol.ts';
import { ApiClient, createConference } from '../../helpers/api.ts';
import { connect } from '../../helpers/client.ts';
import { readPdf } from '../../helpers/pdf.ts';
import { storedRows } from '../../helpers/stored.ts';
import { joinBoard, rawSocket, serverPerFile, waitConverged, type Participant } from '../../helpers/sync.ts';
import { waitFor } from '../../helpers/wait.ts';
import { saidBy } from '../../helpers/yes.ts';

const live = serverPerFile({ end: 'stop' });
const CANARY = 'CANARY-ADDRESS 1 Invented Row';

interface Agreed {
  id: string;
  family: Participant;
  youngPerson: Participant;
}

/** A conference locked as version 1: Robin said yes to tea at Gran's; Gran's address in the professionals' notes. */
async function agreed(title: string): Promise<Agreed> {
  const id = await createConference(live.coordinator, title);
  const family = await joinBoard(live.server, live.coordinator, id, { role: 'network', name: 'Aunt Jo' });
  const youngPerson = await joinBoard(live.server, live.coordinator, id, { role: 'youngPerson', name: 'Robin' });
  const coordinator = await connect(live.coordinator, id);
  const notes = await connect(live.coordinator, id, 'private');
  live.open.push(family, youngPerson, coordinator, notes);
  expect((await live.coordinator.post(`/api/conferences/${id}/phase`, { phase: 'planning' })).status).toBe(200);
  const gran = addPerson(family.doc, { displayName: 'Gran', relationship: 'Grandmother', circle: 'family', connection: 'direct', atConference: true });
  const tea = addOffer(family.doc, { personId: gran, kind: 'visit', text: 'Tea at Gran’s', createdBy: family.selfId });
  await waitConverged([family, youngPerson, coordinator], 'the offer to settle');
  giveYes(youngPerson.doc, tea, saidBy(youngPerson.selfId));
  setMeta(coordinator.doc, { reviewDate: '2027-06-01', contingencyNotNeeded: true });
  setNote(notes.doc, gran, 'contactDetails', CANARY);
  await waitConverged([family, youngPerson, coordinator], 'the yes to settle');
  await waitFor('the note to be stored', () => storedRows(live.server, id, 'private').length > 0);
  expect((await youngPerson.api.post(`/api/conferences/${id}/agreements`)).status).toBe(201);
  expect((await live.coordinator.post(`/api/conferences/${id}/lock`, {})).status).toBe(201);
  return { id, family, youngPerson };
}

const tokenOf = (url: string) => url.slice(url.indexOf('#') + 1);
const open = (token: string) => new ApiClient(live.server.url).post('/api/plan-link', { token });

describe('a link to keep to the agreed plan', () => {
  it('is made for a family member and opens the family copy and its PDF, signing nobody in', async () => {
    const { id, family } = await agreed('Link to keep');
    const made = await family.api.post(`/api/conferences/${id}/plans/1/link`);
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({ version: 1, url: expect.stringMatching(/\/plan#[A-Za-z0-9_-]{43}$/) });
    const token = tokenOf(String(made.json.url));

    const stranger = new ApiClient(live.server.url);
    const read = await stranger.post('/api/plan-link', { token });
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ conferenceId: id, version: 1 });
    expect(JSON.stringify(read.json)).toContain('Tea at Gran’s');
    expect(JSON.stringify(read.json)).not.toContain(CANARY);
    // Nothing signs the device in.
    expect(read.headers.getSetCookie()).toEqual([]);
    expect((await stranger.get('/api/me')).status).toBe(401);

    const pdf = await fetch(`${live.server.url}/api/plan-link/file`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, format: 'pdf' }) });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('x-plan-copy')).toBe('family');
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; filename="Robin-plan-v1-\d{4}-\d{2}-\d{2}-family\.pdf"/);
    const text = (await readPdf(Buffer.from(await pdf.arrayBuffer()))).text;
    expect(text).toContain('Tea at Gran’s');
    expect(text).not.toContain(CANARY);
    // The family tree file too, for family-tree programs: the family's copy.
    const ged = await fetch(`${live.server.url}/api/plan-link/file`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, format: 'ged' }) });
    expect(ged.status).toBe(200);
    expect(ged.headers.get('content-type')).toBe('text/vnd.familysearch.gedcom; charset=utf-8');
    expect(ged.headers.get('content-disposition')).toMatch(/filename="Robin-plan-v1-\d{4}-\d{2}-\d{2}-family\.ged"/);
    const tree = await ged.text();
    expect(tree).toMatch(/^0 HEAD\r\n/);
    expect(tree).toContain('1 NAME Robin\r\n');
    expect(tree).not.toContain(CANARY);
    const history = (await live.coordinator.get(`/api/conferences/${id}/history`)).json as unknown as Array<{ who: string; what: string }>;
    expect(history.map((l) => `${l.who} ${l.what}`)).toEqual(
      expect.arrayContaining([
        'Aunt Jo made a link to keep, to read version 1 of the plan (family copy)',
        'Aunt Jo downloaded version 1 of the plan as PDF (family copy)',
        'Aunt Jo downloaded the family map of version 1 as a family tree file (GEDCOM)',
      ]),
    );
  });

  it('cannot be used to write, join or open a board', async () => {
    const { id, family } = await agreed('Read only');
    const token = tokenOf(String((await family.api.post(`/api/conferences/${id}/plans/1/link`)).json.url));
    // Not an invite, and not a session.
    expect((await new ApiClient(live.server.url).post('/api/join', { token })).status).toBe(404);
    const stranger = new ApiClient(live.server.url);
    await stranger.post('/api/plan-link', { token });
    expect((await stranger.post(`/api/conferences/${id}/agreements`)).status).toBe(401);
    expect((await stranger.request('PATCH', `/api/conferences/${id}`, { title: 'Changed' })).status).toBe(401);
    const socket = await rawSocket(stranger, id);
    const closed = await socket.closed;
    expect(closed.code).toBe(CLOSE.unauthenticated.code);
  });

  it('stops when a new version replaces the plan, when the invite is withdrawn, and when the conference is deleted', async () => {
    const { id, family, youngPerson } = await agreed('Replaced');
    const token = tokenOf(String((await family.api.post(`/api/conferences/${id}/plans/1/link`)).json.url));
    const robins = tokenOf(String((await youngPerson.api.post(`/api/conferences/${id}/plans/1/link`)).json.url));
    expect((await open(token)).status).toBe(200);
    // Reopened for the review, version 1 is still the agreed plan: the link still works.
    expect((await live.coordinator.post(`/api/conferences/${id}/unlock`, { reason: 'Review' })).status).toBe(201);
    expect((await open(token)).status).toBe(200);
    // Only the latest agreed version has a link to keep; asking for another is refused.
    expect((await family.api.post(`/api/conferences/${id}/plans/2/link`)).status).toBe(404);
    const coordinator = await connect(live.coordinator, id);
    live.open.push(coordinator);
    setMeta(coordinator.doc, { reviewDate: '2027-12-01' });
    await waitFor('the date to be stored', async () => (await live.coordinator.get(`/api/conferences/${id}`)).json.reviewDate === '2027-12-01');
    expect((await youngPerson.api.post(`/api/conferences/${id}/agreements`)).status).toBe(201);
    expect((await live.coordinator.post(`/api/conferences/${id}/lock`, {})).status).toBe(201);
    const replaced = await open(token);
    expect(replaced.status).toBe(410);
    expect(replaced.json.error).toMatch(/^This link was to version 1 of the plan, which has been replaced by version 2/);
    const fresh = tokenOf(String((await youngPerson.api.post(`/api/conferences/${id}/plans/2/link`)).json.url));
    expect((await open(fresh)).json).toMatchObject({ version: 2 });
    expect((await open(robins)).status).toBe(410);

    // Withdrawn: the link stops, saying nothing about the conference.
    const jo = await agreed('Withdrawn');
    const jos = tokenOf(String((await jo.family.api.post(`/api/conferences/${jo.id}/plans/1/link`)).json.url));
    expect((await live.coordinator.request('DELETE', `/api/conferences/${jo.id}/invites/${jo.family.inviteId}`)).status).toBe(204);
    const withdrawn = await open(jos);
    expect(withdrawn.status).toBe(404);
    expect(withdrawn.json.error).toBe('This link to the plan does not work. Check you copied all of it, or ask the coordinator for the plan.');

    // Deleted: gone with everything else.
    const gone = await agreed('Deleted');
    const gones = tokenOf(String((await gone.family.api.post(`/api/conferences/${gone.id}/plans/1/link`)).json.url));
    expect((await live.coordinator.request('DELETE', `/api/conferences/${gone.id}`)).status).toBe(204);
    expect((await open(gones)).status).toBe(404);
    expect(readBoard(coordinator.doc).meta.version).toBeGreaterThan(0);
  });

  it('refuses a made-up or mangled link, the coordinator, and a version not yet agreed, clearly', async () => {
    const { id, family } = await agreed('Refusals');
    expect((await open('x'.repeat(43))).status).toBe(404);
    expect((await open('not a token')).status).toBe(400);
    expect((await new ApiClient(live.server.url).post('/api/plan-link', {})).status).toBe(400);
    expect((await live.coordinator.post(`/api/conferences/${id}/plans/1/link`)).status).toBe(403);
    expect((await family.api.post(`/api/conferences/${id}/plans/7/link`)).status).toBe(404);
  });
});
