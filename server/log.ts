// The one logger. Logs carry ids and counts, never names, emails, titles, tokens or passwords.

import { pino, type Logger } from 'pino';

/** Keys that must never reach a log line, wherever they appear in a logged object. */
const REDACT_PATHS = [
  'password', 'token', 'email', 'name', 'displayName', 'title', 'youngPersonName', 'cookie',
  '*.password', '*.token', '*.email', '*.name', '*.displayName', '*.title', '*.youngPersonName', '*.cookie',
  'req.headers.cookie', 'headers.cookie',
];

/** Creates the server's pino logger writing JSON lines to stdout. */
export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: undefined });
}

export type { Logger };
