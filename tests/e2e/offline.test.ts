// End to end in a real Chromium: the coordinator's own device keeps the board. With the server
// gone and the network off, a change is made and the page reloaded: the board opens from the
// device with the change, and once the server is back the change reaches it. Signing out wipes
// every copy; a family member's phone keeps nothing at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createConference, invite, setupCoordinator, type ApiClient } from '../helpers/api.ts';
import { accessibilityProblems } from '../helpers/axe.ts';
import { launchChromium, signInAsCoordinator, waitLive } from '../helpers/browser.ts';
import { connect } from '../helpers/client.ts';
import { metric } from '../helpers/sync.ts';
import { addPerson } from '../../shared/board.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

const WAIT_MS = 15_000;
const NEW_PERSON = 'Great-aunt Mo';

let server: TestServer;
let coordinatorApi: ApiClient;
let conferenceId: string;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startServer();
  coordinatorApi = await setupCoordinator(server);
  conferenceId = await createConference(coordinatorApi, 'Robin’s Lifelong Links conference');
  expect((await coordinatorApi.post(`/api/conferences/${conferenceId}/phase`, { phase: 'planning' })).status).toBe(200);
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

async function newPage(options: { phone?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({
    locale: 'en-GB',
    // bypassCSP only so the accessibility check (axe) can be injected; the app's own CSP is tested elsewhere.
    bypassCSP: true,
    ...(options.phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : { viewport: { width: 1280, height: 900 } }),
  });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  return page;
}

/** What this origin keeps in the browser: IndexedDB databases, caches, service workers, localStorage keys. */
function keptInBrowser(page: Page) {
  return page.evaluate(async () => ({
    databases: ((await indexedDB.databases()).map((db) => db.name ?? '') ?? []).filter((name) => name !== 'llb-probe').sort(),
    caches: (await caches.keys()).sort(),
    workers: (await navigator.serviceWorker.getRegistrations()).length,
    localStorage: Object.keys(localStorage).sort(),
  }));
}

describe('the coordinator’s own device', () => {
  it('keeps a change made offline through a reload with no server, sends it when the server is back, and wipes everything at sign-out', async () => {
    const page = await newPage();
    await signInAsCoordinator(page, server.url);
    await page.goto(`${server.url}/board/${encodeURIComponent(conferenceId)}`);
    await waitLive(page);
    // The app's files are kept by the service worker once it is active.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    const before = await keptInBrowser(page);
    expect(before.databases).toEqual([`llb-board:${conferenceId}`]);
    expect(before.caches).toHaveLength(1);
    expect(before.workers).toBe(1);

    // Reloaded online with a copy on the device older than the server's board: the copy adds
    // nothing of anyone else's to the sync, so nothing is refused and no notice appears.
    const elsewhere = await connect(coordinatorApi, conferenceId);
    addPerson(elsewhere.doc, { displayName: 'Added elsewhere', relationship: '', circle: 'family', connection: 'none', atConference: false });
    await waitFor('the other change to be stored', async () => (await metric(server, 'llb_updates_stored_total')) >= 2);
    elsewhere.destroy();
    for (let i = 0; i < 3; i += 1) {
      await page.reload();
      await waitLive(page);
      await page.getByText('Added elsewhere').first().waitFor({ timeout: WAIT_MS });
    }
    expect(await metric(server, 'llb_updates_refused_total')).toBe(0);
    await expect(page.getByRole('alert').filter({ hasText: 'not saved' }).count()).resolves.toBe(0);

    // The server stops and the network goes: the board says where changes are kept.
    const port = server.port;
    await server.stop();
    await page.context().setOffline(true);
    await page.getByRole('status').filter({ hasText: 'Offline — your changes are kept on this device' }).waitFor({ timeout: WAIT_MS });

    await page.getByRole('button', { name: 'Add a person', exact: true }).click();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(NEW_PERSON);
    await page.getByRole('button', { name: 'Add this person' }).click();
    const people = page.getByRole('region', { name: 'My people' });
    await people.getByText(NEW_PERSON).first().waitFor({ timeout: WAIT_MS });
    // No "leave this page?" prompt: the change is on the device, not only in this page.
    let prompted = false;
    page.on('dialog', (dialog) => {
      prompted = true;
      void dialog.accept();
    });

    await page.reload();
    await people.getByText(NEW_PERSON).first().waitFor({ timeout: WAIT_MS });
    await page.getByRole('status').filter({ hasText: 'Offline — your changes are kept on this device' }).waitFor({ timeout: WAIT_MS });
    expect(prompted).toBe(false);
    await page.screenshot({ path: '/tmp/llb-offline-reloaded.png', fullPage: false });
    expect(await accessibilityProblems(page)).toEqual([]);

    // The server comes back on the same address: the change reaches it.
    server = await startServer({ dataDir: server.dataDir, env: { PORT: String(port) } });
    await page.context().setOffline(false);
    await waitLive(page, WAIT_MS);
    const check = await connect(coordinatorApi, conferenceId);
    try {
      await waitFor('the change made offline to reach the server', () => JSON.stringify(check.doc.getMap('people').toJSON()).includes(NEW_PERSON), WAIT_MS);
    } finally {
      check.destroy();
    }

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login$/, { timeout: WAIT_MS });
    expect(await keptInBrowser(page)).toEqual({ databases: [], caches: [], workers: 0, localStorage: [] });
  });
});

describe('a family member’s phone', () => {
  it('keeps nothing of the board in the browser', async () => {
    const link = (await invite(coordinatorApi, conferenceId, 'network', 'Aunt Jo')).url;
    const page = await newPage({ phone: true });
    await page.goto(link);
    await page.waitForURL(/\/board\/[^/#]+$/, { timeout: WAIT_MS });
    await waitLive(page);
    await page.getByRole('region', { name: 'My people' }).getByText(NEW_PERSON).first().waitFor({ timeout: WAIT_MS });
    const kept = await keptInBrowser(page);
    expect(kept.databases).toEqual([]);
    expect(kept.caches).toEqual([]);
    expect(kept.workers).toBe(0);
    expect(kept.localStorage).toEqual([]);
    // Offline it says the truth for a phone: changes live only in the open page.
    await page.context().setOffline(true);
    await page.getByRole('status').filter({ hasText: 'Offline — your changes are kept while this page is open' }).waitFor({ timeout: WAIT_MS });
  });
});
