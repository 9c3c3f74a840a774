// Every page that the other browser tests do not already check, through axe-core's WCAG 2.x A and AA
// rules, at 390 px and at 1280 px: sign-in, the conference list, a new conference, the conference
// page, who did what, the setup page, a broken invite link, the waiting screen during private family
// time, and an address with nothing at it. The board, the plan, the export screen, the room's screen
// and the dialogs are checked where their own tests drive them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createConference, invite, setupCoordinator, type ApiClient } from '../helpers/api.ts';
import { accessibilityProblems } from '../helpers/axe.ts';
import { launchChromium, signInAsCoordinator } from '../helpers/browser.ts';
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
});
