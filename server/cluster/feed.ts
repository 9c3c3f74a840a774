// Other instances' stored updates, fed to one room's writer in seq order. News may arrive late,
// twice, or out of order (two instances' messages cross on the way): each update is kept until the
// one before it is in, and a seq still missing after NEWS_GAP_WAIT_MS is filled from the store.

import type { UpdateNews } from './news.ts';

/** How long a missing seq in other instances' news may take to arrive before the store fills it. */
export const NEWS_GAP_WAIT_MS = 50;

/** What the feed needs from a document writer. */
export interface FeedTarget {
  /** The last seq the document holds. */
  readonly lastSeq: number;
  /** True once the writer has stopped (the document is reloading): nothing more is fed. */
  readonly broken: boolean;
  /** Runs `task` in the writer's queue, after every write queued so far. */
  enqueue(task: () => Promise<void>): Promise<void>;
  /** Applies the update that follows lastSeq; false when it could not (the writer broke). */
  apply(news: UpdateNews): boolean;
  /** Catches up with whatever the store has after lastSeq. */
  fillFromStore(): Promise<void>;
  /** A failure to report (nothing personal in it). */
  failed(err: unknown): void;
}

/** One document's news from the other instances, in order. */
export class NewsFeed {
  /** Updates heard and not applied yet, by seq. */
  private readonly heard = new Map<number, UpdateNews>();
  private gapTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly target: FeedTarget,
    private readonly gapWaitMs = NEWS_GAP_WAIT_MS,
  ) {}

  /**
   * Takes news of an update. It is kept at once (not only when its turn in the queue comes), so a
   * write that loses its append to this very update catches up from here instead of from the store.
   */
  hear(news: UpdateNews): void {
    if (news.seq > this.target.lastSeq) this.heard.set(news.seq, news);
    void this.target.enqueue(() => this.applyHeard()).catch((err: unknown) => this.target.failed(err));
  }

  /**
   * Applies the heard updates that follow the target's seq, in order (call it inside the target's
   * queue). A seq still missing is given the gap wait to arrive; then the store fills it.
   */
  async applyHeard(): Promise<void> {
    if (this.target.broken) return;
    for (let next = this.heard.get(this.target.lastSeq + 1); next !== undefined; next = this.heard.get(this.target.lastSeq + 1)) {
      this.heard.delete(next.seq);
      if (!this.target.apply(next)) return;
    }
    this.forgetUpTo(this.target.lastSeq);
    if (this.heard.size === 0 || this.gapTimer !== null) return;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = null;
      void this.target
        .enqueue(async () => {
          if (this.heard.size === 0) return;
          await this.target.fillFromStore();
          await this.applyHeard();
        })
        // reason: a failed fill is reported by the target itself; the next news or check tries again
        .catch(() => undefined);
    }, this.gapWaitMs);
    this.gapTimer.unref();
  }

  /** Drops what the target already holds (after it caught up from the store). */
  forgetUpTo(seq: number): void {
    for (const heardSeq of this.heard.keys()) if (heardSeq <= seq) this.heard.delete(heardSeq);
  }

  /** Stops the gap timer (the room is unloading). */
  stop(): void {
    if (this.gapTimer !== null) clearTimeout(this.gapTimer);
    this.gapTimer = null;
  }
}
