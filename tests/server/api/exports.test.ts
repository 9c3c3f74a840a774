// Exports against a real server with a real care-record receiver on loopback: the agreed plan as
// PDF, Word and JSON in the full and the family copy (canaries from the professionals' notes and the
// override reason reach no family copy), the draft preview, the signed push with its status and
// idempotency, deleting a conference, and the retention setting across a restart.

import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addObjective, addOffer, addPerson, approveOffer, readBoard, setContingency, setMeta } from '../../../shared/board.ts';
import { setNote } from '../../../shared/notes.ts';
import { planSchema } from '../../../shared/plan.ts';
import { CLOSE } from '../../../shared/protocol.ts';
import { ApiClient, createConference, served, setupCoordinator } from '../../helpers/api.ts';
import { answerStatus, startCareReceiver, type CareReceiver } from '../../helpers/careReceiver.ts';
import { connect, type BoardClient } from '../../helpers/client.ts';
import { docxParts, docxText } from '../../helpers/docx.ts';
import { readPdf } from '../../helpers/pdf.ts';
import { startServer, type TestServer } from '../../helpers/server.ts';
import { storedRows } from '../../helpers/stored.ts';
import { joinBoard, sameSession, waitConverged, type Participant } from '../../helpers/sync.ts';
import { waitFor } from '../../helpers/wait.ts';
import { recordedBy } from '../../helpers/yes.ts';

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;

/** Invented strings that belong in the full copy only. */
const CANARY = {
  safety: 'CANARY-SAFETY-4e2b: not to be left alone with the older cousin',
  address: 'CANARY-ADDRESS-7 Lôn y Felin, Bangor LL57 2AA',
  reason: 'CANARY-REASON-9a1c: too upset on the day to say',
} as const;
const GRAN = 'Gwenllïan Ŵyn';

let receiver: CareReceiver;
let server: TestServer;
let coordinator: ApiClient;
const open: BoardClient[] = [];

beforeAll(async () => {
  receiver = await startCareReceiver(SECRET, answerStatus(200, 'filed'));
  server = await startServer({ env: { CARE_RECORD_URL: receiver.url, CARE_RECORD_SECRET: SECRET, RETENTION_DAYS: '0.00001' } });
  coordinator = await setupCoordinator(server);
});
afterEach(() => {
  for (const client of open.splice(0)) client.destroy();
});
afterAll(async () => {
  await server?.stop();
  await receiver?.close();
});

interface Agreed {
  id: string;
  board: BoardClient;
  family: Participant;
}

/**
 * A conference made and locked as in a meeting: a wish, Gran (with a safety note and her address in
 * the professionals' notes), an agreed visit and an approved overnight stay, a review date, Aunt Jo's
 * agreement, and the lock with a recorded reason why the young person did not say so.
 */
async function agreedConference(title: string, opts: { lock?: boolean } = {}): Promise<Agreed> {
  const id = await createConference(coordinator, title);
  const board = await connect(coordinator, id);
  const family = await joinBoard(server, coordinator, id, { role: 'network', name: 'Aunt Jo' });
  open.push(board, family);
  expect((await coordinator.post(`/api/conferences/${id}/phase`, { phase: 'planning' })).status).toBe(200);
  await waitFor('the stage to reach the board', () => readBoard(board.doc).meta.phase === 'planning');
  const wish = addObjective(board.doc, { text: 'See Gran every month', category: 'family', raisedBy: board.selfId });
  const gran = addPerson(board.doc, { displayName: GRAN, relationship: 'Grandmother', circle: 'family', connection: 'direct', atConference: true });
  addOffer(board.doc, { personId: gran, kind: 'visit', text: 'Tea at Gran’s on Sundays', frequency: 'Every month', column: 'agreed', yes: recordedBy(board.selfId), objectiveIds: [wish], createdBy: board.selfId });
  const overnight = addOffer(board.doc, { personId: gran, kind: 'overnightStay', text: 'A weekend at the farm', frequency: 'Twice a year', column: 'agreed', yes: recordedBy(board.selfId), createdBy: board.selfId });
  approveOffer(board.doc, overnight, board.selfId, new Date().toISOString());
  setMeta(board.doc, { reviewDate: '2027-06-01' });
  setContingency(board.doc, 'If Gran is ill, Aunt Jo has Robin for tea instead.');
  const notes = await connect(coordinator, id, 'private');
  open.push(notes);
  setNote(notes.doc, gran, 'safety', CANARY.safety);
  setNote(notes.doc, gran, 'contactDetails', CANARY.address);
  await waitConverged([board, family], 'the plan to reach everyone');
  await waitFor('the notes to be stored', () => storedRows(server, id, 'private').length >= 2);
  expect((await family.api.post(`/api/conferences/${id}/agreements`)).status).toBe(201);
  if (opts.lock !== false) {
    const locked = await coordinator.post(`/api/conferences/${id}/lock`, { overrideReason: CANARY.reason });
    expect(locked.status).toBe(201);
  }
  return { id, board, family };
}

