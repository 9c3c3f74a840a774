// Sign-in limits held in this process's memory: the default for the single embedded-SQLite server.
// Made-up emails count only against the address, so they can never push a real account's count
// out of memory; addresses are remembered up to a bound, the oldest forgotten first.

import {
  delayAfter,
  LOGIN_WINDOW_MS,
  MAX_ACCOUNT_DELAY_MS,
  MAX_ADDRESS_DELAY_MS,
  type LoginVerdict,
  type SignInLimits,
} from './sign-in-limits.ts';

/** Addresses remembered at once (the oldest is forgotten first). */
const MAX_TRACKED_ADDRESSES = 10_000;

interface Tally {
  failures: number;
  lastAt: number;
}

/** Failure counts per account and per address in this process (never shared with another instance). */
export function memorySignInLimits(): SignInLimits {
  const accounts = new Map<string, Tally>();
  const addresses = new Map<string, Tally>();
  return {
    // No await inside: the check and the count happen in one turn, so concurrent requests cannot interleave.
    async attempt(address: string, accountId: string | null, now = Date.now()): Promise<LoginVerdict> {
      const waits = [remaining(addresses.get(address), MAX_ADDRESS_DELAY_MS, now)];
      if (accountId !== null) waits.push(remaining(accounts.get(accountId), MAX_ACCOUNT_DELAY_MS, now));
      const wait = Math.max(...waits);
      if (wait > 0) return { allowed: false, retryAfterMs: wait };
      bump(addresses, address, now);
      if (addresses.size > MAX_TRACKED_ADDRESSES) {
        const oldest = addresses.keys().next().value;
        if (oldest !== undefined) addresses.delete(oldest);
      }
      if (accountId !== null) bump(accounts, accountId, now);
      return { allowed: true };
    },

    async succeeded(address: string, accountId: string): Promise<void> {
      addresses.delete(address);
      accounts.delete(accountId);
    },
  };
}

function bump(map: Map<string, Tally>, key: string, now: number): void {
  const tally = map.get(key);
  const fresh = tally === undefined || now - tally.lastAt > LOGIN_WINDOW_MS;
  // Re-inserted, so the map's order stays oldest-first.
  map.delete(key);
  map.set(key, { failures: fresh ? 1 : tally.failures + 1, lastAt: now });
}

/** How long until the next try is allowed under this tally. */
function remaining(tally: Tally | undefined, capMs: number, now: number): number {
  if (tally === undefined || now - tally.lastAt > LOGIN_WINDOW_MS) return 0;
  const delay = delayAfter(tally.failures, capMs);
  return delay === 0 ? 0 : Math.max(0, tally.lastAt + delay - now);
}
