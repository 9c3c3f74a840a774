// Why a link message was not sent, in a sentence a coordinator can act on. The sentences name the
// channel and the service, never the person, the address, the link or a secret.

import type { Channel, Failure, Via } from './types.ts';

const WHAT: Record<Channel, string> = { email: 'The email', text: 'The text message' };
const BY: Record<Channel, string> = { email: 'by email', text: 'by text message' };
const RECIPIENT: Record<Channel, string> = { email: 'the address', text: 'the phone number' };
const SERVICE: Record<Via, string> = { notify: 'GOV.UK Notify', smtp: 'the mail server' };
const ASK_ADMIN = 'Ask whoever looks after this server to check its settings.';

/** The sentence for a message whose channel is neither email nor text (a caller's mistake). */
export const UNKNOWN_CHANNEL = 'The message could not be sent: it can only go by email or by text message.';

/** The sentence for a failure; `via` is the service tried, null when nothing was sent. */
export function describeFailure(channel: Channel, via: Via | null, failure: Failure): string {
  if (failure === 'notSetUp') return `Sending ${BY[channel]} is not set up on this server.`;
  const service = via === null ? 'the service' : SERVICE[via];
  return `${WHAT[channel]} could not be sent: ${reason(channel, service, failure)}`;
}

function reason(channel: Channel, service: string, failure: Failure): string {
  switch (failure) {
    case 'notSetUp':
      return 'it is not set up on this server.';
    case 'badRecipient':
      return channel === 'email'
        ? 'that is not an email address. Check it and try again.'
        : 'that is not a phone number. Check it and try again.';
    case 'badLink':
      return 'the invite link is not a web address.';
    case 'recipientRefused':
      return `${RECIPIENT[channel]} was refused.`;
    case 'notAllowed':
      return `${service} only sends to the service’s own team until the service is live. ${ASK_ADMIN}`;
    case 'badCredentials':
      return `${service} did not accept this server’s key or password. ${ASK_ADMIN}`;
    case 'badTemplate':
      return `${service} does not have the message template this server uses. ${ASK_ADMIN}`;
    case 'tooMany':
      return `${service} is not taking more messages for now. Try again later.`;
    case 'serviceFailed':
      return `${service} had a problem. Try again in a few minutes.`;
    case 'refused':
      return `${service} refused the message.`;
    case 'timeout':
      return `${service} did not answer in time.`;
    case 'unreachable':
      return `${service} could not be reached. Try again in a few minutes.`;
    case 'failed':
      return 'something went wrong. Try again in a few minutes.';
    default: {
      const unknown: never = failure;
      throw new Error(`Unknown failure ${JSON.stringify(unknown)}`);
    }
  }
}
