// The sign-in limiter's arithmetic, with its own clock: free tries, doubling waits, the caps, and
// memory that made-up emails cannot wipe.

import { describe, expect, it } from 'vitest';
import {
  FREE_LOGIN_FAILURES,
  LOGIN_BASE_DELAY_MS,
  LOGIN_WINDOW_MS,
  LoginLimiter,
  MAX_ACCOUNT_DELAY_MS,
  MAX_ADDRESS_DELAY_MS,
} from '../../../server/auth/login-limiter.ts';

const T0 = 1_700_000_000_000;

/** Fails `count` times as soon as each try is allowed; returns the clock after the last. */
function failRepeatedly(limiter: LoginLimiter, address: string, account: string | null, count: number, start = T0): number {
  let now = start;
  for (let i = 0; i < count; i += 1) {
    let verdict = limiter.attempt(address, account, now);
    while (!verdict.allowed) {
      now += verdict.retryAfterMs;
      verdict = limiter.attempt(address, account, now);
    }
  }
  return now;
}

describe('the sign-in limiter', () => {
  it('lets the first tries through, then doubles the wait with each failure', () => {
    const limiter = new LoginLimiter();
    const now = failRepeatedly(limiter, 'a', 'sam', FREE_LOGIN_FAILURES);
    expect(limiter.attempt('a', 'sam', now)).toEqual({ allowed: false, retryAfterMs: LOGIN_BASE_DELAY_MS });
    const later = failRepeatedly(limiter, 'a', 'sam', 1, now);
    expect(limiter.attempt('a', 'sam', later)).toEqual({ allowed: false, retryAfterMs: 2 * LOGIN_BASE_DELAY_MS });
  });

  it('caps an account’s wait at a minute however long the guessing goes on from many addresses', () => {
    const limiter = new LoginLimiter();
    let now = T0;
    for (let i = 0; i < 40; i += 1) now = failRepeatedly(limiter, `guesser-${i}`, 'sam', 1, now);
    const verdict = limiter.attempt('the coordinator at home', 'sam', now);
    expect(verdict.allowed).toBe(false);
    if (!verdict.allowed) expect(verdict.retryAfterMs).toBeLessThanOrEqual(MAX_ACCOUNT_DELAY_MS);
    expect(limiter.attempt('the coordinator at home', 'sam', now + MAX_ACCOUNT_DELAY_MS).allowed).toBe(true);
  });

  it('lets one address wait much longer than an account', () => {
    const limiter = new LoginLimiter();
    const now = failRepeatedly(limiter, 'guesser', null, FREE_LOGIN_FAILURES + 20);
    const verdict = limiter.attempt('guesser', null, now);
    expect(verdict).toEqual({ allowed: false, retryAfterMs: MAX_ADDRESS_DELAY_MS });
  });

  it('keeps an account’s count whatever a flood of made-up emails and addresses does', () => {
    const limiter = new LoginLimiter();
    const now = failRepeatedly(limiter, 'guesser', 'sam', FREE_LOGIN_FAILURES + 3);
    for (let i = 0; i < 20_000; i += 1) limiter.attempt(`flood-${i}`, null, now);
    const verdict = limiter.attempt('elsewhere', 'sam', now);
    expect(verdict.allowed).toBe(false);
  });

  it('forgets failures after a quiet window, and after a right password', () => {
    const limiter = new LoginLimiter();
    const now = failRepeatedly(limiter, 'a', 'sam', FREE_LOGIN_FAILURES + 2);
    expect(limiter.attempt('a', 'sam', now + LOGIN_WINDOW_MS + 1).allowed).toBe(true);
    const again = failRepeatedly(limiter, 'b', 'alex', FREE_LOGIN_FAILURES + 2);
    limiter.succeeded('b', 'alex');
    expect(limiter.attempt('b', 'alex', again).allowed).toBe(true);
  });
});
