// Invites that last the journey, against real servers: a relationship kept with each invite (how
// the plan names them), new links for the same people in one step before a review, and links sent
// by email or text message through a real SMTP server and a stand-in for GOV.UK Notify on loopback,
// where a refusal or a service that never answers is said plainly and the link still works.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPerson, readBoard } from '../../../shared/board.ts';
import { ApiClient, createConference, invite, join, setupCoordinator } from '../../helpers/api.ts';
import { connect } from '../../helpers/client.ts';
import { NOTIFY_DOWN, startNotifyStandIn, TEAM_ONLY, type NotifyStandIn } from '../../helpers/notifyStandIn.ts';
import { startServer, type TestServer } from '../../helpers/server.ts';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtpSink.ts';
import { waitFor } from '../../helpers/wait.ts';

const SERVICE_ID = randomUUID();
const NOTIFY_KEY = `lifelong_links_test-${SERVICE_ID}-${randomUUID()}`;
const EMAIL_TEMPLATE = randomUUID();
const SMS_TEMPLATE = randomUUID();
const ADDRESS = 'aunt.jo.invented@example.org';
const PHONE = '07700 900456';

let sink: SmtpSink;
let notify: NotifyStandIn;
/** A server that sends email through the SMTP sink (and has no text messages). */
let smtpServer: TestServer;
let smtpCoordinator: ApiClient;
/** A server that sends email and text messages through the Notify stand-in. */
let notifyServer: TestServer;
let notifyCoordinator: ApiClient;

beforeAll(async () => {
  sink = await startSmtpSink();
  notify = await startNotifyStandIn(NOTIFY_KEY, {
    [EMAIL_TEMPLATE]: { type: 'email', subject: 'Your link', body: 'Hello ((name)), ((young_person)) ((link))' },
    [SMS_TEMPLATE]: { type: 'sms', body: 'Hello ((name)), ((young_person)) ((link))' },
  });
  smtpServer = await startServer({ env: { SMTP_URL: sink.url, SMTP_FROM: 'Lifelong Links <no-reply@example.org>', LOG_LEVEL: 'info' } });
  smtpCoordinator = await setupCoordinator(smtpServer);
  notifyServer = await startServer({
    env: { NOTIFY_API_KEY: NOTIFY_KEY, NOTIFY_BASE_URL: notify.url, NOTIFY_EMAIL_TEMPLATE_ID: EMAIL_TEMPLATE, NOTIFY_SMS_TEMPLATE_ID: SMS_TEMPLATE, MESSAGE_TIMEOUT_SECONDS: '1', LOG_LEVEL: 'info' },
  });
  notifyCoordinator = await setupCoordinator(notifyServer);
});

afterAll(async () => {
  await smtpServer?.stop();
  await notifyServer?.stop();
  await sink?.close();
  await notify?.close();
});

async function listed(api: ApiClient, conferenceId: string, inviteId: string): Promise<Record<string, unknown>> {
  const list = await api.get(`/api/conferences/${conferenceId}/invites`);
  const found = list.json.find((i) => i.id === inviteId);
  if (!found) throw new Error('invite not listed');
  return found;
}

