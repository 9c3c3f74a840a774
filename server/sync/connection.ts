// One WebSocket on one document: reads y-websocket frames in order, enforces the connection's
// access and limits, hands updates to the room's rules, and closes with a named code on anything
// it cannot accept.

import type { WebSocket } from 'ws';
import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import type { Logger } from 'pino';
import { CLOSE, MESSAGE, READ_ONLY_REASON } from '../../shared/protocol.ts';
import { GENERAL_RULES, refusalReason, type Refusal } from '../../shared/rules.ts';
import { awarenessFrame, decodeUpdate, permissionDeniedFrame, syncStep1Frame, syncStep2Frame } from './frames.ts';
import type { CloseSpec, Grant, Peer, RoomPort } from './port.ts';
import { MAX_AWARENESS_BYTES, stampPresence } from './presence.ts';
import {
  AWARENESS_FRAME_BURST,
  AWARENESS_FRAMES_PER_SECOND,
  MAX_UPDATE_BYTES,
  PRESENCE_BURST,
  PRESENCE_PER_SECOND,
  TokenBucket,
  UPDATE_BURST,
  UPDATE_BYTES_BURST,
  UPDATE_BYTES_PER_SECOND,
  UPDATES_PER_SECOND,
} from './limits.ts';

/** What the registry hears about a connection's life (`R`: the registry's own room type). */
export interface ConnectionEvents<R extends RoomPort> {
  /** The connection has joined its room and been sent the first sync. */
  started(conn: Connection<R>, room: R): void;
  /** A change it sent was refused by a rule. */
  refused(conn: Connection<R>, refusal: Refusal): void;
  /** The socket has closed and its queued frames are handled. */
  gone(conn: Connection<R>, room: R | null): void;
}

/**
 * Above this many bytes waiting to be sent (beyond its first full sync, which may be larger), a
 * peer is too slow to keep up and is closed with 4508; it reconnects and catches up with one
 * compact SyncStep2 instead of the server holding an ever-growing backlog for it.
 */
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/** How long an update that builds on the peer's unsent changes waits for its answer to sync step 1. */
export const ANSWER_WAIT_MS = 10_000;
/** Most bytes of such updates kept waiting per connection. */
export const MAX_PARKED_BYTES = 1024 * 1024;

/** A peer of a room; it sees its room only through the narrow RoomPort. */
export class Connection<R extends RoomPort = RoomPort> implements Peer {
  /** The one presence client id this connection announces (see RoomPort.mayAnnounce). */
  presenceId: number | null = null;
  /** Cleared by each keepalive ping, set by the pong. */
  alive = true;
  /** True once the connection has joined its room (it counts as "on the board" from then until it is gone). */
  started = false;
  lastSentAt = Date.now();
  private room: R | null = null;
  private closed = false;
  /** Set when the server closed the socket: frames still queued behind that decision are ignored. */
  private refused = false;
  /**
   * False until the peer has answered the server's sync step 1. Until then an update may depend on
   * the peer's own changes made offline, which that answer carries (y-websocket sends a new edit as
   * soon as the socket opens, before the answer): such an update is parked, and decided again once
   * the answer is in — or refused if no answer comes within ANSWER_WAIT_MS.
   */
  private answeredSync = false;
  private parked: { payload: Uint8Array; frame: Uint8Array; arrivedAt: number }[] = [];
  private parkedBytes = 0;
  private parkTimer: NodeJS.Timeout | null = null;
  private inbox: Promise<void>;
  /** Bytes of the full syncs sent to this peer: they may be in flight on top of MAX_BUFFERED_BYTES. */
  private syncAllowance = 0;
  private readonly updates = new TokenBucket(UPDATE_BURST, UPDATES_PER_SECOND);
  private readonly updateBytes = new TokenBucket(UPDATE_BYTES_BURST, UPDATE_BYTES_PER_SECOND);
  private readonly presence = new TokenBucket(PRESENCE_BURST, PRESENCE_PER_SECOND);
  private readonly awarenessFrames = new TokenBucket(AWARENESS_FRAME_BURST, AWARENESS_FRAMES_PER_SECOND);

