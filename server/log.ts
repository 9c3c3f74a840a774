// The one logger. Logs carry ids and counts, never names, emails, titles, tokens or passwords.

import { pino, type DestinationStream, type Logger } from 'pino';

/** Keys that must never reach a log line, wherever they appear in a logged object. */
const REDACT_PATHS = [
  'password', 'token', 'email', 'name', 'displayName', 'title', 'youngPersonName', 'cookie', 'secret',
  '*.password', '*.token', '*.email', '*.name', '*.displayName', '*.title', '*.youngPersonName', '*.cookie', '*.secret',
  'req.headers.cookie', 'headers.cookie',
];

/** Creates the server's pino logger writing JSON lines to stdout (or to `destination`, for tests). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: undefined };
  return destination === undefined ? pino(options) : pino(options, destination);
}

export type { Logger };