describe('invites that last the journey', () => {
  it('keeps each person’s relationship to the young person, and lets the coordinator correct it', async () => {
    const id = await createConference(smtpCoordinator, 'Relationships');
    const made = await smtpCoordinator.post(`/api/conferences/${id}/invites`, { displayName: 'Aunt Jo', role: 'network', relationship: 'Aunt' });
    expect(made.status).toBe(201);
    expect(await listed(smtpCoordinator, id, String(made.json.id))).toMatchObject({ displayName: 'Aunt Jo', relationship: 'Aunt' });
    const changed = await smtpCoordinator.request('PATCH', `/api/conferences/${id}/invites/${String(made.json.id)}`, { relationship: 'Great-aunt' });
    expect(changed.status).toBe(200);
    expect(await listed(smtpCoordinator, id, String(made.json.id))).toMatchObject({ role: 'network', relationship: 'Great-aunt' });
    const history = (await smtpCoordinator.get(`/api/conferences/${id}/history`)).json as unknown as Array<{ what: string }>;
    expect(history.map((l) => l.what)).toContain('changed how Aunt Jo’s relationship to the young person is written');
    const bad = await smtpCoordinator.post(`/api/conferences/${id}/invites`, { displayName: 'Someone', role: 'network', relationship: 'x'.repeat(81) });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toContain('relationship: must be at most 80 characters');
  });

  it('re-invites the same people in one step before a review: new links, same people, what they added still theirs', async () => {
    const id = await createConference(smtpCoordinator, 'Review invites');
    const jo = await invite(smtpCoordinator, id, 'network', 'Aunt Jo');
    const robin = await invite(smtpCoordinator, id, 'youngPerson', 'Robin');
    const joApi = await join(smtpServer, jo.token);
    const joBoard = await connect(joApi, id);
    addPerson(joBoard.doc, { displayName: 'Gran', relationship: 'Gran', circle: 'family', connection: 'direct', atConference: true });
    await waitFor('Gran to be stored', async () => Object.keys((await smtpCoordinator.get(`/api/conferences/${id}/authors`)).json).length > 0);
    const res = await smtpCoordinator.post(`/api/conferences/${id}/invites/reinvite`, { inviteIds: [jo.id, robin.id] });
    expect(res.status).toBe(201);
    const links = res.json.invites as unknown as Array<{ id: string; displayName: string; role: string; url: string }>;
    expect(links.map((l) => [l.id, l.displayName, l.role])).toEqual([
      [jo.id, 'Aunt Jo', 'network'],
      [robin.id, 'Robin', 'youngPerson'],
    ]);
    // The old links and the device signed in with them stop at once; the new ones work, as the same people.
    await waitFor('Jo’s old board to close', () => joBoard.closes.length > 0);
    joBoard.destroy();
    expect((await joApi.get('/api/me')).status).toBe(401);
    expect((await new ApiClient(smtpServer.url).post('/api/join', { token: jo.token })).status).toBe(404);
    const again = await join(smtpServer, links[0]!.url.split('#')[1]!);
    expect((await again.get('/api/me')).json).toMatchObject({ participantId: jo.id, displayName: 'Aunt Jo' });
    const authors = (await smtpCoordinator.get(`/api/conferences/${id}/authors`)).json as unknown as Record<string, { addedBy: string }>;
    expect(Object.values(authors).map((a) => a.addedBy)).toContain(jo.id);
    const board = await connect(again, id);
    expect(readBoard(board.doc).people.map((p) => p.displayName)).toEqual(['Gran']);
    board.destroy();
  });

  it('refuses to re-invite a withdrawn person, changing nobody’s link', async () => {
    const id = await createConference(smtpCoordinator, 'Withdrawn');
    const jo = await invite(smtpCoordinator, id, 'network', 'Aunt Jo');
    const ray = await invite(smtpCoordinator, id, 'network', 'Uncle Ray');
    expect((await smtpCoordinator.request('DELETE', `/api/conferences/${id}/invites/${ray.id}`)).status).toBe(204);
    const res = await smtpCoordinator.post(`/api/conferences/${id}/invites/reinvite`, { inviteIds: [jo.id, ray.id] });
    expect(res.status).toBe(409);
    expect(res.json.error).toBe('Uncle Ray’s invite was withdrawn, so they cannot be re-invited: invite them afresh if they should come back.');
    // Jo's link still works: nothing was done.
    expect((await new ApiClient(smtpServer.url).post('/api/join', { token: jo.token })).status).toBe(200);
    const elsewhere = await createConference(smtpCoordinator, 'Elsewhere');
    expect((await smtpCoordinator.post(`/api/conferences/${elsewhere}/invites/reinvite`, { inviteIds: [jo.id] })).status).toBe(404);
    expect((await smtpCoordinator.post(`/api/conferences/${id}/invites/reinvite`, { inviteIds: [] })).status).toBe(400);
  });
});