/** The day version 1 was locked, in UK time, as YYYY-MM-DD (what file names carry). */
async function lockedDay(id: string): Promise<string> {
  const plans = await coordinator.get(`/api/conferences/${id}/plans`);
  const lockedAt = String(plans.json[0]?.lockedAt);
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'Europe/London' }).format(new Date(lockedAt));
}

function expectNoCanary(text: string) {
  for (const canary of Object.values(CANARY)) expect(text).not.toContain(canary);
}

describe('downloading an agreed version', () => {
  it('gives the full copy to the coordinator as PDF, Word and JSON, with the professionals’ notes and every offer, name and agreement', async () => {
    const { id } = await agreedConference('Full copy');
    const pdf = await served(coordinator, `/api/conferences/${id}/plans/1.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    // Named so a social worker can file it: the young person's first name, the version and the day it was agreed.
    const day = await lockedDay(id);
    expect(pdf.headers.get('content-disposition')).toBe(`attachment; filename="Robin-plan-v1-${day}.pdf"; filename*=UTF-8''Robin-plan-v1-${day}.pdf`);
    const read = await readPdf(pdf.bytes);
    expect(read.marked).toBe(true);
    expect(read.language).toBe('en-GB');
    for (const expected of ['Tea at Gran’s on Sundays', 'A weekend at the farm', 'See Gran every month', GRAN, 'Aunt Jo', CANARY.safety, CANARY.address, CANARY.reason]) {
      expect(read.text).toContain(expected);
    }

    const docx = await served(coordinator, `/api/conferences/${id}/plans/1.docx`);
    expect(docx.status).toBe(200);
    expect(docx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const words = docxText(docxParts(docx.bytes)['word/document.xml'] ?? '');
    for (const expected of ['Tea at Gran’s on Sundays', 'A weekend at the farm', GRAN, 'Aunt Jo', CANARY.safety, CANARY.address, CANARY.reason]) {
      expect(words).toContain(expected);
    }

    const json = await served(coordinator, `/api/conferences/${id}/plans/1.json?download`);
    expect(json.headers.get('content-disposition')).toBe(`attachment; filename="Robin-plan-v1-${day}.json"; filename*=UTF-8''Robin-plan-v1-${day}.json`);
    expect(planSchema.parse(json.json()).agreedWithoutYoungPerson).toBe(CANARY.reason);
  });

  it('gives the family copy without the professionals’ notes, the address or the override reason, in every format', async () => {
    const { id, family } = await agreedConference('Family copy');
    const day = await lockedDay(id);
    for (const [who, query] of [
      [coordinator, '?copy=family'],
      [family.api, ''],
      [family.api, '?copy=family'],
    ] as const) {
      const pdf = await served(who, `/api/conferences/${id}/plans/1.pdf${query}`);
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('x-plan-copy')).toBe('family');
      expect(pdf.headers.get('content-disposition')).toBe(`attachment; filename="Robin-plan-v1-${day}-family.pdf"; filename*=UTF-8''Robin-plan-v1-${day}-family.pdf`);
      const read = await readPdf(pdf.bytes);
      expect(read.text).toContain('Tea at Gran’s on Sundays');
      expect(read.text).toContain(GRAN);
      expectNoCanary(read.text);
      // Not even hidden in the file (metadata, ActualText, unextracted streams are all in the raw bytes or their inflated forms).
      expectNoCanary(read.raw);
      expectNoCanary(read.actualTexts.join('\n'));

      const docx = await served(who, `/api/conferences/${id}/plans/1.docx${query}`);
      expect(docx.status).toBe(200);
      const parts = docxParts(docx.bytes);
      expect(docxText(parts['word/document.xml'] ?? '')).toContain('A weekend at the farm');
      for (const xml of Object.values(parts)) expectNoCanary(xml);

      const json = await served(who, `/api/conferences/${id}/plans/1.json${query}`);
      expect(json.status).toBe(200);
      expect(json.headers.get('x-plan-copy')).toBe('family');
      expectNoCanary(json.bytes.toString('utf8'));
      const plan = planSchema.parse(json.json());
      expect(plan.agreedWithoutYoungPerson).toBeNull();
      // The digest headers are those of the bytes served.
      expect(json.headers.get('etag')).toBe(`"${json.sha256}"`);
    }
  });

  it('refuses the full copy to a family member, and another conference’s plan or an unagreed version with a clear error', async () => {
    const a = await agreedConference('Refusals A');
    const b = await agreedConference('Refusals B', { lock: false });
    for (const format of ['pdf', 'docx', 'json']) {
      const full = await a.family.api.get(`/api/conferences/${a.id}/plans/1.${format}?copy=full`);
      expect(full.status).toBe(403);
      expect(full.json.error).toMatch(/full copy is for the coordinator and professionals/);
      // B's family member asks for A's plan: as if it did not exist.
      const other = await b.family.api.get(`/api/conferences/${a.id}/plans/1.${format}`);
      expect(other.status).toBe(404);
      expect(other.json).toEqual({ error: expect.any(String) });
      const unagreed = await coordinator.get(`/api/conferences/${a.id}/plans/2.${format}`);
      expect(unagreed.status).toBe(404);
      expect(unagreed.json.error).toBe('Version 2 of this plan has not been agreed.');
    }
    expect((await coordinator.get(`/api/conferences/${a.id}/plans/1.pdf?copy=secret`)).status).toBe(400);
    expect((await coordinator.get(`/api/conferences/${a.id}/plans/1.txt`)).status).toBe(404);
  });

  it('puts every download on the record of who did what', async () => {
    const { id, family } = await agreedConference('Downloads on record');
    await served(family.api, `/api/conferences/${id}/plans/1.pdf`);
    await served(coordinator, `/api/conferences/${id}/plans/1.docx?copy=full`);
    await served(coordinator, `/api/conferences/${id}/plans/1.json`);
    const history = await coordinator.get(`/api/conferences/${id}/history`);
    const lines = (history.json as unknown as Array<{ who: string; what: string }>).map((l) => `${l.who}: ${l.what}`);
    expect(lines).toContain('Aunt Jo: downloaded version 1 of the plan as PDF (family copy)');
    expect(lines).toContain('Casey Coordinator: downloaded version 1 of the plan as DOCX (full copy)');
    // Reading the plan on screen is not a download.
    expect(lines.filter((l) => l.includes('as JSON'))).toEqual([]);
  });
});

describe('the draft preview', () => {
  it('shows the coordinator the unlocked draft with DRAFT on every page, and nobody else', async () => {
    const { id, family } = await agreedConference('Draft', { lock: false });
    const draft = await served(coordinator, `/api/conferences/${id}/draft.pdf`);
    expect(draft.status).toBe(200);
    const read = await readPdf(draft.bytes);
    expect(read.pages.length).toBeGreaterThan(0);
    for (const page of read.pages) expect(page.text).toContain('DRAFT');
    expect(read.text).toContain('Tea at Gran’s on Sundays');
    expect(read.text).toContain(CANARY.safety);
    const familyDraft = await served(coordinator, `/api/conferences/${id}/draft.pdf?copy=family`);
    const familyRead = await readPdf(familyDraft.bytes);
    expectNoCanary(familyRead.text);
    expectNoCanary(familyRead.raw);

    const refused = await family.api.get(`/api/conferences/${id}/draft.pdf`);
    expect(refused.status).toBe(403);

    expect((await coordinator.post(`/api/conferences/${id}/lock`, { overrideReason: CANARY.reason })).status).toBe(201);
    const afterLock = await coordinator.get(`/api/conferences/${id}/draft.pdf`);
    expect(afterLock.status).toBe(409);
    expect(afterLock.json.error).toMatch(/agreed and locked/);
  });
});

describe('sending to the care record', () => {
  it('delivers a signed plan with what a record system needs, once per copy however often it is sent', async () => {
    const { id } = await agreedConference('Send');
    const sent = await coordinator.post(`/api/conferences/${id}/plans/1/send`, { copy: 'full', childRecordId: 'CR-000123' });
    expect(sent.status).toBe(202);
    expect(sent.json).toMatchObject({ id: expect.stringMatching(/^msg_/), version: 1, copy: 'full' });
    const deliveryId = String(sent.json.id);
    await waitFor('the plan to reach the care record', () => receiver.requests.some((r) => r.id === deliveryId));
    const arrived = receiver.requests.filter((r) => r.id === deliveryId);
    expect(arrived).toHaveLength(1);
    const request = arrived[0]!;
    // The Standard Webhooks reference library accepted the signature.
    expect(request.verifyError).toBeNull();
    expect(request.contentType).toBe('application/json');
    const payload = JSON.parse(request.body) as { type: string; data: Record<string, unknown> & { document: Record<string, string>; plan: unknown; planSha256: string } };
    expect(payload.type).toBe('plan.agreed');
    expect(payload.data).toMatchObject({ conferenceId: id, version: 1, copy: 'full', childRecordId: 'CR-000123' });
    const doc = payload.data.document;
    expect(doc.category).toBe('Lifelong Links plan');
    expect(doc.fileName).toBe(`Robin-plan-v1-${await lockedDay(id)}.pdf`);
    expect(doc.mediaType).toBe('application/pdf');
    expect(doc.title!.length).toBeLessThan(80);
    expect(doc.title).toContain('Robin');
    const pdf = Buffer.from(doc.contentBase64!, 'base64');
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(doc.sha256);
    expect((await readPdf(pdf)).text).toContain(CANARY.safety);
    // The plan is exactly the agreed version, with the SHA-256 taken at the lock.
    const versions = await coordinator.get(`/api/conferences/${id}/plans`);
    expect(payload.data.planSha256).toBe(versions.json[0]?.sha256);
    expect(payload.data.plan).toEqual((await served(coordinator, `/api/conferences/${id}/plans/1.json`)).json());

    await waitFor('the delivery to be shown as delivered', async () => {
      const status = await coordinator.get(`/api/conferences/${id}/plans/1/send`);
      return (status.json.deliveries as Array<{ status: string }>)[0]?.status === 'delivered';
    });
    const status = await coordinator.get(`/api/conferences/${id}/plans/1/send`);
    expect(status.json).toMatchObject({ configured: true, deliveries: [{ id: deliveryId, status: 'delivered', attempts: 1, responseStatus: 200, deliveredAt: expect.any(String), lastError: null }] });

    // Sending the same copy again is the same delivery: nothing new goes out.
    const again = await coordinator.post(`/api/conferences/${id}/plans/1/send`, { copy: 'full', childRecordId: 'CR-000123' });
    expect(again.status).toBe(202);
    expect(again.json).toMatchObject({ id: deliveryId, status: 'delivered' });

    // The family copy is its own delivery, without anything professional-only.
    const familySent = await coordinator.post(`/api/conferences/${id}/plans/1/send`, { copy: 'family' });
    expect(familySent.json.id).not.toBe(deliveryId);
    await waitFor('the family copy to arrive', () => receiver.requests.some((r) => r.id === familySent.json.id));
    const familyRequest = receiver.requests.find((r) => r.id === familySent.json.id)!;
    expect(familyRequest.verifyError).toBeNull();
    expectNoCanary(familyRequest.body);
    const familyPayload = JSON.parse(familyRequest.body) as { data: { childRecordId: unknown; document: { contentBase64: string; fileName: string } } };
    expect(familyPayload.data.childRecordId).toBeNull();
    expect(familyPayload.data.document.fileName).toBe(`Robin-plan-v1-${await lockedDay(id)}-family.pdf`);
    expectNoCanary((await readPdf(Buffer.from(familyPayload.data.document.contentBase64, 'base64'))).text);
    expect(receiver.requests.filter((r) => r.id === deliveryId)).toHaveLength(1);

    const history = await coordinator.get(`/api/conferences/${id}/history`);
    const lines = (history.json as unknown as Array<{ what: string }>).map((l) => l.what);
    // Once per delivery made, not per request.
    expect(lines.filter((l) => l.startsWith('sent version 1 of the plan to the care record')).sort()).toEqual([
      'sent version 1 of the plan to the care record (family copy)',
      'sent version 1 of the plan to the care record (full copy)',
    ]);
  });

  it('shows a delivery queued with the receiver’s answer while it retries, then delivered', async () => {
    const { id } = await agreedConference('Retry');
    const before = receiver.requests.length;
    let answered = 0;
    const downThenUp = [answerStatus(503, 'down for maintenance'), answerStatus(201, 'filed at last')];
    receiver.answerWith((index, res, req) => downThenUp[Math.min(answered++, 1)]!(index, res, req));
    try {
      const sent = await coordinator.post(`/api/conferences/${id}/plans/1/send`, { copy: 'full' });
      expect(sent.status).toBe(202);
      await waitFor('the first attempt', () => receiver.requests.length > before);
      await waitFor('the first attempt to be recorded', async () => {
        const status = await coordinator.get(`/api/conferences/${id}/plans/1/send`);
        return (status.json.deliveries as Array<{ attempts: number }>)[0]?.attempts === 1;
      });
      const queued = await coordinator.get(`/api/conferences/${id}/plans/1/send`);
      const first = (queued.json.deliveries as Array<Record<string, unknown>>)[0];
      // Either still waiting to retry, or already retried (the wait is random, up to 2 s).
      if (first?.status === 'queued') {
        expect(first).toMatchObject({ responseStatus: 503, lastError: expect.stringContaining('503'), nextAttemptAt: expect.any(String), deliveredAt: null });
      }
      await waitFor('the retry to deliver it', async () => {
        const status = await coordinator.get(`/api/conferences/${id}/plans/1/send`);
        return (status.json.deliveries as Array<{ status: string }>)[0]?.status === 'delivered';
      });
      const delivered = await coordinator.get(`/api/conferences/${id}/plans/1/send`);
      expect(delivered.json.deliveries).toMatchObject([{ status: 'delivered', attempts: 2, responseStatus: 201 }]);
      const attempts = receiver.requests.slice(before);
      expect(attempts).toHaveLength(2);
      // Both attempts carry the same id (the idempotency key) and body, each freshly signed.
      expect(new Set(attempts.map((r) => r.id)).size).toBe(1);
      expect(attempts[0]?.body).toBe(attempts[1]?.body);
      expect(attempts.every((r) => r.verifyError === null)).toBe(true);
    } finally {
      receiver.answerWith(answerStatus(200, 'filed'));
    }
  });

  it('refuses drafts, other people and bad input with clear errors, sending nothing', async () => {
    const { id, family } = await agreedConference('Send refusals', { lock: false });
    const before = receiver.requests.length;
    const draft = await coordinator.post(`/api/conferences/${id}/plans/1/send`, { copy: 'full' });
    expect(draft.status).toBe(404);
    expect((await coordinator.post(`/api/conferences/${id}/plans/1/send`, { copy: 'everything' })).status).toBe(400);
    expect((await coordinator.post(`/api/conferences/${id}/plans/1/send`, { copy: 'full', childRecordId: 'x'.repeat(101) })).status).toBe(400);
    expect((await family.api.post(`/api/conferences/${id}/plans/1/send`, { copy: 'family' })).status).toBe(403);
    expect((await family.api.get(`/api/conferences/${id}/plans/1/send`)).status).toBe(403);
    expect(receiver.requests.length).toBe(before);
  });
});

describe('deleting a conference', () => {
  it('closes its boards, deletes everything in it and keeps only a record that it was deleted', async () => {
    const { id, board, family } = await agreedConference('To delete', { lock: false });
    expect((await family.api.request('DELETE', `/api/conferences/${id}`)).status).toBe(403);
    const deleted = await coordinator.request('DELETE', `/api/conferences/${id}`);
    expect(deleted.status).toBe(204);
    await waitFor('the boards to be closed as deleted', () => [board, family].every((c) => c.closes.some((x) => x.code === CLOSE.deleted.code)));
    expect((await coordinator.get(`/api/conferences/${id}`)).status).toBe(404);
    expect((await family.api.get('/api/me')).status).toBe(401);
    expect((await coordinator.request('DELETE', `/api/conferences/${id}`)).status).toBe(404);

    const db = new Database(path.join(server.dataDir, 'board.sqlite'), { readonly: true });
    try {
      for (const table of ['doc_updates', 'invites', 'plan_versions', 'outbox', 'audit_events']) {
        const count = db.prepare<[string], { n: number }>(`SELECT count(*) AS n FROM ${table} WHERE conference_id = ?`).get(id);
        expect(count?.n, table).toBe(0);
      }
      const records = db.prepare<[], { conference_id: string | null; actor_kind: string; detail: string }>("SELECT conference_id, actor_kind, detail FROM audit_events WHERE action = 'conference.deleted'").all();
      expect(records.filter((r) => r.detail.includes(id))).toEqual([{ conference_id: null, actor_kind: 'coordinator', detail: JSON.stringify({ conferenceId: id }) }]);
    } finally {
      db.close();
    }
  });
});

describe('the retention setting', () => {
  it('deletes conferences whose plan was delivered long enough ago, and keeps the rest, at start-up', async () => {
    const delivered = await agreedConference('Delivered long ago');
    const sent = await coordinator.post(`/api/conferences/${delivered.id}/plans/1/send`, { copy: 'full' });
    await waitFor('the delivery', async () => {
      const status = await coordinator.get(`/api/conferences/${delivered.id}/plans/1/send`);
      return (status.json.deliveries as Array<{ status: string }>)[0]?.status === 'delivered';
    });
    const notSent = await agreedConference('Agreed, not sent');
    expect(sent.status).toBe(202);
    for (const client of open.splice(0)) client.destroy();

    // RETENTION_DAYS is 0.00001 (864 ms); the setting is applied at start-up and hourly. The restart
    // waits until the delivery is older than that, however fast this machine is.
    const status = await coordinator.get(`/api/conferences/${delivered.id}/plans/1/send`);
    const deliveredAt = Date.parse(String((status.json.deliveries as Array<{ deliveredAt: string }>)[0]?.deliveredAt));
    expect(Number.isFinite(deliveredAt)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, deliveredAt + 1_000 - Date.now())));
    await server.stop();
    server = await startServer({ dataDir: server.dataDir, env: { CARE_RECORD_URL: receiver.url, CARE_RECORD_SECRET: SECRET, RETENTION_DAYS: '0.00001' } });
    coordinator = sameSession(coordinator, server);
    await waitFor('the delivered conference to be deleted', async () => (await coordinator.get(`/api/conferences/${delivered.id}`)).status === 404);
    expect((await coordinator.get(`/api/conferences/${notSent.id}`)).status).toBe(200);
    const db = new Database(path.join(server.dataDir, 'board.sqlite'), { readonly: true });
    try {
      const record = db.prepare<[string], { actor_kind: string }>("SELECT actor_kind FROM audit_events WHERE action = 'conference.deleted' AND detail LIKE '%' || ? || '%'").get(delivered.id);
      expect(record).toEqual({ actor_kind: 'server' });
    } finally {
      db.close();
    }
  });
});

describe('a server without a care-record connection', () => {
  it('says sending is not set up, and still serves every download', async () => {
    const plain = await startServer();
    try {
      const api = await setupCoordinator(plain);
      const id = await createConference(api, 'No connector');
      const status = await api.get(`/api/conferences/${id}/draft.pdf`);
      expect(status.status).toBe(200);
      const send = await api.post(`/api/conferences/${id}/plans/1/send`, { copy: 'full' });
      expect(send.status).toBe(409);
      expect(send.json.error).toMatch(/not set up on this server/);
    } finally {
      await plain.stop();
    }
  });
});
