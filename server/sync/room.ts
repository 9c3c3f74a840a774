// One live document in memory: its Y.Doc, presence, connections, and the one ordered write path —
// check → apply → store durably → relay — for clients' updates and for the server's own changes.

import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Logger } from 'pino';
import type { ConferenceId } from '../../shared/ids.ts';
import type { DocName } from '../../shared/roles.ts';
import { isAway, isPhase, type Phase } from '../../shared/phases.ts';
import { CLOSE } from '../../shared/protocol.ts';
import { BoardError, boardRoots, completeMeta, initBoard, META_KEYS, readBoardMeta } from '../../shared/board.ts';
import { notesRoot } from '../../shared/notes.ts';
import { GENERAL_RULES } from '../../shared/rules.ts';
import type { Refusal, RuleContext } from '../../shared/rules.ts';
import { authorKey, isStoreError, SUMMARY_FIELDS } from '../store/types.ts';
import { boardRecords } from '../store/boardRecords.ts';
import type { DocNews, NewsBus, UpdateNews } from '../cluster/news.ts';
import type { AppendOptions, Author, BoardSummary, ChangeNote, ConferenceRecord, DocStore, HeldHead, LoadedDoc, PlanVersionRecord } from '../store/types.ts';
import { applyChecked } from './authority/guard.ts';
import { awarenessFrame, updateFrame } from './frames.ts';
import { Connection, type Grant } from './connection.ts';

/** After this many stored updates the log is folded into a snapshot (bounds cold-load time). */
export const COMPACT_EVERY_UPDATES = 1_000;
/** Most bytes one document may take in the store (snapshot plus later updates); beyond, only removals. */
export const BOARD_QUOTA_BYTES = 16 * 1024 * 1024;

/** The origin of the server's own changes (phase, agreements, lock…), written through the room. */
export const SERVER_ORIGIN: unique symbol = Symbol('server change');
/** The origin of what another server instance stored (applied from its news, or caught up from the store). */
export const REMOTE_ORIGIN: unique symbol = Symbol('another instance');
/**
 * With several instances, a write is first decided optimistically (its append says which seq it
 * builds on). After this many losses to another instance's append, it is decided holding the
 * document's head, where no other append can come between: a busy writer elsewhere cannot starve it.
 */
export const OPTIMISTIC_TRIES = 2;
/** A guard: more conflicts than this on one write (impossible while holding the head) reload the room. */
export const MAX_SEQ_CONFLICTS = OPTIMISTIC_TRIES + 2;
/** How long a missing seq in other instances' news may take to arrive before the store fills it. */
export const NEWS_GAP_WAIT_MS = 50;
const SERVER: Author = { kind: 'server' };

/** How a server change is kept. */
export interface ChangeOptions {
  /**
   * For the change that locks the plan: the agreed version to keep, made from the document as the
   * change left it, and stored in the same transaction as the change (or neither is).
   */
  seal?: (doc: Y.Doc) => PlanVersionRecord;
}

/** What rooms report as they work, for /metrics (durations in seconds; nothing personal). */
export interface RoomMetrics {
  /** A client's update is in the live document, `seconds` after its frame arrived. */
  updateApplied(seconds: number): void;
  /** An update is committed to the store; the append took `seconds`. */
  updateStored(seconds: number): void;
  /** The update log was folded into a snapshot. */
  compacted(): void;
  /** A client's update was refused by a rule. */
  refused(): void;
  /** The document was rebuilt from the store after a refused update had changed it. */
  rebuilt(): void;
  /** Another instance's update reached this room through the news, `seconds` after it was published. */
  fannedOut(seconds: number): void;
  /** This room caught up from the store after news was missed (a gap in the seqs, or news lost). */
  gapFilled(): void;
  /** A write lost its append to another instance's and was decided again (`holdingHead`: the second time on, holding the document's head). */
  conflicted(holdingHead: boolean): void;
}

/** RoomMetrics that reports nowhere (a Rooms built without metrics). */
export const NO_ROOM_METRICS: RoomMetrics = {
  updateApplied: () => undefined,
  updateStored: () => undefined,
  compacted: () => undefined,
  refused: () => undefined,
  rebuilt: () => undefined,
  fannedOut: () => undefined,
  gapFilled: () => undefined,
  conflicted: () => undefined,
};

/** A write reached a room that has been dropped (see `broken`); its sender resends after reconnecting. */
export class RoomBrokenError extends Error {
  override readonly name = 'RoomBrokenError';
}

/** What became of a client's update: kept, refused by a rule, malformed, or sent by someone out of the room. */
export type SubmitResult =
  | { kind: 'kept' }
  | { kind: 'refused'; refusal: Refusal }
  | { kind: 'malformed'; error: unknown }
  | { kind: 'away' };

/**
 * Called when the in-memory document may no longer match the store: the registry drops the room
 * without a snapshot and closes its peers (all but `spare`) so they reconnect to a fresh load.
 */
