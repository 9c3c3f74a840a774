// Private family time from outside the room: the family says "We're ready" from the board, and
// those waiting outside (the coordinator, the professionals) see how many of the family are on the
// board and whether they have said they are ready — never what the board says.

import { Hono } from 'hono';
import { isAway } from '../../shared/phases.ts';
import { record } from '../audit.ts';
import { privateTimeStarted } from '../history.ts';
import type { Deps } from '../deps.ts';
import { clientAddress } from '../http/address.ts';
import { fail } from '../http/errors.ts';
import { conferenceAccess, requireParticipant } from './access.ts';
import type { AppEnv } from './env.ts';

/** Routes under /api/conferences/:id. */
export function privateTimeRoutes(deps: Deps) {
  const { visibleConference } = conferenceAccess(deps);
  return new Hono<AppEnv>()
    .post('/ready', async (c) => {
      const who = requireParticipant(c.get('principal'));
      const conference = await visibleConference(c.req.param('id'), who);
      if (who.invite.role === 'observer' || isAway(who.invite.role, 'private')) fail(403, 'Only the family tells the coordinator they are ready.');
      if (conference.phase !== 'private') fail(409, 'It is not private family time now.');
      const at = Date.now();
      await record(deps, { conferenceId: conference.id, actor: { kind: 'participant', id: who.invite.participantId }, action: 'family.ready', detail: {}, address: clientAddress(c, deps.config.trustProxy) });
      return c.json({ readyAt: new Date(at).toISOString() }, 201);
    })
    .get('/private-time', async (c) => {
      const conference = await visibleConference(c.req.param('id'), c.get('principal'));
      const invites = (await deps.store.conferences.listInvites(conference.id)).filter((invite) => invite.revokedAt === null);
      const family = invites.filter((invite) => invite.role !== 'observer' && !isAway(invite.role, 'private'));
      if (conference.phase !== 'private') return c.json({ private: false, familyOnBoard: 0, family: family.length, ready: null });
      // The last time the family said so, since this private family time began.
      const events = await deps.store.audit.list(conference.id, conference.createdBy);
      const began = privateTimeStarted(events);
      const said = events.filter((event) => event.action === 'family.ready' && event.at >= began).at(-1);
      const sayer = said?.actor?.kind === 'participant' ? said.actor.id : null;
      const by = invites.find((invite) => invite.participantId === sayer)?.displayName;
      return c.json({
        private: true,
        // On this server instance (a family member on another instance of a cluster is not counted).
        familyOnBoard: family.filter((invite) => deps.rooms.isOnline(invite.participantId)).length,
        family: family.length,
        ready: said ? { at: new Date(said.at).toISOString(), by: by ?? 'Someone in the family' } : null,
      });
    });
}
