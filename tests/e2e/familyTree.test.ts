// End to end in a real Chromium, at a phone's width and a laptop's: the coordinator, on the keyboard
// alone, and Aunt Jo, on her own device with the mouse or her finger, build three generations of
// Robin's family tree together and each sees the other's part at once; the arrows climb the
// generations; a loop of parents is refused in the board's words; the room's screen shows the tree;
// axe finds nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createConference, invite, setupCoordinator, type ApiClient } from '../helpers/api.ts';
import { accessibilityProblems } from '../helpers/axe.ts';
import { launchChromium, signInAsCoordinator, waitLive } from '../helpers/browser.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const WAIT_MS = 15_000;

let server: TestServer;
let browser: Browser;
let coordinator: ApiClient;
const contexts: BrowserContext[] = [];

async function newPage(width: number): Promise<Page> {
  // bypassCSP only so the accessibility check (axe) can be injected; the app's own CSP is tested elsewhere.
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'en-GB', bypassCSP: true, hasTouch: width < 500 });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  return page;
}

/** The accessible name of the tree person with keyboard focus, or null. */
function focusedPerson(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const el = document.activeElement;
    return el?.closest('.family-tree [data-person]') ? el.getAttribute('aria-label') : null;
  });
}

/** Presses a key and checks focus is now on the tree person named `name`. */
async function pressTo(page: Page, key: string, name: string | RegExp): Promise<void> {
  await page.keyboard.press(key);
  await expect.poll(() => focusedPerson(page), { timeout: WAIT_MS }).toMatch(name);
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

describe('the family tree', () => {
  for (const width of [390, 1280]) {
    it(`is built by two people together, the coordinator by keyboard alone, at ${width} px`, async () => {
      const conferenceId = await createConference(coordinator, 'Robin’s Lifelong Links conference');
      const joUrl = (await invite(coordinator, conferenceId, 'network', 'Aunt Jo')).url;
      const screenUrl = (await invite(coordinator, conferenceId, 'observer', 'The room’s screen', true)).url;

      const casey = await newPage(width);
      await signInAsCoordinator(casey, server.url);
      await casey.goto(`${server.url}/board/${conferenceId}`);
      await waitLive(casey);
      const jo = await newPage(width);
      await jo.goto(joUrl);
      await jo.waitForURL(/\/board\/[^/#]+$/, { timeout: WAIT_MS });
      await waitLive(jo);

      // The coordinator, keyboard only: the "Family tree" switch, one Tab into the tree, on Robin.
      const people = casey.getByRole('region', { name: 'My people' });
      await people.getByRole('button', { name: 'Family tree', exact: true }).focus();
      await casey.keyboard.press('Enter');
      const tree = people.getByRole('group', { name: 'Family tree of Robin' });
      await tree.getByRole('button', { name: 'Robin, the young person' }).waitFor({ timeout: WAIT_MS });
      await casey.keyboard.press('Tab');
      expect(await focusedPerson(casey)).toBe('Robin, the young person');
      const stops = await casey.evaluate(() => Array.from(document.querySelectorAll('.family-tree [data-person]')).filter((el) => (el as SVGElement).tabIndex === 0).length);
      expect(stops).toBe(1);

      // Enter opens Robin; Tab to "Add their mother", Enter, type, Enter: Mum and her line in one go.
      await casey.keyboard.press('Enter');
      await expect.poll(() => casey.evaluate(() => document.activeElement?.textContent), { timeout: WAIT_MS }).toBe('Robin’s family');
      await casey.keyboard.press('Tab');
      await expect.poll(() => casey.evaluate(() => document.activeElement?.textContent)).toBe('Add their mother');
      await casey.keyboard.press('Enter');
      await casey.getByRole('form', { name: 'Add Robin’s mother' }).getByRole('textbox', { name: 'Name' }).waitFor({ timeout: WAIT_MS });
      await casey.keyboard.type('Mum');
      await casey.keyboard.press('Enter');
      await tree.getByRole('button', { name: 'Mum, Robin’s mum, not in touch' }).waitFor({ timeout: WAIT_MS });
      await expect.poll(() => casey.evaluate(() => document.activeElement?.textContent)).toBe('Add their mother');
      await people.getByRole('region', { name: 'Robin’s family' }).getByText('Mum’s child', { exact: true }).waitFor({ timeout: WAIT_MS });

      // Aunt Jo, on her own device with the mouse or a finger, sees Mum at once and adds Gran as Mum's mother, and herself as Mum's sister.
      const press = (locator: ReturnType<Page['locator']>) => (width < 500 ? locator.tap() : locator.click());
      const joPeople = jo.getByRole('region', { name: 'My people' });
      await press(joPeople.getByRole('button', { name: 'Family tree', exact: true }));
      const joTree = joPeople.getByRole('group', { name: 'Family tree of Robin' });
      const joMum = joTree.getByRole('button', { name: 'Mum, Robin’s mum, not in touch' });
      await joMum.waitFor({ timeout: WAIT_MS });
      await press(joMum);
      const mumsFamily = joPeople.getByRole('region', { name: 'Mum’s family' });
      await press(mumsFamily.getByRole('button', { name: 'Add their mother' }));
      const addGran = jo.getByRole('form', { name: 'Add Mum’s mother' });
      await addGran.getByRole('textbox', { name: 'Name' }).fill('Gran');
      await press(addGran.getByRole('button', { name: 'Add Mum’s mother' }));
      await press(mumsFamily.getByRole('button', { name: 'Add their sister' }));
      const addJo = jo.getByRole('form', { name: 'Add Mum’s sister' });
      await addJo.getByRole('textbox', { name: 'Name' }).fill('Jo');
      await press(addJo.getByRole('button', { name: 'Add Mum’s sister' }));
      await joTree.getByRole('button', { name: /^Jo, Robin’s aunt, .*Mum’s sister/ }).waitFor({ timeout: WAIT_MS });
      // …and Mum's partner Dee, then changes that to a former partner (the tree draws // across their line).
      await press(mumsFamily.getByRole('button', { name: 'Add their partner' }));
      const addDee = jo.getByRole('form', { name: 'Add Mum’s partner' });
      await addDee.getByRole('textbox', { name: 'Name' }).fill('Dee');
      await press(addDee.getByRole('button', { name: 'Add Mum’s partner' }));
      await mumsFamily.getByRole('combobox', { name: 'What “Dee’s partner” is' }).selectOption('formerPartner');
      await mumsFamily.getByText('Dee’s former partner', { exact: true }).waitFor({ timeout: WAIT_MS });
      await joTree.getByRole('button', { name: /^Dee, Robin’s step-parent, Mum’s former partner/ }).waitFor({ timeout: WAIT_MS });

      // Both see both: the coordinator's tree and list have Gran and Jo, Jo's has Mum.
      await tree.getByRole('button', { name: /^Gran, Robin’s gran, .*Mum’s mother/ }).waitFor({ timeout: WAIT_MS });
      await tree.getByRole('button', { name: /^Jo, Robin’s aunt, .*Mum’s sister/ }).waitFor({ timeout: WAIT_MS });
      await joTree.getByRole('button', { name: /^Gran, Robin’s gran, .*Mum’s mother/ }).waitFor({ timeout: WAIT_MS });
      await mumsFamily.getByText('Gran’s daughter', { exact: true }).waitFor({ timeout: WAIT_MS });
      // Three generations in three rows, top to bottom.
      const top = async (page: Page, name: RegExp) => (await page.getByRole('group', { name: 'Family tree of Robin' }).getByRole('button', { name }).boundingBox())!.y;
      const [granY, mumY, robinY] = [await top(casey, /^Gran,/), await top(casey, /^Mum,/), await top(casey, /^Robin,/)];
      expect(granY).toBeLessThan(mumY);
      // Mum's sister was added with Mum's mother as hers too: she hangs from Gran, in Mum's row.
      expect(await top(casey, /^Jo,/)).toBe(mumY);
      expect(mumY).toBeLessThan(robinY);
      // A person is a target of at least 44 px on a touch screen, 24 px otherwise.
      const mumBox = await tree.getByRole('button', { name: /^Mum,/ }).boundingBox();
      expect(Math.min(mumBox!.width, mumBox!.height)).toBeGreaterThanOrEqual(width < 500 ? 44 : 24);

      // Keyboard up the generations along the lines: Robin ↑ Mum ↑ Gran, ↓ to a daughter, → or ← to her sister Jo.
      await people.getByRole('button', { name: 'Family tree', exact: true }).focus();
      await casey.keyboard.press('Tab');
      expect(await focusedPerson(casey)).toBe('Robin, the young person, Mum’s child');
      await pressTo(casey, 'ArrowUp', /^Mum, Robin’s mum, .*Gran’s daughter/);
      await pressTo(casey, 'ArrowUp', /^Gran, Robin’s gran, .*Mum’s mother/);
      // Down from Gran to one of her daughters (Mum or Jo, whichever the line order gives first).
      await pressTo(casey, 'ArrowDown', /^(Mum|Jo), /);
      const joBox = await tree.getByRole('button', { name: /^Jo,/ }).boundingBox();
      const mumNow = await tree.getByRole('button', { name: /^Mum,/ }).boundingBox();
      // Past Dee, if she is between them.
      const towardsJo = joBox!.x > mumNow!.x ? 'ArrowRight' : 'ArrowLeft';
      for (let i = 0; i < 3 && !(await focusedPerson(casey))?.startsWith('Jo, '); i += 1) await casey.keyboard.press(towardsJo);
      expect(await focusedPerson(casey)).toMatch(/^Jo, /);
      await casey.locator('.family-tree .map-viewport').screenshot({ path: `/tmp/llb-tree-${width}.png` });

      // A loop of parents is refused in the board's own sentence: Gran as Mum's child, from Mum's panel.
      const towardsMum = towardsJo === 'ArrowRight' ? 'ArrowLeft' : 'ArrowRight';
      for (let i = 0; i < 3 && !(await focusedPerson(casey))?.startsWith('Mum, '); i += 1) await casey.keyboard.press(towardsMum);
      expect(await focusedPerson(casey)).toMatch(/^Mum, /);
      await casey.keyboard.press('Enter');
      const caseyMum = people.getByRole('region', { name: 'Mum’s family' });
      await caseyMum.getByRole('button', { name: 'Add a relationship to someone already here' }).focus();
      await casey.keyboard.press('Enter');
      const link = casey.getByRole('form', { name: 'Add a relationship for Mum' });
      await link.getByRole('combobox', { name: 'Mum is…' }).selectOption({ label: 'a parent of' });
      await link.getByRole('combobox', { name: 'Who' }).selectOption({ label: 'Gran' });
      await link.getByRole('button', { name: 'Add this relationship' }).focus();
      await casey.keyboard.press('Enter');
      await caseyMum.getByText('That would make someone their own parent or grandparent: check who is whose parent.').waitFor({ timeout: WAIT_MS });
      // …and a relationship that can stand is added and can be changed and removed (into Removed).
      await link.getByRole('combobox', { name: 'Mum is…' }).selectOption({ label: 'a friend of' });
      await link.getByRole('combobox', { name: 'Who' }).selectOption({ label: 'Gran' });
      await link.getByRole('button', { name: 'Add this relationship' }).focus();
      await casey.keyboard.press('Enter');
      await caseyMum.getByText('Gran’s friend', { exact: true }).waitFor({ timeout: WAIT_MS });
      await caseyMum.getByRole('combobox', { name: 'What “Gran’s friend” is' }).selectOption('other');
      await caseyMum.getByText('Gran’s relation', { exact: true }).waitFor({ timeout: WAIT_MS });
      await caseyMum.getByRole('button', { name: 'Remove “Gran’s relation”' }).focus();
      await casey.keyboard.press('Enter');
      await expect.poll(() => caseyMum.getByText('Gran’s relation', { exact: true }).count(), { timeout: WAIT_MS }).toBe(0);
      // It is in "Removed", where it can be put back.
      const removed = casey.getByRole('region', { name: /^Removed/ });
      await removed.getByRole('heading', { name: /^Removed/ }).waitFor({ timeout: WAIT_MS });
      await casey.locator('.removed-section summary').focus();
      await casey.keyboard.press('Enter');
      await removed.getByRole('button', { name: 'Put back: Relationship: Mum and Gran: other' }).focus();
      await casey.keyboard.press('Enter');
      await caseyMum.getByText('Gran’s relation', { exact: true }).waitFor({ timeout: WAIT_MS });
      await people.screenshot({ path: `/tmp/llb-tree-section-${width}.png` });

      // The list's cards say each person's family too.
      await people.getByRole('button', { name: 'List', exact: true }).focus();
      await casey.keyboard.press('Enter');
      await people.getByRole('listitem').filter({ hasText: /^Jo/ }).getByText(/^Family: .*Mum’s sister/).waitFor({ timeout: WAIT_MS });
      await people.getByRole('button', { name: 'Family tree', exact: true }).focus();
      await casey.keyboard.press('Enter');

      // Escape leaves the tree, back to the switch.
      await tree.getByRole('button', { name: /^Gran,/ }).focus();
      await casey.keyboard.press('Escape');
      await expect.poll(() => casey.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Family tree');

      // The same facts as a table, with each person's relationships.
      await people.getByText('The family tree as a table').focus();
      await casey.keyboard.press('Enter');
      const table = people.getByRole('table', { name: 'Robin’s family tree' });
      await expect(table.getByRole('row', { name: /^Jo / }).getByRole('cell').nth(1).textContent()).resolves.toMatch(/Mum’s sister/);
      expect(await accessibilityProblems(casey)).toEqual([]);
      expect(await accessibilityProblems(jo)).toEqual([]);
      await jo.locator('.family-tree .map-viewport').screenshot({ path: `/tmp/llb-tree-jo-${width}.png` });

      // The room's screen shows the tree while the coordinator's board shows it.
      const tv = await newPage(1920);
      await tv.setViewportSize({ width: 1920, height: 1080 });
      await tv.goto(screenUrl);
      await tv.waitForURL(/\/board\/[^/#?]+$/, { timeout: WAIT_MS });
      const onTv = tv.getByRole('img', { name: /^Family tree of Robin: .*Gran, Robin’s gran, [^;]*Mum’s mother/ });
      await onTv.waitFor({ timeout: WAIT_MS });
      expect(await accessibilityProblems(tv)).toEqual([]);
      if (width === 1280) await tv.screenshot({ path: '/tmp/llb-tree-tv.png' });
      for (const context of contexts.splice(0)) await context.close();
    }, 120_000);
  }
});