export type OnBroken = (room: Room, spare: Connection | null) => void;

/** What a room needs from outside. */
export interface RoomDeps {
  docs: DocStore;
  log: Logger;
  metrics: RoomMetrics;
  onBroken: OnBroken;
  /**
   * Several instances share the store: every append says the seq it builds on, news of each one
   * goes to the others, and compaction builds its snapshot from the store. Null for one instance.
   */
  news: NewsBus | null;
}

/** A write that must be decided again: another instance appended first. */
const CONFLICT: unique symbol = Symbol('seq conflict');

/** A loaded document and everyone connected to it. */
export class Room {
  readonly awareness: awarenessProtocol.Awareness;
  readonly conns = new Set<Connection>();
  /** Set once the document may differ from the store; the room takes no more writes and is being dropped. */
  broken = false;
  private docNow: Y.Doc;
  private writes: Promise<void> = Promise.resolve();
  private lastSeq: number;
  private sinceSnapshot: number;
  private storedBytes: number;
  private readonly owners: Map<number, Author>;
  /** Presence client ids announced here, by author: never taken over by anyone else, even after they leave. */
  private readonly presenceOwners = new Map<number, string>();
  /** The conference record's derived fields as last stored (board only). */
  private summary: BoardSummary | null;
  /** While a write is decided holding the document's head: its appends go through it. */
  private held: HeldHead | null = null;
  /** While holding the head: what waits for the commit (relaying, news, closing sockets). */
  private afterCommit: (() => void)[] | null = null;
  /** Other instances' updates heard and not applied yet, by seq (news may arrive out of order). */
  private readonly heardNews = new Map<number, UpdateNews>();
  private gapTimer: NodeJS.Timeout | null = null;

