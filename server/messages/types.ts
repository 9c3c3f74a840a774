// The words of server/messages/: one link message, the ways it can go, and what came of sending it.

/** How a person is reached. */
export const CHANNELS = { email: 'email', text: 'text' } as const;
export type Channel = (typeof CHANNELS)[keyof typeof CHANNELS];

/** Which service carried a message. */
export const VIAS = { notify: 'notify', smtp: 'smtp' } as const;
export type Via = (typeof VIAS)[keyof typeof VIAS];

/** One personal invite link to send to one person. Nothing in it is ever logged or put in an error. */
export interface LinkMessage {
  channel: Channel;
  /** An email address for `email`, a phone number for `text`. */
  to: string;
  /** The person the link is for, as the coordinator wrote it. */
  personName: string;
  /** Whose board it is. */
  youngPersonName: string;
  /** The personal invite link. */
  url: string;
}

/** What came of one send; `error` is a sentence a coordinator can act on, with no personal data or secret. */
export type SendResult = { ok: true; via: Via } | { ok: false; error: string; failure: Failure };

/** Why a message was not sent: a closed set, so every reason has its sentence and log name. */
export const FAILURES = {
  /** No service is set up for this channel. */
  notSetUp: 'notSetUp',
  /** The address or number is not one, so nothing was sent. */
  badRecipient: 'badRecipient',
  /** The link is not an http(s) URL (a caller's mistake), so nothing was sent. */
  badLink: 'badLink',
  /** The service refused this address or number. */
  recipientRefused: 'recipientRefused',
  /** GOV.UK Notify sends only to the service's own team (trial mode or a team-only key). */
  notAllowed: 'notAllowed',
  /** The service refused this server's key, user name or password. */
  badCredentials: 'badCredentials',
  /** GOV.UK Notify has no such template, or it asks for fields this server does not give. */
  badTemplate: 'badTemplate',
  /** The service's rate or daily limit was reached. */
  tooMany: 'tooMany',
  /** The service answered that it had a problem of its own. */
  serviceFailed: 'serviceFailed',
  /** The service refused the message for another reason. */
  refused: 'refused',
  /** No whole answer within the timeout. */
  timeout: 'timeout',
  /** The service could not be reached (refused connection, unknown host, TLS, dropped). */
  unreachable: 'unreachable',
  /** Anything else. */
  failed: 'failed',
} as const;
export type Failure = (typeof FAILURES)[keyof typeof FAILURES];

/**
 * What one service made of one message, for the sender to log and describe. `status` is the HTTP
 * status or SMTP reply code and `code` a library or system error code: both safe to log.
 */
export type Attempt =
  | { ok: true; status: number | null }
  | { ok: false; failure: Failure; status: number | null; code: string | null };
