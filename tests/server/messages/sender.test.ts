// Sending an invite link against real counterparts on loopback: a GOV.UK Notify stand-in that checks
// tokens as Notify does, and a real SMTP server. What arrives, what each failure is called, and that
// no address, name, link or secret reaches an error or a log line.

import { randomBytes, randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { MessagesConfig } from '../../../server/config.ts';
import { createLogger } from '../../../server/log.ts';
import { createLinkSender } from '../../../server/messages/linkSender.ts';
import type { LinkMessage, SendResult } from '../../../server/messages/types.ts';
import { freePort } from '../../helpers/careReceiver.ts';
import { NOTIFY_DOWN, startNotifyStandIn, TEAM_ONLY } from '../../helpers/notifyStandIn.ts';
import type { NotifyStandIn, StandInTemplate } from '../../helpers/notifyStandIn.ts';
import { startSmtpSink } from '../../helpers/smtpSink.ts';
import type { SmtpSink } from '../../helpers/smtpSink.ts';

const TIMEOUT_MS = 300;
const SERVICE_ID = randomUUID();
const SECRET_KEY = randomUUID();
const API_KEY = `lifelong_links_test-${SERVICE_ID}-${SECRET_KEY}`;
const EMAIL_TEMPLATE = randomUUID();
const SMS_TEMPLATE = randomUUID();
const TEMPLATES: Record<string, StandInTemplate> = {
  [EMAIL_TEMPLATE]: { type: 'email', subject: 'Your link to ((young_person))’s Lifelong Links board', body: 'Hello ((name)),\n\n((link))' },
  [SMS_TEMPLATE]: { type: 'sms', body: 'Hello ((name)), your link to ((young_person))’s board: ((link))' },
};
const SMTP_USER = 'board@council.gov.uk';
const SMTP_PASSWORD = `pa55:${randomBytes(6).toString('hex')}/@word`;

const PERSON = 'Margaret Okonkwo-Whitby';
const YOUNG_PERSON = 'Tayla Brennan';
const EMAIL = `margaret.${randomBytes(4).toString('hex')}@example.org`;
const PHONE = '07700 900123';
const LINK = `http://127.0.0.1:8787/join/${randomBytes(18).toString('base64url')}`;
const FROM = 'Lifelong Links Board <no-reply@links.council.gov.uk>';

/** Nothing here may reach an error sentence or a log line. */
const NEVER_SHOWN = [EMAIL, PHONE, PHONE.replace(/\s/g, ''), PERSON, YOUNG_PERSON, LINK, LINK.split('/').pop() ?? LINK, SECRET_KEY, API_KEY, SMTP_PASSWORD];

const EMAIL_MESSAGE: LinkMessage = { channel: 'email', to: EMAIL, personName: PERSON, youngPersonName: YOUNG_PERSON, url: LINK };
const TEXT_MESSAGE: LinkMessage = { channel: 'text', to: PHONE, personName: PERSON, youngPersonName: YOUNG_PERSON, url: LINK };

const running: { close(): Promise<void> }[] = [];
let logLines: string[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
  for (const line of logLines) {
    for (const secret of NEVER_SHOWN) expect(line).not.toContain(secret);
  }
  logLines = [];
});

async function standIn(): Promise<NotifyStandIn> {
  const started = await startNotifyStandIn(API_KEY, TEMPLATES);
  running.push(started);
  return started;
}

async function sink(auth?: { user: string; pass: string }): Promise<SmtpSink> {
  const started = await startSmtpSink(auth);
  running.push(started);
  return started;
}

function notifyConfig(url: string, templates: { email?: boolean; sms?: boolean } = { email: true, sms: true }, apiKey = API_KEY): MessagesConfig['notify'] {
  return { apiKey, baseUrl: url, emailTemplateId: templates.email === true ? EMAIL_TEMPLATE : null, smsTemplateId: templates.sms === true ? SMS_TEMPLATE : null };
}

function sender(config: Partial<MessagesConfig>) {
  const log = createLogger('info', { write: (line: string) => void logLines.push(line) });
  return createLinkSender({ smtp: null, notify: null, timeoutMs: TIMEOUT_MS, ...config }, log);
}

