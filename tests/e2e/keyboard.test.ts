// End to end in a real Chromium, with the keyboard only: every list of cards is one Tab stop with
// the arrow keys inside it, and someone who uses no mouse adds an offer and moves it to Agreed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { addPerson } from '../../shared/board.ts';
import { addObjective } from '../../shared/board.ts';
import { addOffer } from '../../shared/board-offers.ts';
import { createConference, invite, setupCoordinator } from '../helpers/api.ts';
import { accessibilityProblems } from '../helpers/axe.ts';
import { launchChromium, waitLive } from '../helpers/browser.ts';
import { connect, type BoardClient } from '../helpers/client.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const WAIT_MS = 10_000;
const OFFERS = ['Tea on Sundays', 'Lifts to football', 'Help with homework', 'A call on Fridays', 'Birthday cards', 'Cinema once a month'];

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let setup: BoardClient;
let jo: Page;

beforeAll(async () => {
  server = await startServer();
  const coordinator = await setupCoordinator(server);
  const conferenceId = await createConference(coordinator, 'Robin’s Lifelong Links conference');
  // The young person: their own yes puts an offer in "Agreed".
  const link = (await invite(coordinator, conferenceId, 'youngPerson', 'Robin')).url;
  expect((await coordinator.post(`/api/conferences/${conferenceId}/phase`, { phase: 'planning' })).status).toBe(200);
  setup = await connect(coordinator, conferenceId);
  for (const text of ['See my brother', 'Keep playing football', 'Know my dad’s side']) addObjective(setup.doc, { text, category: 'family', raisedBy: setup.selfId });
  const people = ['Gran', 'Uncle Dev', 'Mr Patel'].map((displayName) =>
    addPerson(setup.doc, { displayName, relationship: 'Family', circle: 'family', connection: 'direct', atConference: true }),
  );
  OFFERS.forEach((text, i) => addOffer(setup.doc, { personId: people[i % people.length]!, kind: 'visit', text, createdBy: setup.selfId }));
  browser = await launchChromium();
  // bypassCSP only so the accessibility check (axe) can be injected; the app's own CSP is tested elsewhere.
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', bypassCSP: true });
  jo = await context.newPage();
  jo.on('pageerror', (error) => console.error('page error:', error.message));
  await jo.goto(link);
  await jo.waitForURL(/\/board\/[^/#]+$/, { timeout: WAIT_MS });
  await waitLive(jo);
  await jo.getByText(OFFERS[5]!).waitFor({ timeout: WAIT_MS });
});

afterAll(async () => {
  setup?.destroy();
  await context?.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

/** What the focused element says (a field: its label), and which card (list item) of which list it is in. */
function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const item = el?.closest('li');
    const list = item?.parentElement;
    const label = el && 'labels' in el ? (el as HTMLInputElement).labels?.[0]?.textContent : null;
    return {
      text: (label ?? el?.getAttribute('aria-label') ?? el?.textContent ?? '').trim(),
      list: list?.getAttribute('aria-label') ?? list?.getAttribute('aria-labelledby') ?? null,
      item: item && list ? Array.from(list.children).indexOf(item) : -1,
    };
  });
}

/** Presses Tab until `wanted` is focused; returns how many presses it took. */
async function tabTo(page: Page, wanted: (f: Awaited<ReturnType<typeof focused>>) => boolean, max = 60): Promise<number> {
  for (let presses = 1; presses <= max; presses += 1) {
    await page.keyboard.press('Tab');
    if (wanted(await focused(page))) return presses;
  }
  throw new Error(`not reached in ${max} presses of Tab`);
}

describe('with the keyboard only', () => {
  it('makes each list of cards one Tab stop, with the arrow keys moving between cards and their buttons', async () => {
    // In every list, one control at most is in the Tab order (none where this person can change nothing).
    const stops = await jo.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('ul.offer-list, ul.item-list'))
        .filter((list) => list.children.length > 0)
        .map((list) => Array.from(list.querySelectorAll<HTMLElement>('button, a[href], input, select, textarea')).filter((el) => el.tabIndex >= 0).length),
    );
    expect(stops.filter((n) => n === 1).length).toBeGreaterThanOrEqual(2);
    expect(stops.every((n) => n <= 1)).toBe(true);

    await jo.goto(jo.url());
    await waitLive(jo);
    await jo.getByText(OFFERS[5]!).waitFor({ timeout: WAIT_MS });
    // From the top of the page to the first offer card takes few presses, however many cards there are.
    const presses = await tabTo(jo, (f) => f.list === 'Suggested');
    expect(presses).toBeLessThanOrEqual(25);
    const first = await focused(jo);
    expect(first.item).toBe(0);

    await jo.keyboard.press('ArrowDown');
    expect(await focused(jo)).toMatchObject({ list: 'Suggested', item: 1 });
    await jo.keyboard.press('End');
    expect(await focused(jo)).toMatchObject({ list: 'Suggested', item: OFFERS.length - 1 });
    await jo.keyboard.press('Home');
    const home = await focused(jo);
    expect(home).toMatchObject({ list: 'Suggested', item: 0 });
    await jo.keyboard.press('ArrowRight');
    const right = await focused(jo);
    expect(right.item).toBe(0);
    expect(right.text).not.toBe(home.text);
    // The list remembers where you were: Shift+Tab out and Tab back in lands on the same button.
    await jo.keyboard.press('Shift+Tab');
    await jo.keyboard.press('Tab');
    expect(await focused(jo)).toEqual(right);
    expect(await accessibilityProblems(jo)).toEqual([]);
  });

  it('adds an offer and moves it to Agreed without a mouse', async () => {
    await jo.goto(jo.url());
    await waitLive(jo);
    const presses = await tabTo(jo, (f) => /^\W*Add offer$/.test(f.text));
    // With every list one stop, "Add offer" is close to the top (25 presses when each card's buttons were stops).
    expect(presses).toBeLessThanOrEqual(15);
    await jo.keyboard.press('Enter');
    const form = jo.getByRole('form', { name: 'Add offer' });
    await form.waitFor({ timeout: WAIT_MS });
    // Each field is filled from the keyboard, in the form's order.
    if ((await focused(jo)).text !== 'Who is offering?') await tabTo(jo, (f) => f.text === 'Who is offering?', 5);
    await jo.keyboard.press('ArrowDown');
    await tabTo(jo, (f) => f.text === 'What is offered?', 3);
    await jo.keyboard.type('Swimming on Saturdays');
    await tabTo(jo, (f) => f.text === 'What kind of support is it?', 3);
    await jo.keyboard.press('ArrowDown');
    await tabTo(jo, (f) => f.text === 'Add this offer', 15);
    await jo.screenshot({ path: '/tmp/llb-keyboard-add-offer.png' });
    await jo.keyboard.press('Enter');
    const suggested = jo.getByRole('list', { name: 'Suggested', exact: true });
    await suggested.getByText('Swimming on Saturdays').waitFor({ timeout: WAIT_MS });

    // Into the Suggested list, to the new (last) card, to its "Move to…" button.
    await jo.getByRole('heading', { name: 'Offers of support' }).evaluate((el: HTMLElement) => {
      el.tabIndex = -1;
      el.focus();
    });
    await tabTo(jo, (f) => f.list === 'Suggested', 20);
    await jo.keyboard.press('End');
    for (let i = 0; i < 6 && (await focused(jo)).text !== 'Move to…'; i += 1) await jo.keyboard.press('ArrowRight');
    expect(await focused(jo)).toMatchObject({ list: 'Suggested', item: OFFERS.length, text: 'Move to…' });
    await jo.keyboard.press('Enter');
    await jo.getByRole('menu').waitFor({ timeout: WAIT_MS });
    for (let i = 0; i < 6 && !/Agreed/.test((await focused(jo)).text); i += 1) await jo.keyboard.press('ArrowDown');
    await jo.keyboard.press('Enter');
    await jo.getByRole('list', { name: 'Agreed', exact: true }).getByText('Swimming on Saturdays').waitFor({ timeout: WAIT_MS });
    await expect(suggested.getByText('Swimming on Saturdays').count()).resolves.toBe(0);
    await jo.screenshot({ path: '/tmp/llb-keyboard-moved.png' });
  });
});
