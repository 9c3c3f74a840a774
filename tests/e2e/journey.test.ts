// The whole journey through the screens alone, in a real Chromium: the coordinator sets up their
// account from the setup link, makes the conference with its date and place, invites Robin (the
// young person), Aunt Jo and a social worker, runs the meeting to "Making the plan", records one of
// Robin's yeses; Robin says "Yes please" on their own phone and is told where the offer went; the
// coordinator sets the review date next to the checks, says no more is needed, and locks the plan;
// downloads its PDF, named for filing and naming the coordinator, the date and place, who took part
// and Robin's words; reopens it for the review, gives everyone new links in one step, sets the next
// review's date, and locks version 2. No API call and no hand-made client plays the coordinator:
// the other people are played on their own screens. The coordinator at 1280 px, the family on
// phones at 390 px; screenshots of each screen in /tmp/llb-journey-*.png.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { accessibilityProblems } from '../helpers/axe.ts';
import { launchChromium, openDevice, waitLive } from '../helpers/browser.ts';
import { readPdf, squash } from '../helpers/pdf.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const WAIT_MS = 15_000;
const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 900 };

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let casey: Page;
let robin: Page;
let jo: Page;
let conferenceId = '';
const links = new Map<string, string>();

async function newPage(size: { width: number; height: number }): Promise<Page> {
  return (await openDevice(browser, contexts, size)).page;
}

const shot = (page: Page, what: string) => page.screenshot({ path: `/tmp/llb-journey-${what}.png`, fullPage: true });
/** The day in UK time as YYYY-MM-DD, as exports name it. */
const ukDay = (at = new Date()) => new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'Europe/London' }).format(at);
/** A date this many days from now, as a date field takes it. */
const daysAhead = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** An offer card on a board, by its words. */
const card = (page: Page, text: string) => page.locator('.offer-card').filter({ hasText: text });
/** On a phone the offer columns are tabs: shows one. */
async function onTab(page: Page, name: 'Suggested' | 'Agreed' | 'Not now'): Promise<void> {
  await page.getByRole('tablist', { name: 'Offer columns' }).getByRole('tab', { name: new RegExp(`^${name} \\(`) }).click();
}

/** The coordinator invites someone on the conference page and copies the link shown once. */
async function inviteOnScreen(name: string, role: string, relationship?: string): Promise<string> {
  const form = casey.getByRole('form', { name: 'Invite someone' });
  await form.getByRole('textbox', { name: 'Their name, as others will see it' }).fill(name);
  await form.getByRole('combobox', { name: 'They are' }).selectOption(role);
  if (relationship !== undefined) await form.getByRole('textbox', { name: /^Their relationship to Robin/ }).fill(relationship);
  await form.getByRole('button', { name: 'Make invite link' }).click();
  const panel = casey.getByRole('region', { name: `Invite link for ${name}` });
  const url = await panel.getByRole('textbox', { name: 'Invite link' }).inputValue({ timeout: WAIT_MS });
  await panel.getByRole('button', { name: `Done with the link for ${name}` }).click();
  return url;
}

