// Exchanging an invite secret (from the link's #fragment) for a participant session.

import { Hono } from 'hono';
import { z } from 'zod';
import { hashSecret, isSecretShaped } from '../auth/secrets.ts';
import { startSession } from '../auth/session.ts';
import { jsonBody, parseBody } from '../http/body.ts';
import { fail } from '../http/errors.ts';
import type { Deps } from '../deps.ts';
import { record } from '../audit.ts';
import { clientAddress } from '../http/address.ts';
import type { AppEnv } from './env.ts';
import type { InviteRecord } from '../store/types.ts';
import { CLOSE } from '../../shared/protocol.ts';

const joinBody = z.strictObject({ token: z.string().max(200) });

/**
 * For this long after a link was first used, opening it again (on another device: a grandparent's
 * messaging app opened it in its own browser) moves the person's place there; after that a used
 * link is refused with how to get a new one.
 */
export const MOVE_DEVICE_WINDOW_MS = 24 * 60 * 60 * 1000;
const OLD_LINK = 'This invite link was first used more than a day ago, so it no longer opens the board. Ask the coordinator for a new link: they can make one in a moment.';

/** POST /api/join. */
export function joinRoutes(deps: Deps) {
  const { store, log } = deps;
  return new Hono<AppEnv>()
    .post('/', jsonBody(joinBody), async (c) => {
      const { token } = await parseBody(c, joinBody);
      const unknown = 'This invite link is not recognised. Check you copied all of it, or ask the coordinator for a new one.';
      if (!isSecretShaped(token)) fail(400, unknown);
      const invite = await store.conferences.findInviteByTokenHash(hashSecret(token));
      if (!invite) fail(404, unknown);
      const now = Date.now();
      if (invite.revokedAt !== null) fail(410, 'This invite link has been withdrawn. Ask the coordinator for a new one.');
      // Claiming is atomic: of several devices opening a new link at once, one claims it; the others
      // find it used a moment ago and move the place to themselves in turn (one stays signed in).
      const claimed = invite.usedAt === null && invite.expiresAt > now && (await store.conferences.claimInvite(invite.id, now));
      if (!claimed) {
        if (invite.usedAt === null && invite.expiresAt <= now) fail(410, 'This invite link has expired. Ask the coordinator for a new one.');
        // A claim that just failed: read again (withdrawn meanwhile, or claimed by another device).
        const current = invite.usedAt === null ? await store.conferences.getInvite(invite.id) : invite;
        if (current === null || current.revokedAt !== null) fail(410, 'This invite link has been withdrawn. Ask the coordinator for a new one.');
        if (current.usedAt === null || now - current.usedAt > MOVE_DEVICE_WINDOW_MS) fail(410, OLD_LINK);
        // The same person on another device: their place moves here (their other sessions are deleted
        // in the same transaction as this one is made); the first device is signed out and told.
        const session = await startSession(c, deps, { kind: 'participant', participantId: invite.participantId, conferenceId: invite.conferenceId }, { replaceParticipantSessions: true });
        deps.rooms.closeParticipant(invite.participantId, CLOSE.movedDevice, session);
        await record(deps, {
          conferenceId: invite.conferenceId,
          actor: { kind: 'participant', id: invite.participantId },
          action: 'participant.movedDevice',
          detail: {},
          address: clientAddress(c, deps.config.trustProxy),
        });
        log.info({ security: 'participant.movedDevice', conferenceId: invite.conferenceId }, 'invite link opened on another device');
        return c.json(joined(invite));
      }
      await startSession(c, deps, {
        kind: 'participant',
        participantId: invite.participantId,
        conferenceId: invite.conferenceId,
      });
      await record(deps, {
        conferenceId: invite.conferenceId,
        actor: { kind: 'participant', id: invite.participantId },
        action: 'participant.joined',
        detail: { role: invite.role },
        address: clientAddress(c, deps.config.trustProxy),
      });
      return c.json(joined(invite));
    });
}

/** Who has joined, as the join page and GET /api/me tell it (`familySide`: the room's screen opens its own view). */
export function joined(invite: InviteRecord) {
  const { conferenceId, participantId, role, displayName, familySide } = invite;
  return { conferenceId, participantId, role, displayName, familySide };
}
