// The registry of live documents: get-or-load, unload when the last peer has gone, keepalive,
// closing a withdrawn participant's sockets, and the shutdown flush.

import type { WebSocket } from 'ws';
import type { Logger } from 'pino';
import type { ConferenceId, ParticipantId } from '../../shared/ids.ts';
import type { DocName } from '../../shared/roles.ts';
import { CLOSE, KEEPALIVE_INTERVAL_MS } from '../../shared/protocol.ts';
import type { Store } from '../store/types.ts';
import { Connection, type Grant } from './connection.ts';
import { KEEPALIVE_FRAME } from './frames.ts';
import { Room, type RoomStats } from './room.ts';

/** How long an empty room stays in memory, so a quick reconnect does not reload it. */
export const ROOM_IDLE_UNLOAD_MS = 2_000;

type Entry =
  | { state: 'loading'; ready: Promise<Room> }
  | { state: 'open'; room: Room; idleTimer: NodeJS.Timeout | null }
  | { state: 'unloading'; done: Promise<void> };

/** All rooms of this server process. */
export class Rooms {
  readonly stats: RoomStats = { updatesStored: 0, compactions: 0 };
  private readonly entries = new Map<string, Entry>();
  private readonly connections = new Set<Connection>();
  private readonly keepalive: NodeJS.Timeout;

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
  ) {
    this.keepalive = setInterval(() => this.tick(), KEEPALIVE_INTERVAL_MS);
    this.keepalive.unref();
  }

  /** Number of documents in memory. */
  get size(): number {
    return this.entries.size;
  }

  /** Number of open connections. */
  get connectionCount(): number {
    return this.connections.size;
  }

  /** Attaches an authorised socket: its frames queue until the document has loaded. */
  connect(ws: WebSocket, grant: Grant): Connection {
    const conn = new Connection(ws, grant, this.acquire(grant.conferenceId, grant.docName), this.log, (c, room) =>
      this.release(c, room),
    );
    this.connections.add(conn);
    return conn;
  }

  /** Closes every socket of one participant (their invite was withdrawn); returns how many. */
  closeParticipant(participantId: ParticipantId, spec: { code: number; reason: string }): number {
    let count = 0;
    for (const conn of this.connections) {
      if (conn.grant.participantId === participantId) {
        conn.close(spec);
        count += 1;
      }
    }
    return count;
  }

  /** Closes every socket with `spec`, waits for queued writes, snapshots every room, and frees them. */
  async shutdown(spec: { code: number; reason: string }): Promise<void> {
    clearInterval(this.keepalive);
    for (const conn of this.connections) conn.close(spec);
    const pending = [...this.entries.keys()].map(async (key) => {
      const entry = this.entries.get(key);
      if (entry?.state === 'loading') await entry.ready.catch(() => undefined);
      const now = this.entries.get(key);
      if (now?.state === 'open') await this.unload(key, now.room);
      else if (now?.state === 'unloading') await now.done;
    });
    await Promise.all(pending);
  }

  private acquire(conferenceId: ConferenceId, docName: DocName): Promise<Room> {
    const key = `${conferenceId}/${docName}`;
    const entry = this.entries.get(key);
    if (entry?.state === 'open') {
      if (entry.idleTimer) clearTimeout(entry.idleTimer);
      entry.idleTimer = null;
      return Promise.resolve(entry.room);
    }
    if (entry?.state === 'loading') return entry.ready;
    // A room still writing its snapshot must finish before it is loaded again.
    const before = entry?.state === 'unloading' ? entry.done : Promise.resolve();
    const ready = before
      .then(() => Room.load(this.store, conferenceId, docName, this.log, this.stats, (room, spare) => this.evict(room, spare)))
      .then(
        (room) => {
          this.entries.set(key, { state: 'open', room, idleTimer: null });
          return room;
        },
        (err: unknown) => {
          this.entries.delete(key);
          throw err;
        },
      );
    this.entries.set(key, { state: 'loading', ready });
    return ready;
  }

  /**
   * Drops a room whose document may no longer match the store, without a snapshot (the store is the
   * truth), and closes its peers but `spare` with "try again": they reconnect to a fresh load.
   */
  private evict(room: Room, spare: Connection | null): void {
    const key = `${room.conferenceId}/${room.docName}`;
    const entry = this.entries.get(key);
    if (entry?.state === 'open' && entry.room === room) {
      if (entry.idleTimer) clearTimeout(entry.idleTimer);
      this.entries.delete(key);
    }
    for (const conn of room.conns) if (conn !== spare) conn.close(CLOSE.unavailable);
    room.destroy();
  }

  private release(conn: Connection, room: Room | null): void {
    this.connections.delete(conn);
    if (room === null) return;
    room.forget(conn, conn.clientIds);
    const key = `${room.conferenceId}/${room.docName}`;
    const entry = this.entries.get(key);
    if (entry?.state !== 'open' || entry.room !== room || room.conns.size > 0) return;
    if (entry.idleTimer) clearTimeout(entry.idleTimer);
    entry.idleTimer = setTimeout(() => {
      const current = this.entries.get(key);
      if (current?.state === 'open' && current.room === room && room.conns.size === 0) void this.unload(key, room);
    }, ROOM_IDLE_UNLOAD_MS);
    entry.idleTimer.unref();
  }

  private unload(key: string, room: Room): Promise<void> {
    const current = this.entries.get(key);
    if (current?.state === 'open' && current.idleTimer) clearTimeout(current.idleTimer);
    const done = room
      .flush()
      .catch((err: unknown) => {
        // reason: the updates are already durable in the log; only the snapshot is missing
        this.log.error({ conferenceId: room.conferenceId, doc: room.docName, err: String(err) }, 'snapshot on unload failed');
      })
      .finally(() => {
        room.destroy();
        if (this.entries.get(key)?.state === 'unloading') this.entries.delete(key);
      });
    this.entries.set(key, { state: 'unloading', done });
    return done;
  }

  private tick(): void {
    const quietSince = Date.now() - KEEPALIVE_INTERVAL_MS;
    for (const conn of this.connections) {
      conn.ping();
      // Browsers never show pings to the page: a real (empty) message keeps y-websocket's watchdog calm.
      if (conn.lastSentAt <= quietSince) conn.send(KEEPALIVE_FRAME);
    }
  }
}
