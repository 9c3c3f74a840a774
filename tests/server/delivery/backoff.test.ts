// When a failed delivery is tried again: full jitter under a doubling ceiling, and the give-up time.

import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, nextAttemptAt } from '../../../server/delivery/backoff.ts';

const T0 = 1_700_000_000_000;
const FAR = T0 + 1_000 * 3_600_000;

describe('retry backoff', () => {
  it('waits up to 2 s after the first failure, doubling after each, never more than an hour', () => {
    const widest = (attempt: number) => (nextAttemptAt(T0, attempt, FAR, DEFAULT_BACKOFF, () => 0.999_999) ?? 0) - T0;
    expect(widest(1)).toBe(1_999);
    expect(widest(2)).toBe(3_999);
    expect(widest(3)).toBe(7_999);
    expect(widest(12)).toBe(3_599_996);
    expect(widest(500)).toBe(3_599_996);
  });

  it('draws each wait uniformly from zero up to the ceiling (full jitter)', () => {
    expect(nextAttemptAt(T0, 3, FAR, DEFAULT_BACKOFF, () => 0)).toBe(T0);
    expect(nextAttemptAt(T0, 3, FAR, DEFAULT_BACKOFF, () => 0.5)).toBe(T0 + 4_000);
    const waits = Array.from({ length: 200 }, () => (nextAttemptAt(T0, 4, FAR, DEFAULT_BACKOFF) ?? 0) - T0);
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...waits)).toBeLessThan(16_000);
    expect(new Set(waits).size).toBeGreaterThan(100);
  });

  it('makes one last attempt at the give-up time, and none after it', () => {
    const giveUpAt = T0 + 1_000;
    expect(nextAttemptAt(T0, 5, giveUpAt, DEFAULT_BACKOFF, () => 0.9)).toBe(giveUpAt);
    expect(nextAttemptAt(giveUpAt, 6, giveUpAt, DEFAULT_BACKOFF, () => 0.9)).toBeNull();
    expect(nextAttemptAt(giveUpAt + 1, 1, giveUpAt, DEFAULT_BACKOFF)).toBeNull();
  });
});
