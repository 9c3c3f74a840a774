// End to end in a real Chromium: a change the server's rules refuse is taken back on screen, the
// board shows what everyone else sees, and the person is told why in plain words — here a social
// worker whose laptop clock is two hours out approves an overnight stay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext } from 'playwright-core';
import { addOffer, addPerson, readBoard } from '../../shared/board.ts';
import { createConference, invite, setupCoordinator } from '../helpers/api.ts';
import { launchChromium, waitLive as live } from '../helpers/browser.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { joinBoard, type Participant } from '../helpers/sync.ts';
import { waitFor } from '../helpers/wait.ts';

const WAIT_MS = 10_000;
const OFFER_TEXT = 'A night at Gran’s in the holidays';

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let family: Participant;
let professionalUrl: string;

beforeAll(async () => {
  server = await startServer();
  const coordinator = await setupCoordinator(server);
  const conferenceId = await createConference(coordinator, 'Robin’s Lifelong Links conference');
  family = await joinBoard(server, coordinator, conferenceId, { role: 'network', name: 'Aunt Jo' });
  const gran = addPerson(family.doc, { displayName: 'Gran', relationship: 'Gran', circle: 'family', connection: 'direct', atConference: true });
  addOffer(family.doc, { personId: gran, kind: 'overnightStay', text: OFFER_TEXT, needsApproval: true, createdBy: family.selfId });
  professionalUrl = (await invite(coordinator, conferenceId, 'professional', 'Priya Social Worker')).url;
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
});

afterAll(async () => {
  family?.destroy();
  await context?.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe('a change the rules refuse', () => {
  it('is taken back on screen with a plain message, and the board carries on', async () => {
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));
    await page.goto(professionalUrl);
    await page.waitForURL(/\/board\/[^/#]+$/, { timeout: WAIT_MS });
    await live(page);
    const offer = page.getByRole('region', { name: 'Offers of support' }).getByRole('listitem').filter({ hasText: OFFER_TEXT });
    await offer.getByText('Needs a professional to approve it').waitFor({ timeout: WAIT_MS });

    // The laptop's clock is two hours behind: the approval it sends carries the wrong time.
    await page.clock.setFixedTime(Date.now() - 2 * 3_600_000);
    await offer.getByRole('button', { name: /^Approve:/ }).click();

    const notice = page.getByRole('alert').filter({ hasText: 'Your last change was not saved' });
    await notice.waitFor({ timeout: WAIT_MS });
    await expect(notice.textContent()).resolves.toContain('check this device’s clock');
    await live(page);
    await offer.getByText('Needs a professional to approve it').waitFor({ timeout: WAIT_MS });
    await page.screenshot({ path: '/tmp/llb-refused-approval.png', fullPage: true });
    expect(readBoard(family.doc).offers[0]?.approvedBy).toBeNull();

    // With the clock put right, the same button works, and the family sees the approval.
    await page.clock.setFixedTime(Date.now());
    await page.getByRole('button', { name: 'OK' }).click();
    await offer.getByRole('button', { name: /^Approve:/ }).click();
    await offer.getByText('Approved by Priya Social Worker').waitFor({ timeout: WAIT_MS });
    await waitFor('the family to see the approval', () => readBoard(family.doc).offers[0]?.approvedBy !== null);
    await expect(page.getByRole('alert').filter({ hasText: 'not saved' }).count()).resolves.toBe(0);
    await page.screenshot({ path: '/tmp/llb-approved.png', fullPage: true });
  });
});
