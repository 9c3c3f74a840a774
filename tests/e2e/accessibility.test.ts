// Every page that the other browser tests do not already check, through axe-core's WCAG 2.x A and AA
// rules, at 390 px and at 1280 px: sign-in, the conference list, a new conference, the conference
// page, who did what, the setup page, a broken invite link, the waiting screen during private family
// time, and an address with nothing at it; and the board in each of its states (every add form, an
// offer's editor, the move menu, a remove question, the removed list, every dialog, offline, and the
// page of a withdrawn invite), for the coordinator and for a family member. The plan, the export
// screen and the room's screen are checked where their own tests drive them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { addObjective, addPerson } from '../../shared/board.ts';
import { addOffer } from '../../shared/board-offers.ts';
import { createConference, invite, setupCoordinator, type ApiClient } from '../helpers/api.ts';
import { connect } from '../helpers/client.ts';
import { accessibilityProblems } from '../helpers/axe.ts';
import { launchChromium, signInAsCoordinator, waitLive } from '../helpers/browser.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const WAIT_MS = 10_000;

let server: TestServer;
let coordinatorApi: ApiClient;
let browser: Browser;
const contexts: BrowserContext[] = [];
let conferenceId: string;

async function newPage(width: number): Promise<Page> {
  // bypassCSP only so the accessibility check (axe) can be injected; the app's own CSP is tested elsewhere.
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'en-GB', bypassCSP: true });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  return page;
}

