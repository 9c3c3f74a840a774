// What slows password guessing, whichever instance holds the tallies: after a few free tries, each
// failure doubles the wait before the next try, counted per account and per address. The account
// wait is capped low (the coordinator can always get in within a minute); the address wait grows
// much longer (the guesser's own address is what suffers). Made-up emails count only against the
// address. memorySignInLimits() keeps the tallies in one process; redisSignInLimits() shares them.

/** Failures allowed before any wait. */
export const FREE_LOGIN_FAILURES = 5;
/** The first wait; each further failure doubles it. */
export const LOGIN_BASE_DELAY_MS = 1_000;
/** Longest wait an account's failures impose: the real coordinator is slowed, never locked out. */
export const MAX_ACCOUNT_DELAY_MS = 60_000;
/** Longest wait an address's failures impose. */
export const MAX_ADDRESS_DELAY_MS = 15 * 60_000;
/** Failures are forgotten after this long without one. */
export const LOGIN_WINDOW_MS = 15 * 60_000;

/** What the limits say about a sign-in attempt. */
export type LoginVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

/** Failure counts per account and per address, checked before each sign-in. */
export interface SignInLimits {
  /**
   * Checks an attempt from `address` at account `accountId` (null: no such account) and, when it
   * may go ahead, counts it as a failure at once — before the slow password check — so a burst of
   * guesses sent together cannot all slip through. Call succeeded() when the password was right.
   * Rejects with SignInLimitsUnavailableError when the tallies cannot be reached: the caller must
   * then refuse the sign-in (fail closed), never let it through unchecked.
   */
  attempt(address: string, accountId: string | null, now?: number): Promise<LoginVerdict>;
  /** The password was right: that account and address start afresh. */
  succeeded(address: string, accountId: string): Promise<void>;
}

/** The tallies cannot be reached (Redis away or not answering): no sign-in can be checked. */
export class SignInLimitsUnavailableError extends Error {
  override readonly name = 'SignInLimitsUnavailableError';
}

/** The wait a tally of `failures` recent failures imposes, from its last failure, under `capMs`. */
export function delayAfter(failures: number, capMs: number): number {
  if (failures < FREE_LOGIN_FAILURES) return 0;
  return Math.min(capMs, LOGIN_BASE_DELAY_MS * 2 ** (failures - FREE_LOGIN_FAILURES));
}
