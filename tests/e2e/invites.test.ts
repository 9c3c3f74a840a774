// End to end in a real Chromium, as the coordinator: inviting people with their relationship to the
// young person (the form starting afresh after each link), sending a link by email through a real
// SMTP server, a bad address said plainly with the link still there, correcting a relationship, and
// after the plan is agreed and reopened for the review, new links for everyone in one step — the
// old links stop, the new ones join as the same people. At 1280 px, and the forms at 390 px.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { addOffer, addPerson, giveYes, readBoard, setMeta } from '../../shared/board.ts';
import { ApiClient, createConference, invite, join, setupCoordinator } from '../helpers/api.ts';
import { accessibilityProblems } from '../helpers/axe.ts';
import { launchChromium, openDevice, signInAsCoordinator } from '../helpers/browser.ts';
import { connect, type BoardClient } from '../helpers/client.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtpSink.ts';
import { storedDoc } from '../helpers/stored.ts';
import { waitFor } from '../helpers/wait.ts';
import { saidBy } from '../helpers/yes.ts';

const WAIT_MS = 10_000;
const JO_ADDRESS = 'aunt.jo.invented@example.org';

let sink: SmtpSink;
let server: TestServer;
let coordinatorApi: ApiClient;
let browser: Browser;
let conferenceId: string;
let casey: Page;
const contexts: BrowserContext[] = [];
const clients: BoardClient[] = [];
/** The links each person was first given, by name, as the screen showed them. */
const firstLinks = new Map<string, string>();

async function newPage(width = 1280, height = 900): Promise<Page> {
  return (await openDevice(browser, contexts, { width, height })).page;
}

const tokenOf = (url: string) => url.slice(url.indexOf('#') + 1);
const joinStatus = async (url: string) => (await new ApiClient(server.url).post('/api/join', { token: tokenOf(url) })).status;
const conferencePage = () => `${server.url}/conferences/${conferenceId}`;
const inviteForm = (page: Page) => page.getByRole('form', { name: 'Invite someone' });

/** Fills the invite form as the coordinator would and makes the link; returns the link shown once. */
async function inviteOnScreen(page: Page, person: { name: string; role: string; relationship?: string; roomScreen?: boolean }): Promise<string> {
  const form = inviteForm(page);
  await form.getByRole('textbox', { name: 'Their name, as others will see it' }).fill(person.name);
  await form.getByRole('combobox', { name: 'They are' }).selectOption(person.role);
  if (person.relationship !== undefined) await form.getByRole('textbox', { name: /^Their relationship to Robin/ }).fill(person.relationship);
  if (person.roomScreen === true) await form.getByRole('checkbox', { name: /This is the room’s screen/ }).check();
  await form.getByRole('button', { name: 'Make invite link' }).click();
  const panel = page.getByRole('region', { name: `Invite link for ${person.name}` });
  const url = await panel.getByRole('textbox', { name: 'Invite link' }).inputValue({ timeout: WAIT_MS });
  expect(url).toMatch(/\/join#[A-Za-z0-9_-]+$/);
  return url;
}

/** After "Done": the form is back with every field at its start. */
async function expectFormAfresh(page: Page): Promise<void> {
  const form = inviteForm(page);
  await form.waitFor({ timeout: WAIT_MS });
  await expect(form.getByRole('textbox', { name: 'Their name, as others will see it' }).inputValue()).resolves.toBe('');
  await expect(form.getByRole('combobox', { name: 'They are' }).inputValue()).resolves.toBe('network');
  await expect(form.getByRole('textbox', { name: /^Their relationship to Robin/ }).inputValue()).resolves.toBe('');
  await expect(form.getByRole('checkbox').count()).resolves.toBe(0);
}

beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startServer({ env: { SMTP_URL: sink.url, SMTP_FROM: 'Lifelong Links <no-reply@example.org>' } });
  coordinatorApi = await setupCoordinator(server);
  conferenceId = await createConference(coordinatorApi, 'Robin’s Lifelong Links conference');
  browser = await launchChromium();
  casey = await newPage();
  await signInAsCoordinator(casey, server.url);
  await casey.goto(conferencePage());
  await inviteForm(casey).waitFor({ timeout: WAIT_MS });
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
  await sink?.close();
});

