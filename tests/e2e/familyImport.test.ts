// End to end in a real Chromium, at a phone's width and a laptop's: the coordinator downloads the
// family as a GEDCOM file, is told in the server's words when a file is not a family tree, reads a
// file written by Gramps into a preview (names in Welsh, Arabic and an emoji), unticks someone and
// brings the rest onto the board in one change, which a family member on another device sees arrive;
// a file of 1,000 people stays usable; the agreed plan's page offers the plan's family tree file.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { addObjective, addOffer, addPerson, readBoard, setMeta, YOUNG_PERSON } from '../../shared/board.ts';
import { createConference, invite, setupCoordinator, type ApiClient } from '../helpers/api.ts';
import { accessibilityProblems } from '../helpers/axe.ts';
import { launchChromium, openDevice, signInAsCoordinator, waitLive } from '../helpers/browser.ts';
import { connect } from '../helpers/client.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { storedDoc } from '../helpers/stored.ts';
import { waitFor } from '../helpers/wait.ts';
import { recordedBy } from '../helpers/yes.ts';

const WAIT_MS = 10_000;
const GRAMPS_FILE = path.resolve(import.meta.dirname, '../fixtures/family/gramps.ged');
const FILE_NAMES = ['Owain Llywelyn', 'Gwen Llywelyn', 'Siân Llywelyn', 'ليلى Haddad', 'Kai 🌟 Star', 'Omar Haddad'];

let server: TestServer;
let coordinator: ApiClient;
let browser: Browser;
const contexts: BrowserContext[] = [];

/** A GEDCOM file of `count` people in pairs of parent and child, as a large family-tree program's export might be. */
function bigFile(count: number): Buffer {
  const lines = ['0 HEAD', '1 GEDC', '2 VERS 5.5.1', '2 FORM LINEAGE-LINKED', '1 CHAR UTF-8'];
  for (let i = 1; i <= count; i += 1) lines.push(`0 @I${i}@ INDI`, `1 NAME Person ${i} /Jones/`, `1 SEX ${i % 2 ? 'F' : 'M'}`, '1 BIRT', `2 DATE ${1900 + (i % 120)}`);
  for (let i = 1; i + 1 <= count; i += 2) lines.push(`0 @F${i}@ FAM`, `1 WIFE @I${i}@`, `1 CHIL @I${i + 1}@`);
  lines.push('0 TRLR');
  return Buffer.from(`${lines.join('\n')}\n`);
}

async function coordinatorBoard(width: number, conferenceId: string): Promise<Page> {
  const { page } = await openDevice(browser, contexts, { width, height: 900 });
  await signInAsCoordinator(page, server.url);
  await page.goto(`${server.url}/board/${conferenceId}`);
  await waitLive(page);
  return page;
}

