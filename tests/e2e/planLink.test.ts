// End to end in a real Chromium: a family member on their phone opens their invite link after the
// plan was agreed, gets a link of their own to keep and copies it; on another phone with no cookies
// the kept link opens the family copy (nothing from the professionals' notes), prints and downloads
// it, survives a reload and a dropped connection, and on a laptop too; once the coordinator agrees
// a new version the link says it was replaced. Other people's devices are hand-made Yjs clients.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { addObjective, addOffer, addPerson, giveYes, setMeta } from '../../shared/board.ts';
import { setNote } from '../../shared/notes.ts';
import { createConference, invite, setupCoordinator, type ApiClient } from '../helpers/api.ts';
import { accessibilityProblems } from '../helpers/axe.ts';
import { launchChromium, openDevice, waitLive } from '../helpers/browser.ts';
import { connect, type BoardClient } from '../helpers/client.ts';
import { readPdf } from '../helpers/pdf.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { storedRows } from '../helpers/stored.ts';
import { joinBoard, waitConverged, type Participant } from '../helpers/sync.ts';
import { waitFor } from '../helpers/wait.ts';
import { saidBy } from '../helpers/yes.ts';

const WAIT_MS = 10_000;
const CANARY = 'CANARY-NOTES 7 Invented Close, ring before visiting';
const TITLE = 'Robin’s Lifelong Links conference: the agreed plan';

let server: TestServer;
let coordinatorApi: ApiClient;
let browser: Browser;
let conferenceId: string;
let familyInvite: string;
let robin: Participant;
let board: BoardClient;
const clients: BoardClient[] = [];
const contexts: BrowserContext[] = [];
/** The link Aunt Jo kept, as her phone copied it. */
let keptLink = '';
/** The other phone, with no cookies, that opens the kept link. */
let otherPhone: Page;

function newPage(width: number, height: number): Promise<{ context: BrowserContext; page: Page }> {
  return openDevice(browser, contexts, { width, height });
}

/** Presses a button and returns the file it saves: its bytes and suggested name. */
async function downloadBy(page: Page, name: string): Promise<{ bytes: Buffer; fileName: string }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: WAIT_MS }), page.getByRole('button', { name, exact: true }).click()]);
  return { bytes: fs.readFileSync(await download.path()), fileName: download.suggestedFilename() };
}

/** The kept link shows the plan: heading, offers, names, and not a word of the professionals' notes. */
async function expectFamilyCopy(page: Page): Promise<void> {
  await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor({ timeout: WAIT_MS });
  const plan = page.getByRole('article', { name: 'The agreed plan, version 1' });
  await plan.getByText('Tea at Gran’s').waitFor();
  await plan.getByText('Birthday and Christmas cards').waitFor();
  await plan.getByText('Uncle Sam', { exact: true }).first().waitFor();
  await plan.getByText('Gran', { exact: true }).first().waitFor();
  await plan.getByText('“See Gran every month”').waitFor();
  expect(await page.locator('body').innerText()).not.toContain('CANARY');
}