/** The failure's sentence, checked to be plain and free of anything personal or secret. */
function failure(result: SendResult): string {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
  expect(result.error).toMatch(/^(The (email|text message) could not be sent: .+|Sending by (email|text message) is not set up on this server)\.$/);
  for (const secret of NEVER_SHOWN) expect(result.error).not.toContain(secret);
  return result.error;
}

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe('sending through GOV.UK Notify', () => {
  it('sends an email with the email template, the three personalisation fields and a token Notify accepts', async () => {
    const notify = await standIn();
    const result = await sender({ notify: notifyConfig(notify.url) }).send(EMAIL_MESSAGE);
    expect(result).toEqual({ ok: true, via: 'notify' });
    expect(notify.accepted).toEqual([
      {
        id: expect.any(String),
        type: 'email',
        to: EMAIL,
        templateId: EMAIL_TEMPLATE,
        personalisation: { name: PERSON, young_person: YOUNG_PERSON, link: LINK },
        reference: null,
        claims: { iss: SERVICE_ID, iat: expect.any(Number) },
        userAgent: expect.stringMatching(/^NOTIFY-API-NODE-CLIENT\//),
      },
    ]);
  });

  it('sends a text message with the text template', async () => {
    const notify = await standIn();
    const result = await sender({ notify: notifyConfig(notify.url) }).send(TEXT_MESSAGE);
    expect(result).toEqual({ ok: true, via: 'notify' });
    expect(notify.accepted).toMatchObject([{ type: 'sms', to: PHONE, templateId: SMS_TEMPLATE, personalisation: { name: PERSON, young_person: YOUNG_PERSON, link: LINK } }]);
  });

  it('sends email through Notify rather than SMTP when both are set up', async () => {
    const notify = await standIn();
    const smtp = await sink();
    const result = await sender({ notify: notifyConfig(notify.url), smtp: { url: smtp.url, from: FROM } }).send(EMAIL_MESSAGE);
    expect(result).toEqual({ ok: true, via: 'notify' });
    expect(notify.accepted).toHaveLength(1);
    expect(smtp.messages).toHaveLength(0);
  });

  it('says the address was refused when Notify refuses it', async () => {
    const notify = await standIn();
    notify.answerWith({ kind: 'refuse', status: 400, error: 'ValidationError', message: 'email_address Not a valid email address' });
    expect(failure(await sender({ notify: notifyConfig(notify.url) }).send(EMAIL_MESSAGE))).toBe('The email could not be sent: the address was refused.');
    notify.answerWith({ kind: 'refuse', status: 400, error: 'ValidationError', message: 'phone_number Not a UK mobile number' });
    expect(failure(await sender({ notify: notifyConfig(notify.url) }).send(TEXT_MESSAGE))).toBe('The text message could not be sent: the phone number was refused.');
  });

  it('says Notify only sends to its team when the key is team-only or the service is in trial mode', async () => {
    const notify = await standIn();
    notify.answerWith(TEAM_ONLY);
    expect(failure(await sender({ notify: notifyConfig(notify.url) }).send(TEXT_MESSAGE))).toMatch(/^The text message could not be sent: GOV.UK Notify only sends to the service’s own team/);
  });

  it('says Notify does not have the template when the template ID is unknown to it', async () => {
    const notify = await standIn();
    const config = notifyConfig(notify.url);
    const result = await sender({ notify: config === null ? null : { ...config, emailTemplateId: randomUUID() } }).send(EMAIL_MESSAGE);
    expect(failure(result)).toMatch(/^The email could not be sent: GOV.UK Notify does not have the message template this server uses\./);
    expect(notify.accepted).toHaveLength(0);
  });

  it('says the key was not accepted when the token is signed with another secret (403)', async () => {
    const notify = await standIn();
    const wrongKey = `lifelong_links_test-${SERVICE_ID}-${randomUUID()}`;
    const result = await sender({ notify: notifyConfig(notify.url, { email: true }, wrongKey) }).send(EMAIL_MESSAGE);
    const error = failure(result);
    expect(error).toMatch(/^The email could not be sent: GOV.UK Notify did not accept this server’s key or password\./);
    expect(error).not.toContain(wrongKey.slice(-36));
    expect(notify.accepted).toHaveLength(0);
  });

  it('asks to try again later when Notify fails (500) or is rate limiting (429)', async () => {
    const notify = await standIn();
    notify.answerWith(NOTIFY_DOWN);
    expect(failure(await sender({ notify: notifyConfig(notify.url) }).send(TEXT_MESSAGE))).toBe('The text message could not be sent: GOV.UK Notify had a problem. Try again in a few minutes.');
    notify.answerWith({ kind: 'refuse', status: 429, error: 'RateLimitError', message: 'Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds' });
    expect(failure(await sender({ notify: notifyConfig(notify.url) }).send(EMAIL_MESSAGE))).toBe('The email could not be sent: GOV.UK Notify is not taking more messages for now. Try again later.');
  });

  it('gives up when Notify takes the request and never answers', async () => {
    const notify = await standIn();
    notify.answerWith({ kind: 'hang' });
    const started = Date.now();
    const result = await sender({ notify: notifyConfig(notify.url) }).send(TEXT_MESSAGE);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1_000);
    expect(failure(result)).toBe('The text message could not be sent: GOV.UK Notify did not answer in time.');
    expect(notify.requests).toBe(1);
  });

  it('gives up when Notify starts its answer and never finishes it', async () => {
    const notify = await standIn();
    notify.answerWith({ kind: 'trickle' });
    const started = Date.now();
    const result = await sender({ notify: notifyConfig(notify.url) }).send(EMAIL_MESSAGE);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1_000);
    expect(failure(result)).toBe('The email could not be sent: GOV.UK Notify did not answer in time.');
  });

  it('says Notify could not be reached when nothing listens', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    expect(failure(await sender({ notify: notifyConfig(url) }).send(EMAIL_MESSAGE))).toBe('The email could not be sent: GOV.UK Notify could not be reached. Try again in a few minutes.');
  });
});

