// One live document in memory, as a relay: its Y.Doc, presence, connections and broadcast (the part
// y-websocket-server's utils.js holds), and the rules' check on every write — check → apply → store
// durably (sync/writer.ts) → relay — for clients' updates and for the server's own changes.

import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Logger } from 'pino';
import type { ConferenceId } from '../../shared/ids.ts';
import type { DocName } from '../../shared/roles.ts';
import { isAway } from '../../shared/phases.ts';
import { CLOSE } from '../../shared/protocol.ts';
import { BoardError } from '../../shared/board.ts';
import { GENERAL_RULES } from '../../shared/rules.ts';
import type { Refusal, RuleContext } from '../../shared/rules.ts';
import { authorKey, isStoreError } from '../store/types.ts';
import type { DocNews, NewsBus } from '../cluster/news.ts';
import type { Author, ConferenceRecord, DocStore, PlanVersionRecord } from '../store/types.ts';
import { applyChecked } from './authority/guard.ts';
import { startBoardFromRecord } from './boardStart.ts';
import { rebuild } from './rebuild.ts';
import type { RoomMetrics } from './roomMetrics.ts';
import { awarenessFrame, updateFrame } from './frames.ts';
import type { Grant, Peer, RoomPort, SubmitResult } from './port.ts';
import { CONFLICT } from './retry.ts';
import { summaryOfRecord } from './summary.ts';
import { stageOf, type Stage } from './stage.ts';
import { DocWriter, REMOTE_ORIGIN, type Append } from './writer.ts';

/** The origin of the server's own changes (phase, agreements, lock…), written through the room. */
export const SERVER_ORIGIN: unique symbol = Symbol('server change');
const SERVER: Author = { kind: 'server' };

/** How a server change is kept. */
export interface ChangeOptions {
  /**
   * For the change that locks the plan: the agreed version to keep, made from the document as the
   * change left it, and stored in the same transaction as the change (or neither is).
   */
  seal?: (doc: Y.Doc) => PlanVersionRecord;
}

/**
 * Called when the in-memory document may no longer match the store: the registry drops the room
 * without a snapshot and closes its peers (all but `spare`) so they reconnect to a fresh load.
 */
export type OnBroken = (room: Room, spare: Peer | null) => void;

/** What a room needs from outside. */
export interface RoomDeps {
  docs: DocStore;
  log: Logger;
  metrics: RoomMetrics;
  onBroken: OnBroken;
  /** Several instances share the store (see WriterDeps.news); null for one instance. */
  news: NewsBus | null;
}

/** A loaded document and everyone connected to it. */
export class Room implements RoomPort {
  readonly awareness: awarenessProtocol.Awareness;
  readonly conns = new Set<Peer>();
  private readonly writer: DocWriter;
  /** Presence client ids announced here, by author: never taken over by anyone else, even after they leave. */
  private readonly presenceOwners = new Map<number, string>();