  private constructor(
    readonly conferenceId: ConferenceId,
    readonly docName: DocName,
    doc: Y.Doc,
    private readonly deps: RoomDeps,
    loaded: LoadedDoc,
    summary: BoardSummary | null,
  ) {
    this.docNow = doc;
    // Awareness keeps only the first document's client id (reserved: see mayAnnounce) and a
    // 'destroy' listener on it, which is why rollBack() lets replaced documents be collected
    // instead of destroying them.
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.lastSeq = loaded.lastSeq;
    this.sinceSnapshot = loaded.updates.length;
    this.storedBytes = loaded.storedBytes;
    this.owners = loaded.owners;
    this.summary = summary;
    // The server is not a participant: it has no presence of its own.
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  /** The live document (replaced when a refused update is rolled back). */
  get doc(): Y.Doc {
    return this.docNow;
  }

  /**
   * Loads a document from the store (snapshot + later updates) into a new room. A board that has
   * never been written is started from its conference record, as a server change.
   */
  static async load(deps: RoomDeps, conferenceId: ConferenceId, docName: DocName, conference: ConferenceRecord | null): Promise<Room> {
    const loaded = await deps.docs.load(conferenceId, docName);
    const { doc, skipped } = rebuild(loaded, docName);
    const room = new Room(conferenceId, docName, doc, deps, loaded, conference ? summaryOfRecord(conference) : null);
    if (skipped > 0) {
      deps.log.error({ conferenceId, doc: docName, skipped }, 'skipped stored updates that cannot be applied; folding the log now');
      // A snapshot now takes the unusable bytes out of the log (their attribution rows stay).
      room.sinceSnapshot = Math.max(room.sinceSnapshot, COMPACT_EVERY_UPDATES);
    }
    if (docName === 'board' && conference !== null && boardRoots(doc).meta.size === 0) {
      // Creating a conference stores its record first; its board's first update may not have followed.
      // Checked again inside: another instance may have started it first (a seq conflict reruns this).
      await room.change((d) => {
        if (boardRoots(d).meta.size > 0) return;
        initBoard(d, {
          title: conference.title,
          youngPersonName: conference.youngPersonName,
          connectionsAtStart: conference.connectionsAtStart,
          scheduledFor: conference.scheduledFor,
          place: conference.place,
        });
      });
    } else if (docName === 'board' && conference !== null && needsDetailsFromRecord(doc)) {
      // A board made before the conference's date and place were kept on it: the record had them.
      await room.change((d) => {
        if (needsDetailsFromRecord(d)) completeMeta(d, conference);
      });
    }
    if (room.sinceSnapshot >= COMPACT_EVERY_UPDATES) void room.enqueue(() => room.compact()).catch(() => undefined);
    return room;
  }

  /**
   * Checks a client's update against the rules, applies it, stores it durably, then relays it to
   * every other connection — or refuses all of it, leaving the document as the store has it.
   * Writes run one at a time, so snapshots match their seq and rules see a settled document.
   * `arrivedAt` is when its frame arrived (performance.now()), for the apply latency.
   */
  submit(update: Uint8Array, writers: ReadonlySet<number>, from: Connection, frame: Uint8Array | null, arrivedAt: number): Promise<SubmitResult> {
    return this.enqueue(async (): Promise<SubmitResult> => {
      for (let conflicts = 0; ; conflicts += 1) {
        const attempt = () => this.decide(update, writers, from, frame, arrivedAt);
        const result = conflicts < OPTIMISTIC_TRIES ? await attempt() : await this.holdingHead(attempt);
        if (result !== CONFLICT) return result;
        this.deps.metrics.conflicted(conflicts + 1 >= OPTIMISTIC_TRIES);
        if (conflicts >= MAX_SEQ_CONFLICTS) return this.giveUp();
      }
    });
  }

  /** One decision on a client's update (see submit); CONFLICT when another instance appended first. */
  private async decide(
    update: Uint8Array,
    writers: ReadonlySet<number>,
    from: Connection,
    frame: Uint8Array | null,
    arrivedAt: number,
  ): Promise<SubmitResult | typeof CONFLICT> {
    if (this.broken) throw new RoomBrokenError('The document is reloading.');
    // A socket closed by the server (signed out, withdrawn…) writes nothing more, even if queued.
    if (from.cutOff) return { kind: 'kept' };
    const author = from.grant.author;
    const ctx = this.context(from);
    // Written before private family time began, arriving after: nothing a leaving role typed is applied.
    if (this.docName === 'board' && isAway(from.grant.actor, ctx.phase, from.grant.familySide)) return { kind: 'away' };
    // On an agreed plan only an update that changes nothing (a fresh client's sync) stands; the
    // rules refuse anything else with 'locked' after applying it, and the document is rolled back.
    const claims: number[] = [];
    for (const client of writers) {
      const owner = this.owners.get(client);
      if (client === this.doc.clientID || (owner !== undefined && authorKey(owner) !== authorKey(author))) {
        return this.refuse(GENERAL_RULES.identity);
      }
      if (owner === undefined) claims.push(client);
    }
    if (writers.size > 0 && this.storedBytes + update.byteLength > BOARD_QUOTA_BYTES) {
      // The quota is for what the board holds, not for edits undone since the last snapshot:
      // fold the log first (deleted content is left out of a snapshot), then decide.
      if (this.sinceSnapshot > 0) await this.compact();
      if (this.storedBytes + update.byteLength > BOARD_QUOTA_BYTES) return this.refuse(GENERAL_RULES.boardFull);
    }

    const verdict = applyChecked(this.doc, this.docName, update, from, ctx);
    switch (verdict.kind) {
      case 'refused':
        if (verdict.polluted) await this.rollBack();
        return this.refuse(verdict.refusal);
      case 'unapplicable':
        if (verdict.polluted) await this.rollBack();
        return { kind: 'malformed', error: verdict.error };
      case 'accepted':
        // Everything in it was here already: nothing to store or relay.
        if (!verdict.changed) return { kind: 'kept' };
        this.deps.metrics.updateApplied((performance.now() - arrivedAt) / 1000);
        try {
          if ((await this.storeAmid(update, author, claims, verdict.metaTouched, verdict.notes)) === 'restage') {
            // Another instance moved the stage (or locked the plan) meanwhile: decide again on it.
            await this.rollBack();
            return CONFLICT;
          }
        } catch (err) {
          // The store decides the lock in the same transaction as the append: should it know of a
          // lock this room has not applied (another server instance), the update is refused.
          if (!isStoreError(err, 'locked')) throw err;
          await this.rollBack();
          return this.refuse(GENERAL_RULES.locked);
        }
        this.whenCommitted(() => this.broadcast(frame ?? updateFrame(update), from));
        if (this.sinceSnapshot >= COMPACT_EVERY_UPDATES) await this.compact();
        return { kind: 'kept' };
      default:
        return verdict satisfies never;
    }
  }

  /**
   * Runs one decision holding the document's head (see DocStore.withHead): catches up with what
   * the store has, decides, and appends with no other append able to come between. Relaying and
   * news wait for the commit; should the commit fail after an append, the room reloads.
   */
  private async holdingHead<T>(attempt: () => Promise<T>): Promise<T> {
    const pending: (() => void)[] = [];
    let appended = false;
    let result: T;
    try {
      result = await this.deps.docs.withHead(this.conferenceId, this.docName, async (held) => {
        this.held = {
          loadAfter: (afterSeq) => held.loadAfter(afterSeq),
          append: async (update, options) => {
            appended = true;
            return held.append(update, options);
          },
        };
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
      if (appended) this.break(null);
      throw err;
    }
    for (const run of pending) run();
    return result;
  }

  /**
   * Stores a client's update that is already applied here. Should another instance have appended
   * first, this room catches up with what it appended (people's edits commute with this one: they
   * were checked on their own instance) and appends again — holding the head after two losses —
   * unless what came in moved the stage or the lock, when the update must be decided again on the
   * new stage ('restage'; the document still holds it, the caller rolls back).
   */
  private async storeAmid(update: Uint8Array, author: Author, claims: number[], metaTouched: boolean, notes: ChangeNote[]): Promise<'stored' | 'restage'> {
    const stageOf = () => {
      const { phase, locked } = this.stage();
      return `${phase}/${locked}`;
    };
    const decidedOn = stageOf();
    for (let tries = 0; ; tries += 1) {
      try {
        // Already holding the head (a decision made again there): nobody can come between.
        if (tries < OPTIMISTIC_TRIES || this.held !== null) {
          await this.store(update, author, claims, metaTouched, notes);
          return 'stored';
        }
        // Holding the head, the room first catches up (in holdingHead); nobody can come between.
        return await this.holdingHead(async () => {
          if (stageOf() !== decidedOn) return 'restage' as const;
          await this.store(update, author, claims, metaTouched, notes);
          return 'stored' as const;
        });
      } catch (err) {
        if (!isStoreError(err, 'seqConflict') || tries >= MAX_SEQ_CONFLICTS) throw err;
        this.deps.metrics.conflicted(tries + 1 >= OPTIMISTIC_TRIES);
        // What the other instance stored is usually heard already; the store fills the rest.
        await this.applyHeard();
        if (this.lastSeq < (err.actual ?? 0)) await this.fillFromStore(undefined, false);
        if (stageOf() !== decidedOn) return 'restage';
      }
    }
  }

  /** Runs `run` once what was just appended is committed (at once, unless holding the head). */
  private whenCommitted(run: () => void): void {
    if (this.afterCommit !== null) this.afterCommit.push(run);
    else run();
  }

  /** Too many instances writing at once: this room reloads and its clients resend (4503). */
  private giveUp(): never {
    this.break(null);
    throw new RoomBrokenError('The document is reloading.');
  }

  /**
   * A server change: `mutate` writes with the shared module's named mutations; the result is stored
   * with author `server` and relayed to everyone, like any update. Resolves true when it changed
   * something. A mutation that throws (e.g. a BoardError) changes nothing and rejects with its error.
   */
  change(mutate: (doc: Y.Doc) => void, options: ChangeOptions = {}): Promise<boolean> {
    return this.enqueue(async () => {
      for (let conflicts = 0; ; conflicts += 1) {
        const attempt = () => this.changeOnce(mutate, options);
        const result = conflicts < OPTIMISTIC_TRIES ? await attempt() : await this.holdingHead(attempt);
        if (result !== CONFLICT) return result;
        this.deps.metrics.conflicted(conflicts + 1 >= OPTIMISTIC_TRIES);
        if (conflicts >= MAX_SEQ_CONFLICTS) return this.giveUp();
      }
    });
  }

  /** One attempt at a server change (see change); CONFLICT when another instance appended first. */
  private async changeOnce(mutate: (doc: Y.Doc) => void, options: ChangeOptions): Promise<boolean | typeof CONFLICT> {
    if (this.broken) throw new RoomBrokenError('The document is reloading.');
    const doc = this.doc;
    const wasLocked = this.stage().locked;
    // Never write under an id someone else owns (a client may have claimed it since the load).
    while (this.ownedByOther(doc.clientID, SERVER)) doc.clientID = newClientId();
    const updates: Uint8Array[] = [];
    const onUpdate = (update: Uint8Array, origin: unknown) => {
      if (origin === SERVER_ORIGIN) updates.push(update);
    };
    doc.on('update', onUpdate);
    try {
      doc.transact(() => mutate(doc), SERVER_ORIGIN);
    } catch (err) {
      // The named mutations check before they write; should one write and then throw, what it
      // wrote must not stay in the document (the store never sees it).
      if (updates.length > 0) await this.rollBack();
      throw err;
    } finally {
      doc.off('update', onUpdate);
    }
    if (updates.length === 0) return false;
    const update = updates.length === 1 ? (updates[0] as Uint8Array) : Y.mergeUpdates(updates);
    let seal: PlanVersionRecord | undefined;
    try {
      seal = options.seal?.(doc);
    } catch (err) {
      await this.rollBack();
      throw err;
    }
    try {
      await this.store(update, SERVER, this.owners.has(doc.clientID) ? [] : [doc.clientID], true, [], seal);
    } catch (err) {
      if (isStoreError(err, 'seqConflict')) {
        await this.rollBack();
        return CONFLICT;
      }
      if (!isStoreError(err, 'locked')) throw err;
      await this.rollBack();
      throw new BoardError('The plan has been agreed and locked, so it can no longer be changed.');
    }
    this.whenCommitted(() => {
      this.broadcast(updateFrame(update), null);
      this.afterStageChange(wasLocked);
    });
    if (this.sinceSnapshot >= COMPACT_EVERY_UPDATES) await this.compact();
    return true;
  }

  /**
   * After a change that may have moved the stage (here, or on another instance): those now out of
   * the room leave (4409), and a plan just locked sends everyone to reload it read-only (4423); a
   * client with changes the lock left out is told.
   */
  private afterStageChange(wasLocked: boolean): void {
    this.sendAwayOut();
    if (!wasLocked && this.stage().locked) for (const conn of this.conns) conn.close(CLOSE.locked);
  }

  /**
   * News from another instance (see server/cluster/news.ts): an update it stored is applied here in
   * seq order and relayed to this room's clients; a gap is filled from the store. Presence is
   * applied to this room's presence (and so reaches its clients).
   */
  hear(news: DocNews): void {
    if (news.kind === 'presence') {
      try {
        awarenessProtocol.applyAwarenessUpdate(this.awareness, news.update, REMOTE_ORIGIN);
      } catch (err) {
        this.deps.log.warn({ conferenceId: this.conferenceId, doc: this.docName, err: String(err) }, 'presence from another instance was unreadable');
      }
      return;
    }
    // Kept at once (not only when its turn in the queue comes): a write that loses its append to
    // this very update catches up from here instead of from the store.
    if (news.seq > this.lastSeq) this.heardNews.set(news.seq, news);
    void this.enqueue(() => this.applyHeard()).catch((err: unknown) => {
      this.deps.log.error({ conferenceId: this.conferenceId, doc: this.docName, err: String(err) }, 'applying news from another instance failed');
    });
  }

  /** Catches up from the store now (after news may have been lost); a no-op when nothing is new. */
  catchUp(): Promise<void> {
    return this.enqueue(async () => {
      if (this.broken) return;
      // Asked of every open room every few seconds: one indexed row after this room's seq tells
      // whether anything is new, before the fuller read that catching up takes.
      try {
        if ((await this.deps.docs.log(this.conferenceId, this.docName, { afterSeq: this.lastSeq, limit: 1 })).length === 0) return;
      } catch {
        // reason: the store is away; the next check tries again and nothing here is lost
        return;
      }
      await this.fillFromStore();
    });
  }

  /**
   * Applies the heard updates that follow this room's seq, in order. A seq still missing (news from
   * two instances can cross on the way) is given NEWS_GAP_WAIT_MS to arrive; then the store fills it.
   */
  private async applyHeard(): Promise<void> {
    if (this.broken) return;
    for (let next = this.heardNews.get(this.lastSeq + 1); next !== undefined; next = this.heardNews.get(this.lastSeq + 1)) {
      this.heardNews.delete(next.seq);
      if (!this.applyNews(next)) return;
    }
    for (const seq of this.heardNews.keys()) if (seq <= this.lastSeq) this.heardNews.delete(seq);
    if (this.heardNews.size === 0 || this.gapTimer !== null) return;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = null;
      void this.enqueue(async () => {
        if (this.heardNews.size === 0) return;
        await this.fillFromStore();
        await this.applyHeard();
      }).catch(() => undefined);
    }, NEWS_GAP_WAIT_MS);
    this.gapTimer.unref();
  }

  /** Applies one update another instance stored (the next seq) and relays it; false when the room broke. */
  private applyNews(news: UpdateNews): boolean {
    const wasLocked = this.stage().locked;
    try {
      Y.applyUpdate(this.doc, news.update, REMOTE_ORIGIN);
    } catch (err) {
      // Stored by another instance, so it applied there; here it cannot: reload from the store.
      this.deps.log.error({ conferenceId: this.conferenceId, doc: this.docName, err: String(err) }, 'news from another instance did not apply');
      this.break(null);
      return false;
    }
    this.lastSeq = news.seq;
    for (const client of news.claims) this.owners.set(client, news.author);
    // The record's summary was stored with it; ours is no longer known to match.
    if (news.metaTouched) this.summary = null;
    this.storedBytes += news.update.byteLength;
    this.sinceSnapshot += 1;
    this.deps.metrics.fannedOut(Math.max(0, Date.now() - news.at) / 1000);
    this.broadcast(updateFrame(news.update), null);
    this.afterStageChange(wasLocked);
    return true;
  }

  /** Applies whatever the store has after this room's seq (news missed or out of order) and relays it. */
  private async fillFromStore(
    loadAfter: (afterSeq: number) => Promise<LoadedDoc> = (afterSeq) => this.deps.docs.loadAfter(this.conferenceId, this.docName, afterSeq),
    /** False when catching up after losing an append (not news missed). */
    countAsGap = true,
  ): Promise<void> {
    if (this.broken) return;
    let loaded: LoadedDoc;
    try {
      loaded = await loadAfter(this.lastSeq);
    } catch (err) {
      // The store is away: the next news or check tries again; nothing here is lost.
      this.deps.log.warn({ conferenceId: this.conferenceId, doc: this.docName, err: String(err) }, 'catching up from the store failed');
      return;
    }
    if (loaded.lastSeq <= this.lastSeq) return;
    const wasLocked = this.stage().locked;
    try {
      this.doc.transact(() => {
        if (loaded.snapshot) Y.applyUpdate(this.doc, loaded.snapshot);
        for (const update of loaded.updates) Y.applyUpdate(this.doc, update);
      }, REMOTE_ORIGIN);
    } catch (err) {
      this.deps.log.error({ conferenceId: this.conferenceId, doc: this.docName, err: String(err) }, 'catching up from the store did not apply');
      this.break(null);
      return;
    }
    this.adopt(loaded);
    for (const seq of this.heardNews.keys()) if (seq <= this.lastSeq) this.heardNews.delete(seq);
    if (countAsGap) this.deps.metrics.gapFilled();
    // Relayed as stored (not as a difference from this document, which may hold a client's update
    // still being stored after losing an append: nothing is relayed before it is stored).
    const parts = loaded.snapshot ? [loaded.snapshot, ...loaded.updates] : loaded.updates;
    if (parts.length > 0) this.broadcast(updateFrame(parts.length === 1 ? (parts[0] as Uint8Array) : Y.mergeUpdates(parts)), null);
    this.afterStageChange(wasLocked);
  }

  /** Takes the store's seq, owners and size as this room's own (after catching up or rebuilding). */
  private adopt(loaded: LoadedDoc): void {
    this.lastSeq = loaded.lastSeq;
    this.owners.clear();
    for (const [client, author] of loaded.owners) this.owners.set(client, author);
    this.storedBytes = loaded.storedBytes;
    this.sinceSnapshot = Math.max(this.sinceSnapshot, loaded.updates.length);
    this.summary = null;
  }

  /** True when this is a board in private family time and `actor` is out of the room. */
  isAway(grant: Pick<Grant, 'actor' | 'familySide'>): boolean {
    return this.docName === 'board' && isAway(grant.actor, this.stage().phase, grant.familySide);
  }

  /** Closes the board sockets of everyone out of the room in the current phase (4409). */
  private sendAwayOut(): void {
    for (const conn of this.conns) if (this.isAway(conn.grant)) conn.close(CLOSE.privateTime);
  }

  /** Reads the document after every write queued so far (nothing is written). */
  read<T>(look: (doc: Y.Doc) => T): Promise<T> {
    return this.enqueue(async () => {
      if (this.broken) throw new RoomBrokenError('The document is reloading.');
      return look(this.doc);
    });
  }

  /** Resolves once every write queued so far has finished (stored, or failed). */
  settled(): Promise<void> {
    return this.enqueue(() => Promise.resolve());
  }

  /** Sends a frame to every connection but `except`. */
  broadcast(frame: Uint8Array, except: Connection | null): void {
    for (const conn of this.conns) if (conn !== except) conn.send(frame);
  }

  /** Waits for queued writes, then folds the update log into a snapshot if anything is pending. */
  flush(): Promise<void> {
    return this.enqueue(() => (this.sinceSnapshot > 0 ? this.compact() : Promise.resolve()));
  }

  /** Frees memory; call only after flush() with no connections left. */
  destroy(): void {
    if (this.gapTimer !== null) clearTimeout(this.gapTimer);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }

  /**
   * Whether `conn` may announce presence under `clientId`: one id per connection, never one that
   * belongs to someone else — in the document, or in presence here, even after they left.
   */
  mayAnnounce(conn: Connection, clientId: number): boolean {
    const me = authorKey(conn.grant.author);
    if (conn.presenceId !== null && conn.presenceId !== clientId) return false;
    if (clientId === this.doc.clientID || clientId === this.awareness.clientID) return false;
    if (this.ownedByOther(clientId, conn.grant.author)) return false;
    const announced = this.presenceOwners.get(clientId);
    if (announced !== undefined && announced !== me) return false;
    this.presenceOwners.set(clientId, me);
    conn.presenceId = clientId;
    return true;
  }

  /** Removes the presence state a closing connection controlled and tells the others. */
  forget(conn: Connection): void {
    this.conns.delete(conn);
    const id = conn.presenceId;
    if (id !== null && this.awareness.getStates().has(id)) awarenessProtocol.removeAwarenessStates(this.awareness, [id], null);
  }

  /** The rules' view of a connection's write now. */
  private context(from: Connection): RuleContext {
    return { writer: from.grant.actor, selfId: from.grant.selfId, ...this.stage(), now: Date.now() };
  }

  /**
   * The board's phase and lock, read raw on every update (only the server writes them, so they are
   * never malformed; readBoardMeta's validation would cost more than the rest of the check).
   */
  private stage(): { phase: Phase; locked: boolean } {
    if (this.docName !== 'board') return { phase: 'planning', locked: false };
    const meta = boardRoots(this.doc).meta;
    const phase: unknown = meta.get(META_KEYS.phase);
    return { phase: isPhase(phase) ? phase : 'preparing', locked: meta.get(META_KEYS.locked) === true };
  }

  private refuse(refusal: Refusal): SubmitResult {
    this.deps.metrics.refused();
    return { kind: 'refused', refusal };
  }

  private ownedByOther(clientId: number, author: Author): boolean {
    const owner = this.owners.get(clientId);
    return owner !== undefined && authorKey(owner) !== authorKey(author);
  }

  /**
   * Appends an applied update durably with its claims and, when `metaTouched`, the conference
   * record's derived summary; breaks the room if that fails.
   */
  private async store(
    update: Uint8Array,
    author: Author,
    claims: number[],
    metaTouched: boolean,
    notes: ChangeNote[] = [],
    seal?: PlanVersionRecord,
  ): Promise<void> {
    const summary = this.docName === 'board' && metaTouched ? summaryOfMeta(this.doc) : null;
    const changedSummary = summary !== null && !sameSummary(summary, this.summary) ? summary : undefined;
    const started = performance.now();
    try {
      const options: AppendOptions = {
        author,
        at: Date.now(),
        claims,
        ...(notes.length > 0 ? { changes: notes } : {}),
        ...boardRecords(this.conferenceId, { ...(changedSummary ? { summary: changedSummary } : {}), ...(seal ? { seal } : {}) }),
        ...(this.deps.news ? { expectSeq: this.lastSeq } : {}),
      };
      this.lastSeq = this.held
        ? await this.held.append(update, options)
        : await this.deps.docs.append(this.conferenceId, this.docName, update, options);
    } catch (err) {
      // Refused by the lock in the store, or another instance appended first: nothing was written;
      // the caller rolls the document back (and, after a conflict, decides again).
      if (isStoreError(err, 'locked') || isStoreError(err, 'seqConflict')) throw err;
      // The document now holds an update the store does not: drop it and let everyone reload.
      this.break(null);
      throw err;
    }
    // Committed (or, holding the head, once committed): the other instances hear of it before anyone is sent it.
    const seq = this.lastSeq;
    const news = this.deps.news;
    if (news) this.whenCommitted(() => news.publishUpdate(this.conferenceId, this.docName, { seq, update, author, claims, metaTouched: changedSummary !== undefined || metaTouched }));
    for (const client of claims) this.owners.set(client, author);
    if (changedSummary) this.summary = changedSummary;
    this.storedBytes += update.byteLength;
    this.sinceSnapshot += 1;
    this.deps.metrics.updateStored((performance.now() - started) / 1000);
  }

  /**
   * Puts the document back as the store has it, after an update that was refused had already
   * changed it. Everything else in the document is stored (nothing is relayed before it is), so
   * every peer still agrees with the rebuilt copy and stays connected.
   */
  private async rollBack(): Promise<void> {
    this.deps.metrics.rebuilt();
    try {
      const loaded = await this.deps.docs.load(this.conferenceId, this.docName);
      const before = this.doc;
      const hadSeq = this.lastSeq;
      const wasLocked = this.stage().locked;
      // The old document is not destroyed: that would destroy the room's awareness with it.
      this.docNow = rebuild(loaded, this.docName).doc;
      if (loaded.lastSeq > hadSeq) {
        // With several instances the store may hold what others stored since: this room's clients
        // are sent it (what the rebuilt document has that the old one did not).
        this.adopt(loaded);
        this.broadcast(updateFrame(Y.encodeStateAsUpdate(this.doc, Y.encodeStateVector(before))), null);
        this.afterStageChange(wasLocked);
      }
    } catch (err) {
      this.deps.log.error({ conferenceId: this.conferenceId, doc: this.docName, err: String(err) }, 'reloading after a refused update failed');
      this.break(null);
    }
  }

  private break(spare: Connection | null): void {
    if (this.broken) return;
    this.broken = true;
    this.deps.log.error({ conferenceId: this.conferenceId, doc: this.docName }, 'document no longer matches the store; reloading it');
    this.deps.onBroken(this, spare);
  }

  private async compact(): Promise<void> {
    // A dropped room's document may hold what the store does not: never write it as a snapshot.
    // Holding the head, compaction waits for the next write (it must not wait on the held head).
    if (this.broken || this.held !== null) return;
    if (this.deps.news) {
      // Several instances: the snapshot is built by the store from exactly the stored updates, one
      // instance at a time — never from a document in memory that may lack another's updates.
      this.storedBytes = await this.deps.docs.compactStored(this.conferenceId, this.docName, this.lastSeq);
    } else {
      const snapshot = Y.encodeStateAsUpdate(this.doc);
      await this.deps.docs.compact(this.conferenceId, this.docName, snapshot, this.lastSeq);
      this.storedBytes = snapshot.byteLength;
    }
    this.sinceSnapshot = 0;
    this.deps.metrics.compacted();
    this.deps.log.debug({ conferenceId: this.conferenceId, doc: this.docName, uptoSeq: this.lastSeq }, 'compacted');
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const next = this.writes.then(task);
    // A failed write must not block the ones behind it; the caller still sees the failure.
    this.writes = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }

  private readonly onAwarenessUpdate = (
    change: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const changed = [...change.added, ...change.updated, ...change.removed];
    if (changed.length === 0) return;
    const sender = origin instanceof Connection && this.conns.has(origin) ? origin : null;
    const frame = awarenessFrame(this.awareness, changed);
    this.broadcast(frame, sender);
    // This instance's own clients' presence goes to the other instances (theirs came from there).
    if (this.deps.news && origin !== REMOTE_ORIGIN) {
      this.deps.news.publishPresence(this.conferenceId, this.docName, awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
    }
  };
}

/**
 * Builds a document from its stored parts (snapshot first, then updates in order), with its roots
 * made as the shape says. A part that cannot be applied (the store never keeps one today, but a
 * damaged file or a future bug could) is left out; if it had been partly applied, the build starts
 * again without it.
 */
function rebuild(loaded: LoadedDoc, docName: DocName): { doc: Y.Doc; skipped: number } {
  const parts = loaded.snapshot ? [loaded.snapshot, ...loaded.updates] : loaded.updates;
  const made = build(parts);
  // Roots exist with their own types before any client writes, so content of the wrong kind
  // (a list inside a map root) never silently becomes part of one.
  if (docName === 'board') boardRoots(made.doc);
  else notesRoot(made.doc);
  return made;
}

function build(parts: readonly Uint8Array[]): { doc: Y.Doc; skipped: number } {
  if (parts.length > 0) {
    // One transaction over the parts in order: cheaper than Y.mergeUpdates and then applying the
    // merge (≈ 200 ms against ≈ 300 ms for a 1 MB snapshot plus 1,000 updates).
    const doc = new Y.Doc();
    try {
      doc.transact(() => {
        for (const part of parts) Y.applyUpdate(doc, part);
      });
      return { doc, skipped: 0 };
    } catch {
      // reason: some part cannot be applied; the careful build below finds and leaves it out
      doc.destroy();
    }
  }
  const skip = new Set<number>();
  for (;;) {
    const doc = new Y.Doc();
    let restart = false;
    for (const [index, part] of parts.entries()) {
      if (skip.has(index)) continue;
      const result = tryApply(doc, part);
      if (result.ok) continue;
      skip.add(index);
      if (result.partly) {
        restart = true;
        break;
      }
    }
    if (!restart) return { doc, skipped: skip.size };
    doc.destroy();
  }
}

type ApplyResult = { ok: true } | { ok: false; partly: boolean };

/** Y.applyUpdate that reports a failure instead of throwing, and whether it changed the document first. */
function tryApply(doc: Y.Doc, update: Uint8Array): ApplyResult {
  let changed = false;
  // Emitted even when applying throws (Yjs cleans the transaction up in a `finally`).
  const onCleanup = (tr: Y.Transaction) => {
    changed ||= tr.deleteSet.clients.size > 0 || [...tr.afterState].some(([client, clock]) => tr.beforeState.get(client) !== clock);
  };
  doc.on('afterTransactionCleanup', onCleanup);
  try {
    Y.applyUpdate(doc, update);
    return { ok: true };
  } catch {
    // reason: the caller only needs to know that it failed and whether it changed the document
    return { ok: false, partly: changed };
  } finally {
    doc.off('afterTransactionCleanup', onCleanup);
  }
}

/** A draft board from before meta held the conference's date and place (the record kept the date). */
function needsDetailsFromRecord(doc: Y.Doc): boolean {
  const meta = boardRoots(doc).meta;
  return meta.size > 0 && !meta.has(META_KEYS.scheduledFor) && meta.get(META_KEYS.locked) !== true;
}

function summaryOf(from: BoardSummary): BoardSummary {
  const { title, youngPersonName, scheduledFor, place, connectionsAtStart, reviewDate, phase, locked } = from;
  return { title, youngPersonName, scheduledFor, place, connectionsAtStart, reviewDate, phase, locked };
}

function summaryOfRecord(record: ConferenceRecord): BoardSummary {
  return summaryOf(record);
}

function summaryOfMeta(doc: Y.Doc): BoardSummary {
  return summaryOf(readBoardMeta(doc));
}

function sameSummary(a: BoardSummary, b: BoardSummary | null): boolean {
  return b !== null && SUMMARY_FIELDS.every((key) => a[key] === b[key]);
}

/** A fresh random Yjs client id (32 bits, as Yjs makes them). */
function newClientId(): number {
  return globalThis.crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;
}
