// Encoding the y-websocket frames the server sends (one message per frame).

import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as authProtocol from 'y-protocols/auth';
import { MESSAGE } from '../../shared/protocol.ts';

/** sync/SyncStep1 carrying the server document's state vector. */
export function syncStep1Frame(doc: Y.Doc): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE.sync);
  syncProtocol.writeSyncStep1(e, doc);
  return encoding.toUint8Array(e);
}

/** sync/SyncStep2: everything the peer with `stateVector` is missing. */
export function syncStep2Frame(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE.sync);
  syncProtocol.writeSyncStep2(e, doc, stateVector);
  return encoding.toUint8Array(e);
}

/** sync/Update carrying one document update. */
export function updateFrame(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE.sync);
  syncProtocol.writeUpdate(e, update);
  return encoding.toUint8Array(e);
}

/** awareness frame for the given clients of `awareness`. */
export function awarenessFrame(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE.awareness);
  encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(e);
}

/** An awareness update naming no clients: a no-op that resets the client's 30 s silence watchdog. */
export const KEEPALIVE_FRAME: Uint8Array = (() => {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 0);
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE.awareness);
  encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  return encoding.toUint8Array(e);
})();

/** auth/permission-denied with a reason (sent to read-only connections). */
export function permissionDeniedFrame(reason: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE.auth);
  authProtocol.writePermissionDenied(e, reason);
  return encoding.toUint8Array(e);
}

/** What decoding an update found: nothing at all, or content written under these Yjs client ids. */
export type DecodedUpdate = { empty: true } | { empty: false; writers: Set<number> };

/**
 * Decodes a Yjs update completely (throws on malformed bytes): an empty one (no structs, no
 * deletions) is a fresh client's SyncStep2 and is not stored; otherwise it names the client ids
 * its structs are written under (deletions carry no writer of their own).
 */
export function decodeUpdate(update: Uint8Array): DecodedUpdate {
  if (update.length === 2 && update[0] === 0 && update[1] === 0) return { empty: true };
  const decoded = Y.decodeUpdate(update);
  if (decoded.structs.length === 0 && decoded.ds.clients.size === 0) return { empty: true };
  const writers = new Set<number>();
  // Skip structs are gaps in the encoding, not writes.
  for (const struct of decoded.structs) if (!(struct instanceof Y.Skip)) writers.add(struct.id.client);
  return { empty: false, writers };
}
