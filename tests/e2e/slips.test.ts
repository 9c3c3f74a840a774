// End to end in a real Chromium: nothing is permanent by accident. Aunt Jo and Robin on the board
// at once: Jo's Undo takes back only her own change; a removed offer goes to "Removed" and comes
// back with its words; Robin sees "Aunt Jo is changing this now", and removing it warns him first
// and tells Jo, whose words are kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { addOffer, addPerson, editOffer, readBoard } from '../../shared/board.ts';
import { createConference, invite, setupCoordinator, type ApiClient } from '../helpers/api.ts';
import { accessibilityProblems } from '../helpers/axe.ts';
import { connect, type BoardClient } from '../helpers/client.ts';
import { launchChromium, waitLive as live } from '../helpers/browser.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { storedDoc } from '../helpers/stored.ts';
import { waitFor } from '../helpers/wait.ts';

const WAIT_MS = 10_000;

let server: TestServer;
let coordinatorApi: ApiClient;
let browser: Browser;
let setupClient: BoardClient;
const contexts: BrowserContext[] = [];
let conferenceId: string;
let jo: Page;
let robin: Page;

/** While true, what the server sends Robin's board is held back (as on a slow connection), then delivered in order. */
let holdRobin = false;
const heldForRobin: Array<() => void> = [];

