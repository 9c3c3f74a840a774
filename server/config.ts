// The server's settings, parsed once from the environment (CONTRACT.md "Environment").

import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

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
}

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  SETUP_TOKEN: z.string().min(16, 'SETUP_TOKEN must be at least 16 characters').optional(),
  DATABASE_URL: z.string().optional(),
  REDIS_URL: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
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
  };
}
