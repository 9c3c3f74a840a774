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

/** CARE_RECORD_TIMEOUT_SECONDS when unset. */
export const CARE_RECORD_TIMEOUT_DEFAULT_SECONDS = 10;
/** CARE_RECORD_GIVE_UP_HOURS when unset: a long weekend of the receiver being down. */
export const CARE_RECORD_GIVE_UP_DEFAULT_HOURS = 72;

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

/** True for a host name that only reaches this machine (http is allowed there, for a local receiver). */
function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || hostname.endsWith('.localhost') || (isIP(hostname) === 4 && hostname.startsWith('127.'));
}

/** Why CARE_RECORD_URL is unusable, or null when it is fine. */
function careRecordUrlProblem(value: string): string | null {
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
    return isLoopback(url.hostname) ? null : 'must be https:// (http:// only for a receiver on this machine, such as 127.0.0.1)';
  }
  return 'must be an https:// URL';
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
  const urlProblem = url === undefined ? null : careRecordUrlProblem(url);
  if (urlProblem !== null) ctx.addIssue({ code: 'custom', path: ['CARE_RECORD_URL'], message: urlProblem });
  if (secret !== undefined) {
    try {
      parseWebhookSecret(secret);
    } catch (error) {
      // Only the reason: the value itself is a secret and must not reach the error output.
      ctx.addIssue({ code: 'custom', path: ['CARE_RECORD_SECRET'], message: error instanceof Error ? error.message : 'unusable' });
    }
  }
});

/** Reads the configuration; throws an Error listing every bad variable. */
export function configFromEnv(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Bad configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    // PORT=0 picks a free port; main.ts fills in the real one once listening.
    publicUrl: (e.PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`).replace(/\/+$/, ''),
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
  };
}
