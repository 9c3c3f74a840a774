// GET /sync/:conferenceId/:doc — authorises the upgrade from the session cookie, then hands the
// socket to the rooms. A refused socket is still upgraded, then closed with a 44xx code and a
// reason, because the y-websocket client only stops retrying on a close code.

import type { Context } from 'hono';
import { upgradeWebSocket } from '@hono/node-server';
import { WebSocket } from 'ws';
import { conferenceId as toConferenceId, isIdShaped } from '../../shared/ids.ts';
import { docAccess, isDocName, type Actor } from '../../shared/roles.ts';
import { CLOSE } from '../../shared/protocol.ts';
import { isAway } from '../../shared/phases.ts';
import { principalFromCookieHeader } from '../auth/session.ts';
import { sameOrigin } from '../http/origin.ts';
import type { Deps } from '../deps.ts';
import type { AppEnv } from '../api/env.ts';
import type { Connection } from './connection.ts';
import type { Grant } from './port.ts';
import { clientAddress } from '../http/address.ts';

type Decision = { ok: true; grant: Grant } | { ok: false; close: { code: number; reason: string } };

/** Decides whether this upgrade request may open the document it names. */
export async function authorise(deps: Deps, c: Context<AppEnv>): Promise<Decision> {
  const refuse = (close: { code: number; reason: string }): Decision => ({ ok: false, close });
  const rawId = c.req.param('conferenceId') ?? '';
  const docName = c.req.param('doc');
  if (!isIdShaped(rawId) || !isDocName(docName)) return refuse(CLOSE.notFound);
  const origin = c.req.header('origin');
  if (origin !== undefined && !sameOrigin(origin, deps)) return refuse(CLOSE.forbidden);
  const who = await principalFromCookieHeader(deps.store, c.req.header('cookie'));
  if (!who) return refuse(CLOSE.unauthenticated);
  const conference = await deps.store.conferences.get(toConferenceId(rawId));
  if (!conference) return refuse(CLOSE.notFound);
  const own = who.kind === 'coordinator' ? conference.createdBy === who.coordinator.id : who.conferenceId === conference.id;
  if (!own) return refuse(CLOSE.forbidden);
  const actor: Actor = who.kind === 'coordinator' ? 'coordinator' : who.invite.role;
  const access = docAccess(actor, docName);
  if (access === 'none') return refuse(CLOSE.forbidden);
  // The record's phase is derived from the board; the room checks its own copy again (room.ts).
  const familySide = who.kind === 'participant' && who.invite.familySide;
  if (docName === 'board' && isAway(actor, conference.phase, familySide)) return refuse(CLOSE.privateTime);
  const selfId = who.kind === 'coordinator' ? who.coordinator.id : who.invite.participantId;
  return {
    ok: true,
    grant: {
      conferenceId: conference.id,
      docName,
      access,
      actor,
      familySide,
      author: who.kind === 'coordinator' ? { kind: 'coordinator', id: who.coordinator.id } : { kind: 'participant', id: who.invite.participantId },
      selfId,
      participantId: who.kind === 'participant' ? who.invite.participantId : null,
      sessionHash: who.sessionHash,
      sessionExpiresAt: who.expiresAt,
      identity: { name: who.kind === 'coordinator' ? who.coordinator.name : who.invite.displayName, role: actor },
      address: clientAddress(c, deps.config.trustProxy),
    },
  };
}

/** The Hono handler for live-document sockets. */
export function syncRoute(deps: Deps) {
  return upgradeWebSocket(async (c) => {
    const decision = await authorise(deps, c);
    let conn: Connection | null = null;
    return {
      onOpen(_event, ws) {
        const raw = ws.raw;
        // main.ts hands @hono/node-server a `ws` WebSocketServer, so every raw socket is a `ws` WebSocket.
        if (!(raw instanceof WebSocket)) return;
        if (!decision.ok) {
          deps.log.info({ security: 'sync.refused', code: decision.close.code, address: clientAddress(c, deps.config.trustProxy) }, 'sync connection refused');
          raw.close(decision.close.code, decision.close.reason);
          return;
        }
        conn = deps.rooms.connect(raw, decision.grant);
      },
      onMessage(event) {
        conn?.receive(event.data as ArrayBuffer | string);
      },
      onClose() {
        conn?.closedByPeer();
      },
      onError() {
        // reason: 'close' always follows 'error' on a ws socket; the room is left there
      },
    };
  });
}
