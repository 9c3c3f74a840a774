// The agreed plan against a real server: the checks before locking (409 with what is missing), the
// lock as a server change that seals an immutable version whose SHA-256 is that of the served bytes
// (before and after a restart, and after reopening for the review), updates racing the lock, stale
// offline edits, approvals that editing takes away, the review's new version and what changed.

import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addObjective,
  addOffer,
  addPerson,
  approveOffer,
  editObjective,
  editOffer,
  giveYes,
  readBoard,
  removeToList,
  setContingency,
  setMeta,
} from '../../../shared/board.ts';
import { objectiveId, offerId, personId } from '../../../shared/ids.ts';
import { setNote } from '../../../shared/notes.ts';
import { planJsonSchema, planSchema } from '../../../shared/plan.ts';
import { CLOSE } from '../../../shared/protocol.ts';
import { ApiClient, createConference, served } from '../../helpers/api.ts';
import { connect, type BoardClient } from '../../helpers/client.ts';
import { startServer } from '../../helpers/server.ts';
import { sendRawUpdate, storedConference, storedDoc, storedRows } from '../../helpers/stored.ts';
import { joinBoard, pause, sameSession, serverPerFile, waitConverged, type Participant } from '../../helpers/sync.ts';
import { waitFor } from '../../helpers/wait.ts';
import { recordedBy, saidBy } from '../../helpers/yes.ts';

const live = serverPerFile({ end: 'stop' });

interface Meeting {
  conferenceId: string;
  coordinator: BoardClient;
  youngPerson: Participant;
  family: Participant;
  professional: Participant;
  gran: ReturnType<typeof personId>;
  visit: ReturnType<typeof offerId>;
  overnight: ReturnType<typeof offerId>;
  wish: ReturnType<typeof objectiveId>;
}

/** A conference at "Making the plan" with a wish, a person, one agreed visit and one agreed overnight stay. */
async function meeting(title: string): Promise<Meeting> {
  const conferenceId = await createConference(live.coordinator, title);
  const coordinator = await connect(live.coordinator, conferenceId);
  const youngPerson = await joinBoard(live.server, live.coordinator, conferenceId, { role: 'youngPerson', name: 'Robin' });
  const family = await joinBoard(live.server, live.coordinator, conferenceId, { role: 'network', name: 'Aunt Jo' });
  const professional = await joinBoard(live.server, live.coordinator, conferenceId, { role: 'professional', name: 'Sam Social Worker' });
  live.open.push(coordinator, youngPerson, family, professional);
  expect((await live.coordinator.post(`/api/conferences/${conferenceId}/phase`, { phase: 'planning' })).status).toBe(200);
  await waitFor('the stage to reach everyone', () => readBoard(family.doc).meta.phase === 'planning');
  const wish = addObjective(youngPerson.doc, { text: 'See Gran every month', category: 'family', raisedBy: youngPerson.selfId });
  const gran = addPerson(family.doc, { displayName: 'Gran', relationship: 'Grandmother', circle: 'family', connection: 'direct', atConference: true });
  await waitConverged([coordinator, youngPerson, family, professional], 'the wish and Gran to reach everyone');
  const visit = addOffer(family.doc, { personId: gran, kind: 'visit', text: 'Tea at Gran’s', frequency: 'Every month', objectiveIds: [wish], createdBy: family.selfId });
  const overnight = addOffer(family.doc, { personId: gran, kind: 'overnightStay', text: 'A weekend at Gran’s', frequency: 'Twice a year', createdBy: family.selfId });
  await waitConverged([coordinator, youngPerson, family, professional], 'the offers to reach everyone');
  // Robin says yes to both, on their own device.
  giveYes(youngPerson.doc, visit, saidBy(youngPerson.selfId));
  giveYes(youngPerson.doc, overnight, saidBy(youngPerson.selfId));
  await waitConverged([coordinator, youngPerson, family, professional], 'the yeses to reach everyone');
  return { conferenceId, coordinator, youngPerson, family, professional, gran, visit, overnight, wish };
}

