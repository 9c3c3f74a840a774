// The server's settings, parsed once from the environment (CONTRACT.md "Environment").

import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { parseWebhookSecret } from './delivery/sign.ts';

/** Everything the server needs to know about where and how it runs. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  publicUrl: string;
  setupToken: string | null;
  databaseUrl: string | null;
  redisUrl: string | null;
  logLevel: string;
  /** How long a coordinator stays signed in. */
  coordinatorSessionMs: number;
  /** How long a participant's device stays signed in after joining. */
  participantSessionMs: number;
  /** Addresses of reverse proxies whose X-Forwarded-For names the client (empty: trust none). */
  trustProxy: string[];
  /** Where agreed plans are pushed, signed per Standard Webhooks; null when not set up. */
  careRecord: CareRecordConfig | null;
  /** Delete a conference this long after its last agreed version was delivered; null: keep. */
  retentionMs: number | null;
  /** How invite links are sent by email or text message (server/messages/). */
  messages: MessagesConfig;
}

/** The care-record push connector: its endpoint, its signing secret and its patience. */
export interface CareRecordConfig {
  url: string;
  /** The HMAC key in Standard Webhooks' `whsec_<base64>` form (or plain base64). Never logged. */
  secret: string;
  /** How long one attempt may take, answer included. */
  timeoutMs: number;
  /** How long after a delivery is queued it is given up if no attempt has succeeded. */
  giveUpAfterMs: number;
}

/** The ways of sending a link by email or text message; each is null when not set up. */
export interface MessagesConfig {
  /** SMTP_URL (may hold the user and password: never logged) and the From of its emails. */
  smtp: { url: string; from: string } | null;
  /**
   * GOV.UK Notify: the API key (a secret, never logged), where its API is, and one template per kind
   * of message (null: that kind is not sent through Notify). Each template must use the
   * personalisation fields ((name)), ((young_person)) and ((link)): the person's name, the young
   * person's name and the personal invite link.
   */
  notify: { apiKey: string; baseUrl: string; emailTemplateId: string | null; smsTemplateId: string | null } | null;
  /** How long one send may take, answer included. */
  timeoutMs: number;
}

/** NOTIFY_BASE_URL when unset: GOV.UK Notify's API. */
export const NOTIFY_BASE_URL_DEFAULT = 'https://api.notifications.service.gov.uk';
/** MESSAGE_TIMEOUT_SECONDS when unset. */
export const MESSAGE_TIMEOUT_DEFAULT_SECONDS = 10;

/** CARE_RECORD_TIMEOUT_SECONDS when unset. */
export const CARE_RECORD_TIMEOUT_DEFAULT_SECONDS = 10;
/** CARE_RECORD_GIVE_UP_HOURS when unset: a long weekend of the receiver being down. */
export const CARE_RECORD_GIVE_UP_DEFAULT_HOURS = 72;

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

/** True for a host name that only reaches this machine (http is allowed there, for a local receiver). */
function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || hostname.endsWith('.localhost') || (isIP(hostname) === 4 && hostname.startsWith('127.'));
}

/** Why an https endpoint's URL (CARE_RECORD_URL, NOTIFY_BASE_URL) is unusable, or null when it is fine. */
function endpointUrlProblem(value: string, what: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'not a URL';
  }
  // fetch refuses such a URL on every attempt; say so now rather than fail each delivery later.
  if (url.username !== '' || url.password !== '') return 'must not hold a user name or password';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:') {
    return isLoopback(url.hostname) ? null : `must be https:// (http:// only for ${what} on this machine, such as 127.0.0.1)`;
  }
  return 'must be an https:// URL';
}

const UUID_PATTERN = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** `{key_name}-{service_id}-{secret_key}`: the client reads the two UUIDs from the end, so the shape is all it needs. */
const NOTIFY_API_KEY_SHAPE = new RegExp(`^\\S+-${UUID_PATTERN}-${UUID_PATTERN}$`, 'i');
/** `address@example.org` or `Name <address@example.org>`. */
const MAIL_FROM_SHAPE = /^(?:[^<>\r\n]*<([^<>\s]+)>|([^<>\s]+))$/;
const emailAddress = z.email();

/** Treats an empty variable as unset, as a blank line in an env file means. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** Why SMTP_URL is unusable, or null when it is fine. The value may hold a password: never repeat it. */
function smtpUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'not a URL (smtp://user:password@mail.example.org:587 or smtps://…)';
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') return 'must be an smtp:// or smtps:// URL';
  if (url.hostname === '') return 'must name the mail server';
  return null;
}

