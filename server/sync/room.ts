// One live document in memory: its Y.Doc, presence, connections, and the ordered write path
// (apply → store durably → relay) that makes "stored before relayed" hold.

import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Logger } from 'pino';
import type { ConferenceId } from '../../shared/ids.ts';
import type { DocName } from '../../shared/roles.ts';
import type { Author, Store } from '../store/types.ts';
import { awarenessFrame, updateFrame } from './frames.ts';
import { Connection } from './connection.ts';

/** After this many stored updates the log is folded into a snapshot (bounds cold-load time). */
export const COMPACT_EVERY_UPDATES = 1_000;

/** Counters the room reports to /metrics. */
export interface RoomStats {
  updatesStored: number;
  compactions: number;
}

/** An update that decoded but that Yjs could not apply; none of it is kept. */
export class UnapplicableUpdateError extends Error {
  override readonly name = 'UnapplicableUpdateError';
}

/** A write reached a room that has been dropped (see `broken`); its sender resends after reconnecting. */
export class RoomBrokenError extends Error {
  override readonly name = 'RoomBrokenError';
}

/**
 * Called when the in-memory document may no longer match the store: the registry drops the room
 * without a snapshot and closes its peers (all but `spare`) so they reconnect to a fresh load.
 */
export type OnBroken = (room: Room, spare: Connection | null) => void;

/** A loaded document and everyone connected to it. */
export class Room {
  readonly awareness: awarenessProtocol.Awareness;
  readonly conns = new Set<Connection>();
  /** Set once the document may differ from the store; the room takes no more writes and is being dropped. */
  broken = false;
  private writes: Promise<void> = Promise.resolve();
  private lastSeq: number;
  private sinceSnapshot: number;

