// End to end in a real Chromium, with a real care-record receiver on loopback: the coordinator
// downloads the agreed plan (family copy as PDF), sends the full copy to the care record with the
// child's record number and watches it turn "delivered" by itself; a family member on a phone gets
// only the family copy; the coordinator deletes the conference.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { addObjective, addOffer, addPerson, approveOffer, readBoard, setMeta } from '../../shared/board.ts';
import { setNote } from '../../shared/notes.ts';
import { createConference, invite, setupCoordinator, type ApiClient } from '../helpers/api.ts';
import { answerStatus, startCareReceiver, type CareReceiver } from '../helpers/careReceiver.ts';
import { connect, type BoardClient } from '../helpers/client.ts';
import { readPdf } from '../helpers/pdf.ts';
import { accessibilityProblems } from '../helpers/axe.ts';
import { launchChromium, signInAsCoordinator } from '../helpers/browser.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { storedDoc, storedRows } from '../helpers/stored.ts';
import { waitFor } from '../helpers/wait.ts';
import { recordedBy } from '../helpers/yes.ts';

const WAIT_MS = 10_000;
const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const SAFETY_CANARY = 'CANARY-SAFETY-e2e: no contact with the older cousin';

let receiver: CareReceiver;
let server: TestServer;
let coordinatorApi: ApiClient;
let browser: Browser;
const clients: BoardClient[] = [];
const contexts: BrowserContext[] = [];
let conferenceId: string;
let familyLink: string;
/** The day version 1 was locked, UK time, as the files are named (YYYY-MM-DD). */
let lockedDay = '';

async function newPage(width = 1280, height = 900): Promise<Page> {
  // bypassCSP only so the accessibility check (axe) can be injected; the app's own CSP is tested elsewhere.
  const context = await browser.newContext({ viewport: { width, height }, locale: 'en-GB', bypassCSP: true, acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  return page;
}

/** Clicks a download link and returns the file's bytes and suggested name. */
async function downloadFrom(page: Page, name: string): Promise<{ bytes: Buffer; fileName: string }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: WAIT_MS }), page.getByRole('link', { name, exact: true }).click()]);
  const file = await download.path();
  return { bytes: fs.readFileSync(file), fileName: download.suggestedFilename() };
}

beforeAll(async () => {
  receiver = await startCareReceiver(SECRET, answerStatus(200, 'filed'));
  server = await startServer({ env: { CARE_RECORD_URL: receiver.url, CARE_RECORD_SECRET: SECRET } });
  coordinatorApi = await setupCoordinator(server);
  conferenceId = await createConference(coordinatorApi, 'Robin’s Lifelong Links conference');
  familyLink = (await invite(coordinatorApi, conferenceId, 'network', 'Aunt Jo')).url;
  expect((await coordinatorApi.post(`/api/conferences/${conferenceId}/phase`, { phase: 'planning' })).status).toBe(200);
  // What the meeting made, written through a real client in the coordinator's name, then locked.
  const board = await connect(coordinatorApi, conferenceId);
  const notes = await connect(coordinatorApi, conferenceId, 'private');
  clients.push(board, notes);
  const selfId = board.selfId;
  const wish = addObjective(board.doc, { text: 'See Gran every month', category: 'family', raisedBy: selfId });
  const gran = addPerson(board.doc, { displayName: 'Gran', relationship: 'Grandmother', circle: 'family', connection: 'direct', atConference: true });
  addOffer(board.doc, { personId: gran, kind: 'visit', text: 'Tea at Gran’s', frequency: 'Every month', column: 'agreed', yes: recordedBy(board.selfId), objectiveIds: [wish], createdBy: selfId });
  const overnight = addOffer(board.doc, { personId: gran, kind: 'overnightStay', text: 'A weekend at Gran’s', frequency: 'Twice a year', column: 'agreed', yes: recordedBy(board.selfId), createdBy: selfId });
  approveOffer(board.doc, overnight, selfId, new Date().toISOString());
  setMeta(board.doc, { reviewDate: '2027-06-01', contingencyNotNeeded: true });
  setNote(notes.doc, gran, 'safety', SAFETY_CANARY);
  await waitFor('the board and the notes to be stored', () => readBoard(storedDoc(server, conferenceId)).meta.reviewDate !== null && storedRows(server, conferenceId, 'private').length > 0);
  const locked = await coordinatorApi.post(`/api/conferences/${conferenceId}/lock`, { overrideReason: 'Robin is two years old' });
  expect(locked.status).toBe(201);
  const lockedAt = String((await coordinatorApi.get(`/api/conferences/${conferenceId}/plans`)).json[0]?.lockedAt);
  lockedDay = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'Europe/London' }).format(new Date(lockedAt));
  browser = await launchChromium();
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
  await receiver?.close();
});

