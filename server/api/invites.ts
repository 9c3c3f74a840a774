// A conference's invites, managed live by its coordinator: list (who joined, last seen, on the
// board now), invite, withdraw (their boards close at once), change a role (they reconnect with
// the new rights), and replace a lost link (the old one stops working; the person stays the same).

import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { inviteId as toInviteId, isIdShaped, newId, participantId } from '../../shared/ids.ts';
import { ROLES } from '../../shared/roles.ts';
import { CLOSE } from '../../shared/protocol.ts';
import { record } from '../audit.ts';
import { hashSecret, newSecret } from '../auth/secrets.ts';
import type { Deps } from '../deps.ts';
import { clientAddress } from '../http/address.ts';
import { jsonBody, parseBody, text } from '../http/body.ts';
import { fail } from '../http/errors.ts';
import type { ConferenceRecord, InviteRecord } from '../store/types.ts';
import { conferenceAccess } from './access.ts';
import type { AppEnv } from './env.ts';

/** How long an invite link works unless the coordinator says otherwise. */
export const DEFAULT_INVITE_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;

const roleField = z.enum(ROLES, `must be one of ${ROLES.join(', ')}`);
const inviteBody = z.strictObject({
  displayName: text(80),
  role: roleField,
  expiresInDays: z.number().int().min(1).max(90).optional(),
  familySide: z.boolean().optional(),
});
const patchBody = z.strictObject({ role: roleField });
const replaceBody = z.strictObject({ expiresInDays: z.number().int().min(1).max(90).optional() });

/** Where an invite stands: not used yet, used, past its date, or withdrawn by the coordinator. */
type InviteStatus = 'waiting' | 'joined' | 'expired' | 'withdrawn';

/** An invite as the coordinator sees it (never its secret). */
function inviteView(i: InviteRecord, now: number, online: boolean) {
  const status: InviteStatus = i.revokedAt !== null ? 'withdrawn' : i.usedAt !== null ? 'joined' : i.expiresAt <= now ? 'expired' : 'waiting';
  const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
  return {
    id: i.id,
    displayName: i.displayName,
    role: i.role,
    familySide: i.familySide,
    createdAt: new Date(i.createdAt).toISOString(),
    expiresAt: new Date(i.expiresAt).toISOString(),
    joinedAt: iso(i.usedAt),
    usedAt: iso(i.usedAt),
    lastSeenAt: iso(i.lastSeenAt),
    online,
    revoked: i.revokedAt !== null,
    revokedAt: iso(i.revokedAt),
    status,
  };
}