/** Why SMTP_FROM is unusable, or null when it is fine. */
function mailFromProblem(value: string): string | null {
  const match = MAIL_FROM_SHAPE.exec(value.trim());
  const address = match?.[1] ?? match?.[2];
  return address !== undefined && emailAddress.safeParse(address).success ? null : 'must be an email address, or a name and one: Name <address@example.org>';
}

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  SETUP_TOKEN: z.string().min(16, 'SETUP_TOKEN must be at least 16 characters').optional(),
  // The message never repeats the value: it may hold the database password.
  DATABASE_URL: z
    .string()
    .optional()
    .refine((value) => value === undefined || value === '' || /^postgres(ql)?:\/\//.test(value), 'must be a postgres:// or postgresql:// URL'),
  REDIS_URL: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RETENTION_DAYS: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().positive('must be a number of days above 0').max(36_500).optional()),
  COORDINATOR_SESSION_SECONDS: z.coerce.number().int().min(1).max(7 * 24 * 3600).default(12 * 3600),
  PARTICIPANT_SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(90),
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const list = (value ?? '').split(',').map((part) => part.trim()).filter((part) => part !== '');
      const addresses = list.flatMap((part) => (part === 'loopback' ? ['127.0.0.1', '::1', '::ffff:127.0.0.1'] : [part]));
      for (const address of addresses) {
        if (isIP(address) === 0) ctx.addIssue({ code: 'custom', message: `TRUST_PROXY: ${JSON.stringify(address)} is not an IP address or "loopback"` });
      }
      return addresses;
    }),
  CARE_RECORD_URL: z.string().optional(),
  CARE_RECORD_SECRET: z.string().optional(),
  CARE_RECORD_TIMEOUT_SECONDS: z.coerce.number().positive().max(300).default(CARE_RECORD_TIMEOUT_DEFAULT_SECONDS),
  CARE_RECORD_GIVE_UP_HOURS: z.coerce.number().positive().max(24 * 365).default(CARE_RECORD_GIVE_UP_DEFAULT_HOURS),
  // Checked in checkMessages, whose messages never repeat a value: SMTP_URL and NOTIFY_API_KEY hold secrets.
  SMTP_URL: optional(z.string()),
  SMTP_FROM: optional(z.string()),
  NOTIFY_API_KEY: optional(z.string()),
  NOTIFY_BASE_URL: optional(z.string()),
  NOTIFY_EMAIL_TEMPLATE_ID: optional(z.guid('must be a GOV.UK Notify template ID (a UUID)')),
  NOTIFY_SMS_TEMPLATE_ID: optional(z.guid('must be a GOV.UK Notify template ID (a UUID)')),
  MESSAGE_TIMEOUT_SECONDS: z.coerce.number().positive('must be a number of seconds above 0').max(300).default(MESSAGE_TIMEOUT_DEFAULT_SECONDS),
}).superRefine((e, ctx) => {
  const url = e.CARE_RECORD_URL || undefined;
  const secret = e.CARE_RECORD_SECRET || undefined;
  if ((url === undefined) !== (secret === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: [url === undefined ? 'CARE_RECORD_URL' : 'CARE_RECORD_SECRET'],
      message: 'CARE_RECORD_URL and CARE_RECORD_SECRET go together: set both to push agreed plans to the care record, or neither',
    });
  }
  const urlProblem = url === undefined ? null : endpointUrlProblem(url, 'a receiver');
  if (urlProblem !== null) ctx.addIssue({ code: 'custom', path: ['CARE_RECORD_URL'], message: urlProblem });
  if (secret !== undefined) {
    try {
      parseWebhookSecret(secret);
    } catch (error) {
      // Only the reason: the value itself is a secret and must not reach the error output.
      ctx.addIssue({ code: 'custom', path: ['CARE_RECORD_SECRET'], message: error instanceof Error ? error.message : 'unusable' });
    }
  }
  checkMessages(e, ctx);
});

/** The variables checkMessages reads (spelled out: the schema's own type would refer to itself). */
type MessageVariables = Partial<Record<'SMTP_URL' | 'SMTP_FROM' | 'NOTIFY_API_KEY' | 'NOTIFY_BASE_URL' | 'NOTIFY_EMAIL_TEMPLATE_ID' | 'NOTIFY_SMS_TEMPLATE_ID', string | undefined>>;