  private constructor(
    readonly conferenceId: ConferenceId,
    readonly docName: DocName,
    doc: Y.Doc,
    private readonly deps: RoomDeps,
    makeWriter: (room: Room) => DocWriter,
  ) {
    // Awareness keeps only the first document's client id (reserved: see mayAnnounce) and a
    // 'destroy' listener on it, which is why a rollback lets replaced documents be collected
    // instead of destroying them.
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.writer = makeWriter(this);
    // The server is not a participant: it has no presence of its own.
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  /** The live document (replaced when a refused update is rolled back). */
  get doc(): Y.Doc {
    return this.writer.doc;
  }

  /** Set once the document may differ from the store; the room takes no more writes and is being dropped. */
  get broken(): boolean {
    return this.writer.broken;
  }

  /**
   * Loads a document from the store (snapshot + later updates) into a new room. A board that has
   * never been written is started from its conference record, as a server change.
   */
  static async load(deps: RoomDeps, conferenceId: ConferenceId, docName: DocName, conference: ConferenceRecord | null): Promise<Room> {
    const loaded = await deps.docs.load(conferenceId, docName);
    const { doc, skipped } = rebuild(loaded, docName);
    const summary = conference ? summaryOfRecord(conference) : null;
    const room = new Room(conferenceId, docName, doc, deps, (r) => new DocWriter(conferenceId, docName, doc, loaded, summary, deps, r.relay));
    if (skipped > 0) {
      deps.log.error({ conferenceId, doc: docName, skipped }, 'skipped stored updates that cannot be applied; folding the log now');
      // A snapshot now takes the unusable bytes out of the log (their attribution rows stay).
      room.writer.foldSoon();
    }
    if (docName === 'board' && conference !== null) await startBoardFromRecord(doc, conference, (mutate) => room.change(mutate));
    void room.writer.enqueue(() => room.writer.compactIfDue()).catch(() => undefined);
    return room;
  }

  /**
   * Checks a client's update against the rules, applies it, stores it durably, then relays it to
   * every other connection — or refuses all of it, leaving the document as the store has it.
   * Writes run one at a time, so snapshots match their seq and rules see a settled document.
   * `arrivedAt` is when its frame arrived (performance.now()), for the apply latency.
   */
  submit(update: Uint8Array, writers: ReadonlySet<number>, from: Peer, frame: Uint8Array | null, arrivedAt: number): Promise<SubmitResult> {
    const writer = this.writer;
    // Applied and not yet stored (kept across a lost append), with the stage it was decided on.
    let applied: { write: Append; decidedOn: string } | null = null;
    const stageKey = () => JSON.stringify(writer.stage());
    return writer.enqueue(() =>
      writer.retry(async (holdingHead) => {
        // Holding the head the room has caught up: an update decided on another stage is decided again.
        if (applied !== null && holdingHead && stageKey() !== applied.decidedOn) {
          await writer.rollBack();
          applied = null;
        }
        if (applied === null) {
          const decided = await this.decide(update, writers, from, arrivedAt);
          if (!('write' in decided)) return decided;
          applied = { write: decided.write, decidedOn: stageKey() };
        }
        try {
          await writer.append(applied.write);
        } catch (err) {
          // The store decides the lock in the same transaction as the append: should it know of a
          // lock this room has not applied (another server instance), the update is refused.
          if (isStoreError(err, 'locked')) {
            await writer.rollBack();
            return this.refuse(GENERAL_RULES.locked);
          }
          if (!isStoreError(err, 'seqConflict')) throw err;
          // People's edits commute with this one (checked on their own instance): catch up and append
          // it again — unless what came in moved the stage or the lock, when it is decided again.
          await writer.catchUpAfter(err);
          if (stageKey() !== applied.decidedOn) {
            await writer.rollBack();
            applied = null;
          }
          return CONFLICT;
        }
        writer.whenCommitted(() => this.broadcast(frame ?? updateFrame(update), from));
        await writer.compactIfDue();
        return { kind: 'kept' } as const;
      }),
    );
  }

  /** The rules' decision on a client's update: a result to answer, or the applied write to store. */
  private async decide(update: Uint8Array, writers: ReadonlySet<number>, from: Peer, arrivedAt: number): Promise<SubmitResult | { write: Append }> {
    this.writer.assertWritable();
    // A socket closed by the server (signed out, withdrawn…) writes nothing more, even if queued.
    if (from.cutOff) return { kind: 'kept' };
    const author = from.grant.author;
    // This update's own client ids are the author's (or it is refused below as sent under another's name).
    const ctx: RuleContext = { ...this.context(from), ownClient: (client) => writers.has(client) || this.writer.owners.owns(client, author) };
    // Written before private family time began, arriving after: nothing a leaving role typed is applied.
    if (this.docName === 'board' && isAway(from.grant.actor, ctx.phase, from.grant.familySide)) return { kind: 'away' };
    // On an agreed plan only an update that changes nothing (a fresh client's sync) stands; the
    // rules refuse anything else with 'locked' after applying it, and the document is rolled back.
    const claims: number[] = [];
    for (const client of writers) {
      if (client === this.doc.clientID || this.writer.owners.ownedByOther(client, author)) return this.refuse(GENERAL_RULES.identity);
      if (!this.writer.owners.has(client)) claims.push(client);
    }
    if (writers.size > 0 && !(await this.writer.roomFor(update.byteLength))) return this.refuse(GENERAL_RULES.boardFull);

    const verdict = applyChecked(this.doc, this.docName, update, from, ctx);
    switch (verdict.kind) {
      case 'refused':
        if (verdict.polluted) await this.writer.rollBack();
        return this.refuse(verdict.refusal);
      case 'unapplicable':
        if (verdict.polluted) await this.writer.rollBack();
        return { kind: 'malformed', error: verdict.error };
      case 'accepted':
        // Everything in it was here already: nothing to store or relay.
        if (!verdict.changed) return { kind: 'kept' };
        this.deps.metrics.updateApplied((performance.now() - arrivedAt) / 1000);
        return { write: { update, author, claims, metaTouched: verdict.metaTouched, notes: verdict.notes } };
      default:
        return verdict satisfies never;
    }
  }

  /**
   * A server change: `mutate` writes with the shared module's named mutations; the result is stored
   * with author `server` and relayed to everyone, like any update. Resolves true when it changed
   * something. A mutation that throws (e.g. a BoardError) changes nothing and rejects with its error.
   */
  change(mutate: (doc: Y.Doc) => void, options: ChangeOptions = {}): Promise<boolean> {
    return this.writer.enqueue(() => this.writer.retry(() => this.changeOnce(mutate, options)));
  }

  /** One attempt at a server change (see change); CONFLICT when another instance appended first. */
  private async changeOnce(mutate: (doc: Y.Doc) => void, options: ChangeOptions): Promise<boolean | typeof CONFLICT> {
    this.writer.assertWritable();
    const doc = this.doc;
    const wasLocked = this.stage().locked;
    // Never write under an id someone else owns (a client may have claimed it since the load).
    while (this.writer.owners.ownedByOther(doc.clientID, SERVER)) doc.clientID = newClientId();
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
      if (updates.length > 0) await this.writer.rollBack();
      throw err;
    } finally {
      doc.off('update', onUpdate);
    }
    if (updates.length === 0) return false;
    const update = updates.length === 1 ? (updates[0] as Uint8Array) : Y.mergeUpdates(updates);
    try {
      const seal = options.seal?.(doc);
      const claims = this.writer.owners.has(doc.clientID) ? [] : [doc.clientID];
      await this.writer.append({ update, author: SERVER, claims, metaTouched: true, ...(seal ? { seal } : {}) });
    } catch (err) {
      // Nothing was stored: the document goes back to what the store has.
      if (!this.writer.broken) await this.writer.rollBack();
      if (isStoreError(err, 'seqConflict')) return CONFLICT;
      if (isStoreError(err, 'locked')) throw new BoardError('The plan has been agreed and locked, so it can no longer be changed.');
      throw err;
    }
    this.writer.whenCommitted(() => {
      this.broadcast(updateFrame(update), null);
      this.afterStageChange(wasLocked);
    });
    await this.writer.compactIfDue();
    return true;
  }

