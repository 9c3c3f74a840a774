// The behaviour every SignInLimits must have, on its own clock: free tries, doubling waits, the
// caps, the window, the right password, bursts counted before the password check, and memory that
// made-up emails cannot wipe. Run against memory (npm test) and Redis (npm run test:cluster).

import { describe, expect, it } from 'vitest';
import {
  FREE_LOGIN_FAILURES,
  LOGIN_BASE_DELAY_MS,
  LOGIN_WINDOW_MS,
  MAX_ACCOUNT_DELAY_MS,
  MAX_ADDRESS_DELAY_MS,
  type LoginVerdict,
  type SignInLimits,
} from '../../../server/auth/sign-in-limits.ts';

/** A fresh, empty set of limits for one test (the caller cleans up after each). */
export type OpenLimits = () => Promise<SignInLimits>;

export const T0 = 1_700_000_000_000;

/** Fails `count` times as soon as each try is allowed; returns the clock after the last. */
export async function failRepeatedly(limits: SignInLimits, address: string, account: string | null, count: number, start = T0): Promise<number> {
  let now = start;
  for (let i = 0; i < count; i += 1) {
    let verdict = await limits.attempt(address, account, now);
    while (!verdict.allowed) {
      now += verdict.retryAfterMs;
      verdict = await limits.attempt(address, account, now);
    }
  }
  return now;
}

/** Runs `count` attempts made by `make(i)`, `batch` at a time, all at once within a batch. */
async function inBatches(count: number, batch: number, make: (i: number) => Promise<LoginVerdict>): Promise<LoginVerdict[]> {
  const verdicts: LoginVerdict[] = [];
  for (let start = 0; start < count; start += batch) {
    verdicts.push(...(await Promise.all(Array.from({ length: Math.min(batch, count - start) }, (_, i) => make(start + i)))));
  }
  return verdicts;
}

/** Registers the sign-in limits suite for one implementation. */
export function signInLimitsContract(name: string, open: OpenLimits): void {
  describe(`${name} sign-in limits (contract)`, () => {
    it('lets the first tries through, then doubles the wait with each failure', async () => {
      const limits = await open();
      const now = await failRepeatedly(limits, 'a', 'sam', FREE_LOGIN_FAILURES);
      expect(await limits.attempt('a', 'sam', now)).toEqual({ allowed: false, retryAfterMs: LOGIN_BASE_DELAY_MS });
      const later = await failRepeatedly(limits, 'a', 'sam', 1, now);
      expect(await limits.attempt('a', 'sam', later)).toEqual({ allowed: false, retryAfterMs: 2 * LOGIN_BASE_DELAY_MS });
      const third = await failRepeatedly(limits, 'a', 'sam', 1, later);
      expect(await limits.attempt('a', 'sam', third)).toEqual({ allowed: false, retryAfterMs: 4 * LOGIN_BASE_DELAY_MS });
    });

    it('counts down the wait, and does not count a try that was turned away', async () => {
      const limits = await open();
      const now = await failRepeatedly(limits, 'a', 'sam', FREE_LOGIN_FAILURES);
      expect(await limits.attempt('a', 'sam', now + 400)).toEqual({ allowed: false, retryAfterMs: LOGIN_BASE_DELAY_MS - 400 });
      expect(await limits.attempt('a', 'sam', now + 900)).toEqual({ allowed: false, retryAfterMs: LOGIN_BASE_DELAY_MS - 900 });
      expect(await limits.attempt('a', 'sam', now + LOGIN_BASE_DELAY_MS)).toEqual({ allowed: true });
    });

    it('caps an account’s wait at a minute however long the guessing goes on from many addresses', async () => {
      const limits = await open();
      let now = T0;
      for (let i = 0; i < 40; i += 1) now = await failRepeatedly(limits, `guesser-${i}`, 'sam', 1, now);
      const verdict = await limits.attempt('the coordinator at home', 'sam', now);
      expect(verdict).toEqual({ allowed: false, retryAfterMs: MAX_ACCOUNT_DELAY_MS });
      expect((await limits.attempt('the coordinator at home', 'sam', now + MAX_ACCOUNT_DELAY_MS)).allowed).toBe(true);
    });

    it('lets one address wait much longer than an account', async () => {
      const limits = await open();
      const now = await failRepeatedly(limits, 'guesser', null, FREE_LOGIN_FAILURES + 20);
      expect(await limits.attempt('guesser', null, now)).toEqual({ allowed: false, retryAfterMs: MAX_ADDRESS_DELAY_MS });
    });

    it('slows guesses at made-up emails by address, without touching any account', async () => {
      const limits = await open();
      const now = await failRepeatedly(limits, 'guesser', null, FREE_LOGIN_FAILURES);
      expect((await limits.attempt('guesser', 'sam', now)).allowed).toBe(false);
      expect(await limits.attempt('the coordinator at home', 'sam', now)).toEqual({ allowed: true });
    });

    it('keeps an account’s count whatever a flood of made-up emails and addresses does', async () => {
      const limits = await open();
      const now = await failRepeatedly(limits, 'guesser', 'sam', FREE_LOGIN_FAILURES + 3);
      await inBatches(20_000, 500, (i) => limits.attempt(`flood-${i}`, null, now));
      expect((await limits.attempt('elsewhere', 'sam', now)).allowed).toBe(false);
    });

    it('counts a burst of tries sent all at once: only the free ones go ahead', async () => {
      const limits = await open();
      const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => limits.attempt(`burst-${i}`, 'sam', T0)));
      expect(burst.filter((v) => v.allowed)).toHaveLength(FREE_LOGIN_FAILURES);
    });

    it('forgets failures after a quiet window, and not a moment before', async () => {
      const limits = await open();
      // At the window's very end the count still stands: one more failure doubles the wait again.
      const sam = await failRepeatedly(limits, 'a', 'sam', FREE_LOGIN_FAILURES + 2);
      expect(await limits.attempt('a', 'sam', sam + LOGIN_WINDOW_MS)).toEqual({ allowed: true });
      expect(await limits.attempt('a', 'sam', sam + LOGIN_WINDOW_MS)).toEqual({ allowed: false, retryAfterMs: 8 * LOGIN_BASE_DELAY_MS });
      // A moment later it is forgotten: counted afresh, the free tries are back.
      const alex = await failRepeatedly(limits, 'b', 'alex', FREE_LOGIN_FAILURES + 2);
      const quiet = alex + LOGIN_WINDOW_MS + 1;
      const next = await failRepeatedly(limits, 'b', 'alex', FREE_LOGIN_FAILURES, quiet);
      expect(next).toBe(quiet);
      expect(await limits.attempt('b', 'alex', next)).toEqual({ allowed: false, retryAfterMs: LOGIN_BASE_DELAY_MS });
    });

    it('starts an account and address afresh after a right password, and no other', async () => {
      const limits = await open();
      let now = await failRepeatedly(limits, 'b', 'alex', FREE_LOGIN_FAILURES + 2);
      now = await failRepeatedly(limits, 'c', 'sam', FREE_LOGIN_FAILURES + 2, now);
      await limits.succeeded('b', 'alex');
      expect(await limits.attempt('b', 'alex', now)).toEqual({ allowed: true });
      expect((await limits.attempt('c', 'sam', now)).allowed).toBe(false);
    });
  });
}
