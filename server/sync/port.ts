// The narrow meeting point of a connection and its room: what a connection may ask of its room
// (RoomPort), and what a room may ask of a connection (Peer). Neither side imports the other's
// class, so `room` and `connection` do not import each other.

import type * as Y from 'yjs';
import type * as awarenessProtocol from 'y-protocols/awareness';
import type { ConferenceId, ParticipantId } from '../../shared/ids.ts';
import type { Actor, DocAccess, DocName } from '../../shared/roles.ts';
import type { Refusal } from '../../shared/rules.ts';
import type { Author } from '../store/types.ts';
import type { Identity } from './presence.ts';

/** A connection's standing, decided once when its upgrade was authorised. */
export interface Grant {
  conferenceId: ConferenceId;
  docName: DocName;
  access: Exclude<DocAccess, 'none'>;
  /** Who the rules see: the coordinator or a participant's role. */
  actor: Actor;
  /** The room's screen on the family's side: stays on the board during private family time. */
  familySide: boolean;
  author: Author;
  /** The writer's own id (coordinator or participant id), which `createdBy` and approvals must carry. */
  selfId: string;
  participantId: ParticipantId | null;
  /** SHA-256 of the session secret: signing out closes every socket of the session. */
  sessionHash: string;
  /** When the session expires (ms); the socket is closed then and writes nothing after. */
  sessionExpiresAt: number;
  /** The name and role others see in "Here now" (stamped by the server, see presence.ts). */
  identity: Identity;
  /** The client's address, for security log lines only. */
  address: string;
}

/** A close code and its reason (see CLOSE in shared/protocol.ts). */
export interface CloseSpec {
  code: number;
  reason: string;
}

/** What a room needs of each connected peer. */
export interface Peer {
  readonly grant: Grant;
  /** The one presence client id this peer announces (see RoomPort.mayAnnounce). */
  presenceId: number | null;
  /** True once the server has closed this peer: nothing it sent afterwards, or still queued, is written. */
  readonly cutOff: boolean;
  send(frame: Uint8Array): void;
  close(spec: CloseSpec): void;
}

/** What became of a client's update: kept, refused by a rule, malformed, or sent by someone out of the room. */
export type SubmitResult =
  | { kind: 'kept' }
  | { kind: 'refused'; refusal: Refusal }
  | { kind: 'malformed'; error: unknown }
  | { kind: 'away' };

/** What a connection may ask of its room. */
export interface RoomPort {
  /** The live document (replaced when a refused update is rolled back: read it each time). */
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  /** True once the room may differ from the store and is being dropped. */
  readonly broken: boolean;
  /** The peer joins the room's broadcast. */
  join(peer: Peer): void;
  /** Resolves once every write queued so far has finished (stored, or failed). */
  settled(): Promise<void>;
  /** True when this is a board in private family time and `grant`'s actor is out of the room. */
  isAway(grant: Pick<Grant, 'actor' | 'familySide'>): boolean;
  /** Whether `peer` may announce presence under `clientId` (claims it when it may). */
  mayAnnounce(peer: Peer, clientId: number): boolean;
  /** Checks, applies, stores and relays a client's update (see Room.submit). */
  submit(update: Uint8Array, writers: ReadonlySet<number>, from: Peer, frame: Uint8Array | null, arrivedAt: number): Promise<SubmitResult>;
}