beforeAll(async () => {
  server = await startServer();
  coordinatorApi = await setupCoordinator(server);
  conferenceId = await createConference(coordinatorApi, 'Robin’s Lifelong Links conference');
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe('every page, with axe', () => {
  for (const width of [390, 1280]) {
    it(`finds no WCAG A or AA problem on the coordinator’s pages at ${width} px`, async () => {
      const page = await newPage(width);
      const checked: Record<string, string[]> = {};
      const check = async (name: string) => {
        checked[name] = await accessibilityProblems(page);
      };

      await page.goto(`${server.url}/login`);
      await page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: WAIT_MS });
      await check('sign in');
      await page.goto(`${server.url}/setup`);
      await page.getByRole('heading', { level: 1 }).waitFor({ timeout: WAIT_MS });
      await check('setup');

      await signInAsCoordinator(page, server.url);
      await check('the conference list');
      await page.goto(`${server.url}/conferences/new`);
      await page.getByRole('textbox', { name: 'Name of the conference' }).waitFor({ timeout: WAIT_MS });
      await check('a new conference');
      await page.goto(`${server.url}/conferences/${conferenceId}`);
      await page.getByRole('heading', { name: 'People invited' }).waitFor({ timeout: WAIT_MS });
      await check('the conference page');
      await page.goto(`${server.url}/conferences/${conferenceId}/history`);
      await page.getByRole('list', { name: 'What happened, oldest first' }).waitFor({ timeout: WAIT_MS });
      await check('who did what');
      await page.goto(`${server.url}/nothing-here`);
      await page.getByRole('heading', { name: 'Page not found' }).waitFor({ timeout: WAIT_MS });
      await check('nothing at this address');
      if (width === 390) await page.screenshot({ path: '/tmp/llb-not-found-390.png', fullPage: true });

      expect(checked).toEqual(Object.fromEntries(Object.keys(checked).map((name) => [name, []])));
    });
  }

  it('finds no WCAG A or AA problem on a broken invite link or the waiting screen', async () => {
    const page = await newPage(390);
    await page.goto(`${server.url}/join#not-a-real-secret`);
    await page.getByRole('heading', { name: 'We could not open the board with this link' }).waitFor({ timeout: WAIT_MS });
    expect(await accessibilityProblems(page)).toEqual([]);

    const professional = (await invite(coordinatorApi, conferenceId, 'professional', 'Priya Social Worker')).url;
    const priya = await newPage(390);
    await priya.goto(professional);
    await priya.waitForURL(/\/board\/[^/#]+$/, { timeout: WAIT_MS });
    expect((await coordinatorApi.post(`/api/conferences/${conferenceId}/phase`, { phase: 'private' })).status).toBe(200);
    await priya.getByText('The family is talking on their own.').waitFor({ timeout: WAIT_MS });
    expect(await accessibilityProblems(priya)).toEqual([]);
    expect((await coordinatorApi.post(`/api/conferences/${conferenceId}/phase`, { phase: 'planning' })).status).toBe(200);
  });

  for (const width of [390, 1280]) {
    it(`finds no WCAG A or AA problem in any state of the board at ${width} px`, async () => {
      const boardId = await createConference(coordinatorApi, 'Sam’s Lifelong Links conference');
      expect((await coordinatorApi.post(`/api/conferences/${boardId}/phase`, { phase: 'planning' })).status).toBe(200);
      const setup = await connect(coordinatorApi, boardId);
      addObjective(setup.doc, { text: 'See my sister', category: 'family', raisedBy: setup.selfId });
      const gran = addPerson(setup.doc, { displayName: 'Gran', relationship: 'Grandmother', circle: 'family', connection: 'direct', atConference: true });
      addOffer(setup.doc, { personId: gran, kind: 'visit', text: 'Tea at Gran’s', frequency: 'Every month', createdBy: setup.selfId });
      addOffer(setup.doc, { personId: gran, kind: 'call', text: 'A call on Fridays', createdBy: setup.selfId });
      setup.destroy();

      const checked: Record<string, string[]> = {};
      const page = await newPage(width);
      const check = async (name: string) => {
        checked[name] = await accessibilityProblems(page);
      };
      const button = (name: string | RegExp) => page.getByRole('button', { name, exact: typeof name === 'string' }).first();
      const dialog = page.getByRole('dialog');
      const closeDialog = async () => {
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'hidden', timeout: WAIT_MS });
      };
      /** On a phone the offer columns are tabs: shows one (a wider screen shows them all). */
      const onTab = async (name: string) => {
        const tabs = page.getByRole('tablist', { name: 'Offer columns' });
        if ((await tabs.count()) > 0) await tabs.getByRole('tab', { name: new RegExp(`^${name} \\(`) }).click();
      };

      await signInAsCoordinator(page, server.url);
      await page.goto(`${server.url}/board/${boardId}`);
      await waitLive(page);
      await page.getByText('Tea at Gran’s').first().waitFor({ timeout: WAIT_MS });
      await check('the coordinator’s board');

      for (const form of ['Add something I’d like', 'Add a person', 'Add offer']) {
        const opener = page.getByRole('button', { name: new RegExp(`^\\W*${form}$`) }).first();
        await opener.click();
        await page.getByRole('form', { name: form }).or(page.getByRole('textbox').first()).first().waitFor({ timeout: WAIT_MS });
        await check(`the “${form}” form`);
        await opener.click();
      }

      await onTab('Suggested');
      await button(/^Edit: Tea at Gran’s/).click();
      await page.getByRole('button', { name: /^Done/ }).first().waitFor({ timeout: WAIT_MS });
      await check('an offer’s editor');
      await page.getByRole('button', { name: /^Done/ }).first().click();

      await page.locator('.offer-card').filter({ hasText: 'A call on Fridays' }).getByRole('button', { name: 'Move to…' }).click();
      await page.getByRole('menu').waitFor({ timeout: WAIT_MS });
      await check('the move menu');
      await page.keyboard.press('Escape');

      await button(/^Remove: A call on Fridays/).click();
      await page.getByRole('group', { name: /^Remove/ }).waitFor({ timeout: WAIT_MS });
      await check('a remove question');
      await page.getByRole('group', { name: /^Remove/ }).getByRole('button').first().click();
      await page.getByRole('heading', { name: 'Removed (1)' }).click();
      await page.getByRole('button', { name: /^Put back: / }).first().waitFor({ timeout: WAIT_MS });
      await check('the removed list');

      for (const name of ['People and invites', 'Keyboard shortcuts', 'Read the whole plan as text']) {
        await button(name).click();
        await dialog.waitFor({ timeout: WAIT_MS });
        await check(`the “${name}” dialog`);
        await closeDialog();
      }
      await page.getByText('Another stage').first().click();
      await check('the stage choices');

      await page.context().setOffline(true);
      await page.getByRole('status').filter({ hasText: /kept on this device/ }).waitFor({ timeout: WAIT_MS });
      await check('offline');
      await page.context().setOffline(false);
      await waitLive(page);

      // A family member's board, and the page they see once their invite is withdrawn.
      const made = await invite(coordinatorApi, boardId, 'network', 'Aunt Jo');
      const jo = await newPage(width);
      await jo.goto(made.url);
      await jo.waitForURL(/\/board\/[^/#]+$/, { timeout: WAIT_MS });
      await waitLive(jo);
      checked['a family member’s board'] = await accessibilityProblems(jo);
      expect((await coordinatorApi.request('DELETE', `/api/conferences/${boardId}/invites/${made.id}`)).status).toBe(204);
      await jo.getByRole('heading', { name: 'Your invite has been withdrawn' }).waitFor({ timeout: WAIT_MS });
      checked['a withdrawn invite'] = await accessibilityProblems(jo);

      expect(checked).toEqual(Object.fromEntries(Object.keys(checked).map((name) => [name, []])));
      expect(Object.keys(checked)).toHaveLength(15);
    });
  }
});
