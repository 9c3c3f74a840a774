// The document writer: one live document's durable side. It owns the document's seq, the one append
// (to the store, or through the held head), the retry policy's hooks, catching up from the store
// (after lost news or a lost append), other instances' news (through a NewsFeed) and compaction.
// Writes run one at a time in its queue, so snapshots match their seq and rules see a settled
// document. What it stored reaches people through the Relay it is given: nothing is relayed before
// it is stored.

import * as Y from 'yjs';
import type { Logger } from 'pino';
import type { ConferenceId } from '../../shared/ids.ts';
import type { DocName } from '../../shared/roles.ts';
import { isStoreError } from '../store/types.ts';
import type { AppendOptions, Author, BoardSummary, ChangeNote, DocStore, HeldHead, LoadedDoc, PlanVersionRecord, StoreError } from '../store/types.ts';
import type { NewsBus, UpdateNews } from '../cluster/news.ts';
import { NewsFeed, type FeedTarget } from '../cluster/feed.ts';
import { updateFrame } from './frames.ts';
import { rebuild } from './rebuild.ts';
import { withRetries, type Attempt } from './retry.ts';
import type { RoomMetrics } from './roomMetrics.ts';
import { Owners } from './owners.ts';
import { boardRecords } from '../store/boardRecords.ts';
import { changedSummary } from './summary.ts';
import { stageOf, type Stage } from './stage.ts';

/** After this many stored updates the log is folded into a snapshot (bounds cold-load time). */
export const COMPACT_EVERY_UPDATES = 1_000;
/** Most bytes one document may take in the store (snapshot plus later updates); beyond, only small changes. */
export const BOARD_QUOTA_BYTES = 16 * 1024 * 1024;
/**
 * Beyond the quota a full board can still be tidied: changes up to SMALL_CHANGE_BYTES (taking
 * things off to "Removed", putting back, moving) go in until the store holds TIDYING_BYTES more,
 * and emptying "Removed" (deletions only) always does; folding the log then frees the room.
 */
export const SMALL_CHANGE_BYTES = 4 * 1024;
export const TIDYING_BYTES = 1024 * 1024;
/** The origin of what another server instance stored (applied from its news, or caught up from the store). */
export const REMOTE_ORIGIN: unique symbol = Symbol('another instance');

/** A write reached a room that has been dropped; its sender resends after reconnecting. */
export class RoomBrokenError extends Error {
  override readonly name = 'RoomBrokenError';
}

/** What the writer needs from outside. */
export interface WriterDeps {
  docs: DocStore;
  log: Logger;
  metrics: RoomMetrics;
  /**
   * Several instances share the store: every append says the seq it builds on, news of each one
   * goes to the others, and compaction builds its snapshot from the store. Null for one instance.
   */
  news: NewsBus | null;
}

/** What the writer tells the relay core. */
export interface Relay {
  /** Sends a stored update to every connection. */
  broadcast(frame: Uint8Array): void;
  /** What was just applied may have moved the stage (phase, lock); `wasLocked`: the lock before it. */
  stageMoved(wasLocked: boolean): void;
  /** The document may no longer match the store: the room is dropped and its peers reload. */
  broken(): void;
}

/** A write already applied to the document, to append with what goes with it. */
export interface Append {
  update: Uint8Array;
  author: Author;
  /** Yjs client ids this update gives to its author. */
  claims: number[];
  /** True when it may have changed the board's meta (the conference record's summary follows it). */
  metaTouched: boolean;
  notes?: ChangeNote[];
  /** The agreed plan version sealed in the same transaction (the change that locks the plan). */
  seal?: PlanVersionRecord;
}

/** One document's durable side (see the module comment). */
export class DocWriter implements FeedTarget {
  /** Set once the document may differ from the store; nothing more is written and the room is dropped. */
  broken = false;
  /** Who owns each Yjs client id in the document. */
  readonly owners: Owners;
  private docNow: Y.Doc;
  private queue: Promise<void> = Promise.resolve();
  private seq: number;
  private sinceSnapshot: number;
  private storedBytes: number;
  /** The conference record's derived fields as last stored (board only). */
  private summary: BoardSummary | null;
  /** While a write is decided holding the document's head: its appends go through it. */
  private held: HeldHead | null = null;
  private appendedWhileHeld = false;
  /** While holding the head: what waits for the commit (relaying, news, closing sockets). */
  private afterCommit: (() => void)[] | null = null;
  private readonly feed = new NewsFeed(this);

