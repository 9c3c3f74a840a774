// End to end in a real Chromium, three contexts in the room: the coordinator's laptop, the room's TV
// (1920×1080, opened by its own invite link: the room's screen shows by itself) and the young person's phone. The TV shows every offer
// column without scrolling and follows what the coordinator is on; "bring everyone here" takes the
// phone to it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { addObjective, addOffer, addPerson, COLUMNS, OFFER_KINDS, readBoard, type OfferKind } from '../../shared/board.ts';
import { createConference, invite, setupCoordinator, type ApiClient } from '../helpers/api.ts';
import { accessibilityProblems } from '../helpers/axe.ts';
import { connect, type BoardClient } from '../helpers/client.ts';
import { launchChromium, signInAsCoordinator, waitLive as live } from '../helpers/browser.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { storedDoc } from '../helpers/stored.ts';
import { waitFor } from '../helpers/wait.ts';
import { recordedBy } from '../helpers/yes.ts';

const WAIT_MS = 10_000;
const OFFERS = 15;

let server: TestServer;
let coordinatorApi: ApiClient;
let browser: Browser;
let setupClient: BoardClient;
const contexts: BrowserContext[] = [];
let conferenceId: string;
let links: { youngPerson: string; screen: string };
let casey: Page;
let tv: Page;
let robin: Page;

async function newPage(width: number, height: number): Promise<Page> {
  // bypassCSP only so the accessibility check (axe) can be injected; the app's own CSP is tested elsewhere.
  const context = await browser.newContext({ viewport: { width, height }, locale: 'en-GB', bypassCSP: true });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  return page;
}


