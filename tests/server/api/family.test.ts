// The family map as a file, against a real server: the coordinator downloads the board's family as
// GEDCOM now and an agreed version's later (its relationships sealed with the plan), both on the
// record; a family tree file is read into a preview that writes nothing; everyone else, a stranger,
// a file too large or not a family tree get a clear answer.

import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addOffer, addPerson, addRelationship, giveYes, readBoard, setContingency, setMeta, YOUNG_PERSON } from '../../../shared/board.ts';
import { readNotes, setNotNamed } from '../../../shared/notes.ts';
import { createConference } from '../../helpers/api.ts';
import { connect } from '../../helpers/client.ts';
import { storedDoc } from '../../helpers/stored.ts';
import { joinBoard, serverPerFile, waitConverged } from '../../helpers/sync.ts';
import { waitFor } from '../../helpers/wait.ts';
import { saidBy } from '../../helpers/yes.ts';

const live = serverPerFile({ end: 'stop' });
const GRAMPS = fs.readFileSync(new URL('../../fixtures/family/gramps.ged', import.meta.url), 'utf8');

/** A board with Robin, Mum and Gran, Gran Mum's mother and Mum Robin's; Robin has said yes to a visit. */
async function family(title: string) {
  const conferenceId = await createConference(live.coordinator, title);
  const coordinator = await connect(live.coordinator, conferenceId);
  const youngPerson = await joinBoard(live.server, live.coordinator, conferenceId, { role: 'youngPerson', name: 'Robin' });
  const aunt = await joinBoard(live.server, live.coordinator, conferenceId, { role: 'network', name: 'Aunt Jo' });
  live.open.push(coordinator, youngPerson, aunt);
  const gran = addPerson(aunt.doc, { displayName: 'Gran', relationship: 'Grandmother', circle: 'family', connection: 'direct', atConference: true, gender: 'female', born: 1950 });
  const mum = addPerson(aunt.doc, { displayName: 'Mum', relationship: 'Mum', circle: 'family', connection: 'indirect', atConference: false, gender: 'female' });
  addRelationship(aunt.doc, { from: gran, to: mum, kind: 'parent' });
  addRelationship(aunt.doc, { from: mum, to: YOUNG_PERSON, kind: 'parent' });
  await waitConverged([coordinator, youngPerson, aunt], 'the family to settle');
  return { conferenceId, coordinator, youngPerson, aunt, gran, mum };
}

describe('the family map as a GEDCOM file', () => {
  it('gives the coordinator the board’s family now and an agreed version’s, each on the record', async () => {
    const f = await family('Family file');
    const now = await live.coordinator.get(`/api/conferences/${f.conferenceId}/family.ged`);
    expect(now.status).toBe(200);
    expect(now.headers.get('content-type')).toBe('text/vnd.familysearch.gedcom; charset=utf-8');
    expect(now.headers.get('content-disposition')).toMatch(/attachment; filename="Robin-family-map-\d{4}-\d{2}-\d{2}\.ged"/);
    expect(now.text).toContain('1 NAME Gran\r\n');
    expect(now.text).toMatch(/0 @F\d+@ FAM\r\n1 WIFE @I\d+@\r\n1 CHIL @I1@/);

    // Lock a plan, then change the family: the agreed version keeps the family as it was.
    expect((await live.coordinator.post(`/api/conferences/${f.conferenceId}/phase`, { phase: 'planning' })).status).toBe(200);
    await waitFor('the stage to reach the aunt', () => readBoard(f.aunt.doc).meta.phase === 'planning');
    const visit = addOffer(f.aunt.doc, { personId: f.gran, kind: 'visit', text: 'Tea at Gran’s', createdBy: f.aunt.selfId });
    await waitConverged([f.coordinator, f.youngPerson, f.aunt], 'the offer to settle');
    giveYes(f.youngPerson.doc, visit, saidBy(f.youngPerson.selfId));
    setMeta(f.coordinator.doc, { reviewDate: '2027-06-01' });
    setContingency(f.aunt.doc, 'If Gran is ill, Aunt Jo has Robin for tea.');
    await waitConverged([f.coordinator, f.youngPerson, f.aunt], 'the plan to be ready');
    expect((await f.youngPerson.api.post(`/api/conferences/${f.conferenceId}/agreements`)).status).toBe(201);
    expect((await live.coordinator.post(`/api/conferences/${f.conferenceId}/lock`, {})).status).toBe(201);
    const plan = await live.coordinator.get(`/api/conferences/${f.conferenceId}/plans/1.json`);
    expect(plan.json.schemaVersion).toBe(4);
    expect(plan.json.relationships).toHaveLength(2);
    const agreed = await live.coordinator.get(`/api/conferences/${f.conferenceId}/plans/1.ged`);
    expect(agreed.status).toBe(200);
    expect(agreed.headers.get('content-disposition')).toMatch(/filename="Robin-plan-v1-\d{4}-\d{2}-\d{2}\.ged"/);
    expect(agreed.text).toContain('1 NAME Mum\r\n');
    // The family's own copy of the file, for a participant.
    const theirs = await f.aunt.api.get(`/api/conferences/${f.conferenceId}/plans/1.ged`);
    expect(theirs.status).toBe(200);
    expect(theirs.headers.get('x-plan-copy')).toBe('family');
    const history = JSON.stringify((await live.coordinator.get(`/api/conferences/${f.conferenceId}/history`)).json);
    expect(history).toContain('downloaded the family map as a family tree file (GEDCOM)');
    expect(history).toContain('downloaded the family map of version 1 as a family tree file (GEDCOM)');
  });

  it('gives the board’s family now to the coordinator only', async () => {
    const f = await family('Family file access');
    expect((await f.aunt.api.get(`/api/conferences/${f.conferenceId}/family.ged`)).status).toBe(403);
    const stranger = await live.coordinator.get(`/api/conferences/no-such-conference/family.ged`);
    expect(stranger.status).toBe(404);
    expect(stranger.json).toEqual({ error: 'There is no conference with that id.' });
  });
});

