// Slows password guessing without locking the real coordinator out: after a few free tries, each
// failure doubles the wait before the next try, counted per account and per address. The account
// wait is capped low (the coordinator can always get in within a minute); the address wait grows
// much longer (the guesser's own address is what suffers). Made-up emails count only against the
// address, so they can never push a real account's count out of memory.

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
/** Addresses remembered at once (the oldest is forgotten first). */
const MAX_TRACKED_ADDRESSES = 10_000;

interface Tally {
  failures: number;
  lastAt: number;
}

/** What the limiter says about a sign-in attempt. */
export type LoginVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

/** In-memory failure counts per account and per address (per server instance). */
export class LoginLimiter {
  private readonly accounts = new Map<string, Tally>();
  private readonly addresses = new Map<string, Tally>();

  /**
   * Checks an attempt from `address` at account `accountId` (null: no such account) and, when it
   * may go ahead, counts it as a failure at once — before the slow password check — so a burst of
   * guesses sent together cannot all slip through. Call succeeded() when the password was right.
   */
  attempt(address: string, accountId: string | null, now = Date.now()): LoginVerdict {
    const waits = [remaining(this.addresses.get(address), MAX_ADDRESS_DELAY_MS, now)];
    if (accountId !== null) waits.push(remaining(this.accounts.get(accountId), MAX_ACCOUNT_DELAY_MS, now));
    const wait = Math.max(...waits);
    if (wait > 0) return { allowed: false, retryAfterMs: wait };
    bump(this.addresses, address, now);
    if (this.addresses.size > MAX_TRACKED_ADDRESSES) {
      const oldest = this.addresses.keys().next().value;
      if (oldest !== undefined) this.addresses.delete(oldest);
    }
    if (accountId !== null) bump(this.accounts, accountId, now);
    return { allowed: true };
  }

  /** The password was right: that account and address start afresh. */
  succeeded(address: string, accountId: string): void {
    this.addresses.delete(address);
    this.accounts.delete(accountId);
  }
}

function bump(map: Map<string, Tally>, key: string, now: number): void {
  const tally = map.get(key);
  const fresh = tally === undefined || now - tally.lastAt > LOGIN_WINDOW_MS;
  // Re-inserted, so the map's order stays oldest-first.
  map.delete(key);
  map.set(key, { failures: fresh ? 1 : tally.failures + 1, lastAt: now });
}

/** How long until the next try is allowed under this tally. */
function remaining(tally: Tally | undefined, cap: number, now: number): number {
  if (tally === undefined || now - tally.lastAt > LOGIN_WINDOW_MS || tally.failures < FREE_LOGIN_FAILURES) return 0;
  const delay = Math.min(cap, LOGIN_BASE_DELAY_MS * 2 ** (tally.failures - FREE_LOGIN_FAILURES));
  return Math.max(0, tally.lastAt + delay - now);
}
