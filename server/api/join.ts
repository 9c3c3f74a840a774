// Exchanging an invite secret (from the link's #fragment) for a participant session.

import { Hono } from 'hono';
import { z } from 'zod';
import { hashSecret, isSecretShaped } from '../auth/secrets.ts';
import { startSession } from '../auth/session.ts';
import { parseBody } from '../http/body.ts';
import { fail } from '../http/errors.ts';
import type { Deps } from '../deps.ts';
import { record } from '../audit.ts';
import { clientAddress } from '../http/address.ts';
import type { AppEnv } from './env.ts';

const joinBody = z.strictObject({ token: z.string().max(200) });

/** POST /api/join. */
export function joinRoutes(deps: Deps) {
  const { store, log } = deps;
  const app = new Hono<AppEnv>();

  app.post('/', async (c) => {
    const { token } = await parseBody(c, joinBody);
    const unknown = 'This invite link is not recognised. Check you copied all of it, or ask the coordinator for a new one.';
    if (!isSecretShaped(token)) fail(400, unknown);
    const invite = await store.conferences.findInviteByTokenHash(hashSecret(token));
    if (!invite) fail(404, unknown);
    const now = Date.now();
    if (invite.revokedAt !== null) fail(410, 'This invite link has been withdrawn. Ask the coordinator for a new one.');
    if (invite.usedAt !== null) fail(410, 'This invite link has already been used. Ask the coordinator for a new one.');
    if (invite.expiresAt <= now) fail(410, 'This invite link has expired. Ask the coordinator for a new one.');
    // Claiming is atomic: two devices opening the same link at once cannot both get in.
    if (!(await store.conferences.claimInvite(invite.id, now))) {
      fail(410, 'This invite link has already been used. Ask the coordinator for a new one.');
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
    return c.json({
      conferenceId: invite.conferenceId,
      participantId: invite.participantId,
      role: invite.role,
      displayName: invite.displayName,
    });
  });

  return app;
}