beforeAll(async () => {
  server = await startServer();
  coordinator = await setupCoordinator(server);
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe('the family tree file on the board', () => {
  for (const width of [390, 1280]) {
    it(`brings the people the coordinator ticks from a Gramps file onto the board, live for everyone, at ${width} px`, async () => {
      const conferenceId = await createConference(coordinator, 'Robin’s Lifelong Links conference');
      const joUrl = (await invite(coordinator, conferenceId, 'network', 'Aunt Jo')).url;
      const page = await coordinatorBoard(width, conferenceId);
      const people = page.getByRole('region', { name: 'My people' });

      // Aunt Jo has the board open on her own device before anything comes in.
      const { page: jo } = await openDevice(browser, contexts, { width: 390, height: 844 });
      await jo.goto(joUrl);
      await jo.waitForURL(/\/board\/[^/#]+$/, { timeout: WAIT_MS });
      await waitLive(jo);
      const joPeople = jo.getByRole('region', { name: 'My people' });
      await expect(joPeople.getByRole('button', { name: 'Family tree file' }).count()).resolves.toBe(0);

      await people.getByRole('button', { name: 'Family tree file' }).click();
      const download = people.getByRole('link', { name: 'Download the family as a family tree file (GEDCOM)' });
      await expect(download.getAttribute('href')).resolves.toBe(`/api/conferences/${conferenceId}/family.ged`);
      const file = await page.request.get(`${server.url}/api/conferences/${conferenceId}/family.ged`);
      expect(file.status()).toBe(200);
      expect(await file.text()).toMatch(/^0 HEAD/);
      await people.getByText('for GenoPro and other family-tree programs', { exact: false }).waitFor();

      // A file that is not a family tree: the server's sentence, and nothing written.
      const chooser = people.getByLabel('Bring people in from a family tree file (.ged)');
      await chooser.setInputFiles({ name: 'shopping.ged', mimeType: 'text/plain', buffer: Buffer.from('eggs\nmilk\n') });
      await people.getByRole('alert').filter({ hasText: 'This is not a family tree file the board can read' }).waitFor({ timeout: WAIT_MS });

      await chooser.setInputFiles({ name: 'empty.ged', mimeType: 'text/plain', buffer: Buffer.alloc(0) });
      await people.getByRole('alert').filter({ hasText: 'empty.ged is empty' }).waitFor({ timeout: WAIT_MS });

      await chooser.setInputFiles(GRAMPS_FILE);
      const preview = people.getByRole('region', { name: 'In gramps.ged: 6 people' });
      await preview.waitFor({ timeout: WAIT_MS });
      await expect(people.getByRole('alert').count()).resolves.toBe(0);
      for (const name of FILE_NAMES) await expect(preview.getByRole('checkbox', { name }).isChecked()).resolves.toBe(true);
      await preview.getByRole('row', { name: /Omar Haddad/ }).getByRole('cell', { name: 'Man or boy' }).waitFor();
      await preview.getByRole('row', { name: /Owain Llywelyn/ }).getByRole('cell', { name: 'Born 1851, died 1920' }).waitFor();
      await preview.getByText('Owain Llywelyn is Siân Llywelyn’s parent').waitFor();
      // Untick all, then Tick all, then leave Gwen out.
      await preview.getByRole('button', { name: 'Untick all' }).click();
      await preview.getByRole('button', { name: 'Bring 0 people onto the board' }).waitFor();
      await preview.getByRole('button', { name: 'Tick all', exact: true }).click();
      await preview.getByRole('checkbox', { name: 'Gwen Llywelyn' }).uncheck();
      await preview.getByRole('combobox', { name: 'Which of these is Robin?' }).selectOption({ label: 'None of them' });
      await expect(preview.getByRole('heading', { name: 'How they are related (4)' }).count()).resolves.toBe(1);
      await preview.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `/tmp/llb-family-import-preview-${width}.png`, fullPage: true });
      await preview.screenshot({ path: `/tmp/llb-family-import-preview-region-${width}.png` });
      expect(await accessibilityProblems(page)).toEqual([]);
      // Nothing is on the board until the coordinator presses the button.
      expect(readBoard(storedDoc(server, conferenceId)).people).toHaveLength(0);

      // Two presses before the page can redraw add everyone once.
      const bring = preview.getByRole('button', { name: 'Bring 5 people onto the board' });
      await bring.evaluate((button: HTMLButtonElement) => {
        button.click();
        button.click();
      });
      await people.getByText('Brought 5 people and 4 relationships onto the board.').waitFor({ timeout: WAIT_MS });
      await expect(preview.count()).resolves.toBe(0);

      // Aunt Jo sees them arrive in My people.
      for (const name of FILE_NAMES.filter((n) => n !== 'Gwen Llywelyn')) {
        await joPeople.getByRole('listitem').filter({ hasText: name }).first().waitFor({ timeout: WAIT_MS });
      }
      await expect(joPeople.getByText('Gwen Llywelyn').count()).resolves.toBe(0);
      await joPeople.screenshot({ path: `/tmp/llb-family-import-arrived-jo-${width}.png` });

      // The stored board: five people once each, and the relationships among them.
      const reader = await connect(coordinator, conferenceId);
      try {
        await waitFor('the relationships to reach a new client', () => readBoard(reader.doc).relationships.length === 4);
        const board = readBoard(reader.doc);
        expect(board.people.map((person) => person.displayName).sort()).toEqual(FILE_NAMES.filter((n) => n !== 'Gwen Llywelyn').sort());
        const id = (name: string) => board.people.find((person) => person.displayName === name)?.id;
        expect(board.relationships).toContainEqual(expect.objectContaining({ from: id('Omar Haddad'), to: id('Kai 🌟 Star'), kind: 'parent' }));
        expect(board.relationships).toContainEqual(expect.objectContaining({ from: id('Owain Llywelyn'), to: id('Siân Llywelyn'), kind: 'parent' }));
        expect(board.relationships.some((line) => line.from === YOUNG_PERSON || line.to === YOUNG_PERSON)).toBe(false);
        expect(board.people.find((person) => person.displayName === 'Owain Llywelyn')).toMatchObject({ circle: 'family', connection: 'none', gender: 'male', born: 1851, died: 1920 });
      } finally {
        reader.destroy();
      }
      await page.screenshot({ path: `/tmp/llb-family-import-done-${width}.png`, fullPage: true });
      await people.screenshot({ path: `/tmp/llb-family-import-done-region-${width}.png` });
    });
  }

  it('keeps the preview of a file of 1,000 people usable', async () => {
    const conferenceId = await createConference(coordinator, 'Robin’s Lifelong Links conference');
    const page = await coordinatorBoard(1280, conferenceId);
    const people = page.getByRole('region', { name: 'My people' });
    await people.getByRole('button', { name: 'Family tree file' }).click();
    await people.getByLabel('Bring people in from a family tree file (.ged)').setInputFiles({ name: 'big.ged', mimeType: 'text/plain', buffer: bigFile(1000) });
    const preview = people.getByRole('region', { name: 'In big.ged: 1000 people' });
    await preview.waitFor({ timeout: WAIT_MS });
    const started = Date.now();
    await preview.getByRole('checkbox', { name: 'Person 500 Jones' }).uncheck();
    await preview.getByRole('button', { name: 'Bring 999 people onto the board' }).waitFor({ timeout: WAIT_MS });
    await preview.getByRole('button', { name: 'Untick all' }).click();
    await preview.getByRole('button', { name: 'Bring 0 people onto the board' }).waitFor({ timeout: WAIT_MS });
    await preview.getByRole('button', { name: 'Tick all', exact: true }).click();
    await preview.getByRole('button', { name: 'Bring 1000 people onto the board' }).waitFor({ timeout: WAIT_MS });
    // Three redraws of a thousand rows, with Playwright's own round trips: well under a few seconds.
    expect(Date.now() - started).toBeLessThan(5_000);
    await page.screenshot({ path: '/tmp/llb-family-import-1000.png' });
    await preview.getByRole('button', { name: 'Bring 1000 people onto the board' }).click();
    await people.getByText('Brought 1000 people and 500 relationships onto the board.').waitFor({ timeout: 30_000 });
    await waitFor('the thousand people to be stored', () => readBoard(storedDoc(server, conferenceId)).people.length === 1000, 30_000);
  });
});

describe('the agreed plan’s family tree file', () => {
  it('is offered next to the PDF and Word files, for the copy chosen', async () => {
    const conferenceId = await createConference(coordinator, 'Robin’s Lifelong Links conference');
    expect((await coordinator.post(`/api/conferences/${conferenceId}/phase`, { phase: 'planning' })).status).toBe(200);
    const board = await connect(coordinator, conferenceId);
    try {
      const wish = addObjective(board.doc, { text: 'See Gran every month', category: 'family', raisedBy: board.selfId });
      const gran = addPerson(board.doc, { displayName: 'Gran Siân', relationship: 'Grandmother', circle: 'family', connection: 'direct', atConference: true, gender: 'female' });
      addOffer(board.doc, { personId: gran, kind: 'visit', text: 'Tea at Gran’s', frequency: 'Every month', column: 'agreed', yes: recordedBy(board.selfId), objectiveIds: [wish], createdBy: board.selfId });
      setMeta(board.doc, { reviewDate: '2027-06-01', contingencyNotNeeded: true });
      await waitFor('the board to be stored', () => readBoard(storedDoc(server, conferenceId)).meta.reviewDate !== null);
    } finally {
      board.destroy();
    }
    expect((await coordinator.post(`/api/conferences/${conferenceId}/lock`, { overrideReason: 'Robin is two years old' })).status).toBe(201);

    const { page } = await openDevice(browser, contexts, { width: 1280, height: 900 });
    await signInAsCoordinator(page, server.url);
    await page.goto(`${server.url}/conferences/${conferenceId}/plans/1`);
    await page.getByRole('heading', { name: 'Download or send this plan' }).waitFor({ timeout: WAIT_MS });
    const link = page.getByRole('link', { name: 'Family tree file (GEDCOM)', exact: true });
    await expect(link.getAttribute('href')).resolves.toBe(`/api/conferences/${conferenceId}/plans/1.ged?copy=full`);
    await page.getByRole('radio', { name: /Family copy/ }).check();
    const href = await link.getAttribute('href');
    expect(href).toBe(`/api/conferences/${conferenceId}/plans/1.ged?copy=family`);
    const file = await page.request.get(`${server.url}${href}`);
    expect(file.status()).toBe(200);
    expect(await file.text()).toContain('Gran Siân');
    await page.screenshot({ path: '/tmp/llb-family-plan-download.png', fullPage: true });
  });
});