describe('sending a link by email or text message', () => {
  it('says which ways of sending this server has', async () => {
    expect((await smtpCoordinator.get('/api/me')).json).toMatchObject({ sending: { email: true, text: false } });
    expect((await notifyCoordinator.get('/api/me')).json).toMatchObject({ sending: { email: true, text: true } });
  });

  it('emails the person their own link through the mail server, and puts it on the record without the address', async () => {
    const id = await createConference(smtpCoordinator, 'By email');
    const jo = await invite(smtpCoordinator, id, 'network', 'Aunt Jo');
    const before = sink.messages.length;
    const sent = await smtpCoordinator.post(`/api/conferences/${id}/invites/${jo.id}/send`, { channel: 'email', to: ADDRESS, token: jo.token });
    expect(sent.status).toBe(200);
    expect(sent.json).toEqual({ sent: true, channel: 'email' });
    const mail = sink.messages[before]!;
    expect(mail.rcptTo).toEqual([ADDRESS]);
    expect(mail.parsed.subject).toBe("Your link to Robin's Lifelong Links board");
    expect(mail.parsed.text?.split(jo.url).length).toBe(2);
    // The link in the email works.
    expect((await new ApiClient(smtpServer.url).post('/api/join', { token: jo.token })).status).toBe(200);
    const history = (await smtpCoordinator.get(`/api/conferences/${id}/history`)).json as unknown as Array<{ what: string }>;
    expect(history.map((l) => l.what)).toContain('sent Aunt Jo their link by email');
    expect(smtpServer.output()).not.toContain(ADDRESS);
    expect(smtpServer.output()).not.toContain(jo.token);
  });

  it('refuses a bad address, a link that is not the person’s own, a withdrawn invite and a way not set up, sending nothing', async () => {
    const id = await createConference(smtpCoordinator, 'Refusals');
    const jo = await invite(smtpCoordinator, id, 'network', 'Aunt Jo');
    const other = await invite(smtpCoordinator, id, 'network', 'Someone else');
    const before = sink.messages.length;
    const send = (body: Record<string, unknown>, inviteId = jo.id) => smtpCoordinator.post(`/api/conferences/${id}/invites/${inviteId}/send`, body);
    const bad = await send({ channel: 'email', to: 'not an address', token: jo.token });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toBe('The email could not be sent: that is not an email address. Check it and try again.');
    const notTheirs = await send({ channel: 'email', to: ADDRESS, token: other.token });
    expect(notTheirs.status).toBe(409);
    expect(notTheirs.json.error).toMatch(/no longer this person’s link/);
    const text = await send({ channel: 'text', to: PHONE, token: jo.token });
    expect(text.status).toBe(409);
    expect(text.json.error).toBe('Sending by text message is not set up on this server.');
    expect((await send({ channel: 'pigeon', to: ADDRESS, token: jo.token })).status).toBe(400);
    expect((await smtpCoordinator.request('DELETE', `/api/conferences/${id}/invites/${jo.id}`)).status).toBe(204);
    expect((await send({ channel: 'email', to: ADDRESS, token: jo.token })).status).toBe(409);
    expect(sink.messages.length).toBe(before);
  });

  it('says so plainly when the mail server refuses or does not answer, and the link still works to copy', async () => {
    const id = await createConference(smtpCoordinator, 'Mail trouble');
    const jo = await invite(smtpCoordinator, id, 'network', 'Aunt Jo');
    sink.answerWith({ kind: 'refuseRecipients' });
    try {
      const refused = await smtpCoordinator.post(`/api/conferences/${id}/invites/${jo.id}/send`, { channel: 'email', to: ADDRESS, token: jo.token });
      expect(refused.status).toBe(422);
      expect(refused.json.error).toBe('The email could not be sent: the address was refused.');
    } finally {
      sink.answerWith({ kind: 'accept' });
    }
    expect((await new ApiClient(smtpServer.url).post('/api/join', { token: jo.token })).status).toBe(200);
  });

  it('sends email and text messages through GOV.UK Notify with the person’s name, the young person’s first name and their link', async () => {
    const id = await createConference(notifyCoordinator, 'Through Notify');
    const jo = await invite(notifyCoordinator, id, 'network', 'Aunt Jo');
    const before = notify.accepted.length;
    for (const [channel, to] of [['email', ADDRESS], ['text', PHONE]] as const) {
      const sent = await notifyCoordinator.post(`/api/conferences/${id}/invites/${jo.id}/send`, { channel, to, token: jo.token });
      expect(sent.status, channel).toBe(200);
    }
    expect(notify.accepted.slice(before).map((m) => [m.type, m.to, m.templateId, m.personalisation])).toEqual([
      ['email', ADDRESS, EMAIL_TEMPLATE, { name: 'Aunt Jo', young_person: 'Robin', link: jo.url }],
      ['sms', PHONE, SMS_TEMPLATE, { name: 'Aunt Jo', young_person: 'Robin', link: jo.url }],
    ]);
  });

  it('says so plainly when Notify refuses or does not answer in time, and the link still works to copy', async () => {
    const id = await createConference(notifyCoordinator, 'Notify trouble');
    const jo = await invite(notifyCoordinator, id, 'network', 'Aunt Jo');
    const send = () => notifyCoordinator.post(`/api/conferences/${id}/invites/${jo.id}/send`, { channel: 'text', to: PHONE, token: jo.token });
    try {
      notify.answerWith(TEAM_ONLY);
      const teamOnly = await send();
      expect(teamOnly.status).toBe(502);
      expect(teamOnly.json.error).toMatch(/^The text message could not be sent: GOV.UK Notify only sends to the service’s own team/);
      notify.answerWith(NOTIFY_DOWN);
      expect((await send()).status).toBe(502);
      notify.answerWith({ kind: 'hang' });
      const started = Date.now();
      const slow = await send();
      expect(slow.status).toBe(504);
      expect(slow.json.error).toBe('The text message could not be sent: GOV.UK Notify did not answer in time.');
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      notify.answerWith({ kind: 'accept' });
    }
    expect((await new ApiClient(notifyServer.url).post('/api/join', { token: jo.token })).status).toBe(200);
    expect(notifyServer.output()).not.toContain(PHONE);
  });
});
