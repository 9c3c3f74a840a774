// End to end in a real Chromium: two people join by their invite links and build the plan together.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { createConference, invite, setupCoordinator } from '../helpers/api.ts';
import { launchChromium, waitLive as live } from '../helpers/browser.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const WAIT_MS = 10_000;
/** Lets dnd-kit's KeyboardSensor attach its listener (it does so in a setTimeout) between key presses. */
const KEY_PAUSE_MS = 150;

const OFFER_TEXT = 'Tea at mine every other Sunday';
const EDITED_TEXT = 'Tea at mine every Sunday, and a phone call on Wednesdays';

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let invites: { youngPerson: string; network: string; phone: string; observer: string };

async function joinAs(url: string, options: { width?: number; height?: number } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 900 }, locale: 'en-GB' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(url);
  await page.waitForURL(/\/board\/[^/#]+$/, { timeout: WAIT_MS });
  await live(page);
  return page;
}

function offersRegion(page: Page): Locator {
  return page.getByRole('region', { name: 'Offers of support' });
}

function column(page: Page, name: 'Suggested' | 'Agreed' | 'Not now'): Locator {
  return offersRegion(page).getByRole('list', { name, exact: true });
}

function card(list: Locator, text: string): Locator {
  return list.getByRole('listitem').filter({ hasText: text });
}

beforeAll(async () => {
  server = await startServer();
  const coordinator = await setupCoordinator(server);
  const conferenceId = await createConference(coordinator, 'Robin’s Lifelong Links conference');
  invites = {
    youngPerson: (await invite(coordinator, conferenceId, 'youngPerson', 'Robin')).url,
    network: (await invite(coordinator, conferenceId, 'network', 'Aunt Jo')).url,
    phone: (await invite(coordinator, conferenceId, 'network', 'Cousin Sam')).url,
    observer: (await invite(coordinator, conferenceId, 'observer', 'Screen in the room')).url,
  };
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe('the live board in two browsers', () => {
  it('shows an offer added by one person to the other, moved by keyboard and edited live', async () => {
    const a = await joinAs(invites.youngPerson);
    const b = await joinAs(invites.network);
    expect(new URL(a.url()).hash).toBe('');

    // A adds a person, then an offer from them.
    await a.getByRole('button', { name: 'Add a person', exact: true }).click();
    await a.getByRole('textbox', { name: 'Name', exact: true }).fill('Nan Rose');
    await a.getByRole('textbox', { name: 'Who they are to Robin' }).fill('Nan');
    await a.getByRole('button', { name: 'Add this person' }).click();
    await a.getByRole('region', { name: 'My people' }).getByText('Nan Rose').waitFor({ timeout: WAIT_MS });

    await a.getByRole('button', { name: 'Add offer', exact: true }).click();
    await a.getByRole('textbox', { name: 'What is offered' }).fill(OFFER_TEXT);
    // The kind is chosen, never assumed: adding without it says so.
    await a.getByRole('button', { name: 'Add this offer' }).click();
    await a.getByText('Choose what kind of support it is.').waitFor();
    await a.getByRole('combobox', { name: 'What kind of support is it?' }).selectOption('visit');
    await a.getByRole('textbox', { name: 'How often' }).fill('Every other Sunday');
    await a.getByRole('button', { name: 'Add this offer' }).click();
    await card(column(a, 'Suggested'), OFFER_TEXT).waitFor({ timeout: WAIT_MS });

    // B sees it appear live, in Suggested; B cannot put it in Agreed: only Robin says yes.
    const bCard = card(column(b, 'Suggested'), OFFER_TEXT);
    await bCard.waitFor({ timeout: WAIT_MS });
    await b.screenshot({ path: '/tmp/llb-b-before-move.png', fullPage: true });
    await bCard.getByRole('button', { name: 'Move to…' }).click();
    await expect(b.getByRole('menuitem', { name: 'Agreed (only Robin can say yes)' }).getAttribute('aria-disabled')).resolves.toBe('true');
    await b.keyboard.press('Escape');

    // A, the young person, moves it to Agreed with the keyboard (their yes): focus the handle, Space, ArrowRight, Space.
    const aCard = card(column(a, 'Suggested'), OFFER_TEXT);
    await aCard.getByRole('button', { name: /^Drag to move/ }).focus();
    await a.keyboard.press('Space');
    await a.waitForTimeout(KEY_PAUSE_MS);
    await a.keyboard.press('ArrowRight');
    await a.waitForTimeout(KEY_PAUSE_MS);
    // Not fullPage: resizing the viewport for the picture would cancel a keyboard drag.
    await a.screenshot({ path: '/tmp/llb-a-dragging.png' });
    await a.keyboard.press('Space');
    await a.getByText(`“${OFFER_TEXT}, from Nan Rose” was dropped at position 1 of 1 in Agreed.`).waitFor({ state: 'attached', timeout: WAIT_MS });

    // B sees it in Agreed, with Robin's yes.
    await card(column(b, 'Agreed'), OFFER_TEXT).getByText(/^You said yes|^Robin said yes/).waitFor({ timeout: WAIT_MS });
    expect(await card(column(b, 'Suggested'), OFFER_TEXT).count()).toBe(0);

    // A edits the words (theirs to change: it stays agreed); B sees the new words.
    const aAgreed = card(column(a, 'Agreed'), OFFER_TEXT);
    await aAgreed.getByRole('button', { name: /^Edit/ }).click();
    // While editing, the card shows a textbox instead of the words, so look for it in the column.
    await column(a, 'Agreed').getByRole('textbox', { name: 'What is offered' }).fill(EDITED_TEXT);
    await card(column(b, 'Agreed'), EDITED_TEXT).waitFor({ timeout: WAIT_MS });
    await a.getByRole('button', { name: 'Done', exact: true }).click();

    // Both see each other under "Here now".
    await a.getByRole('list', { name: 'Here now' }).getByText('Aunt Jo').waitFor({ timeout: WAIT_MS });
    await a.screenshot({ path: '/tmp/llb-a-after-edit.png', fullPage: true });

    // A drags it with the mouse to "Not now"; B sees it there and brings it back to Suggested with
    // "Move to…"; A says "Yes please" to it again.
    const handle = await card(column(a, 'Agreed'), EDITED_TEXT).getByRole('button', { name: /^Drag to move/ }).boundingBox();
    const notNow = await column(a, 'Not now').boundingBox();
    if (!handle || !notNow) throw new Error('the handle or the Not now column is not on screen');
    await a.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await a.mouse.down();
    await a.mouse.move(handle.x + handle.width / 2 + 20, handle.y + handle.height / 2, { steps: 4 });
    await a.mouse.move(notNow.x + notNow.width / 2, notNow.y + 20, { steps: 12 });
    await a.mouse.up();
    await card(column(b, 'Not now'), EDITED_TEXT).waitFor({ timeout: WAIT_MS });
    await card(column(b, 'Not now'), EDITED_TEXT).getByRole('button', { name: 'Move to…' }).click();
    await b.getByRole('menuitem', { name: 'Suggested', exact: true }).click();
    await card(column(a, 'Suggested'), EDITED_TEXT).waitFor({ timeout: WAIT_MS });
    // Focus stays on the moved card's "Move to…" button, so a keyboard user can carry on.
    expect(await b.evaluate(() => document.activeElement?.textContent)).toBe('Move to…');
    await card(column(a, 'Suggested'), EDITED_TEXT).getByRole('button', { name: 'Yes please' }).click();
    await card(column(b, 'Agreed'), EDITED_TEXT).waitFor({ timeout: WAIT_MS });
  });

  it('fits a 390 px phone screen, with 44 px tall buttons', async () => {
    const phone = await joinAs(invites.phone, { width: 390, height: 844 });
    // On a phone the columns are tabs: one column at a time, chosen by its tab.
    const tab = (name: string) => phone.getByRole('tablist', { name: 'Offer columns' }).getByRole('tab', { name: new RegExp(`^${name} \\(\\d+\\)$`) });
    await tab('Agreed').click();
    await card(column(phone, 'Agreed'), EDITED_TEXT).waitFor({ timeout: WAIT_MS });
    const addOffer = phone.getByRole('button', { name: 'Add offer', exact: true });
    const box = await addOffer.boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
    const scrollWidth = () => phone.evaluate(() => document.scrollingElement?.scrollWidth ?? Infinity);
    expect(await scrollWidth()).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: '/tmp/llb-phone.png', fullPage: true });
    await phone.screenshot({ path: '/tmp/llb-phone-top.png' });

    // Still no sideways scrolling with the add form and a "Move to…" menu open.
    await addOffer.click();
    await card(column(phone, 'Agreed'), EDITED_TEXT).getByRole('button', { name: 'Move to…' }).click();
    await phone.getByRole('menuitem', { name: 'Not now' }).waitFor({ timeout: WAIT_MS });
    expect(await scrollWidth()).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: '/tmp/llb-phone-open.png', fullPage: true });
    await phone.screenshot({ path: '/tmp/llb-phone-menu.png' });

    // The menu moves the offer without dragging.
    await phone.getByRole('menuitem', { name: 'Not now' }).click();
    await tab('Not now').click();
    await card(column(phone, 'Not now'), EDITED_TEXT).waitFor({ timeout: WAIT_MS });
  });
});

