// The registry of live documents: get-or-load, server changes through the live room, unload when
// nobody needs a room any more, keepalive, closing the sockets of a session or participant that
// has ended, and the shutdown flush.

import type { WebSocket } from 'ws';
import type * as Y from 'yjs';
import type { Logger } from 'pino';
import type { ConferenceId, ParticipantId } from '../../shared/ids.ts';
import type { DocName } from '../../shared/roles.ts';
import { CLOSE, KEEPALIVE_INTERVAL_MS } from '../../shared/protocol.ts';
import { inviteId } from '../../shared/ids.ts';
import { recordLater } from '../audit.ts';
import { authorKey } from '../store/types.ts';
import type { Store } from '../store/types.ts';
import { Connection } from './connection.ts';
import type { Grant, Peer } from './port.ts';
import { KEEPALIVE_FRAME } from './frames.ts';
import { MAX_SOCKETS_PER_SESSION } from './limits.ts';
import { Room, type ChangeOptions } from './room.ts';
import { NO_ROOM_METRICS, type RoomMetrics } from './roomMetrics.ts';
import type { ControlNews, DocNews, NewsBus } from '../cluster/news.ts';

/** How long an empty room stays in memory, so a quick reconnect does not reload it. */
export const ROOM_IDLE_UNLOAD_MS = 2_000;
/**
 * With several instances, how often each open room asks the store whether it missed anything
 * (news lost on the way): the longest a lost message delays an update.
 */
export const CATCH_UP_INTERVAL_MS = 2_000;

type CloseSpec = { code: number; reason: string };

type Entry =
  | { state: 'loading'; ready: Promise<Room> }
  | { state: 'open'; room: Room; idleTimer: NodeJS.Timeout | null; changing: number; unfollow: (() => Promise<void>) | null }
  | { state: 'unloading'; done: Promise<void> };

/** All rooms of this server process. */
export class Rooms {
  private readonly entries = new Map<string, Entry>();
  private readonly connections = new Set<Connection>();
  private readonly keepalive: NodeJS.Timeout;
  private readonly catchUpTimer: NodeJS.Timeout | null = null;
  private checkingSessions = false;

  constructor(
    readonly store: Store,
    readonly log: Logger,
    /** Where every room reports its writes, compactions and refusals (for /metrics). */
    private readonly metrics: RoomMetrics = NO_ROOM_METRICS,
    /** News between server instances sharing the store; null for one instance. */
    private readonly news: NewsBus | null = null,
  ) {
    this.keepalive = setInterval(() => this.tick(), KEEPALIVE_INTERVAL_MS);
    this.keepalive.unref();
    if (news !== null) {
      news.onControl((message) => this.onControl(message));
      // Back from a break in the news: anything published meanwhile is fetched from the store.
      news.onResumed(() => this.catchUpAll());
      this.catchUpTimer = setInterval(() => this.catchUpAll(), CATCH_UP_INTERVAL_MS);
      this.catchUpTimer.unref();
    }
  }

  /** Every open room asks the store for what it may have missed. */
  private catchUpAll(): void {
    for (const entry of this.entries.values()) {
      if (entry.state === 'open') void entry.room.catchUp().catch(() => undefined);
    }
  }

  /** Another instance closed sockets: this one closes its own that match (its count is not needed). */
  private onControl(message: ControlNews): void {
    const spec = { code: message.code, reason: message.reason };
    switch (message.kind) {
      case 'closeParticipant':
        this.closeParticipant(message.participantId, spec, message.exceptSession, false);
        return;
      case 'closeSession':
        this.closeSession(message.sessionHash, spec, false);
        return;
      case 'closeConference':
        void this.closeConference(message.conferenceId, spec, false).catch((err: unknown) =>
          this.log.error({ err: String(err) }, 'closing a deleted conference’s boards failed'),
        );
        return;
      default:
        message satisfies never;
    }
  }

  /** Number of documents in memory. */
  get size(): number {
    return this.entries.size;
  }

  /** Number of open connections. */
  get connectionCount(): number {
    return this.connections.size;
  }

  /**
   * Attaches an authorised socket: its frames queue until the document has loaded. A session that
   * already holds MAX_SOCKETS_PER_SESSION sockets is refused with 4429 (null).
   */
  connect(ws: WebSocket, grant: Grant): Connection | null {
    let mine = 0;
    for (const conn of this.connections) if (conn.grant.sessionHash === grant.sessionHash) mine += 1;
    if (mine >= MAX_SOCKETS_PER_SESSION) {
      ws.close(CLOSE.tooManySockets.code, CLOSE.tooManySockets.reason);
      return null;
    }
    const conn = new Connection(ws, grant, this.acquire(grant.conferenceId, grant.docName), this.log, {
      started: (c) => this.started(c),
      refused: (c, refusal) =>
        recordLater(this, {
          conferenceId: c.grant.conferenceId,
          actor: c.grant.author,
          action: 'change.refused',
          detail: { rule: refusal.rule, doc: c.grant.docName },
          address: c.grant.address,
        }),
      gone: (c, room) => this.release(c, room),
    });
    this.connections.add(conn);
    return conn;
  }

