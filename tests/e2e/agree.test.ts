// End to end in a real Chromium: a professional approves the overnight stay, the young person says
// "I'm happy with this plan" and the family agrees, the coordinator checks and locks the plan — and
// every screen turns read-only live and shows the agreed plan (the young person's with their wishes
// first). Then the printable plan page, and reopening it for the review.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { addObjective, addOffer, addPerson, readBoard, setContingency, setMeta } from '../../shared/board.ts';
import { createConference, invite, setupCoordinator, type ApiClient } from '../helpers/api.ts';
import { connect, type BoardClient } from '../helpers/client.ts';
import { accessibilityProblems } from '../helpers/axe.ts';
import { launchChromium, signInAsCoordinator, waitLive as live } from '../helpers/browser.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { storedDoc } from '../helpers/stored.ts';
import { waitFor } from '../helpers/wait.ts';
import { recordedBy } from '../helpers/yes.ts';

const WAIT_MS = 10_000;

let server: TestServer;
let coordinatorApi: ApiClient;
let browser: Browser;
let setupClient: BoardClient;
const contexts: BrowserContext[] = [];
let conferenceId: string;
let robin: Page;
let jo: Page;
let priya: Page;
let casey: Page;

async function newPage(width = 1280, height = 900): Promise<Page> {
  // bypassCSP only so the accessibility check (axe) can be injected; the app's own CSP is tested elsewhere.
  const context = await browser.newContext({ viewport: { width, height }, locale: 'en-GB', bypassCSP: true });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  return page;
}


