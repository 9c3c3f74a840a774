// The one retry policy for a write that can lose its append to another server instance. With
// several instances, a write is first decided optimistically: its append says which seq it builds
// on, and fails with a seq conflict if another instance appended first. After OPTIMISTIC_TRIES such
// losses it is decided holding the document's head, where no other append can come between, so a
// busy writer elsewhere cannot starve it. One loop, one set of constants; every write path (a
// client's update, a server change) goes through `withRetries`.

/**
 * Optimistic attempts before a write is decided holding the document's head.
 */
export const OPTIMISTIC_TRIES = 2;
/** A guard: more conflicts than this on one write (impossible while holding the head) give up. */
export const MAX_SEQ_CONFLICTS = OPTIMISTIC_TRIES + 2;

/** What an attempt answers when another instance appended first: the write must be tried again. */
export const CONFLICT: unique symbol = Symbol('seq conflict');

/** One attempt at a write; `holdingHead` is true when it runs holding the document's head. */
export type Attempt<T> = (holdingHead: boolean) => Promise<T | typeof CONFLICT>;

/** What the policy needs from the writer. */
export interface RetryHooks {
  /** Runs `run` holding the document's head (caught up with the store first). */
  holdingHead<U>(run: () => Promise<U>): Promise<U>;
  /** An attempt lost to another instance; `holdingHead`: the next attempt holds the head. */
  conflicted(holdingHead: boolean): void;
  /** Too many conflicts: the writer gives up (reloads), throwing. */
  giveUp(): never;
}

/** Tries `attempt` until it answers something other than CONFLICT (see the module comment). */
export async function withRetries<T>(attempt: Attempt<T>, hooks: RetryHooks): Promise<T> {
  for (let conflicts = 0; ; conflicts += 1) {
    const holdingHead = conflicts >= OPTIMISTIC_TRIES;
    const result = holdingHead ? await hooks.holdingHead(() => attempt(true)) : await attempt(false);
    if (result !== CONFLICT) return result;
    hooks.conflicted(conflicts + 1 >= OPTIMISTIC_TRIES);
    if (conflicts >= MAX_SEQ_CONFLICTS) return hooks.giveUp();
  }
}