describe('sending email over SMTP', () => {
  it('delivers the subject, the From, and the link once in the text and once in the HTML', async () => {
    const smtp = await sink();
    const result = await sender({ smtp: { url: smtp.url, from: FROM } }).send(EMAIL_MESSAGE);
    expect(result).toEqual({ ok: true, via: 'smtp' });
    expect(smtp.messages).toHaveLength(1);
    const [message] = smtp.messages;
    if (message === undefined) throw new Error('no message');
    expect(message.rcptTo).toEqual([EMAIL]);
    expect(message.mailFrom).toBe('no-reply@links.council.gov.uk');
    const { parsed } = message;
    expect(parsed.subject).toBe(`Your link to ${YOUNG_PERSON}'s Lifelong Links board`);
    expect(parsed.from?.value).toEqual([{ address: 'no-reply@links.council.gov.uk', name: 'Lifelong Links Board' }]);
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value.map((a) => a.address) : []).toEqual([EMAIL]);
    const text = parsed.text ?? '';
    const html = typeof parsed.html === 'string' ? parsed.html : '';
    expect(occurrences(text, LINK)).toBe(1);
    expect(occurrences(html, LINK)).toBe(1);
    expect(html).toContain(`<a href="${LINK}"`);
    expect(text).toContain(`Hello ${PERSON},`);
    expect(text).toMatch(/just for you\. Please do not forward it/);
    expect(text).toMatch(/works on a phone/);
  });

  it('logs in with the user and password in SMTP_URL', async () => {
    const smtp = await sink({ user: SMTP_USER, pass: SMTP_PASSWORD });
    expect(smtp.url).toContain(encodeURIComponent(SMTP_PASSWORD));
    const result = await sender({ smtp: { url: smtp.url, from: FROM } }).send(EMAIL_MESSAGE);
    expect(result).toEqual({ ok: true, via: 'smtp' });
    expect(smtp.messages.map((m) => m.user)).toEqual([SMTP_USER]);
    expect(smtp.failedLogins).toBe(0);
  });

  it('says the password was not accepted when the login fails, without showing it', async () => {
    const smtp = await sink({ user: SMTP_USER, pass: SMTP_PASSWORD });
    const url = smtp.url.replace(encodeURIComponent(SMTP_PASSWORD), 'wrong-pa55word');
    const error = failure(await sender({ smtp: { url, from: FROM } }).send(EMAIL_MESSAGE));
    expect(error).toMatch(/^The email could not be sent: the mail server did not accept this server’s key or password\./);
    expect(error).not.toContain('wrong-pa55word');
    expect(smtp.failedLogins).toBe(1);
    expect(smtp.messages).toHaveLength(0);
  });

  it('says the address was refused when the server refuses the recipient', async () => {
    const smtp = await sink();
    smtp.answerWith({ kind: 'refuseRecipients' });
    expect(failure(await sender({ smtp: { url: smtp.url, from: FROM } }).send(EMAIL_MESSAGE))).toBe('The email could not be sent: the address was refused.');
    expect(smtp.messages).toHaveLength(0);
  });

  it('gives up on a server that never greets, and on one that never answers the message', async () => {
    const smtp = await sink();
    const send = sender({ smtp: { url: smtp.url, from: FROM } });
    for (const kind of ['hangAtGreeting', 'hangAfterData'] as const) {
      smtp.answerWith({ kind });
      const started = Date.now();
      const result = await send.send(EMAIL_MESSAGE);
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1_000);
      expect(failure(result)).toBe('The email could not be sent: the mail server did not answer in time.');
    }
    expect(smtp.messages).toHaveLength(0);
  });

  it('says the mail server could not be reached when nothing listens', async () => {
    const url = `smtp://${encodeURIComponent(SMTP_USER)}:${encodeURIComponent(SMTP_PASSWORD)}@127.0.0.1:${await freePort()}`;
    expect(failure(await sender({ smtp: { url, from: FROM } }).send(EMAIL_MESSAGE))).toBe('The email could not be sent: the mail server could not be reached. Try again in a few minutes.');
  });
});

