// Other instances' news reaches a document in seq order: late, doubled or crossed messages are
// put back in order, and a seq that never arrives is filled from the store after a short wait.

import { describe, expect, it } from 'vitest';
import { NewsFeed, type FeedTarget } from '../../../server/cluster/feed.ts';
import type { UpdateNews } from '../../../server/cluster/news.ts';
import { waitFor } from '../../helpers/wait.ts';

function news(seq: number): UpdateNews {
  return { kind: 'update', instance: 'other', seq, update: new Uint8Array([seq]), author: { kind: 'server' }, claims: [], metaTouched: false, at: Date.now() };
}

/** A target whose seq and state the test sets, and which records what it was fed. */
interface Recording extends FeedTarget {
  lastSeq: number;
  broken: boolean;
  applied: number[];
  filled: number;
}

/** A document that records what it was fed; `stored` is what its store holds beyond what it was fed. */
function document(stored: number[] = []) {
  let queue: Promise<void> = Promise.resolve();
  const target: Recording = {
    lastSeq: 0,
    broken: false,
    applied: [],
    filled: 0,
    enqueue(task: () => Promise<void>) {
      const next = queue.then(task);
      queue = next.catch(() => undefined);
      return next;
    },
    apply(item: UpdateNews) {
      target.applied.push(item.seq);
      target.lastSeq = item.seq;
      return true;
    },
    async fillFromStore() {
      target.filled += 1;
      for (const seq of stored) if (seq > target.lastSeq) target.lastSeq = seq;
    },
    failed(err: unknown) {
      throw err;
    },
  };
  return { target, settled: () => target.enqueue(() => Promise.resolve()) };
}

describe('the news feed', () => {
  it('applies crossed news in seq order, and each seq once', async () => {
    const { target, settled } = document();
    const feed = new NewsFeed(target, 10_000);
    for (const seq of [2, 1, 3, 2, 1]) feed.hear(news(seq));
    await settled();
    expect(target.applied).toEqual([1, 2, 3]);
    expect(target.filled).toBe(0);
    feed.stop();
  });

  it('fills a seq that never arrives from the store after the wait, then applies what followed it', async () => {
    const { target, settled } = document([1]);
    const feed = new NewsFeed(target, 20);
    feed.hear(news(2));
    await settled();
    expect(target.applied).toEqual([]);
    await waitFor('the gap filled', () => target.applied.length === 1);
    expect(target.filled).toBe(1);
    expect(target.applied).toEqual([2]);
    feed.stop();
  });

  it('feeds nothing to a document that has broken', async () => {
    const { target, settled } = document();
    target.broken = true;
    const feed = new NewsFeed(target, 20);
    feed.hear(news(1));
    await settled();
    expect(target.applied).toEqual([]);
    feed.stop();
  });
});
