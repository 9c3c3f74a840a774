// Slows password guessing: after too many failures for one key, sign-in waits out a window.

/** Failures allowed per key (address and email) within the window. */
export const MAX_LOGIN_FAILURES = 10;
/** The window, and how long a locked key waits. */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
const MAX_TRACKED = 10_000;

/** In-memory failure counts per key (per server instance). */
export class LoginLimiter {
  private readonly failures = new Map<string, { count: number; since: number }>();

  /** True when this key may try a password now. */
  allowed(key: string, now = Date.now()): boolean {
    const entry = this.failures.get(key);
    if (!entry) return true;
    if (now - entry.since > LOGIN_WINDOW_MS) {
      this.failures.delete(key);
      return true;
    }
    return entry.count < MAX_LOGIN_FAILURES;
  }

  /** Records a failed attempt. */
  failed(key: string, now = Date.now()): void {
    const entry = this.failures.get(key);
    if (entry && now - entry.since <= LOGIN_WINDOW_MS) entry.count += 1;
    else this.failures.set(key, { count: 1, since: now });
    // Bound memory under a flood of made-up emails: forget the oldest.
    if (this.failures.size > MAX_TRACKED) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
  }

  /** Forgets failures after a successful sign-in. */
  succeeded(key: string): void {
    this.failures.delete(key);
  }
}