beforeAll(async () => {
  server = await startServer();
  coordinatorApi = await setupCoordinator(server);
  conferenceId = await createConference(coordinatorApi, 'Robin’s Lifelong Links conference');
  familyInvite = (await invite(coordinatorApi, conferenceId, 'network', 'Aunt Jo')).url;
  expect((await coordinatorApi.post(`/api/conferences/${conferenceId}/phase`, { phase: 'planning' })).status).toBe(200);
  // Robin's phone and the coordinator's laptop, as real clients; Gran's address in the professionals' notes.
  robin = await joinBoard(server, coordinatorApi, conferenceId, { role: 'youngPerson', name: 'Robin' });
  board = await connect(coordinatorApi, conferenceId);
  const notes = await connect(coordinatorApi, conferenceId, 'private');
  clients.push(robin, board, notes);
  const wish = addObjective(robin.doc, { text: 'See Gran every month', category: 'family', raisedBy: robin.selfId });
  const gran = addPerson(board.doc, { displayName: 'Gran', relationship: 'Grandmother', circle: 'family', connection: 'direct', atConference: true });
  const sam = addPerson(board.doc, { displayName: 'Uncle Sam', relationship: 'Uncle', circle: 'family', connection: 'none', atConference: false });
  await waitConverged([robin, board], 'Robin’s wish to reach the coordinator');
  const tea = addOffer(board.doc, { personId: gran, kind: 'visit', text: 'Tea at Gran’s', frequency: 'Every month', objectiveIds: [wish], createdBy: board.selfId });
  const cards = addOffer(board.doc, { personId: sam, kind: 'cardsAndGifts', text: 'Birthday and Christmas cards', createdBy: board.selfId });
  await waitConverged([robin, board], 'the offers to settle');
  giveYes(robin.doc, tea, saidBy(robin.selfId));
  giveYes(robin.doc, cards, saidBy(robin.selfId));
  setMeta(board.doc, { reviewDate: '2027-06-01', contingencyNotNeeded: true });
  setNote(notes.doc, gran, 'contactDetails', CANARY);
  await waitConverged([robin, board], 'the yeses to settle');
  await waitFor('the note to be stored', () => storedRows(server, conferenceId, 'private').length > 0);
  expect((await robin.api.post(`/api/conferences/${conferenceId}/agreements`)).status).toBe(201);
  expect((await coordinatorApi.post(`/api/conferences/${conferenceId}/lock`, {})).status).toBe(201);
  browser = await launchChromium();
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe('a link to keep the agreed plan', () => {
  it('lets a family member on their phone get a link of their own to the agreed plan and copy it', async () => {
    const { context, page: jo } = await newPage(390, 844);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await jo.goto(familyInvite);
    await jo.waitForURL(/\/board\/[^/#]+$/, { timeout: WAIT_MS });
    await waitLive(jo);
    await jo.getByRole('article', { name: 'The agreed plan, version 1' }).waitFor({ timeout: WAIT_MS });
    const keep = jo.getByRole('region', { name: 'Keep this plan' });
    await keep.getByRole('heading', { name: 'Keep this plan', level: 3 }).waitFor();
    await keep.scrollIntoViewIfNeeded();
    await jo.screenshot({ path: '/tmp/llb-planlink-board-keep.png', fullPage: true });

    // By keyboard: the button, then focus on the words that say what to do next.
    await keep.getByRole('button', { name: 'Get a link to keep' }).press('Enter');
    const field = keep.getByRole('textbox', { name: 'Your link to the plan' });
    await field.waitFor({ timeout: WAIT_MS });
    await expect.poll(() => jo.evaluate(() => document.activeElement?.textContent ?? '')).toMatch(/^Here is your link\. It is shown only once/);
    await keep.getByText('This link opens the family’s copy of the plan, on any phone or computer, until a new version is agreed. It is just for you: please don’t share it.').waitFor();
    const shown = await field.inputValue();
    expect(shown).toMatch(new RegExp(`^${server.url.replace(/[.]/g, '\\.')}/plan#[A-Za-z0-9_-]{43}$`));
    await keep.getByRole('button', { name: 'Copy link' }).click();
    await keep.getByRole('status').getByText(/^Link copied\./).waitFor();
    keptLink = await jo.evaluate(() => navigator.clipboard.readText());
    expect(keptLink).toBe(shown);
    await jo.screenshot({ path: '/tmp/llb-planlink-board-copied.png', fullPage: true });
    expect(await accessibilityProblems(jo)).toEqual([]);

    // The plan's own page offers the same, for the latest version; Jo does not press it again.
    await jo.getByRole('link', { name: 'Open the plan to read or print it' }).click();
    await jo.getByRole('heading', { name: TITLE, level: 1 }).waitFor({ timeout: WAIT_MS });
    await jo.getByRole('region', { name: 'Keep this plan' }).getByRole('button', { name: 'Get a link to keep' }).waitFor({ timeout: WAIT_MS });
    await jo.screenshot({ path: '/tmp/llb-planlink-planpage-keep.png', fullPage: true });
  });

  it('opens the family copy on another phone with no cookies, with nothing from the professionals’ notes, and downloads it', async () => {
    expect(keptLink).not.toBe('');
    const { context, page } = await newPage(390, 844);
    otherPhone = page;
    await page.goto(keptLink);
    await expectFamilyCopy(page);
    // The secret left the address bar at once, and nothing signed this phone in.
    expect(page.url()).toBe(`${server.url}/plan`);
    expect(await context.cookies()).toEqual([]);
    await page.getByText('This is the family’s copy of the plan: it leaves out the professionals’ notes.', { exact: false }).waitFor();
    await page.screenshot({ path: '/tmp/llb-planlink-open-390.png', fullPage: true });
    expect(await accessibilityProblems(page)).toEqual([]);

    const pdf = await downloadBy(page, 'Download the PDF');
    expect(pdf.fileName).toMatch(/^Robin-plan-v1-\d{4}-\d{2}-\d{2}-family\.pdf$/);
    expect(pdf.bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
    const text = (await readPdf(pdf.bytes)).text;
    expect(text).toContain('Tea at Gran’s');
    expect(text).not.toContain('CANARY');
    await page.getByRole('status').getByText(`Saved the PDF in your downloads: ${pdf.fileName}`).waitFor();
    const word = await downloadBy(page, 'Download as Word');
    expect(word.fileName).toMatch(/^Robin-plan-v1-\d{4}-\d{2}-\d{2}-family\.docx$/);
    expect(word.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const tree = await downloadBy(page, 'Download the family tree file (GEDCOM)');
    expect(tree.fileName).toMatch(/^Robin-plan-v1-\d{4}-\d{2}-\d{2}-family\.ged$/);
    expect(tree.bytes.toString('utf8')).toMatch(/^0 HEAD\r\n/);
    await page.screenshot({ path: '/tmp/llb-planlink-downloaded-390.png', fullPage: true });

    // The young person's version leads with their wishes; the printout is the plan alone.
    await page.getByRole('button', { name: 'Show the young person’s version' }).click();
    const headings = await page.getByRole('article', { name: 'The agreed plan, version 1' }).getByRole('heading').allTextContents();
    expect(headings.slice(0, 2)).toEqual(['What I’d like', 'Who will do what']);
    await page.getByRole('button', { name: 'Show offers first' }).click();
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('button', { name: 'Print' }).isVisible()).resolves.toBe(false);
    await page.screenshot({ path: '/tmp/llb-planlink-print.png', fullPage: true });
    await page.emulateMedia({ media: 'screen' });

    // Reloading (or the phone waking the tab) still shows the plan, without the secret in the address.
    await page.reload();
    await expectFamilyCopy(page);
    expect(page.url()).toBe(`${server.url}/plan`);
  });

  it('opens on a laptop, says plainly when the link is missing, mangled or unreachable, and lets them try again', async () => {
    const { page } = await newPage(1280, 900);
    await page.goto(keptLink);
    await expectFamilyCopy(page);
    await page.screenshot({ path: '/tmp/llb-planlink-open-1280.png', fullPage: true });
    expect(await accessibilityProblems(page)).toEqual([]);

    const { page: bare } = await newPage(390, 844);
    await bare.goto(`${server.url}/plan`);
    await bare.getByRole('heading', { name: 'Open your link to the plan', level: 1 }).waitFor({ timeout: WAIT_MS });
    await bare.getByText(/press “Get a link to keep”/).waitFor();
    await bare.screenshot({ path: '/tmp/llb-planlink-no-link.png', fullPage: true });
    expect(await accessibilityProblems(bare)).toEqual([]);

    // Cut short, as a message app might: a tab of its own (each tab keeps its own link).
    const mangled = await bare.context().newPage();
    await mangled.goto(keptLink.slice(0, -6));
    await mangled.getByRole('heading', { name: 'We could not open the plan', level: 1 }).waitFor({ timeout: WAIT_MS });
    await mangled.getByRole('alert').getByText(/Check you copied all of it/).waitFor();
    await mangled.screenshot({ path: '/tmp/llb-planlink-mangled.png', fullPage: true });

    const { page: offline } = await newPage(390, 844);
    await offline.route('**/api/plan-link', (route) => route.abort('internetdisconnected'));
    await offline.goto(keptLink);
    await offline.getByRole('heading', { name: 'We could not open the plan', level: 1 }).waitFor({ timeout: WAIT_MS });
    await offline.getByRole('alert').getByText(/Check your internet connection/).waitFor();
    await offline.screenshot({ path: '/tmp/llb-planlink-offline.png', fullPage: true });
    await offline.unroute('**/api/plan-link');
    await offline.getByRole('button', { name: 'Try again' }).click();
    await expectFamilyCopy(offline);
  });

  it('says the link was replaced once the coordinator agrees a new version', async () => {
    expect((await coordinatorApi.post(`/api/conferences/${conferenceId}/unlock`, { reason: 'The six-month review' })).status).toBe(201);
    // The coordinator's laptop opens the reopened board afresh (the lock ended its connection's version).
    const review = await connect(coordinatorApi, conferenceId);
    clients.push(review);
    setMeta(review.doc, { reviewDate: '2027-12-01' });
    await waitFor('the new review date to be stored', async () => (await coordinatorApi.get(`/api/conferences/${conferenceId}`)).json.reviewDate === '2027-12-01');
    expect((await robin.api.post(`/api/conferences/${conferenceId}/agreements`)).status).toBe(201);
    expect((await coordinatorApi.post(`/api/conferences/${conferenceId}/lock`, {})).status).toBe(201);

    await otherPhone.reload();
    await otherPhone.getByRole('heading', { name: 'There is a newer version of the plan', level: 1 }).waitFor({ timeout: WAIT_MS });
    await otherPhone.getByRole('alert').getByText(/This link was to version 1 of the plan, which has been replaced by version 2\./).waitFor();
    await expect(otherPhone.getByText('Tea at Gran’s').count()).resolves.toBe(0);
    await otherPhone.screenshot({ path: '/tmp/llb-planlink-replaced.png', fullPage: true });
    expect(await accessibilityProblems(otherPhone)).toEqual([]);
  });
});
