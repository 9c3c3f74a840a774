// End to end in a real Chromium: the coordinator runs the stages of the meeting; during private
// family time a professional waits on a calm screen and comes back to the live board by
// themselves, to the family's work; the professional keeps notes only professionals see; and the
// coordinator reads who did what in plain words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createConference, invite, setupCoordinator } from '../helpers/api.ts';
import { accessibilityProblems } from '../helpers/axe.ts';
import { launchChromium, signInAsCoordinator, waitLive as live } from '../helpers/browser.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

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
  // bypassCSP only so the accessibility check (axe) can be injected; the app's own CSP is tested elsewhere.
  const context = await browser.newContext({ viewport: { width, height }, locale: 'en-GB', bypassCSP: true });
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


async function coordinatorOnBoard(): Promise<Page> {
  const page = await newPage();
  await signInAsCoordinator(page, server.url);
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
  browser = await launchChromium();
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

    // The coordinator moves the meeting on from their bar on the board, and starts private family
    // time after saying what it means.
    const bar = casey.getByRole('region', { name: 'Running the meeting' });
    await bar.getByText(/On the board now: .*Robin.*Priya Social Worker|On the board now: .*Priya Social Worker.*Robin/).waitFor({ timeout: WAIT_MS });
    await casey.screenshot({ path: '/tmp/llb-coordinator-bar.png', fullPage: true });
    await bar.getByRole('button', { name: 'Next: Sharing information' }).click();
    await robin.getByText('Stage: Sharing information.').waitFor({ timeout: WAIT_MS });
    await bar.getByText('Stage: Sharing information').waitFor({ timeout: WAIT_MS });
    // The same move from the keyboard: N is "next stage"; private family time still asks first.
    await casey.keyboard.press('n');
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

    // Robin tells the coordinator the family is ready; the coordinator's waiting screen says so
    // (and how many of the family are on the board), never what they wrote.
    await casey.getByText('1 person of the family is on the board now.').waitFor({ timeout: WAIT_MS });
    await robin.getByRole('button', { name: 'We’re ready — tell the coordinator' }).click();
    await robin.getByText(/^Told the coordinator/).waitFor({ timeout: WAIT_MS });
    await casey.getByText('The family is ready for you.').waitFor({ timeout: BACK_MS });
    await casey.getByText(/Robin said so/).waitFor();
    expect(await casey.getByText('Auntie May').count()).toBe(0);
    await casey.screenshot({ path: '/tmp/llb-family-ready.png', fullPage: true });

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

  it('lets the coordinator invite someone and see who has not joined without leaving the board, and lists the shortcuts', async () => {
    const bar = casey.getByRole('region', { name: 'Running the meeting' });
    // I opens people and invites (from the keyboard, away from any text box).
    await casey.getByRole('heading', { name: 'Offers of support' }).click();
    await casey.keyboard.press('i');
    const dialog = casey.getByRole('dialog', { name: 'People and invites' });
    await dialog.waitFor();
    await dialog.getByRole('textbox', { name: 'Their name, as others will see it' }).fill('Uncle Dev');
    await dialog.getByRole('button', { name: 'Make invite link' }).click();
    await dialog.getByText(/Uncle Dev/).first().waitFor({ timeout: WAIT_MS });
    await casey.screenshot({ path: '/tmp/llb-invites-dialog.png', fullPage: false });
    await casey.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await bar.getByText(/Not joined yet:\s*Uncle Dev/).waitFor({ timeout: WAIT_MS });
    // Still on the board, still live.
    await live(casey);

    // ? shows the shortcuts; they can be turned off for this device.
    await casey.keyboard.press('Shift+?');
    const help = casey.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.getByRole('cell', { name: 'Move to the next stage' }).waitFor();
    await casey.screenshot({ path: '/tmp/llb-shortcuts.png', fullPage: false });
    await help.getByRole('checkbox', { name: 'Use these one-key shortcuts on this device' }).uncheck();
    await help.getByRole('button', { name: 'Close' }).click();
    await casey.keyboard.press('i');
    await expect(casey.getByRole('dialog', { name: 'People and invites' }).isVisible()).resolves.toBe(false);
    // 3 goes to the offers when they are on again.
    await bar.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await help.getByRole('checkbox', { name: 'Use these one-key shortcuts on this device' }).check();
    await help.getByRole('button', { name: 'Close' }).click();
    await casey.keyboard.press('3');
    await expect.poll(() => casey.evaluate(() => document.activeElement?.id)).toBe('offers-heading');
    // The young person's shortcuts leave out the coordinator's.
    await robin.keyboard.press('Shift+?');
    const robinHelp = robin.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await robinHelp.getByRole('cell', { name: 'Go to the offers of support' }).waitFor();
    await expect(robinHelp.getByRole('cell', { name: 'Move to the next stage' }).count()).resolves.toBe(0);
    await robin.keyboard.press('Escape');
    expect(await accessibilityProblems(casey)).toEqual([]);
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
