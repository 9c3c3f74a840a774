// The one retry policy: optimistic attempts first, then attempts holding the document's head, and a
// bounded number of conflicts before the writer gives up.

import { describe, expect, it } from 'vitest';
import { CONFLICT, MAX_SEQ_CONFLICTS, OPTIMISTIC_TRIES, withRetries, type RetryHooks } from '../../../server/sync/retry.ts';

class GaveUp extends Error {}

/** A writer's side of the policy that records what the policy asked of it. */
function recordingHooks() {
  const seen: string[] = [];
  const hooks: RetryHooks = {
    async holdingHead(run) {
      seen.push('hold');
      return run();
    },
    conflicted(holdingHead) {
      seen.push(holdingHead ? 'conflict→hold' : 'conflict');
    },
    giveUp() {
      seen.push('give up');
      throw new GaveUp('gave up');
    },
  };
  return { seen, hooks };
}

describe('the retry policy for appends', () => {
  it('answers the first attempt that does not conflict, without holding the head', async () => {
    const { seen, hooks } = recordingHooks();
    const modes: boolean[] = [];
    const result = await withRetries(async (holding) => {
      modes.push(holding);
      return 'stored';
    }, hooks);
    expect(result).toBe('stored');
    expect(modes).toEqual([false]);
    expect(seen).toEqual([]);
  });

  it(`tries ${OPTIMISTIC_TRIES} times optimistically, then holds the head`, async () => {
    const { seen, hooks } = recordingHooks();
    const modes: boolean[] = [];
    const result = await withRetries(async (holding) => {
      modes.push(holding);
      return holding ? 'stored' : CONFLICT;
    }, hooks);
    expect(result).toBe('stored');
    expect(modes).toEqual([...Array<boolean>(OPTIMISTIC_TRIES).fill(false), true]);
    expect(seen).toEqual(['conflict', 'conflict→hold', 'hold']);
  });

  it(`gives up after ${MAX_SEQ_CONFLICTS + 1} conflicts in a row`, async () => {
    const { seen, hooks } = recordingHooks();
    let attempts = 0;
    await expect(
      withRetries(async () => {
        attempts += 1;
        return CONFLICT;
      }, hooks),
    ).rejects.toBeInstanceOf(GaveUp);
    expect(attempts).toBe(MAX_SEQ_CONFLICTS + 1);
    expect(seen.at(-1)).toBe('give up');
  });

  it('lets an error from an attempt through at once', async () => {
    const { seen, hooks } = recordingHooks();
    await expect(withRetries(() => Promise.reject(new Error('store away')), hooks)).rejects.toThrow('store away');
    expect(seen).toEqual([]);
  });
});