  private constructor(
    readonly conferenceId: ConferenceId,
    readonly docName: DocName,
    readonly doc: Y.Doc,
    private readonly store: Store,
    private readonly log: Logger,
    private readonly stats: RoomStats,
    private readonly onBroken: OnBroken,
    loaded: { lastSeq: number; pending: number },
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.lastSeq = loaded.lastSeq;
    this.sinceSnapshot = loaded.pending;
    // The server is not a participant: it has no presence of its own.
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  /** Loads a document from the store (snapshot + later updates) into a new room. */
  static async load(
    store: Store,
    conferenceId: ConferenceId,
    docName: DocName,
    log: Logger,
    stats: RoomStats,
    onBroken: OnBroken,
  ): Promise<Room> {
    const loaded = await store.loadDoc(conferenceId, docName);
    const parts = loaded.snapshot ? [loaded.snapshot, ...loaded.updates] : loaded.updates;
    const { doc, skipped } = rebuild(parts);
    const room = new Room(conferenceId, docName, doc, store, log, stats, onBroken, {
      lastSeq: loaded.lastSeq,
      pending: loaded.updates.length,
    });
    if (skipped > 0) {
      log.error({ conferenceId, doc: docName, skipped }, 'skipped stored updates that cannot be applied; folding the log now');
      // A snapshot now takes the unusable bytes out of the log (their attribution rows stay).
      room.sinceSnapshot = Math.max(room.sinceSnapshot, COMPACT_EVERY_UPDATES);
    }
    if (room.sinceSnapshot >= COMPACT_EVERY_UPDATES) room.enqueue(() => room.compact());
    return room;
  }

  /**
   * Applies `update` (already checked to decode), stores it durably, then relays it to every other
   * connection. Writes run one at a time, so snapshots match their seq. Applying comes first because
   * Y.decodeUpdate accepts some updates Yjs cannot apply: stored, one would make every later load of
   * the document throw. Nothing is relayed before it is stored, and with the SQLite store the commit
   * happens in the same tick as the apply; SyncStep1 answers wait for `settled()` (see connection.ts)
   * so a slower store cannot leak an uncommitted update either.
   */
  submit(update: Uint8Array, author: Author, from: Connection, frame: Uint8Array | null): Promise<void> {
    return this.enqueue(async () => {
      if (this.broken) throw new RoomBrokenError('The document is reloading.');
      this.apply(update, from);
      try {
        this.lastSeq = await this.store.appendUpdate(this.conferenceId, this.docName, update, author, Date.now());
      } catch (err) {
        // The document now holds an update the store does not: drop it and let everyone reload.
        this.break(null);
        throw err;
      }
      this.sinceSnapshot += 1;
      this.stats.updatesStored += 1;
      this.broadcast(frame ?? updateFrame(update), from);
      if (this.sinceSnapshot >= COMPACT_EVERY_UPDATES) await this.compact();
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
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }

  /** The connection that announced presence client `clientId`, if any still here. */
  presenceOwner(clientId: number): Connection | undefined {
    for (const conn of this.conns) if (conn.clientIds.has(clientId)) return conn;
    return undefined;
  }

  /** Removes the presence states a closing connection controlled and tells the others. */
  forget(conn: Connection, clientIds: Iterable<number>): void {
    this.conns.delete(conn);
    const ids = [...clientIds].filter((id) => this.awareness.getStates().has(id));
    if (ids.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, ids, null);
  }

  /** Applies an update to the document, or throws UnapplicableUpdateError having kept none of it. */
  private apply(update: Uint8Array, from: Connection): void {
    const result = tryApply(this.doc, update, from);
    if (result.ok) return;
    // Yjs integrates structs one at a time and has no rollback, so a failure may leave part of the
    // update in the document — a part the store and the other peers do not have. Only a reload removes it.
    if (result.partly) this.break(from);
    throw new UnapplicableUpdateError(`The update could not be applied: ${String(result.error)}`, { cause: result.error });
  }

  private break(spare: Connection | null): void {
    if (this.broken) return;
    this.broken = true;
    this.log.error({ conferenceId: this.conferenceId, doc: this.docName }, 'document no longer matches the store; reloading it');
    this.onBroken(this, spare);
  }

  private async compact(): Promise<void> {
    // A dropped room's document may hold what the store does not: never write it as a snapshot.
    if (this.broken) return;
    const snapshot = Y.encodeStateAsUpdate(this.doc);
    await this.store.compactDoc(this.conferenceId, this.docName, snapshot, this.lastSeq);
    this.sinceSnapshot = 0;
    this.stats.compactions += 1;
    this.log.debug({ conferenceId: this.conferenceId, doc: this.docName, uptoSeq: this.lastSeq }, 'compacted');
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const next = this.writes.then(task);
    // A failed write must not block the ones behind it; the caller still sees the failure.
    this.writes = next.catch(() => undefined);
    return next;
  }

  private readonly onAwarenessUpdate = (
    change: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const changed = [...change.added, ...change.updated, ...change.removed];
    if (changed.length === 0) return;
    const sender = origin instanceof Connection && this.conns.has(origin) ? origin : null;
    if (sender) {
      for (const id of [...change.added, ...change.updated]) sender.clientIds.add(id);
      for (const id of change.removed) sender.clientIds.delete(id);
    }
    this.broadcast(awarenessFrame(this.awareness, changed), sender);
  };
}

/**
 * Builds a document from its stored parts (snapshot first, then updates in order). A part that
 * cannot be applied (the store never keeps one today, but a damaged file or a future bug could) is
 * left out; if it had been partly applied, the build starts again without it.
 */
function rebuild(parts: readonly Uint8Array[]): { doc: Y.Doc; skipped: number } {
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
      const result = tryApply(doc, part, null);
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

type ApplyResult = { ok: true } | { ok: false; partly: boolean; error: unknown };

/** Y.applyUpdate that reports a failure instead of throwing, and whether it changed the document first. */
function tryApply(doc: Y.Doc, update: Uint8Array, origin: unknown): ApplyResult {
  let changed = false;
  // Emitted even when applying throws (Yjs cleans the transaction up in a `finally`).
  const onCleanup = (tr: Y.Transaction) => {
    changed ||= tr.deleteSet.clients.size > 0 || [...tr.afterState].some(([client, clock]) => tr.beforeState.get(client) !== clock);
  };
  doc.on('afterTransactionCleanup', onCleanup);
  try {
    Y.applyUpdate(doc, update, origin);
    return { ok: true };
  } catch (error) {
    return { ok: false, partly: changed, error };
  } finally {
    doc.off('afterTransactionCleanup', onCleanup);
  }
}
