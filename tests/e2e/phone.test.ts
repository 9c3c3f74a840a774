// End to end in a real Chromium on a phone (390×844, touch): the young person adds a wish, a
// person and an offer, and moves the offer to Agreed without dragging — the columns are tabs with
// their counts; the kind of support is chosen, not assumed; going offline says plainly where the
// changes are. Screenshots of each view; no accessibility problems in any of them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createConference, invite, setupCoordinator, type ApiClient } from '../helpers/api.ts';
import { accessibilityProblems } from '../helpers/axe.ts';
import { launchChromium, waitLive as live } from '../helpers/browser.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const WAIT_MS = 10_000;

let server: TestServer;
let coordinatorApi: ApiClient;
let browser: Browser;
let context: BrowserContext;
let robin: Page;

beforeAll(async () => {
  server = await startServer();
  coordinatorApi = await setupCoordinator(server);
  const conferenceId = await createConference(coordinatorApi, 'Robin’s Lifelong Links conference');
  const link = (await invite(coordinatorApi, conferenceId, 'youngPerson', 'Robin')).url;
  expect((await coordinatorApi.post(`/api/conferences/${conferenceId}/phase`, { phase: 'planning' })).status).toBe(200);
  browser = await launchChromium();
  // bypassCSP only so the accessibility check (axe) can be injected; the app's own CSP is tested elsewhere.
  context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-GB', bypassCSP: true });
  robin = await context.newPage();
  robin.on('pageerror', (error) => console.error('page error:', error.message));
  await robin.goto(link);
  await robin.waitForURL(/\/board\/[^/#]+$/, { timeout: WAIT_MS });
  await live(robin);
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe('on a phone', () => {
  it('adds a wish, a person and an offer, and moves the offer to Agreed without dragging', async () => {
    // A short welcome says what to do first.
    await robin.getByRole('heading', { name: 'Hello Robin!' }).waitFor({ timeout: WAIT_MS });
    await robin.screenshot({ path: '/tmp/llb-phone-first.png', fullPage: false });
    expect(await accessibilityProblems(robin)).toEqual([]);

    await robin.getByRole('button', { name: 'Add something I’d like' }).tap();
    await robin.getByRole('textbox', { name: /What would you like/ }).fill('See my Nan every month');
    await robin.getByRole('button', { name: /^Add this/ }).first().tap();
    await robin.getByRole('region', { name: 'What I’d like' }).getByText('See my Nan every month').waitFor({ timeout: WAIT_MS });
    // Each kind of wish has a picture beside its words (hidden from screen readers, which read the words).
    await expect(robin.getByRole('heading', { name: 'Family', exact: true }).locator('svg[aria-hidden="true"]').count()).resolves.toBe(1);
    await expect(robin.getByRole('heading', { name: 'Hello Robin!' }).count()).resolves.toBe(0);

    await robin.getByRole('button', { name: 'Add a person', exact: true }).tap();
    await robin.getByRole('textbox', { name: 'Name', exact: true }).fill('Nan');
    await robin.getByRole('button', { name: 'Add this person' }).tap();
    await robin.getByRole('region', { name: 'My people' }).getByText('Nan').first().waitFor({ timeout: WAIT_MS });

    await robin.getByRole('button', { name: 'Add offer', exact: true }).tap();
    const form = robin.getByRole('form', { name: 'Add offer' });
    await form.getByRole('textbox', { name: 'What is offered?' }).fill('Tea at Nan’s');
    await form.getByRole('combobox', { name: 'What kind of support is it?' }).selectOption('visit');
    await form.getByRole('textbox', { name: 'How often?' }).fill('Every month');
    await robin.screenshot({ path: '/tmp/llb-phone-add-offer.png', fullPage: true });
    await form.getByRole('button', { name: 'Add this offer' }).tap();

    // The columns are tabs with their counts; the new offer is in Suggested.
    const tabs = robin.getByRole('tablist', { name: 'Offer columns' });
    await tabs.getByRole('tab', { name: 'Suggested (1)' }).waitFor({ timeout: WAIT_MS });
    await expect(tabs.getByRole('tab', { name: 'Suggested (1)' }).getAttribute('aria-selected')).resolves.toBe('true');
    const panel = robin.getByRole('tabpanel');
    await expect(panel.count()).resolves.toBe(1);
    await panel.getByText('Tea at Nan’s').waitFor();
    // "Move to…" stands out and is at least 44 px tall on touch; the young person also has their own say.
    const move = panel.getByRole('button', { name: 'Move to…' });
    expect((await move.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(44);
    await panel.getByRole('group', { name: /What do you think of/ }).getByRole('button', { name: 'Yes please' }).tap();
    await tabs.getByRole('tab', { name: 'Agreed (1)' }).waitFor({ timeout: WAIT_MS });
    await tabs.getByRole('tab', { name: 'Agreed (1)' }).tap();
    await robin.getByRole('tabpanel').getByText('Tea at Nan’s').waitFor();
    await robin.screenshot({ path: '/tmp/llb-phone-columns.png', fullPage: true });
    expect(await accessibilityProblems(robin)).toEqual([]);
    // Arrow keys move between the tabs.
    await tabs.getByRole('tab', { name: 'Agreed (1)' }).focus();
    await robin.keyboard.press('ArrowRight');
    await expect.poll(() => robin.evaluate(() => document.activeElement?.textContent)).toBe('Not now (0)');

    // The whole plan as plain text, for a screen reader: headings and lists, nothing to press.
    await robin.getByRole('button', { name: 'Read the whole plan as text' }).tap();
    const outline = robin.getByRole('dialog', { name: 'The whole plan, as text' });
    await outline.getByRole('heading', { name: 'Offers: Agreed (1)' }).waitFor();
    await outline.getByText('Nan, visit: Tea at Nan’s. How often: Every month.').waitFor();
    await outline.getByText('Family: See my Nan every month').waitFor();
    await robin.screenshot({ path: '/tmp/llb-phone-outline.png', fullPage: false });
    expect(await accessibilityProblems(robin)).toEqual([]);
    await outline.getByRole('button', { name: 'Close' }).tap();
  });

  it('says plainly, when offline, that the changes are kept while this page is open', async () => {
    await context.setOffline(true);
    try {
      await robin.getByRole('status').filter({ hasText: 'Offline — your changes are kept while this page is open' }).waitFor({ timeout: WAIT_MS });
      await robin.screenshot({ path: '/tmp/llb-phone-offline.png', fullPage: false });
    } finally {
      await context.setOffline(false);
    }
    await live(robin, 20_000);
  });
});
