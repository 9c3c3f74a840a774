// Sending the invite email over SMTP with nodemailer, and what each of its errors means. One
// connection per message: invites go out one at a time, and a pool would hold a connection open.

import { createTransport } from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import type { MessagesConfig } from '../config.ts';
import type { LinkEmail } from './linkEmail.ts';
import type { Attempt, Failure } from './types.ts';

/** Sends one email to one address; never throws. */
export type SmtpSend = (to: string, email: LinkEmail) => Promise<Attempt>;

/** A sender through the server in SMTP_URL. */
export function smtpSender(smtp: NonNullable<MessagesConfig['smtp']>, timeoutMs: number): SmtpSend {
  const transport = createTransport({
    // The URL's host, port, smtps:// and user:password, plus any nodemailer options in its query…
    ...parseConnectionUrl(smtp.url),
    // …but never its logging (it would write the addresses and the message) or a pool.
    logger: false,
    debug: false,
    pool: false,
    // Each phase gets the whole deadline; the signal below holds the send as a whole to it.
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
  });
  return async (to, email) => {
    try {
      const info = await transport.sendMail({
        from: smtp.from,
        to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        // nodemailer's SMTP transport stops the send and closes its connection when this aborts.
        signal: AbortSignal.timeout(timeoutMs),
      });
      return { ok: true, status: replyCode(info.response) };
    } catch (error) {
      return smtpFailure(error);
    }
  };
}

/** Names a failed send by nodemailer's error code, the command that failed and the server's reply code. */
function smtpFailure(error: unknown): Attempt {
  const code = field(error, 'code');
  const command = field(error, 'command');
  const reply: unknown = error instanceof Error ? Reflect.get(error, 'responseCode') : undefined;
  const responseCode = typeof reply === 'number' ? reply : null;
  return { ok: false, failure: failureFor(code, command, responseCode), status: responseCode, code };
}

function failureFor(code: string | null, command: string | null, responseCode: number | null): Failure {
  // A 4xx reply is the server saying "not now" (greylisting, a full queue), whatever the command.
  const transient = responseCode !== null && responseCode >= 400 && responseCode < 500;
  switch (code) {
    case 'EABORT':
    case 'ETIMEDOUT':
      return 'timeout';
    case 'EAUTH':
    case 'ENOAUTH':
      return 'badCredentials';
    case 'EENVELOPE':
      if (transient) return 'serviceFailed';
      return command === 'RCPT TO' ? 'recipientRefused' : 'refused';
    case 'EMESSAGE':
      return transient ? 'serviceFailed' : 'refused';
    case 'ECONNREFUSED':
    case 'ECONNRESET':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ECONNECTION':
    case 'ESOCKET':
    case 'EDNS':
    case 'ETLS':
    case 'EREQUIRETLS':
      return 'unreachable';
    default:
      return 'failed';
  }
}

/** A string property of an error (nodemailer's `code`, `command`), or null. */
function field(error: unknown, name: 'code' | 'command'): string | null {
  const value: unknown = error instanceof Error ? Reflect.get(error, name) : undefined;
  return typeof value === 'string' ? value : null;
}

/** The reply code at the start of the server's last answer ("250 OK: queued as …"), or null. */
function replyCode(response: unknown): number | null {
  const match = typeof response === 'string' ? /^(\d{3})\b/.exec(response) : null;
  return match?.[1] === undefined ? null : Number(match[1]);
}