describe('someone the professionals’ notes say must not be named to the family', () => {
  it('is left out of every family copy of the plan and its family map, and kept in the full copy', async () => {
    const f = await family('Not named');
    const professional = await joinBoard(live.server, live.coordinator, f.conferenceId, { role: 'professional', name: 'Priya' });
    live.open.push(professional);
    const notes = await connect(professional.api, f.conferenceId, 'private');
    live.open.push(notes);
    setNotNamed(notes.doc, f.mum, true);
    const mine = await connect(live.coordinator, f.conferenceId, 'private');
    live.open.push(mine);
    await waitFor('the note to reach the coordinator', () => readNotes(mine.doc).some((note) => note.personId === f.mum && note.notNamedToFamily));
    expect((await live.coordinator.post(`/api/conferences/${f.conferenceId}/phase`, { phase: 'planning' })).status).toBe(200);
    await waitFor('the stage to reach the aunt', () => readBoard(f.aunt.doc).meta.phase === 'planning');
    const visit = addOffer(f.aunt.doc, { personId: f.mum, kind: 'call', text: 'A call on Sundays', createdBy: f.aunt.selfId });
    await waitConverged([f.coordinator, f.youngPerson, f.aunt], 'the offer to settle');
    giveYes(f.youngPerson.doc, visit, saidBy(f.youngPerson.selfId));
    setMeta(f.coordinator.doc, { reviewDate: '2027-06-01' });
    setContingency(f.aunt.doc, 'If it does not work out, the coordinator calls.');
    await waitConverged([f.coordinator, f.youngPerson, f.aunt], 'the plan to be ready');
    expect((await f.youngPerson.api.post(`/api/conferences/${f.conferenceId}/agreements`)).status).toBe(201);
    expect((await live.coordinator.post(`/api/conferences/${f.conferenceId}/lock`, {})).status).toBe(201);

    const full = await live.coordinator.get(`/api/conferences/${f.conferenceId}/plans/1.json`);
    expect((full.json.people as Array<{ name: string }>).map((person) => person.name)).toContain('Mum');
    const theirs = await f.aunt.api.get(`/api/conferences/${f.conferenceId}/plans/1.json`);
    expect(theirs.headers.get('x-plan-copy')).toBe('family');
    expect((theirs.json.people as Array<{ name: string }>).map((person) => person.name)).toEqual(['Gran']);
    expect(theirs.json.relationships).toEqual([]);
    expect((theirs.json.offers as Array<{ from: string }>)[0]?.from).toBe('someone this copy does not name');
    expect(theirs.text).not.toContain('"Mum"');
    const theirFile = await f.aunt.api.get(`/api/conferences/${f.conferenceId}/plans/1.ged`);
    expect(theirFile.text).not.toContain('NAME Mum');
    expect((await live.coordinator.get(`/api/conferences/${f.conferenceId}/plans/1.ged?copy=family`)).text).not.toContain('NAME Mum');
    expect((await live.coordinator.get(`/api/conferences/${f.conferenceId}/plans/1.ged`)).text).toContain('1 NAME Mum\r\n');
  });
});

describe('reading a family tree file into a preview', () => {
  const send = (api: { request: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<{ status: number; json: Record<string, unknown> }> }, id: string, body: string) =>
    api.request('POST', `/api/conferences/${id}/family/import`, body, { 'content-type': 'text/plain; charset=utf-8' });

  it('answers the people and relationships of a file written by another program, and writes nothing', async () => {
    const f = await family('Import');
    const before = JSON.stringify(readBoard(storedDoc(live.server, f.conferenceId)));
    const preview = await send(live.coordinator, f.conferenceId, GRAMPS);
    expect(preview.status).toBe(200);
    const people = preview.json.people as Array<{ ref: string; name: string; born: number | null }>;
    expect(people.map((person) => person.name)).toEqual(['Owain Llywelyn', 'Gwen Llywelyn', 'Siân Llywelyn', 'ليلى Haddad', 'Kai 🌟 Star', 'Omar Haddad']);
    expect(preview.json.relationships).toContainEqual({ from: '@P1@', to: '@P3@', kind: 'parent' });
    expect(preview.json.problems).toEqual([]);
    expect(JSON.stringify(readBoard(storedDoc(live.server, f.conferenceId)))).toBe(before);
  });

  it('refuses a file that is not a family tree, an empty one, one too large, and anyone but the coordinator', async () => {
    const f = await family('Import refusals');
    const notOne = await send(live.coordinator, f.conferenceId, 'Dear Sam, this is a letter, not a family tree.');
    expect(notOne.status).toBe(422);
    expect(notOne.json.error).toMatch(/save it from your family-tree program as GEDCOM/);
    const empty = await send(live.coordinator, f.conferenceId, '');
    expect(empty.status).toBe(400);
    expect(empty.json.error).toMatch(/Send the family tree file/);
    const huge = await send(live.coordinator, f.conferenceId, `0 HEAD\n${'0 NOTE padding padding padding padding\n'.repeat(520_000)}`);
    expect(huge.status).toBe(413);
    expect(huge.json.error).toMatch(/too large: the board reads family files of up to 5 MB/);
    expect((await send(f.aunt.api, f.conferenceId, GRAMPS)).status).toBe(403);
    // Other requests keep their small limit.
    const big = await live.coordinator.request('POST', `/api/conferences/${f.conferenceId}/phase`, JSON.stringify({ phase: 'x'.repeat(100_000) }));
    expect(big.status).toBe(413);
  });
});