/** Someone opens their invite link on their own device and waits for the board. */
async function openLink(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForURL(/\/board\/[^/#]+$/, { timeout: WAIT_MS });
  await waitLive(page);
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  casey = await newPage(LAPTOP);
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe('from setup to a locked plan and its review, through the screens alone', () => {
  it('sets up the coordinator’s account and a conference with its date and place', async () => {
    await casey.goto(`${server.url}/setup?token=${server.setupToken}`);
    await casey.getByRole('textbox', { name: 'Your name' }).fill('Casey Coordinator');
    await casey.getByRole('textbox', { name: 'Email' }).fill('casey@example.org');
    await casey.getByLabel('Password').fill('a long invented password');
    await casey.getByRole('button', { name: 'Create account' }).click();
    await casey.getByRole('heading', { name: 'Your conferences', level: 1 }).waitFor({ timeout: WAIT_MS });

    await casey.getByRole('link', { name: 'New conference' }).click();
    await casey.getByRole('textbox', { name: 'Name of the conference' }).fill('Robins Lifelong Links conference');
    await casey.getByRole('textbox', { name: 'Young person’s first name' }).fill('Robin');
    await casey.getByLabel('Date of the conference (optional)').fill(daysAhead(3));
    await casey.getByRole('textbox', { name: 'Where it is (optional)' }).fill('The Oak Room, Hillside Family Centre');
    await casey.getByRole('spinbutton', { name: /People they are in touch with today/ }).fill('4');
    await shot(casey, 'new-conference');
    await casey.getByRole('button', { name: 'Create conference' }).click();
    await casey.waitForURL(/\/conferences\/[^/]+$/, { timeout: WAIT_MS });
    conferenceId = decodeURIComponent(new URL(casey.url()).pathname.split('/').pop() ?? '');

    // A typo in the title, put right on the conference page.
    await casey.getByRole('button', { name: 'Change the details' }).click();
    const details = casey.getByRole('form', { name: 'Conference details' });
    await details.getByRole('textbox', { name: 'Name of the conference' }).fill('Robin’s Lifelong Links conference');
    await details.getByRole('button', { name: 'Save the details' }).click();
    await details.getByText('Saved. Everyone on the board sees the new details.').waitFor({ timeout: WAIT_MS });
    await casey.getByRole('heading', { name: 'Robin’s Lifelong Links conference', level: 1 }).waitFor({ timeout: WAIT_MS });
    await expect(casey.getByText('The Oak Room, Hillside Family Centre').count()).resolves.toBeGreaterThan(0);
    await shot(casey, 'conference-page');
    expect(await accessibilityProblems(casey)).toEqual([]);
  });

  it('invites Robin, Aunt Jo and the social worker, each from a fresh form', async () => {
    links.set('Robin', await inviteOnScreen('Robin', 'youngPerson'));
    links.set('Aunt Jo', await inviteOnScreen('Aunt Jo', 'network', 'Aunt'));
    links.set('Priya', await inviteOnScreen('Priya', 'professional', 'Social worker'));
    for (const url of links.values()) expect(url).toMatch(/\/join#[A-Za-z0-9_-]{43}$/);

    // To "Making the plan" (the stages before it are for the meeting itself).
    await casey.getByRole('combobox', { name: 'Move the conference to' }).selectOption('planning');
    await casey.getByRole('button', { name: 'Change stage' }).click();
    await casey.getByText('Making the plan').first().waitFor({ timeout: WAIT_MS });
  });

  it('makes the plan together: the young person’s yes on their phone, and one recorded by the coordinator', async () => {
    robin = await newPage(PHONE);
    jo = await newPage(PHONE);
    await openLink(robin, links.get('Robin') ?? '');
    await openLink(jo, links.get('Aunt Jo') ?? '');
    await casey.getByRole('link', { name: 'Open the board' }).click();
    await waitLive(casey);
    await casey.getByText('Decide together who offers what. Robin says yes to the offers they want: those go to “Agreed”.').waitFor({ timeout: WAIT_MS });

    // Robin says what they would like.
    await robin.getByRole('button', { name: 'Add something I’d like' }).tap();
    await robin.getByRole('textbox', { name: /What would you like/ }).fill('See Gran every month');
    await robin.getByRole('button', { name: /^Add this/ }).first().tap();
    await robin.getByRole('region', { name: 'What I’d like' }).getByText('See Gran every month').waitFor({ timeout: WAIT_MS });

    // Aunt Jo adds Gran and two offers from her.
    await jo.getByRole('button', { name: 'Add a person', exact: true }).tap();
    await jo.getByRole('textbox', { name: 'Name', exact: true }).fill('Gran');
    await jo.getByRole('textbox', { name: 'Who they are to Robin' }).fill('Grandmother');
    await jo.getByRole('button', { name: 'Add this person' }).tap();
    await jo.getByRole('region', { name: 'My people' }).getByText('Gran').first().waitFor({ timeout: WAIT_MS });
    for (const [text, kind] of [
      ['Tea at Gran’s on Sundays', 'visit'],
      ['Cards on birthdays', 'cardsAndGifts'],
    ] as const) {
      await jo.getByRole('button', { name: 'Add offer', exact: true }).tap();
      const form = jo.getByRole('form', { name: 'Add offer' });
      await form.getByRole('textbox', { name: 'What is offered?' }).fill(text);
      await form.getByRole('combobox', { name: 'What kind of support is it?' }).selectOption(kind);
      await form.getByRole('button', { name: 'Add this offer' }).tap();
      await jo.getByRole('tabpanel').getByText(text).waitFor({ timeout: WAIT_MS });
    }
    // Aunt Jo cannot put an offer in "Agreed": only Robin says yes.
    await card(jo, 'Tea at Gran’s on Sundays').getByRole('button', { name: 'Move to…' }).tap();
    await expect(jo.getByRole('menuitem', { name: 'Agreed (only Robin can say yes)' }).getAttribute('aria-disabled')).resolves.toBe('true');
    await jo.keyboard.press('Escape');
    await shot(jo, 'family-390');

    // Robin says "Yes please" on their phone; the card leaves the Suggested tab, and Robin is told where it went.
    await card(robin, 'Tea at Gran’s on Sundays').waitFor({ timeout: WAIT_MS });
    await card(robin, 'Tea at Gran’s on Sundays').getByRole('button', { name: 'Yes please' }).tap();
    const notice = robin.getByRole('list', { name: 'Offers that moved' });
    await notice.getByText('“Tea at Gran’s on Sundays, from Gran” moved to Agreed — 1 offer there now.').waitFor({ timeout: WAIT_MS });
    await shot(robin, 'moved-notice-390');
    expect(await accessibilityProblems(robin)).toEqual([]);
    await notice.getByRole('button', { name: 'Show Agreed' }).tap();
    await robin.getByRole('tabpanel').getByText('You said yes').waitFor({ timeout: WAIT_MS });

    // In the room Robin says yes to the cards; the coordinator, holding the pen, records it.
    await card(casey, 'Cards on birthdays').getByRole('button', { name: 'Robin said yes: Cards on birthdays, from Gran' }).click();
    await card(casey, 'Cards on birthdays').getByText(/Robin said yes \(recorded by you\)/).waitFor({ timeout: WAIT_MS });
    await onTab(jo, 'Agreed');
    await card(jo, 'Cards on birthdays').getByText(/Robin said yes \(recorded by Casey Coordinator\)/).waitFor({ timeout: WAIT_MS });
    await shot(casey, 'board-yes');
  });

  it('checks the plan, goes to each missing thing from its check, and locks it', async () => {
    await casey.getByRole('button', { name: 'Check the plan is ready' }).click();
    const checklist = casey.getByRole('list', { name: 'Before locking' });
    await checklist.getByText('Set a date for the review meeting.').waitFor({ timeout: WAIT_MS });
    await checklist.getByText('Write down what happens if something doesn’t work out (the backup plan), or say none is needed.').waitFor();
    await checklist.getByText(/Robin has not said they are happy with the plan/).waitFor();
    await shot(casey, 'checks-missing');

    // "Set the date" goes to the review date, beside the checks.
    await checklist.getByRole('button', { name: 'Set the date' }).click();
    await expect.poll(() => casey.evaluate(() => document.activeElement?.id)).toBe('lock-review-date');
    await casey.getByLabel('Date of the review meeting').fill(daysAhead(180));
    await casey.getByRole('button', { name: 'Save the review date' }).click();
    await checklist.getByText('The review meeting has a date.').waitFor({ timeout: WAIT_MS });

    // "Go to the backup plan" takes the coordinator to it; they write it.
    await checklist.getByRole('button', { name: 'Go to the backup plan' }).click();
    await casey.getByRole('textbox', { name: 'The backup plan' }).fill('If Gran is ill, Aunt Jo has Robin for tea instead.');
    await checklist.getByText('There is a backup plan.').waitFor({ timeout: WAIT_MS });

    // Robin is happy with the plan, saying what it is; then Aunt Jo agrees.
    await onTab(robin, 'Agreed');
    await robin.getByRole('button', { name: 'I’m happy with this plan (2 agreed offers)' }).tap();
    await robin.getByText(/You said you are happy with this plan \(2 agreed offers/).waitFor({ timeout: WAIT_MS });
    await shot(robin, 'agreed-390');
    await jo.getByRole('button', { name: 'I agree with this plan (2 agreed offers)' }).tap();
    await jo.getByText(/You agreed with this plan/).waitFor({ timeout: WAIT_MS });

    await expect.poll(() => checklist.locator('.check-missing').count(), { timeout: WAIT_MS }).toBe(0);
    await shot(casey, 'checks-done');
    expect(await accessibilityProblems(casey)).toEqual([]);
    // A coordinator on a phone gets the same checks, nothing wider than the screen.
    await casey.setViewportSize(PHONE);
    await casey.getByRole('heading', { name: 'Lock the agreed plan' }).waitFor();
    expect(await casey.evaluate(() => document.scrollingElement?.scrollWidth ?? Infinity)).toBeLessThanOrEqual(PHONE.width);
    await shot(casey, 'checks-done-390');
    expect(await accessibilityProblems(casey)).toEqual([]);
    await casey.setViewportSize(LAPTOP);
    await casey.getByRole('button', { name: 'Lock the agreed plan' }).click();
    await casey.getByRole('button', { name: 'Yes, lock it' }).click();
    for (const page of [casey, robin, jo]) await page.getByRole('article', { name: 'The agreed plan, version 1' }).waitFor({ timeout: WAIT_MS });
    await shot(robin, 'locked-390');
  });

  it('downloads the PDF named for filing, naming the coordinator, the date and place, who took part and Robin’s words', async () => {
    await casey.getByRole('link', { name: 'Open the plan to read or print it' }).click();
    await casey.getByRole('heading', { name: 'Robin’s Lifelong Links conference: the agreed plan', level: 1 }).waitFor({ timeout: WAIT_MS });
    await casey.getByText('Sending straight to the care record is not set up on this server.', { exact: false }).waitFor();
    await shot(casey, 'plan-page');
    const [download] = await Promise.all([casey.waitForEvent('download', { timeout: WAIT_MS }), casey.getByRole('link', { name: 'PDF', exact: true }).click()]);
    expect(download.suggestedFilename()).toBe(`Robin-plan-v1-${ukDay()}.pdf`);
    const text = squash((await readPdf(fs.readFileSync(await download.path()))).text);
    for (const expected of [
      'Coordinator: Casey Coordinator.',
      'The Oak Room, Hillside Family Centre',
      'Robin, Young person',
      'Aunt Jo, Aunt',
      'Casey Coordinator, Coordinator',
      '“I’m happy with this plan” (2 agreed offers)',
      '“I agree with this plan” (2 agreed offers)',
      'Robin said yes.',
      'Robin said yes (recorded by Casey Coordinator).',
      'If Gran is ill, Aunt Jo has Robin for tea instead.',
    ]) {
      expect(text, expected).toContain(expected);
    }
  });

  it('reopens for the review, gives everyone new links in one step, and locks version 2 with the next review’s date', async () => {
    await casey.getByRole('link', { name: 'The conference' }).click();
    await casey.getByRole('button', { name: 'Reopen the plan for the review meeting' }).click();
    await casey.getByRole('textbox', { name: 'Why is it being reopened?' }).fill('The six-month review');
    await casey.getByRole('button', { name: 'Reopen for the review' }).click();
    await casey.getByText('Reviewing the plan').first().waitFor({ timeout: WAIT_MS });
    await casey.getByText('Not set yet').waitFor({ timeout: WAIT_MS });

    // New links for everyone, in one step.
    await casey.getByRole('button', { name: 'Choose who gets a new link' }).click();
    await casey.getByRole('button', { name: /^Make new links for 3 people/ }).click();
    for (const name of ['Robin', 'Aunt Jo']) {
      const panel = casey.getByRole('region', { name: `Invite link for ${name}` });
      links.set(`${name} at the review`, await panel.getByRole('textbox', { name: 'Invite link' }).inputValue({ timeout: WAIT_MS }));
    }
    await shot(casey, 'review-links');
    // Robin and Aunt Jo open their new links on their phones.
    await openLink(robin, links.get('Robin at the review') ?? '');
    await openLink(jo, links.get('Aunt Jo at the review') ?? '');

    // On the board: the wish marked at the review, the next review's date, then agreement again.
    await casey.getByRole('link', { name: 'Open the board' }).click();
    await waitLive(casey);
    await casey.getByRole('combobox', { name: 'At the review' }).selectOption('met');
    await casey.getByRole('button', { name: 'Check the plan is ready' }).click();
    const checklist = casey.getByRole('list', { name: 'Before locking' });
    await checklist.getByText('Set a date for the next review meeting.').waitFor({ timeout: WAIT_MS });
    await casey.getByLabel('Date of the next review meeting').fill(daysAhead(365));
    await casey.getByRole('button', { name: 'Save the review date' }).click();
    await checklist.getByText('The review meeting has a date.').waitFor({ timeout: WAIT_MS });
    await robin.getByRole('button', { name: 'I’m happy with this plan (2 agreed offers)' }).tap();
    await expect.poll(() => checklist.locator('.check-missing').count(), { timeout: WAIT_MS }).toBe(0);
    await shot(casey, 'review-checks');
    await casey.getByRole('button', { name: 'Lock the agreed plan' }).click();
    await casey.getByRole('button', { name: 'Yes, lock it' }).click();
    await casey.getByRole('article', { name: 'The agreed plan, version 2' }).waitFor({ timeout: WAIT_MS });
    await robin.getByRole('article', { name: 'The agreed plan, version 2' }).waitFor({ timeout: WAIT_MS });
    await shot(robin, 'version-2-390');
    await shot(casey, 'version-2');
  });
});
