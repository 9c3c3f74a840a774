// One live document in memory: its Y.Doc, presence, connections, and the ordered write path
// (store durably → apply → relay) that makes "stored before relayed" hold.

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

/** A loaded document and everyone connected to it. */
export class Room {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly conns = new Set<Connection>();
  private writes: Promise<void> = Promise.resolve();
  private lastSeq: number;
  private sinceSnapshot: number;

  private constructor(
    readonly conferenceId: ConferenceId,
    readonly docName: DocName,
    private readonly store: Store,
    private readonly log: Logger,
    private readonly stats: RoomStats,
    loaded: { lastSeq: number; pending: number },
  ) {
    this.lastSeq = loaded.lastSeq;
    this.sinceSnapshot = loaded.pending;
    // The server is not a participant: it has no presence of its own.
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  /** Loads a document from the store (snapshot + later updates) into a new room. */
  static async load(store: Store, conferenceId: ConferenceId, docName: DocName, log: Logger, stats: RoomStats): Promise<Room> {
    const loaded = await store.loadDoc(conferenceId, docName);
    const room = new Room(conferenceId, docName, store, log, stats, { lastSeq: loaded.lastSeq, pending: loaded.updates.length });
    const parts = loaded.snapshot ? [loaded.snapshot, ...loaded.updates] : loaded.updates;
    if (parts.length > 0) Y.applyUpdate(room.doc, parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts));
    if (room.sinceSnapshot >= COMPACT_EVERY_UPDATES) room.enqueue(() => room.compact());
    return room;
  }

  /**
   * Stores `update` (already checked to decode) durably, then applies it and relays it to every
   * other connection. Writes run one at a time, so the in-memory document — what any peer can be
   * sent — never holds an update the store has not committed, and snapshots match their seq.
   */
  submit(update: Uint8Array, author: Author, from: Connection, frame: Uint8Array | null): Promise<void> {
    return this.enqueue(async () => {
      this.lastSeq = await this.store.appendUpdate(this.conferenceId, this.docName, update, author, Date.now());
      this.sinceSnapshot += 1;
      this.stats.updatesStored += 1;
      Y.applyUpdate(this.doc, update, from);
      this.broadcast(frame ?? updateFrame(update), from);
      if (this.sinceSnapshot >= COMPACT_EVERY_UPDATES) await this.compact();
    });
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

  /** Removes the presence states a closing connection controlled and tells the others. */
  forget(conn: Connection, clientIds: Iterable<number>): void {
    this.conns.delete(conn);
    const ids = [...clientIds].filter((id) => this.awareness.getStates().has(id));
    if (ids.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, ids, null);
  }

  private async compact(): Promise<void> {
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