  /** True while the participant has a live document open. */
  isOnline(participantId: ParticipantId): boolean {
    for (const conn of this.connections) if (conn.started && conn.grant.participantId === participantId) return true;
    return false;
  }

  /**
   * A server change (phase, agreements, lock…): `mutate` runs on the live document in the room's
   * write order; the result is stored with author `server` and relayed to everyone connected. With
   * nobody connected the room is loaded for it and unloaded again afterwards. Resolves true when
   * the document changed; rejects with the mutation's own error (e.g. a BoardError) having changed nothing.
   */
  change(conferenceId: ConferenceId, docName: DocName, mutate: (doc: Y.Doc) => void, options: ChangeOptions = {}): Promise<boolean> {
    return this.using(conferenceId, docName, (room) => room.change(mutate, options));
  }

  /**
   * Reads a live document as it stands after the writes queued so far (loading it if nobody has
   * it open), e.g. the professionals' notes for the checks before locking.
   */
  read<T>(conferenceId: ConferenceId, docName: DocName, look: (doc: Y.Doc) => T): Promise<T> {
    return this.using(conferenceId, docName, (room) => room.read(look));
  }

  /** Runs `task` on a loaded room, keeping the room in memory until it has finished. */
  private async using<T>(conferenceId: ConferenceId, docName: DocName, task: (room: Room) => Promise<T>): Promise<T> {
    const room = await this.acquire(conferenceId, docName);
    const key = `${conferenceId}/${docName}`;
    const entry = this.entries.get(key);
    if (entry?.state === 'open' && entry.room === room) entry.changing += 1;
    try {
      return await task(room);
    } finally {
      const now = this.entries.get(key);
      if (now?.state === 'open' && now.room === room) {
        now.changing -= 1;
        this.unloadWhenIdle(key, room);
      }
    }
  }

  /**
   * Closes every socket of one participant (withdrawn, role changed, moved to another device) but
   * those of `exceptSession` (the new device's); returns how many.
   */
  closeParticipant(participantId: ParticipantId, spec: CloseSpec, exceptSession?: string, tellOthers = true): number {
    if (tellOthers) this.news?.publishControl({ kind: 'closeParticipant', participantId, ...spec, ...(exceptSession === undefined ? {} : { exceptSession }) });
    return this.closeWhere((conn) => conn.grant.participantId === participantId && conn.grant.sessionHash !== exceptSession, spec);
  }

  /**
   * Closes every socket opened with one session (signed out, expired, replaced), on every
   * instance; returns how many were open on this one.
   */
  closeSession(sessionHash: string, spec: CloseSpec, tellOthers = true): number {
    if (tellOthers) this.news?.publishControl({ kind: 'closeSession', sessionHash, ...spec });
    return this.closeWhere((conn) => conn.grant.sessionHash === sessionHash, spec);
  }

  /**
   * Before a conference is deleted: closes every socket on its documents with `spec`, lets queued
   * writes finish, and drops its rooms without a snapshot (everything is about to be deleted).
   */
  async closeConference(conferenceId: ConferenceId, spec: CloseSpec, tellOthers = true): Promise<void> {
    if (tellOthers) this.news?.publishControl({ kind: 'closeConference', conferenceId, ...spec });
    this.closeWhere((conn) => conn.grant.conferenceId === conferenceId, spec);
    for (const docName of ['board', 'private'] as const) {
      const key = `${conferenceId}/${docName}`;
      const entry = this.entries.get(key);
      if (entry?.state === 'loading') await entry.ready.catch(() => undefined);
      else if (entry?.state === 'unloading') await entry.done;
      const now = this.entries.get(key);
      if (now?.state !== 'open') continue;
      await now.room.settled();
      if (now.idleTimer) clearTimeout(now.idleTimer);
      if (this.entries.get(key) === now) this.entries.delete(key);
      void now.unfollow?.();
      now.room.destroy();
    }
  }