async function joinAs(url: string, width?: number): Promise<Page> {
  const page = await newPage(width, width ? 844 : 900);
  await page.goto(url);
  await page.waitForURL(/\/board\/[^/#]+$/, { timeout: WAIT_MS });
  await live(page);
  return page;
}

beforeAll(async () => {
  server = await startServer();
  coordinatorApi = await setupCoordinator(server);
  conferenceId = await createConference(coordinatorApi, 'Robin’s Lifelong Links conference');
  const links = {
    youngPerson: (await invite(coordinatorApi, conferenceId, 'youngPerson', 'Robin')).url,
    family: (await invite(coordinatorApi, conferenceId, 'network', 'Aunt Jo')).url,
    professional: (await invite(coordinatorApi, conferenceId, 'professional', 'Priya Social Worker')).url,
  };
  expect((await coordinatorApi.post(`/api/conferences/${conferenceId}/phase`, { phase: 'planning' })).status).toBe(200);
  // What the meeting made, written through a real client in the coordinator's name.
  setupClient = await connect(coordinatorApi, conferenceId);
  const me = await coordinatorApi.get('/api/me');
  const selfId = String(me.json.id);
  const wish = addObjective(setupClient.doc, { text: 'See Gran every month', category: 'family', raisedBy: selfId });
  const gran = addPerson(setupClient.doc, { displayName: 'Gran', relationship: 'Grandmother', circle: 'family', connection: 'direct', atConference: true });
  addOffer(setupClient.doc, { personId: gran, kind: 'visit', text: 'Tea at Gran’s', frequency: 'Every month', column: 'agreed', yes: recordedBy(setupClient.selfId), objectiveIds: [wish], createdBy: selfId });
  addOffer(setupClient.doc, { personId: gran, kind: 'overnightStay', text: 'A weekend at Gran’s', frequency: 'Twice a year', column: 'agreed', yes: recordedBy(setupClient.selfId), createdBy: selfId });
  setMeta(setupClient.doc, { reviewDate: '2027-06-01' });
  setContingency(setupClient.doc, 'If Gran is ill, Aunt Jo has Robin for tea instead.');
  await waitFor('the board to be stored', () => {
    const stored = readBoard(storedDoc(server, conferenceId));
    return stored.offers.length === 2 && stored.meta.reviewDate !== null;
  });
  browser = await launchChromium();
  robin = await joinAs(links.youngPerson, 390);
  jo = await joinAs(links.family);
  priya = await joinAs(links.professional);
  casey = await newPage();
  await signInAsCoordinator(casey, server.url);
  await casey.goto(`${server.url}/board/${conferenceId}`);
  await live(casey);
});

afterAll(async () => {
  setupClient?.destroy();
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe('agreeing and locking the plan', () => {
  it('lets participants agree, the coordinator lock, and turns every screen read-only live with the agreed plan', async () => {
    // The overnight stay needs approval; the coordinator's checklist says so.
    await casey.getByRole('button', { name: 'Check the plan is ready' }).click();
    const checklist = casey.getByRole('list', { name: 'Before locking' });
    await checklist.getByText('“A weekend at Gran’s” needs a professional to approve it.').waitFor({ timeout: WAIT_MS });
    await checklist.getByText(/Robin has not said they are happy with the plan/).waitFor();
    await casey.screenshot({ path: '/tmp/llb-lock-checklist.png', fullPage: true });

    // The professional approves it, in their own name.
    await priya.getByRole('button', { name: 'Approve: A weekend at Gran’s, from Gran' }).click();
    await jo.getByText(/Approved by Priya Social Worker/).waitFor({ timeout: WAIT_MS });

    // The young person is asked first, in their words.
    await robin.getByRole('heading', { name: 'Are you happy with this plan?' }).waitFor();
    await robin.screenshot({ path: '/tmp/llb-agree-young-person.png', fullPage: true });
    await robin.getByRole('button', { name: 'I’m happy with this plan' }).click();
    await robin.getByText(/You said you are happy with this plan/).waitFor({ timeout: WAIT_MS });
    await jo.getByText('Robin has said they are happy with this plan (2 agreed offers).').waitFor({ timeout: WAIT_MS });
    await jo.getByRole('button', { name: 'I agree with this plan' }).click();
    await jo.getByText(/You agreed with this plan/).waitFor({ timeout: WAIT_MS });
    const agreedList = casey.getByRole('list', { name: 'Who has agreed' });
    await agreedList.getByRole('listitem').filter({ hasText: 'Aunt Jo' }).waitFor({ timeout: WAIT_MS });
    expect(await agreedList.getByRole('listitem').first().textContent()).toMatch(/^Robin \(Young person\) is happy with this plan/);

    // Every check is met, live; the coordinator locks.
    await expect.poll(() => checklist.locator('.check-missing').count(), { timeout: WAIT_MS }).toBe(0);
    await casey.screenshot({ path: '/tmp/llb-lock-ready.png', fullPage: true });
    await casey.getByRole('button', { name: 'Lock the agreed plan' }).click();
    await casey.getByRole('button', { name: 'Yes, lock it' }).click();

    // Every screen turns read-only and shows the agreed plan, without anyone reloading.
    for (const page of [casey, robin, jo, priya]) {
      await page.getByText('Stage: Plan agreed.').waitFor({ timeout: WAIT_MS });
      const plan = page.getByRole('article', { name: 'The agreed plan, version 1' });
      await plan.waitFor({ timeout: WAIT_MS });
      await plan.getByText('Agreed plan, version 1.').waitFor();
      await expect(page.getByRole('button', { name: /^(Edit|Remove|Approve|Add)/ }).count()).resolves.toBe(0);
      await expect(page.getByRole('button', { name: /Drag to move/ }).count()).resolves.toBe(0);
    }
    // The young person's version leads with their wishes, in their words; everyone else's with the offers.
    const robinHeadings = await robin.getByRole('article', { name: 'The agreed plan, version 1' }).getByRole('heading').allTextContents();
    expect(robinHeadings.slice(0, 2)).toEqual(['What I’d like', 'Who will do what']);
    const joHeadings = await jo.getByRole('article', { name: 'The agreed plan, version 1' }).getByRole('heading').allTextContents();
    expect(joHeadings.slice(0, 2)).toEqual(['Who will do what', 'What Robin would like']);
    await jo.getByText(/Approved\s*by Priya Social Worker/).first().waitFor();
    await robin.screenshot({ path: '/tmp/llb-agreed-young-person-390.png', fullPage: true });
    await jo.screenshot({ path: '/tmp/llb-agreed-family.png', fullPage: true });
    await casey.screenshot({ path: '/tmp/llb-agreed-coordinator.png', fullPage: true });
    expect(await accessibilityProblems(robin)).toEqual([]);
  });

  it('shows a printable plan page, and lets the coordinator reopen it for the review', async () => {
    await jo.getByRole('link', { name: 'Open the plan to read or print it' }).click();
    await jo.getByRole('heading', { name: 'Robin’s Lifelong Links conference: the agreed plan', level: 1 }).waitFor({ timeout: WAIT_MS });
    await jo.getByRole('button', { name: 'Print' }).waitFor();
    await jo.getByRole('button', { name: 'Show the young person’s version' }).click();
    await jo.getByRole('button', { name: 'Show offers first' }).waitFor();
    await jo.emulateMedia({ media: 'print' });
    await jo.screenshot({ path: '/tmp/llb-plan-print.png', fullPage: true });
    await expect(jo.getByRole('button', { name: 'Print' }).isVisible()).resolves.toBe(false);
    await jo.emulateMedia({ media: 'screen' });
    expect(await accessibilityProblems(jo)).toEqual([]);

    await casey.goto(`${server.url}/conferences/${conferenceId}`);
    await casey.getByRole('link', { name: 'Version 1' }).waitFor({ timeout: WAIT_MS });
    await casey.getByRole('button', { name: 'Reopen the plan for the review meeting' }).click();
    await casey.getByRole('textbox', { name: 'Why is it being reopened?' }).fill('The six-month review');
    await casey.getByRole('button', { name: 'Reopen for the review' }).click();
    await casey.getByText('Reviewing the plan').waitFor({ timeout: WAIT_MS });
    await casey.screenshot({ path: '/tmp/llb-reopened.png', fullPage: true });
    // On the board the coordinator marks each wish at the review.
    await casey.goto(`${server.url}/board/${conferenceId}`);
    await live(casey);
    await casey.getByRole('combobox', { name: 'At the review' }).selectOption('partlyMet');
    await robin.reload();
    await live(robin);
    await robin.getByText('Partly happened').waitFor({ timeout: WAIT_MS });
    await casey.screenshot({ path: '/tmp/llb-review.png', fullPage: true });
  });
});
