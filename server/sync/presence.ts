// Presence the server vouches for: each awareness entry a connection sends is stamped with the
// name and role the server knows it by, and entries for another connection's client ids are dropped.

import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Actor } from '../../shared/roles.ts';

/** Largest awareness update accepted from one connection (presence is a name and a cursor). */
export const MAX_AWARENESS_BYTES = 16 * 1024;

/** Who a connection is, as shown to everyone else in "Here now". */
export interface Identity {
  name: string;
  role: Actor;
}

const COLOR = /^#[0-9a-fA-F]{6}$/;
const DEFAULT_COLOR = '#4a4a4a';

/**
 * Re-encodes an awareness update (y-protocols format: count, then clientID, clock, JSON state per
 * entry) so a participant cannot appear as someone else: `user.name` and `user.role` are the
 * server's, `user.color` must be a #rrggbb colour, and entries for client ids that
 * `ownedByOther` claims are left out. Throws on malformed bytes or JSON.
 */
export function stampPresence(
  update: Uint8Array,
  identity: Identity,
  ownedByOther: (clientId: number) => boolean,
): { update: Uint8Array; kept: number } {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: { clientId: number; clock: number; state: string }[] = [];
  for (let i = 0; i < count; i += 1) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const text = decoding.readVarString(decoder);
    // y-websocket clients echo every presence change they receive; those entries are dropped unread.
    if (ownedByOther(clientId)) continue;
    const raw: unknown = JSON.parse(text);
    entries.push({ clientId, clock, state: JSON.stringify(stamp(raw, identity)) });
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after awareness update');
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.state);
  }
  return { update: encoding.toUint8Array(encoder), kept: entries.length };
}

function stamp(state: unknown, identity: Identity): unknown {
  // null means "I have left"; it carries no identity to vouch for.
  if (state === null) return null;
  const fields = typeof state === 'object' && !Array.isArray(state) ? (state as Record<string, unknown>) : {};
  const user = typeof fields.user === 'object' && fields.user !== null ? (fields.user as Record<string, unknown>) : {};
  const color = typeof user.color === 'string' && COLOR.test(user.color) ? user.color : DEFAULT_COLOR;
  return { ...fields, user: { color, name: identity.name, role: identity.role } };
}