describe('inviting people and sending their links', () => {
  it('invites Aunt Jo with her role and relationship, then starts the form afresh', async () => {
    await inviteForm(casey).getByRole('textbox', { name: 'Their relationship to Robin (optional)' }).waitFor({ timeout: WAIT_MS });
    await inviteForm(casey).getByRole('textbox', { name: 'Their name, as others will see it' }).fill('Aunt Jo');
    await inviteForm(casey).getByRole('combobox', { name: 'They are' }).selectOption('carer');
    await inviteForm(casey).getByRole('textbox', { name: /^Their relationship to Robin/ }).fill('Aunt');
    await casey.screenshot({ path: '/tmp/llb-invites-form.png', fullPage: true });
    expect(await accessibilityProblems(casey)).toEqual([]);
    await inviteForm(casey).getByRole('button', { name: 'Make invite link' }).click();

    const panel = casey.getByRole('region', { name: 'Invite link for Aunt Jo' });
    const url = await panel.getByRole('textbox', { name: 'Invite link' }).inputValue({ timeout: WAIT_MS });
    firstLinks.set('Aunt Jo', url);
    // The link panel takes the focus, so a screen reader hears it at once.
    expect(await casey.evaluate(() => document.activeElement?.textContent)).toBe('Invite link for Aunt Jo');
    await panel.getByRole('button', { name: 'Send it by email' }).waitFor({ timeout: WAIT_MS });
    // This server sends email only: no text-message button.
    await expect(panel.getByRole('button', { name: /Send it by text message/ }).count()).resolves.toBe(0);
    await casey.screenshot({ path: '/tmp/llb-invites-link.png', fullPage: true });
    expect(await accessibilityProblems(casey)).toEqual([]);

    // In the list: her role and her relationship to Robin.
    const row = casey.getByRole('listitem').filter({ hasText: 'Aunt Jo' });
    await row.getByText('Relationship to Robin: Aunt').waitFor({ timeout: WAIT_MS });
    expect(await row.textContent()).toContain('Aunt Jo · Carer');
  });

  it('emails Aunt Jo her own link, and says so on screen', async () => {
    const url = firstLinks.get('Aunt Jo') ?? '';
    const panel = casey.getByRole('region', { name: 'Invite link for Aunt Jo' });
    const before = sink.messages.length;
    await panel.getByRole('button', { name: 'Send it by email' }).click();
    const address = panel.getByRole('textbox', { name: 'Their email address' });
    // The field takes the focus as it opens.
    await expect.poll(() => address.evaluate((el) => el === document.activeElement)).toBe(true);
    await address.fill(JO_ADDRESS);
    await casey.screenshot({ path: '/tmp/llb-invites-send-form.png', fullPage: true });
    expect(await accessibilityProblems(casey)).toEqual([]);
    await panel.getByRole('button', { name: 'Send', exact: true }).click();
    await panel.getByRole('status').filter({ hasText: `Sent to ${JO_ADDRESS}.` }).waitFor({ timeout: WAIT_MS });
    // Focus goes back to the button that opened the form.
    expect(await casey.evaluate(() => document.activeElement?.textContent)).toBe('Send it by email');

    await waitFor('the email to arrive', () => sink.messages.length > before);
    const mail = sink.messages[before];
    expect(mail?.rcptTo).toEqual([JO_ADDRESS]);
    // The exact link, once, and nothing longer that starts with it.
    const text = mail?.parsed.text ?? '';
    expect(text.split(url).length).toBe(2);
    expect(text).toMatch(new RegExp(`${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|$)`));
    // The link still works for Jo, and is still on screen.
    await expect(panel.getByRole('textbox', { name: 'Invite link' }).inputValue()).resolves.toBe(url);
    await casey.screenshot({ path: '/tmp/llb-invites-sent.png', fullPage: true });
    expect(await accessibilityProblems(casey)).toEqual([]);
  });

  it('says plainly when an address is wrong, and keeps the link to copy', async () => {
    const url = firstLinks.get('Aunt Jo') ?? '';
    const panel = casey.getByRole('region', { name: 'Invite link for Aunt Jo' });
    const before = sink.messages.length;
    await panel.getByRole('button', { name: 'Send it by email' }).click();
    await panel.getByRole('textbox', { name: 'Their email address' }).fill('aunt jo at example');
    await panel.getByRole('button', { name: 'Send', exact: true }).click();
    await panel
      .getByRole('alert')
      .filter({ hasText: 'The email could not be sent: that is not an email address. Check it and try again. You can still copy the link and send it yourself.' })
      .waitFor({ timeout: WAIT_MS });
    // The address stays to correct; the link and Copy stay.
    await expect(panel.getByRole('textbox', { name: 'Their email address' }).inputValue()).resolves.toBe('aunt jo at example');
    await expect(panel.getByRole('textbox', { name: 'Invite link' }).inputValue()).resolves.toBe(url);
    await panel.getByRole('button', { name: 'Copy link' }).waitFor();
    expect(sink.messages.length).toBe(before);
    await casey.screenshot({ path: '/tmp/llb-invites-bad-address.png', fullPage: true });
    expect(await accessibilityProblems(casey)).toEqual([]);

    await panel.getByRole('button', { name: 'Cancel' }).click();
    await panel.getByRole('button', { name: 'Done' }).click();
    await expectFormAfresh(casey);
    // Back to the name field, ready for the next person.
    expect(await casey.evaluate(() => document.activeElement?.id)).toBe(
      await inviteForm(casey).getByRole('textbox', { name: 'Their name, as others will see it' }).getAttribute('id'),
    );
  });

  it('invites a second person and the room’s screen, each time from a fresh form', async () => {
    firstLinks.set('Priya Shah', await inviteOnScreen(casey, { name: 'Priya Shah', role: 'professional', relationship: 'Social worker' }));
    await casey.getByRole('region', { name: 'Invite link for Priya Shah' }).getByRole('button', { name: 'Done' }).click();
    await expectFormAfresh(casey);
    firstLinks.set('The room’s screen', await inviteOnScreen(casey, { name: 'The room’s screen', role: 'observer', roomScreen: true }));
    await casey.getByRole('region', { name: 'Invite link for The room’s screen' }).getByRole('button', { name: 'Done' }).click();
    await expectFormAfresh(casey);
    // Choosing "Watching only" again shows the tick unticked: nothing is carried over from the last invite.
    await inviteForm(casey).getByRole('combobox', { name: 'They are' }).selectOption('observer');
    await expect(inviteForm(casey).getByRole('checkbox', { name: /This is the room’s screen/ }).isChecked()).resolves.toBe(false);
    await inviteForm(casey).getByRole('combobox', { name: 'They are' }).selectOption('network');
  });

  it('lets the coordinator correct a relationship in the list', async () => {
    const row = casey.getByRole('listitem').filter({ hasText: 'Aunt Jo' });
    await row.getByRole('button', { name: 'Change the relationship of Aunt Jo' }).click();
    const field = row.getByRole('textbox', { name: 'Aunt Jo’s relationship to Robin' });
    await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
    await expect(field.inputValue()).resolves.toBe('Aunt');
    await field.fill('Aunt (Mum’s sister)');
    await casey.screenshot({ path: '/tmp/llb-invites-relationship.png', fullPage: true });
    expect(await accessibilityProblems(casey)).toEqual([]);
    await row.getByRole('button', { name: 'Save relationship' }).click();
    await row.getByText('Relationship to Robin: Aunt (Mum’s sister)').waitFor({ timeout: WAIT_MS });
    const listed = (await coordinatorApi.get(`/api/conferences/${conferenceId}/invites`)).json;
    expect(listed.map((i) => [i.displayName, i.role, i.relationship])).toEqual([
      ['Aunt Jo', 'carer', 'Aunt (Mum’s sister)'],
      ['Priya Shah', 'professional', 'Social worker'],
      ['The room’s screen', 'observer', ''],
    ]);
    // The room's screen is nobody's relative: it is not asked for one.
    const screenRow = casey.getByRole('listitem').filter({ hasText: 'The room’s screen' });
    await screenRow.getByRole('button', { name: 'Change the role of The room’s screen' }).waitFor();
    await expect(screenRow.getByRole('button', { name: /relationship/ }).count()).resolves.toBe(0);
  });
});

