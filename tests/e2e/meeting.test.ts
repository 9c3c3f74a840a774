// End to end in a real Chromium: the coordinator runs the stages of the meeting; during private
// family time a professional waits on a calm screen and comes back to the live board by
// themselves, to the family's work; the professional keeps notes only professionals see; and the
// coordinator reads who did what in plain words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createConference, invite, setupCoordinator } from '../helpers/api.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const WAIT_MS = 10_000;
/** The waiting screen asks every 5 s whether private family time is over. */
const BACK_MS = 15_000;

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let conferenceId: string;
let links: { youngPerson: string; professional: string };
/** The same people's browsers, through the steps of one meeting. */
let robin: Page;
let priya: Page;
let casey: Page;

async function newPage(width = 1280, height = 900): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'en-GB' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  return page;
}

async function joinAs(url: string): Promise<Page> {
  const page = await newPage();
  await page.goto(url);
  await page.waitForURL(/\/board\/[^/#]+$/, { timeout: WAIT_MS });
  await live(page);
  return page;
}

async function live(page: Page): Promise<void> {
  await page.getByRole('status').filter({ hasText: /^\W*Live$/ }).first().waitFor({ timeout: WAIT_MS });
}

async function coordinatorOnBoard(): Promise<Page> {
  const page = await newPage();
  await page.goto(`${server.url}/login`);
  await page.getByRole('textbox', { name: 'Email' }).fill('casey@example.org');
  await page.getByLabel('Password').fill('a long invented password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Your conferences', level: 1 }).waitFor({ timeout: WAIT_MS });
  await page.goto(`${server.url}/board/${conferenceId}`);
  await live(page);
  return page;
}

beforeAll(async () => {
  server = await startServer();
  const coordinator = await setupCoordinator(server);
  conferenceId = await createConference(coordinator, 'Robin’s Lifelong Links conference');
  links = {
    youngPerson: (await invite(coordinator, conferenceId, 'youngPerson', 'Robin')).url,
    professional: (await invite(coordinator, conferenceId, 'professional', 'Priya Social Worker')).url,
  };
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe('running the meeting', () => {
  it('sends the professional to a waiting screen during private family time and brings them back to the family’s work', async () => {
    robin = await joinAs(links.youngPerson);
    priya = await joinAs(links.professional);
    casey = await coordinatorOnBoard();
    await robin.getByText('Stage: Getting ready.').waitFor({ timeout: WAIT_MS });

    // The coordinator starts private family time from the board, after saying what it means.
    await casey.getByRole('combobox', { name: 'Move the conference to' }).selectOption('private');
    await casey.getByRole('button', { name: 'Change stage' }).click();
    await casey.getByRole('group', { name: 'Start private family time?' }).waitFor();
    await casey.getByRole('button', { name: 'Start private family time' }).click();

    await priya.getByText('The family is talking on their own. You’ll be back on the board when they’re ready.').waitFor({ timeout: WAIT_MS });
    await priya.screenshot({ path: '/tmp/llb-waiting.png', fullPage: true });
    await casey.getByRole('button', { name: 'End private family time' }).waitFor({ timeout: WAIT_MS });
    await robin.getByText('Stage: Private family time.').waitFor({ timeout: WAIT_MS });
    await robin.getByText(/The professionals have left the room/).waitFor();

    // The family keeps working on its own.
    await robin.getByRole('button', { name: 'Add a person', exact: true }).click();
    await robin.getByRole('textbox', { name: 'Name', exact: true }).fill('Auntie May');
    await robin.getByRole('button', { name: 'Add this person' }).click();
    await robin.getByRole('region', { name: 'My people' }).getByText('Auntie May').waitFor({ timeout: WAIT_MS });
    await robin.screenshot({ path: '/tmp/llb-private-family.png', fullPage: true });

    // The coordinator ends it from their waiting screen; the professional comes back by themselves.
    await casey.getByRole('button', { name: 'End private family time' }).click();
    await live(casey);
    await priya.getByText('Stage: Making the plan.').waitFor({ timeout: BACK_MS });
    await priya.getByRole('region', { name: 'My people' }).getByText('Auntie May').waitFor({ timeout: WAIT_MS });
    await priya.screenshot({ path: '/tmp/llb-back-after-private.png', fullPage: true });
  });

  it('keeps the professionals’ notes in a marked panel only professionals and the coordinator are offered', async () => {
    const people = priya.getByRole('region', { name: 'My people' });
    await people.getByRole('button', { name: 'Show the professionals’ notes' }).click();
    const notes = people.getByRole('region', { name: 'Professionals’ notes about Auntie May' });
    await notes.getByRole('textbox', { name: 'Contact restrictions' }).fill('No contact with Uncle Ray present');
    // The coordinator sees them live; the young person is not even offered them.
    const caseyPeople = casey.getByRole('region', { name: 'My people' });
    await caseyPeople.getByRole('button', { name: 'Show the professionals’ notes' }).click();
    await expect
      .poll(() => caseyPeople.getByRole('region', { name: 'Professionals’ notes about Auntie May' }).getByRole('textbox', { name: 'Contact restrictions' }).inputValue(), { timeout: WAIT_MS })
      .toBe('No contact with Uncle Ray present');
    await expect(robin.getByRole('button', { name: /professionals’ notes/ }).count()).resolves.toBe(0);
    await expect(robin.getByText('No contact with Uncle Ray present').count()).resolves.toBe(0);
    await priya.screenshot({ path: '/tmp/llb-notes.png', fullPage: true });
  });

  it('shows the coordinator who did what, in plain words', async () => {
    await casey.goto(`${server.url}/conferences/${conferenceId}/history`);
    const history = casey.getByRole('list', { name: 'What happened, oldest first' });
    await history.waitFor({ timeout: WAIT_MS });
    for (const words of [
      /Robin\s*\(Young person\)\s*joined with their invite link/,
      /Casey Coordinator\s*\(Coordinator\)\s*moved the conference to “Private family time”/,
      /Robin\s*\(Young person\)\s*added Auntie May to My people/,
      /Priya Social Worker\s*\(Professional\)\s*opened the professionals’ notes/,
    ]) {
      await history.getByRole('listitem').filter({ hasText: words }).first().waitFor({ timeout: WAIT_MS });
    }
    await casey.getByRole('link', { name: 'Download as a spreadsheet (CSV)' }).waitFor();
    await casey.screenshot({ path: '/tmp/llb-history.png', fullPage: true });
  });
});