describe('what can be sent', () => {
  it('reports the channels each configuration can send on', async () => {
    const url = 'http://127.0.0.1:9';
    const smtp = { url: 'smtp://127.0.0.1:9', from: FROM };
    expect(sender({}).channels).toEqual({ email: false, text: false });
    expect(sender({ smtp }).channels).toEqual({ email: true, text: false });
    expect(sender({ notify: notifyConfig(url, { email: true }) }).channels).toEqual({ email: true, text: false });
    expect(sender({ notify: notifyConfig(url, { sms: true }) }).channels).toEqual({ email: false, text: true });
    expect(sender({ notify: notifyConfig(url, { sms: true }), smtp }).channels).toEqual({ email: true, text: true });
    expect(sender({ notify: notifyConfig(url) }).channels).toEqual({ email: true, text: true });
  });

  it('says a channel is not set up, and sends nothing', async () => {
    const notify = await standIn();
    const smtp = await sink();
    expect(failure(await sender({}).send(EMAIL_MESSAGE))).toBe('Sending by email is not set up on this server.');
    expect(failure(await sender({ smtp: { url: smtp.url, from: FROM } }).send(TEXT_MESSAGE))).toBe('Sending by text message is not set up on this server.');
    expect(failure(await sender({ notify: notifyConfig(notify.url, { email: true }) }).send(TEXT_MESSAGE))).toBe('Sending by text message is not set up on this server.');
    expect(notify.requests).toBe(0);
    expect(smtp.messages).toHaveLength(0);
  });

  it('refuses an address or phone number that is not one, before anything is sent', async () => {
    const notify = await standIn();
    const send = sender({ notify: notifyConfig(notify.url) });
    for (const to of ['margaret', 'margaret@', '@example.org', 'margaret@example', PHONE, '']) {
      expect(failure(await send.send({ ...EMAIL_MESSAGE, to }))).toBe('The email could not be sent: that is not an email address. Check it and try again.');
    }
    for (const to of ['0770090', '07700 900123 4567 89', '07700 ninety', EMAIL, '++447700900123', '07700.900.123', '']) {
      expect(failure(await send.send({ ...TEXT_MESSAGE, to }))).toBe('The text message could not be sent: that is not a phone number. Check it and try again.');
    }
    expect(notify.requests).toBe(0);
  });

  it('takes phone numbers as people write them, UK mobile or international', async () => {
    const notify = await standIn();
    const send = sender({ notify: notifyConfig(notify.url) });
    const numbers = ['07700900123', '07700 900 123', '+44 7700 900123', '+44 (0)7700-900123', '+353 85 123 4567', ' 07700 900123 '];
    for (const to of numbers) expect(await send.send({ ...TEXT_MESSAGE, to })).toEqual({ ok: true, via: 'notify' });
    expect(notify.accepted.map((n) => n.to)).toEqual(numbers.map((n) => n.trim()));
  });

  it('refuses a link that is not a web address', async () => {
    const notify = await standIn();
    expect(failure(await sender({ notify: notifyConfig(notify.url) }).send({ ...EMAIL_MESSAGE, url: 'javascript:alert(1)' }))).toBe(
      'The email could not be sent: the invite link is not a web address.',
    );
    expect(notify.requests).toBe(0);
  });
});

describe('logging', () => {
  it('logs one line per send with the channel, the service, the outcome and a status, and nothing personal', async () => {
    const notify = await standIn();
    const smtp = await sink();
    await sender({ notify: notifyConfig(notify.url, { sms: true }), smtp: { url: smtp.url, from: FROM } }).send(EMAIL_MESSAGE);
    await sender({ notify: notifyConfig(notify.url, { sms: true }) }).send(TEXT_MESSAGE);
    notify.answerWith(TEAM_ONLY);
    await sender({ notify: notifyConfig(notify.url, { sms: true }) }).send(TEXT_MESSAGE);
    await sender({}).send({ ...EMAIL_MESSAGE, to: 'not an address' });
    const entries = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.map(({ level, msg, channel, via, ok, status, failure: why }) => ({ level, msg, channel, via, ok, status, failure: why }))).toEqual([
      { level: 30, msg: 'link message sent', channel: 'email', via: 'smtp', ok: true, status: 250, failure: undefined },
      { level: 30, msg: 'link message sent', channel: 'text', via: 'notify', ok: true, status: 201, failure: undefined },
      { level: 40, msg: 'link message not sent', channel: 'text', via: 'notify', ok: false, status: 400, failure: 'notAllowed' },
      { level: 40, msg: 'link message not sent', channel: 'email', via: null, ok: false, status: null, failure: 'notSetUp' },
    ]);
    // The afterEach checks every line for the address, the names, the link and the secrets.
    expect(logLines.join('')).not.toContain('not an address');
  });
});