async function joinAs(url: string, width = 1280, gate = false): Promise<Page> {
  // bypassCSP only so the accessibility check (axe) can be injected; the app's own CSP is tested elsewhere.
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'en-GB', bypassCSP: true });
  contexts.push(context);
  if (gate) {
    await context.routeWebSocket(/\/sync\//, (ws) => {
      const toServer = ws.connectToServer();
      ws.onMessage((message) => toServer.send(message));
      toServer.onMessage((message) => {
        if (holdRobin) heldForRobin.push(() => ws.send(message));
        else ws.send(message);
      });
    });
  }
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(url);
  await page.waitForURL(/\/board\/[^/#]+$/, { timeout: WAIT_MS });
  await live(page);
  return page;
}

const card = (page: Page, text: string) => page.locator('.offer-card').filter({ hasText: text });
/** On a phone the offer columns are tabs: shows one (a wider screen shows them all). */
async function onTab(page: Page, name: 'Suggested' | 'Agreed' | 'Not now'): Promise<void> {
  const tabs = page.getByRole('tablist', { name: 'Offer columns' });
  if ((await tabs.count()) === 0) return;
  await tabs.getByRole('tab', { name: new RegExp(`^${name} \\(`) }).click();
}

beforeAll(async () => {
  server = await startServer();
  coordinatorApi = await setupCoordinator(server);
  conferenceId = await createConference(coordinatorApi, 'Robin’s Lifelong Links conference');
  const links = {
    jo: (await invite(coordinatorApi, conferenceId, 'network', 'Aunt Jo')).url,
    robin: (await invite(coordinatorApi, conferenceId, 'youngPerson', 'Robin')).url,
  };
  expect((await coordinatorApi.post(`/api/conferences/${conferenceId}/phase`, { phase: 'planning' })).status).toBe(200);
  setupClient = await connect(coordinatorApi, conferenceId);
  const gran = addPerson(setupClient.doc, { displayName: 'Gran', relationship: 'Grandmother', circle: 'family', connection: 'direct', atConference: true });
  addOffer(setupClient.doc, { personId: gran, kind: 'visit', text: 'Tea at Gran’s', frequency: 'Every month', createdBy: setupClient.selfId });
  addOffer(setupClient.doc, { personId: gran, kind: 'call', text: 'A phone call on Fridays', createdBy: setupClient.selfId });
  await waitFor('the board to be stored', () => readBoard(storedDoc(server, conferenceId)).offers.length === 2);
  browser = await launchChromium();
  jo = await joinAs(links.jo);
  robin = await joinAs(links.robin, 390, true);
});

afterAll(async () => {
  setupClient?.destroy();
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe('nothing is permanent by accident', () => {
  it('undoes only your own change, with the button or Ctrl+Z', async () => {
    // Jo moves "Tea" to Not now; Robin then says yes to the call (it goes to Agreed).
    await card(jo, 'Tea at Gran’s').getByRole('button', { name: /^Move to/ }).click();
    await jo.getByRole('menuitem', { name: 'Not now' }).click();
    await card(robin, 'A phone call on Fridays').getByRole('button', { name: /^Move to/ }).click();
    await robin.getByRole('menuitem', { name: /Agreed/ }).click();
    await jo.getByRole('list', { name: 'Agreed' }).getByText('A phone call on Fridays').waitFor({ timeout: WAIT_MS });
    const notNowOnJo = jo.getByRole('list', { name: 'Not now' });
    await notNowOnJo.getByText('Tea at Gran’s').waitFor({ timeout: WAIT_MS });

    // Jo's Undo takes back her move only; Robin's stays, on every screen.
    await jo.getByRole('button', { name: 'Undo' }).click();
    await jo.getByRole('list', { name: 'Suggested' }).getByText('Tea at Gran’s').waitFor({ timeout: WAIT_MS });
    await robin.getByRole('list', { name: 'Suggested' }).getByText('Tea at Gran’s').waitFor({ timeout: WAIT_MS });
    await onTab(robin, 'Agreed');
    await expect(robin.getByRole('list', { name: 'Agreed' }).getByText('A phone call on Fridays').count()).resolves.toBe(1);
    // Redo from the keyboard.
    await jo.getByRole('heading', { name: 'Offers of support' }).click();
    await jo.keyboard.press('Control+Shift+Z');
    await notNowOnJo.getByText('Tea at Gran’s').waitFor({ timeout: WAIT_MS });
    await jo.keyboard.press('Control+Z');
    await jo.getByRole('list', { name: 'Suggested' }).getByText('Tea at Gran’s').waitFor({ timeout: WAIT_MS });
    await jo.screenshot({ path: '/tmp/llb-undo.png', fullPage: true });
  });

  it('warns before removing what someone else is changing, tells them, and keeps their words to put back', async () => {
    // Jo opens the call to edit it: Robin said yes to it, so changing it takes it back to Suggested first.
    await card(jo, 'A phone call on Fridays').getByRole('button', { name: /^Edit/ }).click();
    await jo.getByText('Robin said yes to this. Changing it takes it back to “Suggested”, for Robin to say yes again.').waitFor();
    await jo.screenshot({ path: '/tmp/llb-edit-agreed.png', fullPage: true });
    await jo.getByRole('button', { name: 'Move it back and change it' }).click();
    // On Robin's phone the card leaves the Agreed tab he is looking at, and he is told where it went.
    const moved = /^“A phone call on Fridays, from .*” moved to Suggested — 2 offers there now\.$/;
    await robin.getByRole('list', { name: 'Offers that moved' }).getByText(moved).waitFor({ timeout: WAIT_MS });
    // A screen reader hears the same words.
    await robin.getByRole('status').filter({ hasText: moved }).waitFor({ state: 'attached', timeout: WAIT_MS });
    await robin.screenshot({ path: '/tmp/llb-moved-notice-390.png', fullPage: true });
    await robin.getByRole('button', { name: 'Show Suggested' }).click();
    // Jo types; Robin sees that she is.
    const words = jo.getByRole('textbox', { name: 'What is offered' });
    await words.click();
    await words.press('End');
    await words.pressSequentially(' and Sundays');
    await card(robin, 'A phone call on Fridays and Sundays').getByText('Aunt Jo is changing this now').waitFor({ timeout: WAIT_MS });
    await robin.screenshot({ path: '/tmp/llb-editing-390.png', fullPage: true });

    // Robin removes it: he is told Jo is changing it first.
    await card(robin, 'A phone call on Fridays and Sundays').getByRole('button', { name: /^Remove/ }).click();
    await robin.getByRole('group', { name: /Aunt Jo is changing this now\. Remove this offer anyway\?/ }).waitFor();
    await robin.getByRole('button', { name: 'Yes, remove' }).click();

    // Jo is told, her words are kept, and she puts it back.
    await jo.getByText('Robin removed the offer you were changing. Your words are kept in Removed.').waitFor({ timeout: WAIT_MS });
    await jo.screenshot({ path: '/tmp/llb-removed-while-editing.png', fullPage: true });
    await jo.getByRole('button', { name: 'Put it back' }).click();
    await expect.poll(() => jo.getByRole('textbox', { name: 'What is offered' }).inputValue(), { timeout: WAIT_MS }).toBe('A phone call on Fridays and Sundays');
    await jo.getByRole('button', { name: /^Done/ }).first().click();

    // Removed from the list by anyone, put back by anyone, with every word.
    await card(robin, 'A phone call on Fridays and Sundays').getByRole('button', { name: /^Remove/ }).click();
    await robin.getByRole('button', { name: 'Yes, remove' }).click();
    await jo.getByText('Removed (1)').click();
    const removed = jo.getByRole('region', { name: 'Removed (1)' });
    await removed.getByText('Removed by Robin').waitFor({ timeout: WAIT_MS });
    await jo.screenshot({ path: '/tmp/llb-removed-list.png', fullPage: true });
    expect(await accessibilityProblems(jo)).toEqual([]);
    await removed.getByRole('button', { name: /^Put back: Offer: “A phone call on Fridays and Sundays”/ }).click();
    await card(robin, 'A phone call on Fridays and Sundays').waitFor({ timeout: WAIT_MS });
    await expect(jo.getByText(/^Removed \(/).count()).resolves.toBe(0);
    // Each card says who added it and who last changed it, from the server's record.
    await card(robin, 'A phone call on Fridays and Sundays').getByText(/^Added by Casey Coordinator · changed by Aunt Jo at \d{2}:\d{2}$/).waitFor({ timeout: WAIT_MS });
  });

  it('tells both people when they wrote “How often” at the same moment, and lets either use the other’s words', async () => {
    await card(jo, 'Tea at Gran’s').getByRole('button', { name: /^Edit/ }).click();
    await onTab(robin, 'Suggested');
    await card(robin, 'Tea at Gran’s').getByRole('button', { name: /^Edit/ }).click();
    // Robin's connection is slow: Jo's words have not reached him when he writes his.
    holdRobin = true;
    const joOften = jo.getByRole('textbox', { name: 'How often' });
    await joOften.fill('Every week');
    await joOften.press('Tab');
    const robinOften = robin.getByRole('textbox', { name: 'How often' });
    await robinOften.fill('Every other Sunday');
    await robinOften.press('Tab');
    // Robin's words reach Jo, then everything held reaches Robin.
    await jo.getByText(/^Robin wrote “Every other Sunday” in How often at the same time as you wrote “Every week”\. The board kept (yours|Robin’s)\.$/).waitFor({ timeout: WAIT_MS });
    holdRobin = false;
    for (const send of heldForRobin.splice(0)) send();
    await robin.getByText(/^Aunt Jo wrote “Every week” in How often at the same time as you wrote “Every other Sunday”\. The board kept (yours|Aunt Jo’s)\.$/).waitFor({ timeout: WAIT_MS });
    await jo.screenshot({ path: '/tmp/llb-clash.png', fullPage: true });
    await robin.screenshot({ path: '/tmp/llb-clash-390.png', fullPage: true });

    // Whoever's words were dropped can use them after all; both boards then agree.
    const joLost = await jo.getByRole('button', { name: 'Use mine: “Every week”' }).count();
    const loser = joLost === 1 ? jo : robin;
    const lostWords = joLost === 1 ? 'Every week' : 'Every other Sunday';
    await loser.getByRole('button', { name: `Use mine: “${lostWords}”` }).click();
    for (const page of [jo, robin]) {
      await page.getByRole('button', { name: /^Done/ }).first().click();
      await card(page, 'Tea at Gran’s').locator('dd').filter({ hasText: new RegExp(`^${lostWords}$`) }).waitFor({ timeout: WAIT_MS });
    }
  });

  it('has a skip link to each part of the board, and tells the connections as growth', async () => {
    await jo.goto(jo.url());
    await live(jo);
    let found = false;
    for (let i = 0; i < 8 && !found; i += 1) {
      await jo.keyboard.press('Tab');
      found = (await jo.evaluate(() => document.activeElement?.textContent ?? '')) === 'Skip to the offers';
    }
    expect(found).toBe(true);
    await jo.screenshot({ path: '/tmp/llb-skip-links.png' });
    await jo.keyboard.press('Enter');
    await expect.poll(() => jo.evaluate(() => document.activeElement?.id)).toBe('offers-heading');
    await robin.getByText('People Robin is in touch with: 7 when we started — 1 added to the board so far').waitFor({ timeout: WAIT_MS });
  });

  it('will not undo adding an offer someone else has changed since, and says so: the offer stays', async () => {
    await jo.getByRole('button', { name: 'Add offer', exact: true }).click();
    await jo.getByRole('textbox', { name: 'What is offered' }).fill('Swimming on Saturdays');
    await jo.getByRole('combobox', { name: 'What kind of support is it?' }).selectOption('dayOut');
    await jo.getByRole('button', { name: 'Add this offer' }).click();
    await card(jo, 'Swimming on Saturdays').waitFor({ timeout: WAIT_MS });
    // The coordinator's laptop (a hand-made client plays it) says how often.
    const swim = await waitFor('Jo’s offer to reach the coordinator', () => readBoard(setupClient.doc).offers.find((o) => o.text === 'Swimming on Saturdays'));
    editOffer(setupClient.doc, swim.id, { frequency: 'Every Saturday morning' });
    await card(jo, 'Swimming on Saturdays').getByText('Every Saturday morning').waitFor({ timeout: WAIT_MS });

    await jo.getByRole('button', { name: 'Undo' }).click();
    await jo.getByText('Someone else has changed that since, so Undo cannot take it off the board: use “Remove” instead.').waitFor({ timeout: WAIT_MS });
    await jo.screenshot({ path: '/tmp/llb-undo-changed.png' });
    // The offer stays, with the coordinator's words, on Jo's board and in the store; Jo was never refused.
    await card(jo, 'Swimming on Saturdays').getByText('Every Saturday morning').waitFor({ timeout: WAIT_MS });
    expect(readBoard(storedDoc(server, conferenceId)).offers.find((o) => o.id === swim.id)?.frequency).toBe('Every Saturday morning');
    expect(await jo.getByText('Your last change was not saved').count()).toBe(0);
  });
});
