// Sends one person their invite link by email or text message, through GOV.UK Notify or SMTP as the
// server is set up, and says in plain words what came of it. Never throws; never logs or returns the
// address, the names, the link or a secret.

import type { MessagesConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import { describeFailure, UNKNOWN_CHANNEL } from './failure.ts';
import { composeLinkEmail } from './linkEmail.ts';
import type { NotifySend } from './notify.ts';
import { messageProblem } from './recipient.ts';
import type { SmtpSend } from './smtp.ts';
import { CHANNELS } from './types.ts';
import type { Attempt, Channel, Failure, LinkMessage, SendResult, Via } from './types.ts';

/** The server's link sender. */
export interface LinkSender {
  /** Which channels this server can send on (for the coordinator's screen). */
  channels: Record<Channel, boolean>;
  /** Sends one message; resolves with what came of it, never rejects. */
  send(message: LinkMessage): Promise<SendResult>;
}

/** Builds the sender for the services that are set up (none is fine: every send then says so). */
export function createLinkSender(config: MessagesConfig, log: Logger): LinkSender {
  const notify = config.notify;
  const smtp = config.smtp;
  // The clients (Notify's with axios, nodemailer) load on the first send: a server that sends no
  // messages, or has not sent one yet, does not hold them in memory (the build keeps them in chunks).
  let notifyClient: Promise<NotifySend> | null = null;
  let smtpClient: Promise<SmtpSend> | null = null;
  const notifySend = notify === null ? null : () => (notifyClient ??= import('./notify.ts').then((m) => m.notifySender(notify, config.timeoutMs)));
  const smtpSend = smtp === null ? null : () => (smtpClient ??= import('./smtp.ts').then((m) => m.smtpSender(smtp, config.timeoutMs)));
  const notifyEmail = notify !== null && notify.emailTemplateId !== null;
  const notifyText = notify !== null && notify.smsTemplateId !== null;
  const routes: Record<Channel, Via | null> = {
    // Notify first: it reports delivery and bounces, which a plain SMTP relay does not.
    email: notifyEmail ? 'notify' : smtpSend !== null ? 'smtp' : null,
    text: notifyText ? 'notify' : null,
  };

  /** Logs one line with nothing personal in it (the message itself never goes near the logger) and answers. */
  function outcome(channel: Channel, via: Via | null, attempt: Attempt): SendResult {
    if (attempt.ok && via !== null) {
      log.info({ channel, via, ok: true, status: attempt.status }, 'link message sent');
      return { ok: true, via };
    }
    const failure = attempt.ok ? 'failed' : attempt.failure;
    const detail = attempt.ok ? {} : { status: attempt.status, code: attempt.code };
    log.warn({ channel, via, ok: false, failure, ...detail }, 'link message not sent');
    return { ok: false, error: describeFailure(channel, via, failure), failure };
  }

  async function attempt(message: LinkMessage, via: Via): Promise<Attempt> {
    const to = message.to.trim();
    if (via === 'notify') {
      if (notifySend === null) return notSent('notSetUp');
      return (await notifySend())(message.channel, to, { name: message.personName, young_person: message.youngPersonName, link: message.url });
    }
    if (smtpSend === null) return notSent('notSetUp');
    return (await smtpSend())(to, composeLinkEmail(message));
  }

  return {
    channels: { email: routes.email !== null, text: routes.text !== null },
    async send(message) {
      const { channel } = message;
      // The type says it is one of the two; a message built from unparsed input might still not be.
      if (!Object.hasOwn(CHANNELS, channel)) {
        log.warn({ ok: false, failure: 'badChannel' }, 'link message not sent');
        return { ok: false, error: UNKNOWN_CHANNEL, failure: 'failed' };
      }
      const via = routes[channel];
      if (via === null) return outcome(channel, null, notSent('notSetUp'));
      const problem = messageProblem(message);
      if (problem !== null) return outcome(channel, null, notSent(problem));
      try {
        return outcome(channel, via, await attempt(message, via));
      } catch {
        // reason: each service names its own failures; anything that still escapes is a bug, reported without its text
        return outcome(channel, via, notSent('failed'));
      }
    },
  };
}

/** An attempt that never reached a service. */
function notSent(failure: Failure): Attempt {
  return { ok: false, failure, status: null, code: null };
}
