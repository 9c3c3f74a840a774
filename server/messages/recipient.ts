// Whether a message is fit to send before any service sees it: the address or phone number has the
// right shape for its channel, and the link is a web address.

import { z } from 'zod';
import type { Failure, LinkMessage } from './types.ts';

/** Digits in a phone number: a UK mobile has 11 (07…), an international number up to 15 (E.164). */
export const PHONE_MIN_DIGITS = 10;
export const PHONE_MAX_DIGITS = 15;

const emailAddress = z.email().max(254);
/** What people type in a phone number: digits, spaces, brackets, hyphens and one leading +. */
const PHONE_SHAPE = /^\+?[\d\s()-]+$/;

/** True for something zod takes as an email address. */
export function isEmailAddress(value: string): boolean {
  return emailAddress.safeParse(value).success;
}

/** True for a UK mobile or international number, as written by a person. */
export function isPhoneNumber(value: string): boolean {
  const digits = value.replace(/\D/g, '').length;
  return PHONE_SHAPE.test(value) && digits >= PHONE_MIN_DIGITS && digits <= PHONE_MAX_DIGITS;
}

/** Why the message cannot be sent as it is, or null when it can. */
export function messageProblem(message: LinkMessage): Failure | null {
  const to = message.to.trim();
  const fits = message.channel === 'email' ? isEmailAddress(to) : isPhoneNumber(to);
  if (!fits) return 'badRecipient';
  return isWebAddress(message.url) ? null : 'badLink';
}

function isWebAddress(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
