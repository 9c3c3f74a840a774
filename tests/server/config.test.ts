// Reading settings from the environment: the care-record connector's (refusing half of them), the database's, and email and text messages'.

import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../../server/config.ts';

const KEY = randomBytes(32).toString('base64');
const SECRET = `whsec_${KEY}`;

function problem(env: Record<string, string>): string {
  try {
    configFromEnv(env);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return '';
}

describe('care-record configuration', () => {
  it('is off when neither the URL nor the secret is set', () => {
    expect(configFromEnv({}).careRecord).toBeNull();
    expect(configFromEnv({ CARE_RECORD_URL: '', CARE_RECORD_SECRET: '' }).careRecord).toBeNull();
  });

  it('takes the URL and secret, with a 10 s timeout and 72 h before giving up unless told otherwise', () => {
    expect(configFromEnv({ CARE_RECORD_URL: 'https://care.example.gov.uk/hooks/plans', CARE_RECORD_SECRET: SECRET }).careRecord).toEqual({
      url: 'https://care.example.gov.uk/hooks/plans',
      secret: SECRET,
      timeoutMs: 10_000,
      giveUpAfterMs: 72 * 3_600_000,
    });
    expect(
      configFromEnv({ CARE_RECORD_URL: 'https://care.example.gov.uk/', CARE_RECORD_SECRET: KEY, CARE_RECORD_TIMEOUT_SECONDS: '2.5', CARE_RECORD_GIVE_UP_HOURS: '24' })
        .careRecord,
    ).toMatchObject({ secret: KEY, timeoutMs: 2_500, giveUpAfterMs: 24 * 3_600_000 });
  });

  it('refuses the URL without the secret, and the secret without the URL', () => {
    expect(problem({ CARE_RECORD_URL: 'https://care.example.gov.uk/' })).toMatch(/CARE_RECORD_SECRET: .*go together/);
    const alone = problem({ CARE_RECORD_SECRET: SECRET });
    expect(alone).toMatch(/CARE_RECORD_URL: .*go together/);
    expect(alone).not.toContain(KEY);
  });

  it('refuses plain http except to this machine, and anything that is not http(s)', () => {
    expect(problem({ CARE_RECORD_URL: 'http://care.example.gov.uk/', CARE_RECORD_SECRET: SECRET })).toMatch(/CARE_RECORD_URL: must be https:\/\//);
    expect(problem({ CARE_RECORD_URL: 'ftp://care.example.gov.uk/', CARE_RECORD_SECRET: SECRET })).toMatch(/CARE_RECORD_URL: must be an https:\/\/ URL/);
    expect(problem({ CARE_RECORD_URL: 'care.example.gov.uk', CARE_RECORD_SECRET: SECRET })).toMatch(/CARE_RECORD_URL: not a URL/);
    const withPassword = problem({ CARE_RECORD_URL: 'https://council:pa55word@care.example.gov.uk/', CARE_RECORD_SECRET: SECRET });
    expect(withPassword).toMatch(/CARE_RECORD_URL: must not hold a user name or password/);
    expect(withPassword).not.toContain('pa55word');
    for (const local of ['http://127.0.0.1:9000/hook', 'http://localhost:9000/', 'http://[::1]:9000/', 'http://127.8.0.1/']) {
      expect(configFromEnv({ CARE_RECORD_URL: local, CARE_RECORD_SECRET: SECRET }).careRecord?.url).toBe(local);
    }
  });

  it('refuses a secret that is not a Standard Webhooks key, without printing it', () => {
    const short = `whsec_${randomBytes(8).toString('base64')}`;
    const message = problem({ CARE_RECORD_URL: 'https://care.example.gov.uk/', CARE_RECORD_SECRET: short });
    expect(message).toMatch(/CARE_RECORD_SECRET: the key must be 24 to 64 bytes/);
    expect(message).not.toContain(short.slice(6));
    expect(problem({ CARE_RECORD_URL: 'https://care.example.gov.uk/', CARE_RECORD_SECRET: 'hunter2 hunter2 hunter2 hunter2' })).toMatch(/CARE_RECORD_SECRET: must be whsec_/);
  });

  it('refuses a timeout or give-up time that is not a positive number', () => {
    const base = { CARE_RECORD_URL: 'https://care.example.gov.uk/', CARE_RECORD_SECRET: SECRET };
    expect(problem({ ...base, CARE_RECORD_TIMEOUT_SECONDS: '0' })).toMatch(/CARE_RECORD_TIMEOUT_SECONDS/);
    expect(problem({ ...base, CARE_RECORD_GIVE_UP_HOURS: 'soon' })).toMatch(/CARE_RECORD_GIVE_UP_HOURS/);
  });
});

describe('database configuration', () => {
  it('takes a postgres:// or postgresql:// DATABASE_URL, and none means SQLite', () => {
    expect(configFromEnv({}).databaseUrl).toBeNull();
    expect(configFromEnv({ DATABASE_URL: '' }).databaseUrl).toBeNull();
    for (const url of ['postgres://board@db.internal:5432/board', 'postgresql://board:secret@db.internal/board?sslmode=require']) {
      expect(configFromEnv({ DATABASE_URL: url }).databaseUrl).toBe(url);
    }
  });

  it('refuses any other DATABASE_URL without printing it', () => {
    const message = problem({ DATABASE_URL: 'mysql://board:pa55word@db.internal/board' });
    expect(message).toMatch(/DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(message).not.toContain('pa55word');
  });
});

describe('email and text message configuration', () => {
  const SERVICE_ID = randomUUID();
  const SECRET_KEY = randomUUID();
  const API_KEY = `board_live-${SERVICE_ID}-${SECRET_KEY}`;
  const EMAIL_TEMPLATE = randomUUID();
  const SMS_TEMPLATE = randomUUID();

  it('sends nothing when nothing is set, and gives up on one send after 10 s', () => {
    expect(configFromEnv({}).messages).toEqual({ smtp: null, notify: null, timeoutMs: 10_000 });
    expect(configFromEnv({ SMTP_URL: '', NOTIFY_API_KEY: '', NOTIFY_EMAIL_TEMPLATE_ID: '' }).messages).toEqual({ smtp: null, notify: null, timeoutMs: 10_000 });
  });

  it('takes an SMTP server, with a From on the public address’s host unless told otherwise', () => {
    const url = 'smtps://board:pa55word@mail.council.gov.uk:465';
    expect(configFromEnv({ SMTP_URL: url, PUBLIC_URL: 'https://links.council.gov.uk:8443/' }).messages.smtp).toEqual({
      url,
      from: 'Lifelong Links Board <no-reply@links.council.gov.uk>',
    });
    expect(configFromEnv({ SMTP_URL: 'smtp://127.0.0.1:2525', SMTP_FROM: 'Family Group Conferences <fgc@council.gov.uk>' }).messages.smtp).toEqual({
      url: 'smtp://127.0.0.1:2525',
      from: 'Family Group Conferences <fgc@council.gov.uk>',
    });
    expect(configFromEnv({ SMTP_URL: 'smtp://mail.council.gov.uk', SMTP_FROM: 'fgc@council.gov.uk' }).messages.smtp?.from).toBe('fgc@council.gov.uk');
  });

  it('refuses an SMTP_URL that is not smtp:// or smtps://, without printing it', () => {
    for (const bad of ['https://board:pa55word@mail.council.gov.uk/', 'mail.council.gov.uk:pa55word', 'smtp://board:pa55word@']) {
      const message = problem({ SMTP_URL: bad });
      expect(message).toMatch(/SMTP_URL: /);
      expect(message).not.toContain('pa55word');
    }
    expect(problem({ SMTP_URL: 'http://mail.council.gov.uk' })).toMatch(/SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/);
  });

  it('refuses an SMTP_FROM that is not an address, and one without SMTP_URL', () => {
    expect(problem({ SMTP_URL: 'smtp://mail.council.gov.uk', SMTP_FROM: 'Lifelong Links Board' })).toMatch(/SMTP_FROM: must be an email address/);
    expect(problem({ SMTP_URL: 'smtp://mail.council.gov.uk', SMTP_FROM: 'x@y.org\r\nBcc: everyone@example.org' })).toMatch(/SMTP_FROM: must be an email address/);
    expect(problem({ SMTP_FROM: 'fgc@council.gov.uk' })).toMatch(/SMTP_FROM: is only used with SMTP_URL/);
  });

  it('takes a GOV.UK Notify key with one or both templates, on Notify’s API unless told otherwise', () => {
    expect(configFromEnv({ NOTIFY_API_KEY: API_KEY, NOTIFY_EMAIL_TEMPLATE_ID: EMAIL_TEMPLATE, NOTIFY_SMS_TEMPLATE_ID: SMS_TEMPLATE, MESSAGE_TIMEOUT_SECONDS: '2.5' }).messages).toEqual({
      smtp: null,
      notify: { apiKey: API_KEY, baseUrl: 'https://api.notifications.service.gov.uk', emailTemplateId: EMAIL_TEMPLATE, smsTemplateId: SMS_TEMPLATE },
      timeoutMs: 2_500,
    });
    expect(configFromEnv({ NOTIFY_API_KEY: API_KEY, NOTIFY_SMS_TEMPLATE_ID: SMS_TEMPLATE, NOTIFY_BASE_URL: 'http://127.0.0.1:9000/' }).messages.notify).toEqual({
      apiKey: API_KEY,
      baseUrl: 'http://127.0.0.1:9000',
      emailTemplateId: null,
      smsTemplateId: SMS_TEMPLATE,
    });
  });

  it('refuses a Notify key of the wrong shape without printing it', () => {
    for (const bad of [`${SERVICE_ID}-${SECRET_KEY}`, `board_live-${SERVICE_ID}-${SECRET_KEY.slice(0, 30)}`, SECRET_KEY, `board live-${SERVICE_ID}-${SECRET_KEY}`]) {
      const message = problem({ NOTIFY_API_KEY: bad, NOTIFY_EMAIL_TEMPLATE_ID: EMAIL_TEMPLATE });
      expect(message).toMatch(/NOTIFY_API_KEY: must be a GOV.UK Notify API key/);
      expect(message).not.toContain(SECRET_KEY.slice(0, 30));
      expect(message).not.toContain(SERVICE_ID);
    }
  });

  it('refuses a key without a template, a template without the key, and a template ID that is not a UUID', () => {
    const keyAlone = problem({ NOTIFY_API_KEY: API_KEY });
    expect(keyAlone).toMatch(/NOTIFY_API_KEY: needs NOTIFY_EMAIL_TEMPLATE_ID, NOTIFY_SMS_TEMPLATE_ID or both/);
    expect(keyAlone).not.toContain(SECRET_KEY);
    expect(problem({ NOTIFY_EMAIL_TEMPLATE_ID: EMAIL_TEMPLATE })).toMatch(/NOTIFY_EMAIL_TEMPLATE_ID: needs NOTIFY_API_KEY/);
    expect(problem({ NOTIFY_SMS_TEMPLATE_ID: SMS_TEMPLATE })).toMatch(/NOTIFY_SMS_TEMPLATE_ID: needs NOTIFY_API_KEY/);
    expect(problem({ NOTIFY_BASE_URL: 'http://127.0.0.1:9000' })).toMatch(/NOTIFY_BASE_URL: is only used with NOTIFY_API_KEY/);
    const notUuid = problem({ NOTIFY_API_KEY: API_KEY, NOTIFY_SMS_TEMPLATE_ID: 'invite-sms' });
    expect(notUuid).toMatch(/NOTIFY_SMS_TEMPLATE_ID: must be a GOV.UK Notify template ID/);
    expect(notUuid).not.toContain(SECRET_KEY);
  });

  it('refuses a Notify base URL on plain http except to this machine', () => {
    const base = { NOTIFY_API_KEY: API_KEY, NOTIFY_EMAIL_TEMPLATE_ID: EMAIL_TEMPLATE };
    expect(problem({ ...base, NOTIFY_BASE_URL: 'http://notify.example.org' })).toMatch(/NOTIFY_BASE_URL: must be https:\/\/ \(http:\/\/ only for a stand-in on this machine/);
    expect(problem({ ...base, NOTIFY_BASE_URL: 'notify' })).toMatch(/NOTIFY_BASE_URL: not a URL/);
    expect(configFromEnv({ ...base, NOTIFY_BASE_URL: 'https://notify-proxy.council.gov.uk/notify' }).messages.notify?.baseUrl).toBe('https://notify-proxy.council.gov.uk/notify');
    expect(configFromEnv({ ...base, NOTIFY_BASE_URL: 'http://localhost:9000' }).messages.notify?.baseUrl).toBe('http://localhost:9000');
  });

  it('refuses a send timeout that is not a positive number of seconds', () => {
    expect(problem({ MESSAGE_TIMEOUT_SECONDS: '0' })).toMatch(/MESSAGE_TIMEOUT_SECONDS: must be a number of seconds above 0/);
    expect(problem({ MESSAGE_TIMEOUT_SECONDS: 'soon' })).toMatch(/MESSAGE_TIMEOUT_SECONDS/);
    expect(configFromEnv({ MESSAGE_TIMEOUT_SECONDS: '0.3' }).messages.timeoutMs).toBe(300);
  });
});