describe('new links for the review meeting', () => {
  let joBoard: BoardClient;
  let joId: string;

  it('is offered once a version is agreed, and reopens for the review on screen', async () => {
    // Robin's own device, invited by the API as set-up; Aunt Jo's phone opens the link she was emailed.
    const robinInvite = await invite(coordinatorApi, conferenceId, 'youngPerson', 'Robin');
    firstLinks.set('Robin', robinInvite.url);
    const robinApi = await join(server, robinInvite.token);
    const joApi = await join(server, tokenOf(firstLinks.get('Aunt Jo') ?? ''));
    joId = String((await joApi.get('/api/me')).json.participantId);
    expect((await coordinatorApi.post(`/api/conferences/${conferenceId}/phase`, { phase: 'planning' })).status).toBe(200);
    const robin = await connect(robinApi, conferenceId);
    joBoard = await connect(joApi, conferenceId);
    const coordinator = await connect(coordinatorApi, conferenceId);
    clients.push(robin, joBoard, coordinator);
    const gran = addPerson(joBoard.doc, { displayName: 'Gran', relationship: 'Grandmother', circle: 'family', connection: 'direct', atConference: true });
    const tea = addOffer(joBoard.doc, { personId: gran, kind: 'visit', text: 'Tea at Gran’s', createdBy: joBoard.selfId });
    await waitFor('the offer to reach Robin', () => readBoard(robin.doc).offers.length === 1);
    giveYes(robin.doc, tea, saidBy(robin.selfId));
    setMeta(coordinator.doc, { reviewDate: '2027-06-01', contingencyNotNeeded: true });
    await waitFor('the yes and the review date to be stored', () => {
      const stored = readBoard(storedDoc(server, conferenceId));
      return stored.meta.reviewDate !== null && stored.offers.some((offer) => offer.column === 'agreed');
    });
    expect((await robinApi.post(`/api/conferences/${conferenceId}/agreements`)).status).toBe(201);
    expect((await coordinatorApi.post(`/api/conferences/${conferenceId}/lock`, {})).status).toBe(201);

    await casey.goto(conferencePage());
    const section = casey.getByRole('region', { name: 'New links for the review meeting' });
    await section.getByRole('button', { name: 'Choose who gets a new link' }).waitFor({ timeout: WAIT_MS });
    await casey.getByRole('button', { name: 'Reopen the plan for the review meeting' }).click();
    await casey.getByRole('textbox', { name: 'Why is it being reopened?' }).fill('The six-month review');
    await casey.getByRole('button', { name: 'Reopen for the review' }).click();
    await casey.getByText('Reviewing the plan').first().waitFor({ timeout: WAIT_MS });
    // Still offered once reopened: the review is when it is needed.
    await section.getByRole('button', { name: 'Choose who gets a new link' }).waitFor({ timeout: WAIT_MS });
    await casey.screenshot({ path: '/tmp/llb-invites-review.png', fullPage: true });
    expect(await accessibilityProblems(casey)).toEqual([]);
  });

  it('makes new links for everyone in one step: old links stop, new ones join as the same people', async () => {
    const section = casey.getByRole('region', { name: 'New links for the review meeting' });
    await section.getByRole('button', { name: 'Choose who gets a new link' }).click();
    const group = section.getByRole('group', { name: 'Who gets a new link' });
    const ticks = group.getByRole('checkbox');
    await expect(ticks.count()).resolves.toBe(4);
    for (const tick of await ticks.all()) expect(await tick.isChecked()).toBe(true);
    // Untick and tick again: the button counts who is ticked.
    await group.getByRole('checkbox', { name: /^Priya Shah/ }).uncheck();
    await section.getByRole('button', { name: 'Make new links for 3 people' }).waitFor();
    await group.getByRole('checkbox', { name: /^Priya Shah/ }).check();
    await section.getByText(/Their old links stop working straight away/).waitFor();
    await casey.screenshot({ path: '/tmp/llb-invites-reinvite-choose.png', fullPage: true });
    expect(await accessibilityProblems(casey)).toEqual([]);
    await section.getByRole('button', { name: 'Make new links for 4 people' }).click();

    await section.getByText('New links made for 4 people.').waitFor({ timeout: WAIT_MS });
    const newLinks = new Map<string, string>();
    for (const name of ['Aunt Jo', 'Priya Shah', 'The room’s screen', 'Robin']) {
      const panel = section.getByRole('region', { name: `Invite link for ${name}` });
      newLinks.set(name, await panel.getByRole('textbox', { name: 'Invite link' }).inputValue());
    }
    // Jo's phone, on the board with her old link, is signed out at once.
    await waitFor('Jo’s old board to close', () => joBoard.closes.length > 0);

    // Send one of the new links from here too.
    const before = sink.messages.length;
    const joPanel = section.getByRole('region', { name: 'Invite link for Aunt Jo' });
    await joPanel.getByRole('button', { name: 'Send it by email' }).click();
    await joPanel.getByRole('textbox', { name: 'Their email address' }).fill(JO_ADDRESS);
    await joPanel.getByRole('button', { name: 'Send', exact: true }).click();
    await joPanel.getByText(`Sent to ${JO_ADDRESS}.`).waitFor({ timeout: WAIT_MS });
    await waitFor('the new link’s email', () => sink.messages.length > before);
    expect((sink.messages[before]?.parsed.text ?? '').split(newLinks.get('Aunt Jo') ?? '-').length).toBe(2);
    await casey.screenshot({ path: '/tmp/llb-invites-reinvite-links.png', fullPage: true });
    expect(await accessibilityProblems(casey)).toEqual([]);

    // Every old link no longer joins; every new one does, as the same person.
    for (const [name, old] of firstLinks) expect(await joinStatus(old), `${name}'s old link`).toBe(404);
    const listed = (await coordinatorApi.get(`/api/conferences/${conferenceId}/invites`)).json;
    for (const [name, url] of newLinks) {
      const person = new ApiClient(server.url);
      const joined = await person.post('/api/join', { token: tokenOf(url) });
      expect(joined.status, `${name}'s new link`).toBe(200);
      expect(joined.json.participantId).toBe(listed.find((i) => i.displayName === name)?.id);
    }
    expect(listed.find((i) => i.displayName === 'Aunt Jo')?.id).toBe(joId);
    // What Jo added is still hers.
    const authors = (await coordinatorApi.get(`/api/conferences/${conferenceId}/authors`)).json as unknown as Record<string, { addedBy: string }>;
    expect(Object.values(authors).map((a) => a.addedBy)).toContain(joId);

    // Done with each link, one by one; then the section is as it was.
    for (const name of newLinks.keys()) await section.getByRole('region', { name: `Invite link for ${name}` }).getByRole('button', { name: 'Done' }).click();
    await section.getByRole('button', { name: 'Choose who gets a new link' }).waitFor({ timeout: WAIT_MS });
  });

  it('fits a 390 px phone: the invite form and the review’s new links', async () => {
    const phone = await newPage(390, 844);
    await signInAsCoordinator(phone, server.url);
    await phone.goto(conferencePage());
    await inviteForm(phone).getByRole('textbox', { name: 'Their name, as others will see it' }).fill('Grandad Ken');
    await inviteForm(phone).getByRole('textbox', { name: /^Their relationship to Robin/ }).fill('Grandad');
    const scrollWidth = () => phone.evaluate(() => document.scrollingElement?.scrollWidth ?? Infinity);
    expect(await scrollWidth()).toBeLessThanOrEqual(390);
    await inviteForm(phone).scrollIntoViewIfNeeded();
    await phone.screenshot({ path: '/tmp/llb-invites-form-390.png', fullPage: true });
    await inviteForm(phone).screenshot({ path: '/tmp/llb-invites-form-390-part.png' });
    expect(await accessibilityProblems(phone)).toEqual([]);

    await inviteForm(phone).getByRole('button', { name: 'Make invite link' }).click();
    const panel = phone.getByRole('region', { name: 'Invite link for Grandad Ken' });
    await panel.getByRole('button', { name: 'Send it by email' }).click();
    await panel.getByRole('textbox', { name: 'Their email address' }).waitFor({ timeout: WAIT_MS });
    expect(await scrollWidth()).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: '/tmp/llb-invites-link-390.png', fullPage: true });
    await panel.screenshot({ path: '/tmp/llb-invites-link-390-part.png' });
    expect(await accessibilityProblems(phone)).toEqual([]);
    await panel.getByRole('button', { name: 'Done' }).click();

    const section = phone.getByRole('region', { name: 'New links for the review meeting' });
    await section.getByRole('button', { name: 'Choose who gets a new link' }).click();
    await section.getByRole('button', { name: 'Make new links for 5 people' }).waitFor({ timeout: WAIT_MS });
    expect(await scrollWidth()).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: '/tmp/llb-invites-reinvite-390.png', fullPage: true });
    await section.screenshot({ path: '/tmp/llb-invites-reinvite-390-part.png' });
    expect(await accessibilityProblems(phone)).toEqual([]);
    await section.getByRole('button', { name: 'Cancel' }).click();
    await section.getByRole('button', { name: 'Choose who gets a new link' }).waitFor();
  });
});
