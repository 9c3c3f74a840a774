// The client's address for sign-in limits and security logs: the connection's own address, or —
// only when that connection comes from a configured reverse proxy (TRUST_PROXY) — the address that
// proxy put in X-Forwarded-For. A header from anyone else is ignored, so it cannot be forged.

import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

/** The address of whoever sent this request (or WebSocket upgrade). */
export function clientAddress(c: Context, trustProxy: readonly string[]): string {
  const remote = getConnInfo(c).remote.address ?? 'unknown';
  if (trustProxy.length === 0 || !trustProxy.includes(remote)) return remote;
  const forwarded = c.req.header('x-forwarded-for');
  if (!forwarded) return remote;
  // Right to left: each trusted proxy appended the address it received from; the first address a
  // trusted proxy did not itself add is the client's.
  const hops = forwarded.split(',').map((hop) => hop.trim()).filter((hop) => hop !== '');
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    const hop = hops[i]!;
    if (!trustProxy.includes(hop)) return hop;
  }
  return hops[0] ?? remote;
}