  /**
   * After a change that may have moved the stage (here, or on another instance): those now out of
   * the room leave (4409), and a plan just locked sends everyone to reload it read-only (4423); a
   * client with changes the lock left out is told.
   */
  private afterStageChange(wasLocked: boolean): void {
    for (const conn of this.conns) if (this.isAway(conn.grant)) conn.close(CLOSE.privateTime);
    if (!wasLocked && this.stage().locked) for (const conn of this.conns) conn.close(CLOSE.locked);
  }

  /** What the writer tells this room: stored updates to relay, a stage that may have moved, a break. */
  private readonly relay = {
    broadcast: (frame: Uint8Array) => this.broadcast(frame, null),
    stageMoved: (wasLocked: boolean) => this.afterStageChange(wasLocked),
    broken: () => this.deps.onBroken(this, null),
  };

  /**
   * News from another instance (see server/cluster/news.ts): an update it stored goes to the writer,
   * which applies it in seq order and relays it. Presence is applied to this room's presence (and so
   * reaches its clients).
   */
  hear(news: DocNews): void {
    if (news.kind === 'update') {
      this.writer.hear(news);
      return;
    }
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, news.update, REMOTE_ORIGIN);
    } catch (err) {
      this.deps.log.warn({ conferenceId: this.conferenceId, doc: this.docName, err: String(err) }, 'presence from another instance was unreadable');
    }
  }

  /** Catches up from the store now (after news may have been lost); a no-op when nothing is new. */
  catchUp(): Promise<void> {
    return this.writer.catchUp();
  }

  /** True when this is a board in private family time and `actor` is out of the room. */
  isAway(grant: Pick<Grant, 'actor' | 'familySide'>): boolean {
    return this.docName === 'board' && isAway(grant.actor, this.stage().phase, grant.familySide);
  }

  /** Reads the document after every write queued so far (nothing is written). */
  read<T>(look: (doc: Y.Doc) => T): Promise<T> {
    return this.writer.enqueue(async () => {
      this.writer.assertWritable();
      return look(this.doc);
    });
  }

  /** Resolves once every write queued so far has finished (stored, or failed). */
  settled(): Promise<void> {
    return this.writer.enqueue(() => Promise.resolve());
  }

  /** The peer joins the room's broadcast. */
  join(peer: Peer): void {
    this.conns.add(peer);
  }

  /** Sends a frame to every connection but `except`. */
  broadcast(frame: Uint8Array, except: Peer | null): void {
    for (const conn of this.conns) if (conn !== except) conn.send(frame);
  }

  /** Waits for queued writes, then folds the update log into a snapshot if anything is pending. */
  flush(): Promise<void> {
    return this.writer.flush();
  }

  /** Frees memory; call only after flush() with no connections left. */
  destroy(): void {
    this.writer.destroy();
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }

  /**
   * Whether `conn` may announce presence under `clientId`: one id per connection, never one that
   * belongs to someone else — in the document, or in presence here, even after they left.
   */
  mayAnnounce(conn: Peer, clientId: number): boolean {
    const me = authorKey(conn.grant.author);
    if (conn.presenceId !== null && conn.presenceId !== clientId) return false;
    if (clientId === this.doc.clientID || clientId === this.awareness.clientID) return false;
    if (this.writer.owners.ownedByOther(clientId, conn.grant.author)) return false;
    const announced = this.presenceOwners.get(clientId);
    if (announced !== undefined && announced !== me) return false;
    this.presenceOwners.set(clientId, me);
    conn.presenceId = clientId;
    return true;
  }

  /** Removes the presence state a closing connection controlled and tells the others. */
  forget(conn: Peer): void {
    this.conns.delete(conn);
    const id = conn.presenceId;
    if (id !== null && this.awareness.getStates().has(id)) awarenessProtocol.removeAwarenessStates(this.awareness, [id], null);
  }

  /** The rules' view of a connection's write now. */
  private context(from: Peer): RuleContext {
    return { writer: from.grant.actor, selfId: from.grant.selfId, ...this.stage(), now: Date.now() };
  }

  private stage(): Stage {
    return stageOf(this.doc, this.docName);
  }

  private refuse(refusal: Refusal): SubmitResult {
    this.deps.metrics.refused();
    return { kind: 'refused', refusal };
  }

  /** The connected peer that `origin` is, or null (the server, another instance, or a peer gone). */
  private peerOf(origin: unknown): Peer | null {
    for (const conn of this.conns) if (conn === origin) return conn;
    return null;
  }

  private readonly onAwarenessUpdate = (
    change: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const changed = [...change.added, ...change.updated, ...change.removed];
    if (changed.length === 0) return;
    const frame = awarenessFrame(this.awareness, changed);
    this.broadcast(frame, this.peerOf(origin));
    // This instance's own clients' presence goes to the other instances (theirs came from there).
    if (this.deps.news && origin !== REMOTE_ORIGIN) {
      this.deps.news.publishPresence(this.conferenceId, this.docName, awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
    }
  };
}

/** A fresh random Yjs client id (32 bits, as Yjs makes them). */
function newClientId(): number {
  return globalThis.crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;
}