/** Routes under /api/conferences/:id/invites. */
export function inviteRoutes(deps: Deps) {
  const { store, log } = deps;
  const { ownConference } = conferenceAccess(deps);

  /** The invite named in the path, in the coordinator's own conference; 404 otherwise. */
  async function ownInvite(rawConference: string | undefined, rawInvite: string | undefined, principal: AppEnv['Variables']['principal']) {
    const conference = await ownConference(rawConference, principal);
    const invite = rawInvite !== undefined && isIdShaped(rawInvite) ? await store.conferences.getInvite(toInviteId(rawInvite)) : null;
    if (!invite || invite.conferenceId !== conference.id) fail(404, 'There is no invite with that id in this conference.');
    return { conference, invite };
  }

  /** The link for a secret: it travels in the fragment, which browsers never send to a server or log. */
  const linkFor = (secret: string) => `${deps.config.publicUrl}/join#${secret}`;

  /** Records an invite change in the conference's history. */
  async function audited(
    c: Context<AppEnv>,
    conference: ConferenceRecord,
    action: 'invite.created' | 'invite.withdrawn' | 'invite.roleChanged' | 'invite.replaced',
    detail: Record<string, string | number>,
  ): Promise<void> {
    await record(deps, {
      conferenceId: conference.id,
      actor: { kind: 'coordinator', id: conference.createdBy },
      action,
      detail,
      address: clientAddress(c, deps.config.trustProxy),
    });
    log.debug({ conferenceId: conference.id, action }, 'invite changed');
  }

  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const conference = await ownConference(c.req.param('id'), c.get('principal'));
      const now = Date.now();
      const invites = await store.conferences.listInvites(conference.id);
      return c.json(invites.map((i) => inviteView(i, now, deps.rooms.isOnline(i.participantId))));
    })

    .post('/', jsonBody(inviteBody), async (c) => {
      const conference = await ownConference(c.req.param('id'), c.get('principal'));
      const body = await parseBody(c, inviteBody);
      if (body.familySide === true && body.role !== 'observer') {
        fail(400, 'Only a screen joined to watch (an observer) can stay on the family’s side during private family time.');
      }
      const secret = newSecret();
      const id = newId();
      const now = Date.now();
      const invite: InviteRecord = {
        id: toInviteId(id),
        participantId: participantId(id),
        conferenceId: conference.id,
        displayName: body.displayName,
        role: body.role,
        tokenHash: hashSecret(secret),
        createdAt: now,
        expiresAt: now + (body.expiresInDays ?? DEFAULT_INVITE_DAYS) * DAY_MS,
        usedAt: null,
        revokedAt: null,
        lastSeenAt: null,
        familySide: body.familySide ?? false,
      };
      await store.conferences.createInvite(invite);
      await audited(c, conference, 'invite.created', { inviteId: invite.id, role: invite.role });
      return c.json({ id: invite.id, url: linkFor(secret), expiresAt: new Date(invite.expiresAt).toISOString() }, 201);
    })

    .delete('/:inviteId', async (c) => {
      const { conference, invite } = await ownInvite(c.req.param('id'), c.req.param('inviteId'), c.get('principal'));
      if (invite.revokedAt === null) {
        await store.conferences.revokeInvite(invite.id, Date.now());
        await store.accounts.deleteParticipantSessions(invite.participantId);
        const closed = deps.rooms.closeParticipant(invite.participantId, CLOSE.revoked);
        await audited(c, conference, 'invite.withdrawn', { inviteId: invite.id, socketsClosed: closed });
      }
      return c.body(null, 204);
    })

    .patch('/:inviteId', jsonBody(patchBody), async (c) => {
      const { conference, invite } = await ownInvite(c.req.param('id'), c.req.param('inviteId'), c.get('principal'));
      const { role } = await parseBody(c, patchBody);
      if (invite.revokedAt !== null) fail(409, 'This invite has been withdrawn; make a new one instead.');
      if (await store.conferences.setInviteRole(invite.id, role)) {
        // Their open boards close and reconnect: the server decides their rights from the new role.
        deps.rooms.closeParticipant(invite.participantId, CLOSE.roleChanged);
        await audited(c, conference, 'invite.roleChanged', { inviteId: invite.id, from: invite.role, to: role });
      }
      return c.json({ id: invite.id, role });
    })

    .post('/:inviteId/replace', jsonBody(replaceBody), async (c) => {
      const { conference, invite } = await ownInvite(c.req.param('id'), c.req.param('inviteId'), c.get('principal'));
      const body = await parseBody(c, replaceBody);
      if (invite.revokedAt !== null) fail(409, 'This invite has been withdrawn; make a new one instead.');
      const secret = newSecret();
      const expiresAt = Date.now() + (body.expiresInDays ?? DEFAULT_INVITE_DAYS) * DAY_MS;
      if (!(await store.conferences.replaceInviteToken(invite.id, hashSecret(secret), expiresAt))) {
        fail(409, 'This invite has been withdrawn; make a new one instead.');
      }
      // Whatever device had the old link is signed out at once.
      await store.accounts.deleteParticipantSessions(invite.participantId);
      const closed = deps.rooms.closeParticipant(invite.participantId, CLOSE.revoked);
      await audited(c, conference, 'invite.replaced', { inviteId: invite.id, socketsClosed: closed });
      return c.json({ id: invite.id, url: linkFor(secret), expiresAt: new Date(expiresAt).toISOString() }, 201);
    });
}