describe('the export screen', () => {
  it('lets the coordinator download either copy and send the plan to the care record, its status updating by itself', async () => {
    const casey = await newPage();
    await signInAsCoordinator(casey, server.url);
    await casey.goto(`${server.url}/conferences/${conferenceId}/plans/1`);
    await casey.getByRole('heading', { name: 'Download or send this plan' }).waitFor({ timeout: WAIT_MS });

    const full = await downloadFrom(casey, 'PDF');
    // Named for filing: the young person's first name, the version and the day it was agreed.
    expect(full.fileName).toBe(`Robin-plan-v1-${lockedDay}.pdf`);
    expect((await readPdf(full.bytes)).text).toContain(SAFETY_CANARY);
    await casey.getByRole('radio', { name: /Family copy/ }).check();
    const family = await downloadFrom(casey, 'PDF');
    expect(family.fileName).toBe(`Robin-plan-v1-${lockedDay}-family.pdf`);
    const familyText = (await readPdf(family.bytes)).text;
    expect(familyText).toContain('Tea at Gran’s');
    expect(familyText).not.toContain(SAFETY_CANARY);
    const word = await downloadFrom(casey, 'Word');
    expect(word.fileName).toBe(`Robin-plan-v1-${lockedDay}-family.docx`);

    await casey.getByRole('radio', { name: /Full copy/ }).check();
    await casey.getByRole('textbox', { name: 'The child’s record number in the care record (if you know it)' }).fill('CR-000123');
    await casey.getByRole('button', { name: 'Send the full copy to the care record' }).click();
    const sent = casey.getByRole('list', { name: 'Sent to the care record' });
    await sent.getByText(/Full copy: delivered .* \(the care record answered 200\)/).waitFor({ timeout: WAIT_MS });
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]?.verifyError).toBeNull();
    expect(JSON.parse(receiver.requests[0]!.body).data.childRecordId).toBe('CR-000123');
    await casey.screenshot({ path: '/tmp/llb-export-coordinator.png', fullPage: true });
    expect(await accessibilityProblems(casey)).toEqual([]);

    // When the receiver is down, the screen says it will try again, and then that it got there.
    receiver.answerWith(answerStatus(503, 'down for maintenance'));
    await casey.getByRole('radio', { name: /Family copy/ }).check();
    await casey.getByRole('button', { name: 'Send the family copy to the care record' }).click();
    await sent.getByText(/Family copy: not there yet\. The receiver answered 503\. Tried \d+ times?; trying again at/).waitFor({ timeout: WAIT_MS });
    await casey.screenshot({ path: '/tmp/llb-export-retrying.png', fullPage: true });
    receiver.answerWith(answerStatus(200, 'filed'));
    await sent.getByText(/Family copy: delivered/).waitFor({ timeout: 15_000 });
  });

  it('gives a family member on a phone the family copy only, with nothing to send', async () => {
    const jo = await newPage(390, 844);
    await jo.goto(familyLink);
    await jo.waitForURL(/\/board\/[^/#]+$/, { timeout: WAIT_MS });
    await jo.getByRole('link', { name: 'Open the plan to read or print it' }).click();
    await jo.getByRole('heading', { name: 'Download or send this plan' }).waitFor({ timeout: WAIT_MS });
    await expect(jo.getByRole('radio').count()).resolves.toBe(0);
    await expect(jo.getByRole('button', { name: /care record/ }).count()).resolves.toBe(0);
    const pdf = await downloadFrom(jo, 'PDF');
    expect(pdf.fileName).toBe(`Robin-plan-v1-${lockedDay}-family.pdf`);
    expect((await readPdf(pdf.bytes)).text).not.toContain(SAFETY_CANARY);
    await jo.screenshot({ path: '/tmp/llb-export-family-390.png', fullPage: true });
    expect(await accessibilityProblems(jo)).toEqual([]);
  });

  it('lets the coordinator delete the conference and everything in it, after asking', async () => {
    const casey = contexts[0]!.pages()[0]!;
    await casey.goto(`${server.url}/conferences/${conferenceId}`);
    await casey.getByRole('button', { name: 'Delete this conference' }).click();
    await casey.getByRole('group', { name: 'Delete “Robin’s Lifelong Links conference” and everything in it for good?' }).waitFor();
    await casey.screenshot({ path: '/tmp/llb-delete-conference.png', fullPage: true });
    await casey.getByRole('button', { name: 'Yes, delete it for good' }).click();
    await casey.getByRole('heading', { name: 'Your conferences', level: 1 }).waitFor({ timeout: WAIT_MS });
    await expect(casey.getByText('Robin’s Lifelong Links conference').count()).resolves.toBe(0);
    expect((await coordinatorApi.get(`/api/conferences/${conferenceId}`)).status).toBe(404);
  });
});
