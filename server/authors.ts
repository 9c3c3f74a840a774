// Who added each wish, person and offer on a board, and who last changed it, from the server's own
// record of authors (each stored update's author and what it changed, server/sync/authority/notes.ts)
// — not from anything a client wrote. Read incrementally: each board keeps how far it has read.

import type { ConferenceId } from '../shared/ids.ts';
import type { Author, Store } from './store/types.ts';

/** Who touched one entry, and when (ms). */
export interface EntryAuthors {
  addedBy: Author | null;
  addedAt: number | null;
  changedBy: Author | null;
  changedAt: number | null;
}

/** Entries of these roots are cards on the board. */
const CARD_ROOTS = new Set(['offers', 'objectives', 'people']);
/** Boards whose authorship is kept in memory at most (the least recently asked are dropped). */
export const MAX_CACHED_BOARDS = 500;

interface Cached {
  lastSeq: number;
  entries: Map<string, EntryAuthors>;
}

/** Who added and last changed each card of a board, read from the update log as it grows. */
export class BoardAuthors {
  private readonly boards = new Map<ConferenceId, Cached>();

  constructor(private readonly store: Pick<Store, 'docs'>) {}

  async of(conferenceId: ConferenceId): Promise<ReadonlyMap<string, EntryAuthors>> {
    const cached = this.boards.get(conferenceId) ?? { lastSeq: 0, entries: new Map<string, EntryAuthors>() };
    // Most recently asked last, so the first key is the one to drop.
    this.boards.delete(conferenceId);
    this.boards.set(conferenceId, cached);
    if (this.boards.size > MAX_CACHED_BOARDS) {
      const oldest = this.boards.keys().next().value;
      if (oldest !== undefined) this.boards.delete(oldest);
    }
    for (const entry of await this.store.docs.log(conferenceId, 'board', { afterSeq: cached.lastSeq })) {
      cached.lastSeq = Math.max(cached.lastSeq, entry.seq);
      // The server's own changes (stage, agreements, the lock) are nobody's edit of a card.
      if (entry.author.kind === 'server') continue;
      for (const note of entry.changes) {
        if (!CARD_ROOTS.has(note.root) || note.id === undefined) continue;
        const known = cached.entries.get(note.id) ?? { addedBy: null, addedAt: null, changedBy: null, changedAt: null };
        if (note.op === 'add') {
          known.addedBy = entry.author;
          known.addedAt = entry.at;
        } else if (note.op !== 'remove') {
          known.changedBy = entry.author;
          known.changedAt = entry.at;
        }
        cached.entries.set(note.id, known);
      }
    }
    return cached.entries;
  }

  /** Forgets a board (it was deleted). */
  forget(conferenceId: ConferenceId): void {
    this.boards.delete(conferenceId);
  }
}