/** Everything the checks ask for: the young person agrees, the overnight stay approved, a backup plan, a review date. */
async function makeReady(m: Meeting): Promise<void> {
  approveOffer(m.professional.doc, m.overnight, m.professional.selfId, new Date().toISOString());
  setMeta(m.coordinator.doc, { reviewDate: '2027-06-01' });
  setContingency(m.family.doc, 'If Gran is ill, Aunt Jo has Robin for tea instead.');
  await waitConverged([m.coordinator, m.youngPerson, m.family, m.professional], 'the approval and review date to settle');
  expect((await m.youngPerson.api.post(`/api/conferences/${m.conferenceId}/agreements`)).status).toBe(201);
  expect((await m.family.api.post(`/api/conferences/${m.conferenceId}/agreements`)).status).toBe(201);
}

function lock(conferenceId: string, body: Record<string, unknown> = {}) {
  return live.coordinator.post(`/api/conferences/${conferenceId}/lock`, body);
}

describe('the checks before locking', () => {
  it('answers 409 with every missing check in plain words, and locks once each is met', async () => {
    const m = await meeting('Checks');
    const refused = await lock(m.conferenceId);
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatch(/cannot be locked yet/);
    const missing = refused.json.missing as unknown as { check: string; message: string; offerId?: string }[];
    expect(missing.map((x) => x.check).sort()).toEqual(['approvals', 'contingency', 'reviewDate', 'youngPersonAgreed']);
    expect(missing.find((x) => x.check === 'approvals')).toMatchObject({ offerId: m.overnight, message: expect.stringContaining('needs a professional to approve it') });
    expect(missing.find((x) => x.check === 'youngPersonAgreed')?.message).toMatch(/has not said they are happy with the plan/);
    // Nothing changed: still a draft, nothing sealed.
    expect(readBoard(storedDoc(live.server, m.conferenceId)).meta).toMatchObject({ locked: false, phase: 'planning', version: 0 });
    expect((await live.coordinator.get(`/api/conferences/${m.conferenceId}/plans`)).json).toEqual([]);

    await makeReady(m);
    const locked = await lock(m.conferenceId);
    expect(locked.status).toBe(201);
    expect(locked.json).toMatchObject({ version: 1, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('refuses an agreed offer against a contact restriction in the professionals’ notes until a professional is there', async () => {
    const m = await meeting('Restrictions');
    await makeReady(m);
    const notes = await connect(m.professional.api, m.conferenceId, 'private');
    live.open.push(notes);
    setNote(notes.doc, m.gran, 'restrictions', 'Only supervised contact (court order).');
    await waitFor('the note to be stored', () => storedRows(live.server, m.conferenceId, 'private').length > 0);
    const refused = await lock(m.conferenceId);
    expect(refused.status).toBe(409);
    const missing = refused.json.missing as unknown as { check: string; offerId?: string; message: string }[];
    expect(missing.filter((x) => x.check === 'restrictions').map((x) => x.offerId).sort()).toEqual([m.visit, m.overnight].sort());
    expect(missing[0]?.message).toMatch(/Gran has contact restrictions/);

    // With a professional present (which needs approval: the professional approves again). The
    // offers are agreed: the coordinator changes them (a family member would move them back first).
    editOffer(m.coordinator.doc, m.visit, { supervision: 'professional' });
    editOffer(m.coordinator.doc, m.overnight, { supervision: 'professional' });
    await waitConverged([m.coordinator, m.family, m.professional], 'the supervision to settle');
    expect(readBoard(m.professional.doc).offers.find((o) => o.id === m.overnight)?.approvedBy).toBeNull();
    const at = new Date().toISOString();
    approveOffer(m.professional.doc, m.visit, m.professional.selfId, at);
    approveOffer(m.professional.doc, m.overnight, m.professional.selfId, at);
    await waitConverged([m.family, m.professional, m.coordinator], 'the approvals to settle');
    expect((await lock(m.conferenceId)).status).toBe(201);
  });

  it('refuses an agreed offer from someone no longer on the board, and locks with a recorded reason when the young person did not say so', async () => {
    const m = await meeting('Gone');
    approveOffer(m.professional.doc, m.overnight, m.professional.selfId, new Date().toISOString());
    setMeta(m.coordinator.doc, { reviewDate: '2027-06-01', contingencyNotNeeded: true });
    // A hand-made client removes Gran while her offers are on the board (the UI never would).
    m.family.doc.getMap('people').delete(m.gran);
    await waitConverged([m.coordinator, m.family, m.professional], 'the removal to settle');
    const refused = await lock(m.conferenceId, { overrideReason: 'Robin is two years old' });
    expect(refused.status).toBe(409);
    const missing = refused.json.missing as unknown as { check: string }[];
    expect(missing.map((x) => x.check)).toEqual(['peopleOnBoard', 'peopleOnBoard']);

    // Offers from someone gone are not lost when the plan is made: put Gran back and lock.
    addPerson(m.family.doc, { id: m.gran, displayName: 'Gran', relationship: 'Grandmother', circle: 'family', connection: 'direct', atConference: true });
    await waitConverged([m.coordinator, m.family], 'Gran to come back');
    const locked = await lock(m.conferenceId, { overrideReason: 'Robin is two years old' });
    expect(locked.status).toBe(201);
    const plan = planSchema.parse(JSON.parse((await served(live.coordinator, `/api/conferences/${m.conferenceId}/plans/1.json`)).bytes.toString('utf8')));
    expect(plan.agreedWithoutYoungPerson).toBe('Robin is two years old');
    const history = await live.coordinator.get(`/api/conferences/${m.conferenceId}/history`);
    const lines = (history.json as unknown as { what: string }[]).map((line) => line.what);
    expect(lines).toContain('locked the agreed plan as version 1, without the young person saying so: Robin is two years old');
    expect(lines.some((line) => line.startsWith('tried to lock the plan before it was ready (an offer from someone no longer on the board)'))).toBe(true);
  });
});

describe('the agreed version', () => {
  it('is byte-identical forever: the SHA-256 is that of the served bytes, before and after a restart and after reopening', async () => {
    const m = await meeting('Forever');
    await makeReady(m);
    const locked = await lock(m.conferenceId);
    expect(locked.status).toBe(201);
    const path = `/api/conferences/${m.conferenceId}/plans/1.json`;
    const first = await served(m.professional.api, path);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(first.sha256).toBe(locked.json.sha256);
    expect(first.headers.get('etag')).toBe(`"${first.sha256}"`);
    expect(first.headers.get('repr-digest')).toBe(`sha-256=:${Buffer.from(first.sha256, 'hex').toString('base64')}:`);
    const plan = planSchema.parse(JSON.parse(first.bytes.toString('utf8')));
    expect(plan).toMatchObject({ version: 1, youngPersonName: expect.any(String), reviewDate: '2027-06-01', agreedWithoutYoungPerson: null });
    expect(plan.offers.map((o) => o.id).sort()).toEqual([m.visit, m.overnight].sort());
    expect(plan.offers.find((o) => o.id === m.overnight)).toMatchObject({ from: 'Gran', needsApproval: true, approval: { by: 'Sam Social Worker' } });
    expect(plan.wishesByCategory).toEqual([{ category: 'family', label: expect.any(String), wishes: [{ id: m.wish, text: 'See Gran every month', status: 'open', offerIds: [m.visit] }] }]);
    expect(plan.agreements.map((a) => a.name)).toEqual(['Robin', 'Aunt Jo']);
    // Stable key order: the canonical text is the schema's order at every level.
    expect(Object.keys(plan)).toEqual(Object.keys(planSchema.shape));
    expect(first.bytes.toString('utf8').endsWith('}\n')).toBe(true);
    expect((await live.coordinator.get(`/api/conferences/${m.conferenceId}/plans`)).json).toEqual([
      { version: 1, lockedAt: plan.lockedAt, sha256: first.sha256 },
    ]);
    expect((await live.coordinator.get(`/api/conferences/${m.conferenceId}`)).json).toMatchObject({ locked: true, phase: 'agreed', versions: [1] });

    // A restart changes nothing.
    const dataDir = live.server.dataDir;
    expect(await live.server.stop()).toBe(0);
    live.server = await startServer({ dataDir });
    const coordinator = sameSession(live.coordinator, live.server);
    live.coordinator = coordinator;
    const again = await served(coordinator, path);
    expect(again.sha256).toBe(first.sha256);
    expect(again.bytes.equals(first.bytes)).toBe(true);

    // Reopening for the review: version 1 stays as it was; the draft is version 2.
    const reopened = await coordinator.post(`/api/conferences/${m.conferenceId}/unlock`, { reason: 'The six-month review' });
    expect(reopened.status).toBe(201);
    expect(reopened.json).toEqual({ draftVersion: 2 });
    expect(readBoard(storedDoc(live.server, m.conferenceId)).meta).toMatchObject({ locked: false, phase: 'review', version: 2 });
    // Everyone agrees again to the reviewed plan.
    expect(readBoard(storedDoc(live.server, m.conferenceId)).agreements).toEqual([]);
    const afterUnlock = await served(coordinator, path);
    expect(afterUnlock.bytes.equals(first.bytes)).toBe(true);
    expect(afterUnlock.sha256).toBe(locked.json.sha256);
    expect((await coordinator.get(`/api/conferences/${m.conferenceId}/plans/2.json`)).status).toBe(404);
  });

  it('refuses every one of 1,000 updates sent while and after it locks, and the version never changes', async () => {
    const m = await meeting('Racing the lock');
    await makeReady(m);
    const writers = [m.family, m.youngPerson, m.professional];
    let sent = 0;
    const lockedCloses: number[] = [];
    // Each writer keeps sending real edits; when the lock closes it (4423) it comes back with the same
    // document — its stale edits included, in its answer to the sync — and keeps going, as a client
    // that ignores the lock would. Only what goes on the wire is counted.
    const loops = writers.map(async (writer, index) => {
      let client: BoardClient = writer;
      while (sent < 1_000) {
        if (client.provider.wsconnected) {
          addPerson(writer.doc, { displayName: `Late ${index}-${sent}`, relationship: '', circle: 'friends', connection: 'none', atConference: false });
          sent += 1;
        } else if (client.closes.at(-1)?.code === CLOSE.locked.code) {
          lockedCloses.push(index);
          client.provider.destroy();
          client = await connect(writer.api, m.conferenceId, 'board', { doc: writer.doc, waitForSync: false });
          live.open.push(client);
          sent += 1;
        }
        await pause(1 + index);
      }
    });
    await pause(100);
    const locked = await lock(m.conferenceId);
    expect(locked.status).toBe(201);
    const sealedAt = storedRows(live.server, m.conferenceId).length;
    const plan = await served(live.coordinator, `/api/conferences/${m.conferenceId}/plans/1.json`);
    await Promise.all(loops);
    expect(sent).toBeGreaterThanOrEqual(1_000);
    expect(lockedCloses.length).toBeGreaterThan(0);
    // Nothing after the lock was stored, the board is the agreed one, and the version is unchanged.
    await pause(300);
    expect(storedRows(live.server, m.conferenceId)).toHaveLength(sealedAt);
    const board = readBoard(storedDoc(live.server, m.conferenceId));
    expect(board.meta).toMatchObject({ locked: true, phase: 'agreed', version: 1 });
    const planned = planSchema.parse(JSON.parse(plan.bytes.toString('utf8')));
    expect(board.people.map((p) => p.id).sort()).toEqual(planned.people.map((p) => p.id).sort());
    // The edits raced the lock: some are in the agreed version, and the rest were refused.
    const inPlan = planned.people.filter((p) => p.name.startsWith('Late ')).length;
    expect(inPlan).toBeGreaterThan(0);
    expect(inPlan).toBeLessThan(1_000);
    const after = await served(live.coordinator, `/api/conferences/${m.conferenceId}/plans/1.json`);
    expect(after.sha256).toBe(locked.json.sha256);
    expect(after.bytes.equals(plan.bytes)).toBe(true);
    expect(storedConference(live.server, m.conferenceId)).toMatchObject({ locked: 1, phase: 'agreed' });
  });

  it('refuses a stale edit from a client that was offline during the lock with 4423, and keeps the version', async () => {
    const m = await meeting('Offline');
    await makeReady(m);
    m.family.provider.disconnect();
    editOffer(m.family.doc, m.visit, { frequency: 'Every week' });
    expect((await lock(m.conferenceId)).status).toBe(201);
    const rows = storedRows(live.server, m.conferenceId).length;
    m.family.provider.connect();
    await waitFor('the server to close the stale client', () => m.family.closes.at(-1)?.code === CLOSE.locked.code);
    expect(m.family.closes.at(-1)?.reason).toBe(CLOSE.locked.reason);
    expect(storedRows(live.server, m.conferenceId)).toHaveLength(rows);
    expect(readBoard(storedDoc(live.server, m.conferenceId)).offers.find((o) => o.id === m.visit)?.frequency).toBe('Every month');
    // A fresh copy reads the agreed plan without being refused (a read-only reload).
    const fresh = await connect(m.family.api, m.conferenceId);
    live.open.push(fresh);
    await pause(300);
    expect(fresh.provider.wsconnected).toBe(true);
    expect(fresh.closes).toEqual([]);
    expect(readBoard(fresh.doc).meta.locked).toBe(true);
  });

  it('closes every board connection with 4423 when it locks, so every screen reloads read-only', async () => {
    const m = await meeting('Everyone told');
    await makeReady(m);
    expect((await lock(m.conferenceId)).status).toBe(201);
    for (const client of [m.coordinator, m.youngPerson, m.family, m.professional]) {
      await waitFor('each client to be told', () => client.closes.some((c) => c.code === CLOSE.locked.code));
      // y-websocket stops reconnecting on 44xx: nobody loops on a locked board.
      expect(client.provider.shouldConnect).toBe(false);
    }
  });
});

describe('the family’s copy', () => {
  it('gives the family the plan without what is for professionals only, and refuses them the full copy', async () => {
    const m = await meeting('Copies');
    approveOffer(m.professional.doc, m.overnight, m.professional.selfId, new Date().toISOString());
    setMeta(m.coordinator.doc, { reviewDate: '2027-06-01', contingencyNotNeeded: true });
    await waitConverged([m.coordinator, m.professional], 'the approval to settle');
    const canary = 'CANARY: Robin was unwell on the day';
    const locked = await lock(m.conferenceId, { overrideReason: canary });
    expect(locked.status).toBe(201);
    const path = `/api/conferences/${m.conferenceId}/plans/1.json`;
    // The coordinator and professionals get the full copy by default: the sealed bytes.
    for (const api of [live.coordinator, m.professional.api]) {
      const full = await served(api, path);
      expect(full.sha256).toBe(locked.json.sha256);
      expect(full.headers.get('x-plan-copy')).toBe('full');
      expect(full.bytes.toString('utf8')).toContain(canary);
    }
    // The family gets theirs, by default or by asking; its digest headers are its own bytes'.
    for (const [api, query] of [
      [m.family.api, ''],
      [m.youngPerson.api, '?copy=family'],
      [live.coordinator, '?copy=family'],
    ] as const) {
      const family = await served(api, `${path}${query}`);
      expect(family.status).toBe(200);
      expect(family.headers.get('x-plan-copy')).toBe('family');
      expect(family.bytes.toString('utf8')).not.toContain('CANARY');
      expect(family.headers.get('etag')).toBe(`"${family.sha256}"`);
      expect(planSchema.parse(JSON.parse(family.bytes.toString('utf8'))).agreedWithoutYoungPerson).toBeNull();
      expect(family.headers.get('content-disposition')).toMatch(/filename="Robin-plan-v1-\d{4}-\d{2}-\d{2}-family\.json"/);
    }
    const refused = await m.family.api.get(`${path}?copy=full`);
    expect(refused.status).toBe(403);
    expect(refused.json.error).toMatch(/Ask for the family copy/);
    expect((await m.family.api.get(`${path}?copy=everything`)).status).toBe(400);
  });
});

describe('bad input around the lock', () => {
  it('gives clear refusals and leaves the agreed version unchanged', async () => {
    const m = await meeting('Bad input');
    await makeReady(m);
    const id = m.conferenceId;
    // Locking without rights.
    expect((await m.family.api.post(`/api/conferences/${id}/lock`, {})).status).toBe(403);
    expect((await m.professional.api.post(`/api/conferences/${id}/unlock`, { reason: 'x' })).status).toBe(403);
    const stranger = new ApiClient(live.server.url);
    expect((await stranger.post(`/api/conferences/${id}/lock`, {})).status).toBe(401);
    // Unlocking a draft, unlocking without a reason, odd bodies.
    expect((await live.coordinator.post(`/api/conferences/${id}/unlock`, { reason: 'Review' })).status).toBe(409);
    expect((await lock(id, { overrideReason: 42 })).status).toBe(400);
    expect((await lock(id, { version: 7 })).status).toBe(400);
    // Locking twice.
    const first = await lock(id);
    expect(first.status).toBe(201);
    const twice = await lock(id);
    expect(twice.status).toBe(409);
    expect(twice.json.error).toMatch(/already agreed and locked as version 1/);
    const noReason = await live.coordinator.post(`/api/conferences/${id}/unlock`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.json.error).toMatch(/reason/);
    expect((await live.coordinator.post(`/api/conferences/${id}/unlock`, { reason: '   ' })).status).toBe(400);
    // Agreeing or withdrawing after the lock; changing the stage.
    expect((await m.professional.api.post(`/api/conferences/${id}/agreements`)).status).toBe(409);
    expect((await m.family.api.request('DELETE', `/api/conferences/${id}/agreements`)).status).toBe(409);
    expect((await live.coordinator.post(`/api/conferences/${id}/phase`, { phase: 'planning' })).status).toBe(409);
    // Versions that do not exist.
    for (const bad of ['0.json', '2.json', '1.pdfx', 'abc.json', '1e3.json', '99999999999999999999.json']) {
      const res = await live.coordinator.get(`/api/conferences/${id}/plans/${bad}`);
      expect(res.status, bad).toBe(404);
      expect(typeof res.json.error).toBe('string');
    }
    expect((await live.coordinator.get(`/api/conferences/${id}/plans/1/diff/3`)).status).toBe(404);
    const sha = first.json.sha256;
    expect((await served(live.coordinator, `/api/conferences/${id}/plans/1.json`)).sha256).toBe(sha);
  });

  it('refuses agreeing for someone else and a family member approving an offer, sent as crafted updates', async () => {
    const m = await meeting('Crafted');
    // An agreement written into the board by hand, in the young person's name.
    const forged = new Y.Doc();
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(m.family.doc));
    const updates: Uint8Array[] = [];
    forged.on('update', (u: Uint8Array) => updates.push(u));
    forged.clientID = m.family.doc.clientID;
    const entry = new Y.Map<unknown>();
    forged.getMap('agreements').set(m.youngPerson.participantId, entry);
    entry.set('displayName', 'Robin');
    entry.set('role', 'youngPerson');
    entry.set('agreedAt', new Date().toISOString());
    const agreeing = await sendRawUpdate(m.family.api, m.conferenceId, Y.mergeUpdates(updates));
    expect(agreeing?.code).toBe(CLOSE.refused.code);
    expect(agreeing?.reason).toMatch(/^agreements: /);

    // A family member approving an offer (their own) in their own name.
    const approving = new Y.Doc();
    Y.applyUpdate(approving, Y.encodeStateAsUpdate(m.professional.doc));
    approving.clientID = m.family.doc.clientID;
    const approvals: Uint8Array[] = [];
    approving.on('update', (u: Uint8Array) => approvals.push(u));
    approveOffer(approving, m.overnight, m.family.selfId, new Date().toISOString());
    const approved = await sendRawUpdate(m.family.api, m.conferenceId, Y.mergeUpdates(approvals));
    expect(approved?.code).toBe(CLOSE.refused.code);
    expect(approved?.reason).toMatch(/Only a professional or the coordinator can approve an offer/);
    const board = readBoard(storedDoc(live.server, m.conferenceId));
    expect(board.agreements).toEqual([]);
    expect(board.offers.find((o) => o.id === m.overnight)?.approvedBy).toBeNull();
  });
});

describe('approvals', () => {
  it('takes an approval away when what the offer says changes, for everyone to see', async () => {
    const m = await meeting('Approval');
    approveOffer(m.professional.doc, m.overnight, m.professional.selfId, new Date().toISOString());
    await waitConverged([m.family, m.professional, m.youngPerson], 'the approval to settle');
    expect(readBoard(m.youngPerson.doc).offers.find((o) => o.id === m.overnight)?.approvedBy).toBe(m.professional.selfId);
    // Changing when it starts is not what was approved; changing how often is. (The offer is agreed,
    // so the young person changes it: they may, and it stays theirs.)
    editOffer(m.youngPerson.doc, m.overnight, { startsOn: 'After Easter' });
    await waitConverged([m.family, m.youngPerson], 'the start date to settle');
    expect(readBoard(m.family.doc).offers.find((o) => o.id === m.overnight)?.approvedBy).toBe(m.professional.selfId);
    editOffer(m.youngPerson.doc, m.overnight, { frequency: 'Every weekend' });
    await waitConverged([m.family, m.youngPerson, m.professional], 'the change to settle');
    expect(readBoard(m.family.doc).offers.find((o) => o.id === m.overnight)).toMatchObject({ approvedBy: null, approvedAt: null, frequency: 'Every weekend', column: 'agreed' });
    expect(m.youngPerson.closes).toEqual([]);
  });

  it('refuses a crafted change to an approved offer that keeps its approval', async () => {
    const m = await meeting('Stale approval');
    approveOffer(m.professional.doc, m.overnight, m.professional.selfId, new Date().toISOString());
    await waitConverged([m.family, m.professional], 'the approval to settle');
    for (const change of [
      (doc: Y.Doc) => getText(doc, m.overnight).insert(0, 'Every '),
      (doc: Y.Doc) => offerMap(doc, m.overnight).set('kind', 'dayOut'),
      (doc: Y.Doc) => offerMap(doc, m.overnight).set('supervision', 'carer'),
      (doc: Y.Doc) => offerMap(doc, m.overnight).set('personId', m.gran),
    ]) {
      const crafted = new Y.Doc();
      Y.applyUpdate(crafted, Y.encodeStateAsUpdate(m.family.doc));
      crafted.clientID = m.family.doc.clientID;
      const updates: Uint8Array[] = [];
      crafted.on('update', (u: Uint8Array) => updates.push(u));
      change(crafted);
      const close = await sendRawUpdate(m.family.api, m.conferenceId, Y.mergeUpdates(updates));
      expect(close?.code).toBe(CLOSE.refused.code);
      expect(close?.reason).toMatch(/^offers\.approval: This offer had just been approved/);
    }
    expect(readBoard(storedDoc(live.server, m.conferenceId)).offers.find((o) => o.id === m.overnight)).toMatchObject({
      approvedBy: m.professional.selfId,
      text: 'A weekend at Gran’s',
      kind: 'overnightStay',
    });
  });
});

describe('the review', () => {
  it('opens version 2 from the agreed state, marks wishes at the review, and says what changed', async () => {
    const m = await meeting('Review');
    await makeReady(m);
    expect((await lock(m.conferenceId)).status).toBe(201);
    expect((await live.coordinator.post(`/api/conferences/${m.conferenceId}/unlock`, { reason: 'Six-month review' })).status).toBe(201);
    // Reconnect everyone to the draft (the lock closed their sockets).
    const coordinator = await connect(live.coordinator, m.conferenceId);
    const family = await connect(m.family.api, m.conferenceId);
    live.open.push(coordinator, family);
    expect(readBoard(family.doc).meta).toMatchObject({ phase: 'review', locked: false, version: 2 });
    // Only the coordinator marks wishes at the review.
    editObjective(coordinator.doc, m.wish, { status: 'partlyMet' });
    const rival = addOffer(family.doc, { personId: m.gran, kind: 'call', text: 'A call on Sundays', createdBy: m.family.selfId });
    editOffer(coordinator.doc, m.visit, { frequency: 'Every fortnight' });
    // Taken off the board as the board does it, into “Removed” (it was agreed: not the family's to delete for good).
    removeToList(family.doc, 'offer', m.overnight, m.family.selfId, new Date().toISOString());
    await waitConverged([coordinator, family], 'the new offer to settle');
    // Robin said yes to the new one in the room; the coordinator records it. And the next review's date.
    giveYes(coordinator.doc, rival, recordedBy(coordinator.selfId));
    setMeta(coordinator.doc, { reviewDate: '2027-12-01' });
    await waitConverged([coordinator, family], 'the review’s changes to settle');
    addPerson(family.doc, { displayName: 'Uncle Ray', relationship: 'Uncle', circle: 'family', connection: 'indirect', atConference: false });
    await waitConverged([coordinator, family], 'the people to settle');
    expect((await m.youngPerson.api.post(`/api/conferences/${m.conferenceId}/agreements`)).status).toBe(201);
    const second = await lock(m.conferenceId);
    expect(second.status).toBe(201);
    expect(second.json.version).toBe(2);
    const list = (await live.coordinator.get(`/api/conferences/${m.conferenceId}/plans`)).json as unknown as { version: number }[];
    expect(list.map((v) => v.version)).toEqual([1, 2]);

    const diff = await live.coordinator.get(`/api/conferences/${m.conferenceId}/plans/1/diff/2`);
    expect(diff.status).toBe(200);
    expect(diff.json).toMatchObject({
      from: 1,
      to: 2,
      offers: {
        added: [expect.objectContaining({ id: rival, what: 'A call on Sundays' })],
        removed: [expect.objectContaining({ id: m.overnight })],
        changed: [{ id: m.visit, from: 'Gran', what: 'Tea at Gran’s', fields: [{ field: 'howOften', before: 'Every month', after: 'Every fortnight' }] }],
      },
      wishes: [{ id: m.wish, text: 'See Gran every month', before: 'open', after: 'partlyMet' }],
      connections: { before: { atStart: 7, now: 1 }, after: { atStart: 7, now: 2 } },
    });
    // The first version is still exactly as it was.
    const v1 = planSchema.parse(JSON.parse((await served(live.coordinator, `/api/conferences/${m.conferenceId}/plans/1.json`)).bytes.toString('utf8')));
    expect(v1.wishesByCategory[0]?.wishes[0]?.status).toBe('open');
  });

  it('refuses wish statuses from anyone but the coordinator, and outside the review', async () => {
    const m = await meeting('Status');
    const crafted = new Y.Doc();
    Y.applyUpdate(crafted, Y.encodeStateAsUpdate(m.youngPerson.doc));
    crafted.clientID = m.youngPerson.doc.clientID;
    const updates: Uint8Array[] = [];
    crafted.on('update', (u: Uint8Array) => updates.push(u));
    editObjective(crafted, m.wish, { status: 'met' });
    const close = await sendRawUpdate(m.youngPerson.api, m.conferenceId, Y.mergeUpdates(updates));
    expect(close?.code).toBe(CLOSE.refused.code);
    expect(close?.reason).toMatch(/^objectives\.status: /);
  });
});

describe('the plan’s JSON Schema', () => {
  it('is published at /api/schema/plan.json and in docs/, and describes every served plan', async () => {
    const res = await fetch(`${live.server.url}/api/schema/plan.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/schema\+json/);
    const published = (await res.json()) as Record<string, unknown>;
    expect(published).toEqual(planJsonSchema());
    const inDocs = JSON.parse(fs.readFileSync(new URL('../../../docs/plan.schema.json', import.meta.url), 'utf8')) as unknown;
    expect(inDocs, 'docs/plan.schema.json is out of date: run npm run schema').toEqual(published);
    const properties = Object.keys(published.properties as object);
    const m = await meeting('Schema');
    await makeReady(m);
    expect((await lock(m.conferenceId)).status).toBe(201);
    const plan = JSON.parse((await served(live.coordinator, `/api/conferences/${m.conferenceId}/plans/1.json`)).bytes.toString('utf8')) as Record<string, unknown>;
    // A plan agreed now has every part of the schema, those added in version 2 included.
    expect(plan.schemaVersion).toBe(4);
    expect(Object.keys(plan).sort()).toEqual([...properties].sort());
    expect(planSchema.parse(plan)).toEqual(plan);
  });
});

function offerMap(doc: Y.Doc, id: string): Y.Map<unknown> {
  const entry = doc.getMap('offers').get(id);
  if (!(entry instanceof Y.Map)) throw new Error(`no offer ${id}`);
  return entry as Y.Map<unknown>;
}

function getText(doc: Y.Doc, id: string): Y.Text {
  const text = offerMap(doc, id).get('text');
  if (!(text instanceof Y.Text)) throw new Error(`offer ${id} has no text`);
  return text;
}
