// A real SMTP server on loopback (smtp-server, port 0) that keeps every message it accepts, parsed
// with mailparser. It can require AUTH, refuse recipients, or hang before its greeting or after a
// message's data.

import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One message the sink accepted. */
export interface SunkMessage {
  /** The envelope: MAIL FROM and RCPT TO, as the client sent them. */
  mailFrom: string;
  rcptTo: string[];
  /** The user the client logged in as, or null. */
  user: string | null;
  raw: string;
  parsed: ParsedMail;
}

/** How the following connections and messages are answered. */
export type SinkMode =
  | { kind: 'accept' }
  /** Every RCPT TO gets a permanent 550 refusal. */
  | { kind: 'refuseRecipients' }
  /** Connections are taken but never greeted. */
  | { kind: 'hangAtGreeting' }
  /** The whole message is taken but never answered. */
  | { kind: 'hangAfterData' };

/** A running sink. */
export interface SmtpSink {
  port: number;
  /** `smtp://127.0.0.1:<port>`, with `user:pass@` when AUTH is required. */
  url: string;
  messages: SunkMessage[];
  /** How many AUTH attempts failed. */
  failedLogins: number;
  answerWith(mode: SinkMode): void;
  close(): Promise<void>;
}

/** Starts a sink; with `auth`, every message needs a login with that user and password. */
export async function startSmtpSink(auth?: { user: string; pass: string }): Promise<SmtpSink> {
  const messages: SunkMessage[] = [];
  let mode: SinkMode = { kind: 'accept' };
  let failedLogins = 0;
  const server = new SMTPServer({
    // Plain SMTP on loopback: no STARTTLS (its default certificate is self-signed), AUTH only when asked.
    disabledCommands: auth === undefined ? ['STARTTLS', 'AUTH'] : ['STARTTLS'],
    authOptional: auth === undefined,
    allowInsecureAuth: true,
    disableReverseLookup: true,
    logger: false,
    closeTimeout: 50,
    onConnect(_session, callback) {
      if (mode.kind === 'hangAtGreeting') return;
      callback();
    },
    onAuth(login, _session, callback) {
      if (auth !== undefined && login.username === auth.user && login.password === auth.pass) return callback(null, { user: login.username });
      failedLogins += 1;
      return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(_address, _session, callback) {
      if (mode.kind === 'refuseRecipients') return callback(Object.assign(new Error('5.1.1 Recipient address rejected: user unknown'), { responseCode: 550 }));
      return callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (mode.kind === 'hangAfterData') return;
        const raw = Buffer.concat(chunks).toString('utf8');
        const envelope = session.envelope;
        simpleParser(raw).then(
          (parsed) => {
            messages.push({
              mailFrom: envelope.mailFrom === false ? '' : envelope.mailFrom.address,
              rcptTo: envelope.rcptTo.map((r) => r.address),
              user: typeof session.user === 'string' ? session.user : null,
              raw,
              parsed,
            });
            callback();
          },
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  const credentials = auth === undefined ? '' : `${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.pass)}@`;
  return {
    port,
    url: `smtp://${credentials}127.0.0.1:${port}`,
    messages,
    get failedLogins() {
      return failedLogins;
    },
    answerWith(next) {
      mode = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