  constructor(
    readonly conferenceId: ConferenceId,
    readonly docName: DocName,
    doc: Y.Doc,
    loaded: LoadedDoc,
    summary: BoardSummary | null,
    private readonly deps: WriterDeps,
    private readonly relay: Relay,
  ) {
    this.docNow = doc;
    this.seq = loaded.lastSeq;
    this.sinceSnapshot = loaded.updates.length;
    this.storedBytes = loaded.storedBytes;
    this.owners = new Owners(loaded.owners);
    this.summary = summary;
  }

  /** The live document (replaced when a refused update is rolled back). */
  get doc(): Y.Doc {
    return this.docNow;
  }

  /** The last seq this document holds. */
  get lastSeq(): number {
    return this.seq;
  }

  /** The document's phase and lock now. */
  stage(): Stage {
    return stageOf(this.docNow, this.docName);
  }

  /** Runs `task` after every write queued so far; a failed task does not block the ones behind it. */
  enqueue<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task);
    this.queue = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }

  /** Throws unless the writer still takes writes. */
  assertWritable(): void {
    if (this.broken) throw new RoomBrokenError('The document is reloading.');
  }

  /** Runs one write under the retry policy (sync/retry.ts). */
  retry<T>(attempt: Attempt<T>): Promise<T> {
    return withRetries(attempt, {
      holdingHead: (run) => this.holdingHead(run),
      conflicted: (holdingHead) => this.deps.metrics.conflicted(holdingHead),
      giveUp: () => this.giveUp(),
    });
  }

  /**
   * True when the store has room for `bytes` more. The quota is for what the board holds, not for
   * edits undone since the last snapshot: the log is folded first (a snapshot leaves deleted content out).
   */
  async roomFor(bytes: number): Promise<boolean> {
    const limit = bytes <= SMALL_CHANGE_BYTES ? BOARD_QUOTA_BYTES + TIDYING_BYTES : BOARD_QUOTA_BYTES;
    // Checked before folding: a full board's small changes must not fold its whole log each time.
    if (this.storedBytes + bytes <= limit) return true;
    if (this.sinceSnapshot > 0) await this.compact();
    return this.storedBytes + bytes <= limit;
  }

  /**
   * Appends an applied write durably with its claims and, when the meta changed, the conference
   * record's derived summary. The one place a document's update is appended. Refused by the lock
   * or lost to another instance's append, nothing was written and the error goes to the caller
   * (who rolls back); any other failure breaks the room (the document holds what the store does not).
   */
  async append(write: Append): Promise<void> {
    const { update, author, claims, metaTouched, notes = [], seal } = write;
    const summary = changedSummary(this.docNow, this.docName, metaTouched, this.summary);
    const started = performance.now();
    try {
      const options: AppendOptions = {
        author,
        at: Date.now(),
        claims,
        ...(notes.length > 0 ? { changes: notes } : {}),
        ...boardRecords(this.conferenceId, { ...(summary ? { summary } : {}), ...(seal ? { seal } : {}) }),
        ...(this.deps.news ? { expectSeq: this.seq } : {}),
      };
      if (this.held) this.appendedWhileHeld = true;
      this.seq = this.held ? await this.held.append(update, options) : await this.deps.docs.append(this.conferenceId, this.docName, update, options);
    } catch (err) {
      if (isStoreError(err, 'locked') || isStoreError(err, 'seqConflict')) throw err;
      this.break();
      throw err;
    }
    // Committed (or, holding the head, once committed): the other instances hear of it before anyone is sent it.
    const seq = this.seq;
    const news = this.deps.news;
    if (news) this.whenCommitted(() => news.publishUpdate(this.conferenceId, this.docName, { seq, update, author, claims, metaTouched: summary !== null || metaTouched }));
    this.owners.claim(claims, author);
    if (summary) this.summary = summary;
    this.storedBytes += update.byteLength;
    this.sinceSnapshot += 1;
    this.deps.metrics.updateStored((performance.now() - started) / 1000);
  }

  /** Runs `run` once what was just appended is committed (at once, unless holding the head). */
  whenCommitted(run: () => void): void {
    if (this.afterCommit !== null) this.afterCommit.push(run);
    else run();
  }

  /** After losing an append to `err`: catches up with what the other instance stored (heard, or from the store). */
  async catchUpAfter(err: StoreError): Promise<void> {
    await this.feed.applyHeard();
    if (this.seq < (err.actual ?? 0)) await this.fillFromStore(undefined, false);
  }

  /**
   * Puts the document back as the store has it, after an update that was refused had already
   * changed it. Everything else in the document is stored (nothing is relayed before it is), so
   * every peer still agrees with the rebuilt copy and stays connected.
   */
  async rollBack(): Promise<void> {
    this.deps.metrics.rebuilt();
    try {
      const loaded = await this.deps.docs.load(this.conferenceId, this.docName);
      const before = this.docNow;
      const hadSeq = this.seq;
      const wasLocked = this.stage().locked;
      // The old document is not destroyed: that would destroy the room's awareness with it.
      this.docNow = rebuild(loaded, this.docName).doc;
      if (loaded.lastSeq > hadSeq) {
        // With several instances the store may hold what others stored since: this room's clients
        // are sent it (what the rebuilt document has that the old one did not).
        this.adopt(loaded);
        this.relay.broadcast(updateFrame(Y.encodeStateAsUpdate(this.docNow, Y.encodeStateVector(before))));
        this.relay.stageMoved(wasLocked);
      }
    } catch (err) {
      this.deps.log.error({ conferenceId: this.conferenceId, doc: this.docName, err: String(err) }, 'reloading after a refused update failed');
      this.break();
    }
  }

  /** Folds the update log into a snapshot once enough updates have been stored since the last one. */
  async compactIfDue(): Promise<void> {
    if (this.sinceSnapshot >= COMPACT_EVERY_UPDATES) await this.compact();
  }

  /** Waits for queued writes, then folds the update log into a snapshot if anything is pending. */
  flush(): Promise<void> {
    return this.enqueue(() => (this.sinceSnapshot > 0 ? this.compact() : Promise.resolve()));
  }

  /** Some stored parts could not be applied on load: a snapshot soon takes them out of the log. */
  foldSoon(): void {
    this.sinceSnapshot = Math.max(this.sinceSnapshot, COMPACT_EVERY_UPDATES);
  }

  /** News of an update another instance stored (see server/cluster/feed.ts). */
  hear(news: UpdateNews): void {
    this.feed.hear(news);
  }

  /** Catches up from the store now (after news may have been lost); a no-op when nothing is new. */
  catchUp(): Promise<void> {
    return this.enqueue(async () => {
      if (this.broken) return;
      // Asked of every open room every few seconds: one indexed row after this room's seq tells
      // whether anything is new, before the fuller read that catching up takes.
      try {
        if ((await this.deps.docs.log(this.conferenceId, this.docName, { afterSeq: this.seq, limit: 1 })).length === 0) return;
      } catch {
        // reason: the store is away; the next check tries again and nothing here is lost
        return;
      }
      await this.fillFromStore();
    });
  }

  /** Applies one update another instance stored (the next seq) and relays it; false when the room broke. */
  apply(news: UpdateNews): boolean {
    const wasLocked = this.stage().locked;
    try {
      Y.applyUpdate(this.docNow, news.update, REMOTE_ORIGIN);
    } catch (err) {
      // Stored by another instance, so it applied there; here it cannot: reload from the store.
      this.deps.log.error({ conferenceId: this.conferenceId, doc: this.docName, err: String(err) }, 'news from another instance did not apply');
      this.break();
      return false;
    }
    this.seq = news.seq;
    this.owners.claim(news.claims, news.author);
    // The record's summary was stored with it; ours is no longer known to match.
    if (news.metaTouched) this.summary = null;
    this.storedBytes += news.update.byteLength;
    this.sinceSnapshot += 1;
    this.deps.metrics.fannedOut(Math.max(0, Date.now() - news.at) / 1000);
    this.relay.broadcast(updateFrame(news.update));
    this.relay.stageMoved(wasLocked);
    return true;
  }

  /** Applies whatever the store has after this document's seq (news missed or out of order) and relays it. */
  async fillFromStore(
    loadAfter: (afterSeq: number) => Promise<LoadedDoc> = (afterSeq) => this.deps.docs.loadAfter(this.conferenceId, this.docName, afterSeq),
    /** False when catching up after losing an append (not news missed). */
    countAsGap = true,
  ): Promise<void> {
    if (this.broken) return;
    let loaded: LoadedDoc;
    try {
      loaded = await loadAfter(this.seq);
    } catch (err) {
      // The store is away: the next news or check tries again; nothing here is lost.
      this.deps.log.warn({ conferenceId: this.conferenceId, doc: this.docName, err: String(err) }, 'catching up from the store failed');
      return;
    }
    if (loaded.lastSeq <= this.seq) return;
    const wasLocked = this.stage().locked;
    try {
      this.docNow.transact(() => {
        if (loaded.snapshot) Y.applyUpdate(this.docNow, loaded.snapshot);
        for (const update of loaded.updates) Y.applyUpdate(this.docNow, update);
      }, REMOTE_ORIGIN);
    } catch (err) {
      this.deps.log.error({ conferenceId: this.conferenceId, doc: this.docName, err: String(err) }, 'catching up from the store did not apply');
      this.break();
      return;
    }
    this.adopt(loaded);
    this.feed.forgetUpTo(this.seq);
    if (countAsGap) this.deps.metrics.gapFilled();
    // Relayed as stored (not as a difference from this document, which may hold a client's update
    // still being stored after losing an append: nothing is relayed before it is stored).
    const parts = loaded.snapshot ? [loaded.snapshot, ...loaded.updates] : loaded.updates;
    if (parts.length > 0) this.relay.broadcast(updateFrame(parts.length === 1 ? (parts[0] as Uint8Array) : Y.mergeUpdates(parts)));
    this.relay.stageMoved(wasLocked);
  }

  /** A failure while applying news (nothing personal in it). */
  failed(err: unknown): void {
    this.deps.log.error({ conferenceId: this.conferenceId, doc: this.docName, err: String(err) }, 'applying news from another instance failed');
  }

  /** Frees what the writer holds (the room is unloading). */
  destroy(): void {
    this.feed.stop();
  }

  /**
   * Runs one decision holding the document's head (see DocStore.withHead): catches up with what
   * the store has, decides, and appends with no other append able to come between. Relaying and
   * news wait for the commit; should the commit fail after an append, the room reloads.
   */
  private async holdingHead<T>(attempt: () => Promise<T>): Promise<T> {
    const pending: (() => void)[] = [];
    this.appendedWhileHeld = false;
    let result: T;
    try {
      result = await this.deps.docs.withHead(this.conferenceId, this.docName, async (held) => {
        this.held = held;
        this.afterCommit = pending;
        try {
          await this.fillFromStore((afterSeq) => held.loadAfter(afterSeq));
          return await attempt();
        } finally {
          this.held = null;
          this.afterCommit = null;
        }
      });
    } catch (err) {
      // The document holds an update whose transaction did not commit: drop it, everyone reloads.
      if (this.appendedWhileHeld) this.break();
      throw err;
    }
    for (const run of pending) run();
    return result;
  }

  /** Too many instances writing at once: this room reloads and its clients resend (4503). */
  private giveUp(): never {
    this.break();
    throw new RoomBrokenError('The document is reloading.');
  }

  private break(): void {
    if (this.broken) return;
    this.broken = true;
    this.deps.log.error({ conferenceId: this.conferenceId, doc: this.docName }, 'document no longer matches the store; reloading it');
    this.relay.broken();
  }

  /** Takes the store's seq, owners and size as this document's own (after catching up or rebuilding). */
  private adopt(loaded: LoadedDoc): void {
    this.seq = loaded.lastSeq;
    this.owners.replace(loaded.owners);
    this.storedBytes = loaded.storedBytes;
    this.sinceSnapshot = Math.max(this.sinceSnapshot, loaded.updates.length);
    this.summary = null;
  }

  private async compact(): Promise<void> {
    // A dropped room's document may hold what the store does not: never write it as a snapshot.
    // Holding the head, compaction waits for the next write (it must not wait on the held head).
    if (this.broken || this.held !== null) return;
    if (this.deps.news) {
      // Several instances: the snapshot is built by the store from exactly the stored updates, one
      // instance at a time — never from a document in memory that may lack another's updates.
      this.storedBytes = await this.deps.docs.compactStored(this.conferenceId, this.docName, this.seq);
    } else {
      const snapshot = Y.encodeStateAsUpdate(this.docNow);
      await this.deps.docs.compact(this.conferenceId, this.docName, snapshot, this.seq);
      this.storedBytes = snapshot.byteLength;
    }
    this.sinceSnapshot = 0;
    this.deps.metrics.compacted();
    this.deps.log.debug({ conferenceId: this.conferenceId, doc: this.docName, uptoSeq: this.seq }, 'compacted');
  }
}