  constructor(
    private readonly ws: WebSocket,
    readonly grant: Grant,
    roomReady: Promise<R>,
    private readonly log: Logger,
    private readonly events: ConnectionEvents<R>,
  ) {
    ws.on('pong', () => {
      this.alive = true;
    });
    // Frames that arrive while the document loads wait here, in order, behind the load.
    this.inbox = roomReady.then(
      (room) => this.start(room),
      (err: unknown) => {
        this.log.error({ conferenceId: grant.conferenceId, doc: grant.docName, err: String(err) }, 'document failed to load');
        this.close(CLOSE.unavailable);
      },
    );
  }

  /** True once the server has closed this socket: nothing it sent afterwards, or still queued, is written. */
  get cutOff(): boolean {
    return this.refused;
  }

  /** Takes one WebSocket message (binary → a y-websocket frame; text → refused). */
  receive(data: ArrayBuffer | string): void {
    if (typeof data === 'string') {
      this.close(CLOSE.textFrame);
      return;
    }
    const frame = new Uint8Array(data);
    // Stamped on arrival: the apply latency includes the wait behind the load and earlier frames.
    const arrivedAt = performance.now();
    this.inbox = this.inbox.then(() => this.handle(frame, arrivedAt));
  }

  /** Sends a frame unless the connection is closing; closes peers too slow to keep up. */
  send(frame: Uint8Array): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES + this.syncAllowance) {
      this.close(CLOSE.tooSlow);
      return;
    }
    this.ws.send(frame);
    this.lastSentAt = Date.now();
  }

  /** Closes the socket with a named code (once). */
  close(spec: CloseSpec): void {
    if (this.closed) return;
    this.closed = true;
    this.refused = true;
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) this.ws.close(spec.code, spec.reason);
  }

  /** Sends a ping; a peer that did not answer the previous one is cut off. */
  ping(): void {
    if (!this.alive) {
      this.ws.terminate();
      return;
    }
    this.alive = false;
    if (this.ws.readyState === this.ws.OPEN) this.ws.ping();
  }

  /** The socket has closed: leave the room once queued frames are handled (their updates still count). */
  closedByPeer(): void {
    this.closed = true;
    void this.inbox.then(() => this.events.gone(this, this.room));
  }

  private async start(room: R): Promise<void> {
    this.room = room;
    if (this.closed) return;
    if (room.broken) {
      // Dropped after it loaded and before this socket joined (only possible with an async store): retry.
      this.close(CLOSE.unavailable);
      return;
    }
    room.join(this);
    // Behind queued writes: a refused update may be rolling the document back right now.
    await room.settled();
    if (this.closed || room.broken) return;
    if (room.isAway(this.grant)) {
      this.close(CLOSE.privateTime);
      return;
    }
    this.send(syncStep1Frame(room.doc));
    const others = [...room.awareness.getStates().keys()];
    if (others.length > 0) this.send(awarenessFrame(room.awareness, others));
    if (this.grant.access === 'read') this.send(permissionDeniedFrame(READ_ONLY_REASON));
    this.started = true;
    this.events.started(this, room);
  }

  private async handle(frame: Uint8Array, arrivedAt: number): Promise<void> {
    const room = this.room;
    if (room === null || this.refused) return;
    if (Date.now() >= this.grant.sessionExpiresAt) {
      this.close(CLOSE.sessionExpired);
      return;
    }
    try {
      await this.dispatch(room, frame, arrivedAt);
    } catch (err) {
      this.log.warn({ conferenceId: this.grant.conferenceId, doc: this.grant.docName, err: String(err) }, 'frame refused');
      this.close(CLOSE.badFrame);
    }
  }

  private async dispatch(room: RoomPort, frame: Uint8Array, arrivedAt: number): Promise<void> {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE.sync: {
        const step = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        expectEnd(decoder);
        if (step === syncProtocol.messageYjsSyncStep1) {
          // Behind the queued writes, so the answer never carries an update the store has not committed.
          await room.settled();
          if (!room.broken && !this.refused) {
            const answer = syncStep2Frame(room.doc, payload);
            this.syncAllowance = answer.byteLength;
            this.send(answer);
          }
        } else if (step === syncProtocol.messageYjsSyncStep2 || step === syncProtocol.messageYjsUpdate) {
          await this.update(room, payload, step === syncProtocol.messageYjsUpdate ? frame : null, arrivedAt);
          if (step === syncProtocol.messageYjsSyncStep2 && !this.answeredSync) await this.answered(room);
        } else {
          throw new Error(`unknown sync step ${step}`);
        }
        return;
      }
      case MESSAGE.awareness: {
        const update = decoding.readVarUint8Array(decoder);
        expectEnd(decoder);
        if (update.length > MAX_AWARENESS_BYTES) {
          this.close(CLOSE.tooLarge);
          return;
        }
        if (!this.awarenessFrames.take()) {
          this.close(CLOSE.tooFast);
          return;
        }
        const stamped = stampPresence(update, this.grant.identity, (id) => !room.mayAnnounce(this, id));
        // Only a change to this person's own presence counts towards their presence rate: y-websocket
        // clients echo everyone else's changes back, and those entries were just dropped.
        if (stamped.kept === 0) return;
        if (!this.presence.take()) {
          this.close(CLOSE.tooFast);
          return;
        }
        awarenessProtocol.applyAwarenessUpdate(room.awareness, stamped.update, this);
        return;
      }
      case MESSAGE.queryAwareness: {
        expectEnd(decoder);
        this.send(awarenessFrame(room.awareness, [...room.awareness.getStates().keys()]));
        return;
      }
      case MESSAGE.auth:
        // Only the server sends auth messages.
        throw new Error('client sent an auth message');
      default:
        throw new Error(`unknown message type ${type}`);
    }
  }

  /** Keeps an update that waits for the peer's answer to sync step 1; false when it cannot wait. */
  private park(payload: Uint8Array, frame: Uint8Array, arrivedAt: number): boolean {
    if (this.answeredSync || this.parkedBytes + payload.byteLength > MAX_PARKED_BYTES) return false;
    this.parked.push({ payload, frame, arrivedAt });
    this.parkedBytes += payload.byteLength;
    this.parkTimer ??= setTimeout(() => {
      // No answer in time: what was parked builds on something the server does not have.
      this.inbox = this.inbox.then(() => {
        if (this.answeredSync || this.parked.length === 0) return;
        this.answeredSync = true;
        this.parked = [];
        this.close({ code: CLOSE.refused.code, reason: refusalReason(GENERAL_RULES.pending) });
      });
    }, ANSWER_WAIT_MS);
    this.parkTimer.unref();
    return true;
  }

  /** The peer answered sync step 1: updates parked until now are decided again, in order. */
  private async answered(room: RoomPort): Promise<void> {
    this.answeredSync = true;
    if (this.parkTimer) clearTimeout(this.parkTimer);
    this.parkTimer = null;
    const parked = this.parked;
    this.parked = [];
    this.parkedBytes = 0;
    for (const { payload, frame, arrivedAt } of parked) {
      if (this.refused) return;
      await this.update(room, payload, frame, arrivedAt);
    }
  }

  /** A document update from this peer: limits, then the room's rules; refused → closed with the rule. */
  private async update(room: RoomPort, payload: Uint8Array, frame: Uint8Array | null, arrivedAt: number): Promise<void> {
    if (payload.byteLength > MAX_UPDATE_BYTES) {
      this.close(CLOSE.tooLarge);
      return;
    }
    // Decode fully before anything is applied or stored: malformed bytes never reach the document.
    const decoded = decodeUpdate(payload);
    if (decoded.empty || this.grant.access !== 'write') return;
    if (!this.updates.take() || !this.updateBytes.take(payload.byteLength)) {
      this.close(CLOSE.tooFast);
      return;
    }
    const result = await room.submit(payload, decoded.writers, this, frame, arrivedAt);
    switch (result.kind) {
      case 'kept':
        return;
      case 'refused':
        // Sent on reconnecting, ahead of the answer that brings what it builds on (see answeredSync).
        // (`frame` is set for an incremental update only; the answer itself must never be pending.)
        if (result.refusal.rule === GENERAL_RULES.pending.rule && frame !== null && this.park(payload, frame, arrivedAt)) return;
        // A write to an agreed plan has its own code: the client reloads read-only and tells the person.
        if (result.refusal.rule === GENERAL_RULES.locked.rule) this.close(CLOSE.locked);
        else this.close({ code: CLOSE.refused.code, reason: refusalReason(result.refusal) });
        this.events.refused(this, result.refusal);
        return;
      case 'away':
        this.close(CLOSE.privateTime);
        return;
      case 'malformed':
        this.log.warn({ conferenceId: this.grant.conferenceId, doc: this.grant.docName, err: String(result.error) }, 'update cannot be applied');
        this.close(CLOSE.badFrame);
        return;
      default:
        result satisfies never;
    }
  }
}

function expectEnd(decoder: decoding.Decoder): void {
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after message');
}