describe('watching only', () => {
  it('shows an observer the board without any editing controls', async () => {
    const tv = await joinAs(invites.observer, { width: 1920, height: 1080 });
    await tv.getByText('You are watching.').waitFor({ timeout: WAIT_MS });
    await card(column(tv, 'Not now'), EDITED_TEXT).waitFor({ timeout: WAIT_MS });
    expect(await tv.getByRole('button', { name: 'Add offer', exact: true }).count()).toBe(0);
    expect(await tv.getByRole('button', { name: /^Drag to move/ }).count()).toBe(0);
    expect(await tv.getByRole('button', { name: 'Move to…' }).count()).toBe(0);
    await tv.screenshot({ path: '/tmp/llb-tv.png' });
  });
});

describe('the coordinator pages', () => {
  it('lets the coordinator sign in, make a conference, invite someone once and withdraw them', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));

    // A signed-out visitor to a coordinator page is sent to /login.
    await page.goto(`${server.url}/conferences/new`);
    await page.waitForURL(/\/login$/, { timeout: WAIT_MS });
    await page.getByRole('textbox', { name: 'Email' }).fill('casey@example.org');
    await page.getByLabel('Password').fill('a long invented password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Your conferences', level: 1 }).waitFor({ timeout: WAIT_MS });
    // Opening (or reloading) the bare address lands on the same page, served by the server.
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Your conferences', level: 1 }).waitFor({ timeout: WAIT_MS });

    await page.getByRole('link', { name: 'New conference' }).click();
    await page.getByRole('textbox', { name: 'Name of the conference' }).fill('Alex’s conference');
    await page.getByRole('textbox', { name: 'Young person’s first name' }).fill('Alex');
    await page.getByRole('spinbutton', { name: /People they are in touch with/ }).fill('5');
    await page.getByRole('button', { name: 'Create conference' }).click();
    await page.getByRole('heading', { name: 'Alex’s conference', level: 1 }).waitFor({ timeout: WAIT_MS });

    await page.getByRole('textbox', { name: 'Their name, as others will see it' }).fill('Grandad Ken');
    await page.getByRole('combobox', { name: 'They are' }).selectOption('network');
    await page.getByRole('button', { name: 'Make invite link' }).click();
    const link = page.getByRole('textbox', { name: 'Invite link' });
    await link.waitFor({ timeout: WAIT_MS });
    await page.getByText('This link is shown only once.').waitFor();
    const url = await link.inputValue();
    expect(url).toMatch(/\/join#.+/);
    await page.screenshot({ path: '/tmp/llb-coordinator-invite.png', fullPage: true });
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('listitem').filter({ hasText: 'Grandad Ken' }).getByText('Not joined yet').waitFor({ timeout: WAIT_MS });

    // Grandad Ken joins; the coordinator opens the same board and sees him there.
    const ken = await joinAs(url);
    await page.getByRole('link', { name: 'Open the board' }).click();
    await page.getByRole('list', { name: 'Here now' }).getByText('Grandad Ken').waitFor({ timeout: WAIT_MS });
    await page.screenshot({ path: '/tmp/llb-coordinator-board.png' });
    await page.goBack();

    // Withdrawing the invite closes his board at once, with a plain message.
    const row = page.getByRole('listitem').filter({ hasText: 'Grandad Ken' });
    await row.getByText('Joined').waitFor({ timeout: WAIT_MS });
    await row.getByRole('button', { name: 'Withdraw invite for Grandad Ken' }).click();
    await row.getByRole('button', { name: 'Yes, withdraw' }).click();
    await row.getByText('Withdrawn').waitFor({ timeout: WAIT_MS });
    await ken.getByRole('heading', { name: 'Your invite has been withdrawn' }).waitFor({ timeout: WAIT_MS });
    await ken.screenshot({ path: '/tmp/llb-withdrawn.png' });
  });

  it('serves the client without source maps', async () => {
    const html = await (await fetch(`${server.url}/`)).text();
    const bundle = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(bundle).toBeDefined();
    const js = await (await fetch(`${server.url}${bundle}`)).text();
    expect(js).not.toContain('sourceMappingURL');
    expect((await fetch(`${server.url}${bundle}.map`)).status).toBe(404);
  });
});
