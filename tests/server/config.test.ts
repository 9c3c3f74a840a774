// Reading settings from the environment: the care-record connector's (refusing half of them) and the database's.

import { randomBytes } from 'node:crypto';
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