  /** Closes every socket with `spec`, waits for queued writes, snapshots every room, and frees them. */
  async shutdown(spec: CloseSpec): Promise<void> {
    clearInterval(this.keepalive);
    if (this.catchUpTimer) clearInterval(this.catchUpTimer);
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

  private closeWhere(match: (conn: Connection) => boolean, spec: CloseSpec): number {
    let count = 0;
    for (const conn of this.connections) {
      if (match(conn)) {
        conn.close(spec);
        count += 1;
      }
    }
    return count;
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
    const deps = {
      docs: this.store.docs,
      log: this.log,
      metrics: this.metrics,
      onBroken: (room: Room, spare: Peer | null) => this.evict(room, spare),
      news: this.news,
    };
    // With several instances: subscribe first, then load, then apply what arrived meanwhile — the
    // room misses nothing committed after its load, and news of what it loaded is skipped by seq.
    let heard: DocNews[] | null = [];
    let room: Room | null = null;
    let unfollow: (() => Promise<void>) | null = null;
    const listen = (news: DocNews) => {
      if (room !== null) room.hear(news);
      else heard?.push(news);
    };
    const ready = before
      .then(async () => {
        if (this.news !== null) unfollow = await this.news.follow(conferenceId, docName, listen);
        return Room.load(deps, conferenceId, docName, await this.store.conferences.get(conferenceId));
      })
      .then(
        (loaded) => {
          room = loaded;
          for (const news of heard ?? []) loaded.hear(news);
          heard = null;
          this.entries.set(key, { state: 'open', room: loaded, idleTimer: null, changing: 0, unfollow });
          return loaded;
        },
        (err: unknown) => {
          heard = null;
          void (unfollow as (() => Promise<void>) | null)?.();
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
  private evict(room: Room, spare: Peer | null): void {
    const key = `${room.conferenceId}/${room.docName}`;
    const entry = this.entries.get(key);
    if (entry?.state === 'open' && entry.room === room) {
      if (entry.idleTimer) clearTimeout(entry.idleTimer);
      void entry.unfollow?.();
      this.entries.delete(key);
    }
    for (const conn of room.conns) if (conn !== spare) conn.close(CLOSE.unavailable);
    room.destroy();
  }

  /** A connection joined its room: its person arrived on the board, or opened the professionals' notes. */
  private started(conn: Connection): void {
    const { grant } = conn;
    if (grant.docName === 'private') {
      recordLater(this, { conferenceId: grant.conferenceId, actor: grant.author, action: 'notes.opened', address: grant.address });
    } else if (this.boardSockets(conn) === 1) {
      recordLater(this, { conferenceId: grant.conferenceId, actor: grant.author, action: 'board.opened' });
    }
    this.touch(conn);
  }

  /** How many started board sockets the connection's person has on its conference. */
  private boardSockets(like: Connection): number {
    let count = 0;
    const who = authorKey(like.grant.author);
    for (const conn of this.connections) {
      if (conn.started && conn.grant.docName === 'board' && conn.grant.conferenceId === like.grant.conferenceId && authorKey(conn.grant.author) === who) count += 1;
    }
    return count;
  }

  private touch(conn: Connection): void {
    const id = conn.grant.participantId;
    if (id === null) return;
    this.store.conferences.touchInvite(inviteId(id), Date.now()).catch((err: unknown) => this.log.error({ err: String(err) }, 'could not note when a participant was last seen'));
  }

  private release(conn: Connection, room: Room | null): void {
    this.connections.delete(conn);
    if (conn.started) {
      this.touch(conn);
      if (conn.grant.docName === 'board' && this.boardSockets(conn) === 0) {
        recordLater(this, { conferenceId: conn.grant.conferenceId, actor: conn.grant.author, action: 'board.left' });
      }
    }
    if (room === null) return;
    room.forget(conn);
    this.unloadWhenIdle(`${room.conferenceId}/${room.docName}`, room);
  }

  /** Unloads `room` ROOM_IDLE_UNLOAD_MS after nobody is connected to it or changing it any more. */
  private unloadWhenIdle(key: string, room: Room): void {
    const entry = this.entries.get(key);
    if (entry?.state !== 'open' || entry.room !== room || room.conns.size > 0 || entry.changing > 0) return;
    if (entry.idleTimer) clearTimeout(entry.idleTimer);
    entry.idleTimer = setTimeout(() => {
      const current = this.entries.get(key);
      if (current?.state === 'open' && current.room === room && room.conns.size === 0 && current.changing === 0) {
        void this.unload(key, room);
      }
    }, ROOM_IDLE_UNLOAD_MS);
    entry.idleTimer.unref();
  }

  private unload(key: string, room: Room): Promise<void> {
    const current = this.entries.get(key);
    if (current?.state === 'open' && current.idleTimer) clearTimeout(current.idleTimer);
    if (current?.state === 'open') void current.unfollow?.();
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

  /**
   * Closes the sockets of sessions the store no longer has (signed out elsewhere, purged, or ended
   * by another server instance). Signing out here closes them at once; this is the safety net.
   */
  private async recheckSessions(): Promise<void> {
    if (this.checkingSessions) return;
    this.checkingSessions = true;
    try {
      const now = Date.now();
      const hashes = new Set<string>();
      for (const conn of this.connections) hashes.add(conn.grant.sessionHash);
      // One question for them all: a statement per socket, thousands of them every tick, held up everyone's edits.
      const live = await this.store.accounts.liveSessions([...hashes], now);
      for (const hash of hashes) if (!live.has(hash)) this.closeSession(hash, CLOSE.signedOut);
    } catch (err) {
      this.log.error({ err: String(err) }, 'checking open sessions failed');
    } finally {
      this.checkingSessions = false;
    }
  }

  private tick(): void {
    void this.recheckSessions();
    const now = Date.now();
    const quietSince = now - KEEPALIVE_INTERVAL_MS;
    for (const conn of this.connections) {
      // A session that has expired since its socket opened ends here (writes are refused even sooner).
      if (now >= conn.grant.sessionExpiresAt) {
        conn.close(CLOSE.sessionExpired);
        continue;
      }
      conn.ping();
      // Browsers never show pings to the page: a real (empty) message keeps y-websocket's watchdog calm.
      if (conn.lastSentAt <= quietSince) conn.send(KEEPALIVE_FRAME);
    }
  }
}