/** The email and text message settings: each value well formed, and no half of a pair without the other. */
function checkMessages(e: MessageVariables, ctx: z.RefinementCtx): void {
  const problem = (variable: string, message: string) => ctx.addIssue({ code: 'custom', path: [variable], message });
  const smtpProblem = e.SMTP_URL === undefined ? null : smtpUrlProblem(e.SMTP_URL);
  if (smtpProblem !== null) problem('SMTP_URL', smtpProblem);
  if (e.SMTP_FROM !== undefined) {
    if (e.SMTP_URL === undefined) problem('SMTP_FROM', 'is only used with SMTP_URL: set SMTP_URL too, or remove SMTP_FROM');
    const fromProblem = mailFromProblem(e.SMTP_FROM);
    if (fromProblem !== null) problem('SMTP_FROM', fromProblem);
  }
  const templates = e.NOTIFY_EMAIL_TEMPLATE_ID !== undefined || e.NOTIFY_SMS_TEMPLATE_ID !== undefined;
  if (e.NOTIFY_API_KEY !== undefined) {
    // Only the expected shape: the key is a secret and must not reach the error output.
    if (!NOTIFY_API_KEY_SHAPE.test(e.NOTIFY_API_KEY)) problem('NOTIFY_API_KEY', 'must be a GOV.UK Notify API key: {key_name}-{service_id}-{secret_key}, as Notify showed it when the key was made');
    if (!templates) problem('NOTIFY_API_KEY', 'needs NOTIFY_EMAIL_TEMPLATE_ID, NOTIFY_SMS_TEMPLATE_ID or both: GOV.UK Notify sends every message from a template');
  } else {
    if (templates) problem(e.NOTIFY_EMAIL_TEMPLATE_ID !== undefined ? 'NOTIFY_EMAIL_TEMPLATE_ID' : 'NOTIFY_SMS_TEMPLATE_ID', 'needs NOTIFY_API_KEY: set the key too, or remove the template ID');
    if (e.NOTIFY_BASE_URL !== undefined) problem('NOTIFY_BASE_URL', 'is only used with NOTIFY_API_KEY: set the key too, or remove NOTIFY_BASE_URL');
  }
  const baseProblem = e.NOTIFY_BASE_URL === undefined ? null : endpointUrlProblem(e.NOTIFY_BASE_URL, 'a stand-in');
  if (baseProblem !== null) problem('NOTIFY_BASE_URL', baseProblem);
}

/** The `messages` part of the configuration, from variables the schema has checked. */
function messagesConfig(e: z.infer<typeof envSchema>, publicUrl: string): MessagesConfig {
  return {
    smtp: e.SMTP_URL === undefined ? null : { url: e.SMTP_URL, from: e.SMTP_FROM?.trim() ?? `Lifelong Links Board <no-reply@${new URL(publicUrl).hostname}>` },
    notify:
      e.NOTIFY_API_KEY === undefined
        ? null
        : {
            apiKey: e.NOTIFY_API_KEY,
            // The client appends /v2/…: a trailing slash would make it //v2/….
            baseUrl: (e.NOTIFY_BASE_URL ?? NOTIFY_BASE_URL_DEFAULT).replace(/\/+$/, ''),
            emailTemplateId: e.NOTIFY_EMAIL_TEMPLATE_ID ?? null,
            smsTemplateId: e.NOTIFY_SMS_TEMPLATE_ID ?? null,
          },
    timeoutMs: Math.round(e.MESSAGE_TIMEOUT_SECONDS * 1000),
  };
}

/** Reads the configuration; throws an Error listing every bad variable. */
export function configFromEnv(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Bad configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  // PORT=0 picks a free port; main.ts fills in the real one once listening.
  const publicUrl = (e.PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`).replace(/\/+$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    publicUrl,
    setupToken: e.SETUP_TOKEN ?? null,
    databaseUrl: e.DATABASE_URL || null,
    redisUrl: e.REDIS_URL || null,
    logLevel: e.LOG_LEVEL,
    coordinatorSessionMs: e.COORDINATOR_SESSION_SECONDS * 1000,
    participantSessionMs: e.PARTICIPANT_SESSION_DAYS * 24 * 3600 * 1000,
    trustProxy: e.TRUST_PROXY,
    careRecord:
      e.CARE_RECORD_URL && e.CARE_RECORD_SECRET
        ? {
            url: e.CARE_RECORD_URL,
            secret: e.CARE_RECORD_SECRET,
            timeoutMs: Math.round(e.CARE_RECORD_TIMEOUT_SECONDS * 1000),
            giveUpAfterMs: Math.round(e.CARE_RECORD_GIVE_UP_HOURS * 3600 * 1000),
          }
        : null,
    retentionMs: e.RETENTION_DAYS === undefined ? null : Math.round(e.RETENTION_DAYS * 24 * 3600 * 1000),
    messages: messagesConfig(e, publicUrl),
  };
}