beforeAll(async () => {
  server = await startServer();
  coordinatorApi = await setupCoordinator(server);
  conferenceId = await createConference(coordinatorApi, 'Robin’s Lifelong Links conference');
  links = {
    youngPerson: (await invite(coordinatorApi, conferenceId, 'youngPerson', 'Robin')).url,
    // The room's screen, on the family's side: it stays on during private family time.
    screen: (await invite(coordinatorApi, conferenceId, 'observer', 'The room’s screen', true)).url,
  };
  expect((await coordinatorApi.post(`/api/conferences/${conferenceId}/phase`, { phase: 'planning' })).status).toBe(200);
  // A full meeting's board: wishes, people, and offers in every column, some of them long.
  setupClient = await connect(coordinatorApi, conferenceId);
  const selfId = setupClient.selfId;
  const wish = addObjective(setupClient.doc, { text: 'See Gran every month', category: 'family', raisedBy: selfId });
  addObjective(setupClient.doc, { text: 'Keep going to football on Saturdays', category: 'supportiveRelationships', raisedBy: selfId });
  addObjective(setupClient.doc, { text: 'Someone to help with homework', category: 'specificRequest', raisedBy: selfId });
  const names = ['Gran', 'Aunt Jo', 'Uncle Dev', 'Mr Okafor (football coach)', 'Nia'];
  const people = names.map((displayName) => addPerson(setupClient.doc, { displayName, relationship: 'Family friend', circle: 'family', connection: 'direct', atConference: true }));
  const kinds: OfferKind[] = OFFER_KINDS.slice(0, 5);
  for (let i = 0; i < OFFERS; i += 1) {
    const text = i % 4 === 0 ? `Offer ${i + 1}: a long one — ${'tea, a walk to the park and help with the week ahead '.repeat(3).trim()}` : `Offer ${i + 1}: tea and a chat`;
    addOffer(setupClient.doc, {
      personId: people[i % people.length]!,
      kind: kinds[i % kinds.length]!,
      text,
      frequency: 'Every other week',
      column: COLUMNS[i % COLUMNS.length]!,
      // In "Agreed" with the young person's yes, recorded by the coordinator.
      yes: recordedBy(selfId),
      objectiveIds: i === 0 ? [wish] : [],
      createdBy: selfId,
    });
  }
  await waitFor('the board to be stored', () => readBoard(storedDoc(server, conferenceId)).offers.length === OFFERS);
  browser = await launchChromium();

  casey = await newPage(1280, 900);
  await signInAsCoordinator(casey, server.url);
  await casey.goto(`${server.url}/board/${conferenceId}`);
  await live(casey);

  // The TV opens its own link (the room's screen's invite) and shows the shared screen by itself.
  tv = await newPage(1920, 1080);
  await tv.goto(links.screen);
  await tv.waitForURL(/\/board\/[^/#?]+$/, { timeout: WAIT_MS });
  await tv.locator('.tv-offer').first().waitFor({ timeout: WAIT_MS });
  await tv.getByRole('region', { name: 'Offers of support' }).waitFor({ timeout: WAIT_MS });

  robin = await newPage(390, 844);
  await robin.goto(links.youngPerson);
  await robin.waitForURL(/\/board\/[^/#]+$/, { timeout: WAIT_MS });
  await live(robin);
});

afterAll(async () => {
  setupClient?.destroy();
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe('the room’s shared screen', () => {
  it('shows every offer in its column on one 1920×1080 screen, in type readable across a room', async () => {
    const offers = tv.locator('.tv-offer');
    await expect.poll(() => offers.count(), { timeout: WAIT_MS }).toBe(OFFERS);
    // Let the type settle at the size that fits.
    await expect.poll(() => tv.evaluate(() => document.documentElement.scrollHeight), { timeout: WAIT_MS }).toBeLessThanOrEqual(1080);
    const boxes = await offers.evaluateAll((items) => items.map((item) => item.getBoundingClientRect().toJSON() as DOMRect));
    for (const box of boxes) {
      expect(box.top).toBeGreaterThanOrEqual(0);
      expect(box.bottom).toBeLessThanOrEqual(1080);
    }
    // Three columns side by side.
    const columns = await tv.locator('.tv-column').evaluateAll((items) => items.map((item) => item.getBoundingClientRect().left));
    expect(columns).toHaveLength(3);
    expect(columns[0]! < columns[1]! && columns[1]! < columns[2]!).toBe(true);
    // No text smaller than 16 px (8 px at half size, still readable from the room's chairs), and no editing chrome.
    const smallest = await tv.locator('.tv p, .tv li, .tv h2').evaluateAll((items) => Math.min(...items.map((item) => parseFloat(getComputedStyle(item).fontSize))));
    expect(smallest).toBeGreaterThanOrEqual(16);
    await expect(tv.getByRole('button').count()).resolves.toBe(0);
    await expect(tv.getByRole('textbox').count()).resolves.toBe(0);
    await tv.screenshot({ path: '/tmp/llb-tv.png' });
    expect(await accessibilityProblems(tv)).toEqual([]);
  });

  it('highlights what the coordinator is on, and brings everyone’s board there when asked', async () => {
    const target = casey.locator('.offer-card').filter({ hasText: 'Offer 13:' });
    await target.locator('.offer-text').click();
    const onTv = tv.locator('.tv-offer').filter({ hasText: 'Offer 13:' });
    await expect.poll(() => onTv.getAttribute('class'), { timeout: WAIT_MS }).toContain('tv-focus');
    await tv.screenshot({ path: '/tmp/llb-tv-following.png' });
    await casey.screenshot({ path: '/tmp/llb-coordinator-board.png', fullPage: true });

    // Moving on: the TV follows to the wishes.
    await casey.getByRole('heading', { name: 'What I’d like' }).click();
    await expect.poll(() => tv.getByRole('region', { name: 'What Robin would like' }).getAttribute('class'), { timeout: WAIT_MS }).toContain('tv-focus');
    await expect(onTv.getAttribute('class')).resolves.not.toContain('tv-focus');

    // Bring everyone to the offer: the phone scrolls to it and says who asked.
    await target.locator('.offer-text').click();
    await casey.getByRole('button', { name: 'Bring everyone here' }).click();
    await robin.getByText('Casey Coordinator brought everyone to an offer of support.').waitFor({ timeout: WAIT_MS });
    const onPhone = robin.locator('.offer-card').filter({ hasText: 'Offer 13:' });
    await expect.poll(() => onPhone.evaluate((el) => {
      const box = el.getBoundingClientRect();
      return box.bottom > 0 && box.top < window.innerHeight;
    }), { timeout: WAIT_MS }).toBe(true);
    await robin.screenshot({ path: '/tmp/llb-brought-here-390.png' });
  });

  it('stays on the board during private family time, while the coordinator waits outside', async () => {
    expect((await coordinatorApi.post(`/api/conferences/${conferenceId}/phase`, { phase: 'private' })).status).toBe(200);
    await casey.getByRole('button', { name: 'End private family time' }).waitFor({ timeout: WAIT_MS });
    await tv.getByText('Private family time').waitFor({ timeout: WAIT_MS });
    await expect(tv.locator('.tv-offer').count()).resolves.toBe(OFFERS);
    await tv.screenshot({ path: '/tmp/llb-tv-private.png' });
    await casey.getByRole('button', { name: 'End private family time' }).click();
    await tv.getByText('Making the plan').waitFor({ timeout: WAIT_MS });
    await live(casey);
  });

  it('prints the board as a clean plan: no buttons, offers column by column, with the date', async () => {
    await casey.emulateMedia({ media: 'print' });
    try {
      const visibleButtons = await casey.locator('button, select, textarea').evaluateAll((items) => items.filter((item) => item.getBoundingClientRect().height > 0).length);
      expect(visibleButtons).toBe(0);
      await casey.getByText(/^Printed .* A draft: the plan is not agreed yet\.$/).waitFor();
      // The columns one after another, every offer there.
      const columns = await casey.locator('.offer-column').evaluateAll((items) => items.map((item) => item.getBoundingClientRect().top));
      expect(columns[0]! < columns[1]! && columns[1]! < columns[2]!).toBe(true);
      await expect(casey.locator('.offer-card').count()).resolves.toBe(OFFERS);
      await casey.screenshot({ path: '/tmp/llb-board-print.png', fullPage: true });
    } finally {
      await casey.emulateMedia({ media: 'screen' });
    }
  });

  it('grows a short plan into the whole screen, and any watching-only board offers to become the room’s screen', async () => {
    const shortId = await createConference(coordinatorApi, 'A short plan');
    const client = await connect(coordinatorApi, shortId);
    try {
      const gran = addPerson(client.doc, { displayName: 'Gran', relationship: 'Gran', circle: 'family', connection: 'direct', atConference: true });
      addObjective(client.doc, { text: 'See Gran every month', category: 'family', raisedBy: client.selfId });
      addOffer(client.doc, { personId: gran, kind: 'visit', text: 'Tea at Gran’s on Sundays', createdBy: client.selfId });
      await waitFor('the short plan to be stored', () => readBoard(storedDoc(server, shortId)).offers.length === 1);
    } finally {
      client.destroy();
    }
    // A student social worker, watching on a room's TV that was not invited as the room's screen.
    const watcher = await newPage(1920, 1080);
    await watcher.goto((await invite(coordinatorApi, shortId, 'observer', 'A student social worker')).url);
    await watcher.waitForURL(/\/board\/[^/#?]+$/, { timeout: WAIT_MS });
    await live(watcher);
    await watcher.getByRole('link', { name: 'Show as the room’s screen' }).click();
    await watcher.locator('.tv-offer').first().waitFor({ timeout: WAIT_MS });
    // The type settles larger than the design size (28 px), and the plan reaches down the screen.
    await expect.poll(() => watcher.locator('.tv').evaluate((el) => parseFloat(getComputedStyle(el).fontSize)), { timeout: WAIT_MS }).toBeGreaterThan(40);
    const bottom = await watcher.locator('.tv-lower').evaluate((el) => el.getBoundingClientRect().bottom);
    expect(bottom).toBeGreaterThan(540);
    expect(await watcher.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(1080);
    await watcher.screenshot({ path: '/tmp/llb-tv-short.png' });
    expect(await accessibilityProblems(watcher)).toEqual([]);
  });
});
