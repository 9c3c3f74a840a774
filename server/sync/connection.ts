// One WebSocket on one document: reads y-websocket frames in order, enforces the connection's
// access, and closes with a named code on anything it cannot accept.

import type { WebSocket } from 'ws';
import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import type { Logger } from 'pino';
import type { ConferenceId, ParticipantId } from '../../shared/ids.ts';
import type { DocAccess, DocName } from '../../shared/roles.ts';
import { CLOSE, MESSAGE, READ_ONLY_REASON } from '../../shared/protocol.ts';
import type { Author } from '../store/types.ts';
import { awarenessFrame, checkUpdate, permissionDeniedFrame, syncStep1Frame, syncStep2Frame } from './frames.ts';
import type { Room } from './room.ts';
import { MAX_AWARENESS_BYTES, stampPresence, type Identity } from './presence.ts';

/** A connection's standing, decided once when its upgrade was authorised. */
export interface Grant {
  conferenceId: ConferenceId;
  docName: DocName;
  access: Exclude<DocAccess, 'none'>;
  author: Author;
  participantId: ParticipantId | null;
  /** The name and role others see in "Here now" (stamped by the server, see presence.ts). */
  identity: Identity;
}

/** Above this many bytes waiting to be sent, a peer is too slow to keep up and is closed. */
export const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

type CloseSpec = { code: number; reason: string };

/** A peer of a room. */
export class Connection {
  /** Presence client ids this connection has announced (removed when it closes). */
  readonly clientIds = new Set<number>();
  /** Cleared by each keepalive ping, set by the pong. */
  alive = true;
  lastSentAt = Date.now();
  private room: Room | null = null;
  private closed = false;
  /** Set when the server closed the socket: frames still queued behind that decision are ignored. */
  private refused = false;
  private inbox: Promise<void>;

  constructor(
    private readonly ws: WebSocket,
    readonly grant: Grant,
    roomReady: Promise<Room>,
    private readonly log: Logger,
    private readonly onGone: (conn: Connection, room: Room | null) => void,
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

  /** Takes one WebSocket message (binary → a y-websocket frame; text → refused). */
  receive(data: ArrayBuffer | string): void {
    if (typeof data === 'string') {
      this.close(CLOSE.textFrame);
      return;
    }
    const frame = new Uint8Array(data);
    this.inbox = this.inbox.then(() => this.handle(frame));
  }

  /** Sends a frame unless the connection is closing; closes peers too slow to keep up. */
  send(frame: Uint8Array): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
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
    void this.inbox.then(() => this.onGone(this, this.room));
  }

  private start(room: Room): void {
    this.room = room;
    if (this.closed) return;
    if (room.broken) {
      // Dropped after it loaded and before this socket joined (only possible with an async store): retry.
      this.close(CLOSE.unavailable);
      return;
    }
    room.conns.add(this);
    this.send(syncStep1Frame(room.doc));
    const others = [...room.awareness.getStates().keys()];
    if (others.length > 0) this.send(awarenessFrame(room.awareness, others));
    if (this.grant.access === 'read') this.send(permissionDeniedFrame(READ_ONLY_REASON));
  }

  private async handle(frame: Uint8Array): Promise<void> {
    const room = this.room;
    if (room === null || this.refused) return;
    try {
      await this.dispatch(room, frame);
    } catch (err) {
      this.log.warn({ conferenceId: this.grant.conferenceId, doc: this.grant.docName, err: String(err) }, 'frame refused');
      this.close(CLOSE.badFrame);
    }
  }

  private async dispatch(room: Room, frame: Uint8Array): Promise<void> {
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
          if (!room.broken) this.send(syncStep2Frame(room.doc, payload));
        } else if (step === syncProtocol.messageYjsSyncStep2 || step === syncProtocol.messageYjsUpdate) {
          // Decode fully before anything is stored: malformed bytes never reach the log.
          if (checkUpdate(payload) === 'empty' || this.grant.access !== 'write') return;
          await room.submit(payload, this.grant.author, this, step === syncProtocol.messageYjsUpdate ? frame : null);
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
        const stamped = stampPresence(update, this.grant.identity, (id) => (room.presenceOwner(id) ?? this) !== this);
        awarenessProtocol.applyAwarenessUpdate(room.awareness, stamped, this);
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
}

function expectEnd(decoder: decoding.Decoder): void {
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after message');
}
