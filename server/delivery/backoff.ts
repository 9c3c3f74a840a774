// When to try a delivery again: exponential backoff with full jitter (each wait is uniformly random
// up to a ceiling that doubles per attempt), so a receiver coming back is not hit by every sender at once.

/** The backoff's shape. */
export interface Backoff {
  /** The ceiling after the first failed attempt; it doubles with each further one. */
  baseMs: number;
  /** The ceiling never grows past this. */
  maxMs: number;
}

/** Waits of up to 2 s after the first failed attempt, doubling after each, never more than 1 h. */
export const DEFAULT_BACKOFF: Backoff = { baseMs: 2_000, maxMs: 3_600_000 };

/**
 * When attempt number `attempt + 1` may start, given that attempt `attempt` failed at `now`: null
 * once `giveUpAt` has come (that was the last try), and never later than `giveUpAt` (one last try then).
 */
export function nextAttemptAt(now: number, attempt: number, giveUpAt: number, backoff: Backoff, random: () => number = Math.random): number | null {
  if (now >= giveUpAt) return null;
  // 2 ** 40 already dwarfs any sensible maxMs; the cap keeps the arithmetic finite.
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 40));
  return Math.min(now + Math.floor(random() * ceiling), giveUpAt);
}
