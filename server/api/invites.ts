// A conference's invites, managed live by its coordinator: list (who joined, last seen, on the
// board now), invite, withdraw (their boards close at once), change a role (they reconnect with
// the new rights), and replace a lost link (the old one stops working; the person stays the same).

import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { inviteId as toInviteId, isIdShaped, newId, participantId } from '../../shared/ids.ts';
import { ROLES } from '../../shared/roles.ts';
import { isPlainText } from '../../shared/board-fields.ts';
import { CLOSE } from '../../shared/protocol.ts';
import { record } from '../audit.ts';
import { hashSecret, isSecretShaped, newSecret } from '../auth/secrets.ts';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Failure } from '../messages/types.ts';
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

/** Longest relationship ("Aunt", "Social worker, leaving care team"). */
export const MAX_RELATIONSHIP = 80;
/** Most people re-invited in one step. */
const MAX_REINVITE = 200;

const roleField = z.enum(ROLES, `must be one of ${ROLES.join(', ')}`);
const daysField = z.number().int().min(1).max(90);
const relationshipField = z
  .string('must be text')
  .trim()
  .max(MAX_RELATIONSHIP, `must be at most ${MAX_RELATIONSHIP} characters`)
  .refine(isPlainText, 'must be plain text on one line, without control or hidden characters');
const inviteBody = z.strictObject({
  displayName: text(80),
  role: roleField,
  relationship: relationshipField.optional(),
  expiresInDays: daysField.optional(),
  familySide: z.boolean().optional(),
});
const patchBody = z
  .strictObject({ role: roleField.optional(), relationship: relationshipField.optional() })
  .refine((body) => body.role !== undefined || body.relationship !== undefined, 'say what to change: role or relationship');
const replaceBody = z.strictObject({ expiresInDays: daysField.optional() });
const sendBody = z.strictObject({
  channel: z.enum(['email', 'text'], 'must be "email" or "text"'),
  to: z.string('must be text').trim().min(1, 'must not be empty').max(254, 'is too long'),
  /** The link's secret, shown once when it was made: only the person's current link can be sent. */
  token: z.string().max(200),
});
const reinviteBody = z.strictObject({
  inviteIds: z.array(z.string().refine(isIdShaped, 'must be invite ids')).min(1, 'name at least one invite').max(MAX_REINVITE),
  expiresInDays: daysField.optional(),
});

/**
 * The status a failed send answers with: the coordinator's own mistake (400), not set up here (409),
 * the address refused (422), the service's own trouble (502), too many for now (503), no answer (504).
 */
const SEND_FAILURE_STATUS: Readonly<Record<Failure, ContentfulStatusCode>> = {
  badRecipient: 400,
  badLink: 400,
  notSetUp: 409,
  recipientRefused: 422,
  notAllowed: 502,
  badCredentials: 502,
  badTemplate: 502,
  refused: 502,
  serviceFailed: 502,
  unreachable: 502,
  failed: 502,
  tooMany: 503,
  timeout: 504,
};

/** The first word of a name ("Sam Jones" → "Sam"), as messages to the family call the young person. */
function firstWord(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

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
    relationship: i.relationship,
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
    action: 'invite.created' | 'invite.withdrawn' | 'invite.roleChanged' | 'invite.relationshipChanged' | 'invite.replaced' | 'invite.sent',
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

  /**
   * A new link for the same person: the old one and any device signed in with it stop working at
   * once. Null when the invite was withdrawn (nothing changed).
   */
  async function newLinkFor(c: Context<AppEnv>, conference: ConferenceRecord, invite: InviteRecord, expiresInDays: number | undefined) {
    const secret = newSecret();
    const expiresAt = Date.now() + (expiresInDays ?? DEFAULT_INVITE_DAYS) * DAY_MS;
    if (!(await store.conferences.replaceInviteToken(invite.id, hashSecret(secret), expiresAt))) return null;
    await store.accounts.deleteParticipantSessions(invite.participantId);
    const closed = deps.rooms.closeParticipant(invite.participantId, CLOSE.revoked);
    await audited(c, conference, 'invite.replaced', { inviteId: invite.id, socketsClosed: closed });
    return { url: linkFor(secret), expiresAt: new Date(expiresAt).toISOString() };
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
        relationship: body.relationship ?? '',
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
      const { role = invite.role, relationship } = await parseBody(c, patchBody);
      if (invite.revokedAt !== null) fail(409, 'This invite has been withdrawn; make a new one instead.');
      if (relationship !== undefined && relationship !== invite.relationship) {
        await store.conferences.setInviteRelationship(invite.id, relationship);
        await audited(c, conference, 'invite.relationshipChanged', { inviteId: invite.id });
      }
      if (await store.conferences.setInviteRole(invite.id, role)) {
        // Their open boards close and reconnect: the server decides their rights from the new role.
        deps.rooms.closeParticipant(invite.participantId, CLOSE.roleChanged);
        await audited(c, conference, 'invite.roleChanged', { inviteId: invite.id, from: invite.role, to: role });
      }
      return c.json({ id: invite.id, role, relationship: relationship ?? invite.relationship });
    })

    .post('/:inviteId/replace', jsonBody(replaceBody), async (c) => {
      const { conference, invite } = await ownInvite(c.req.param('id'), c.req.param('inviteId'), c.get('principal'));
      const body = await parseBody(c, replaceBody);
      if (invite.revokedAt !== null) fail(409, 'This invite has been withdrawn; make a new one instead.');
      const made = await newLinkFor(c, conference, invite, body.expiresInDays);
      if (made === null) fail(409, 'This invite has been withdrawn; make a new one instead.');
      return c.json({ id: invite.id, url: made.url, expiresAt: made.expiresAt }, 201);
    })

    /**
     * Sends a person their link by email or text message (GOV.UK Notify or SMTP, as the server is
     * set up). The link is the one just shown to the coordinator: its secret must be the person's
     * current one, so nothing but their own invite link can ever be sent. The address is used for
     * this one message and kept nowhere. A refusal or a timeout says so in plain words; the link
     * stays on the coordinator's screen to copy.
     */
    .post('/:inviteId/send', jsonBody(sendBody), async (c) => {
      const { conference, invite } = await ownInvite(c.req.param('id'), c.req.param('inviteId'), c.get('principal'));
      const body = await parseBody(c, sendBody);
      if (invite.revokedAt !== null) fail(409, 'This invite has been withdrawn, so its link cannot be sent.');
      if (!isSecretShaped(body.token) || hashSecret(body.token) !== invite.tokenHash) {
        fail(409, 'That is no longer this person’s link: give them a new link, then send that one.');
      }
      const result = await deps.messages.send({
        channel: body.channel,
        to: body.to,
        personName: invite.displayName,
        youngPersonName: firstWord(conference.youngPersonName),
        url: linkFor(body.token),
      });
      if (!result.ok) fail(SEND_FAILURE_STATUS[result.failure], result.error);
      await audited(c, conference, 'invite.sent', { inviteId: invite.id, channel: body.channel, via: result.via });
      return c.json({ sent: true as const, channel: body.channel });
    })

    /**
     * New links for the same people in one step (before a review): each keeps their place, name,
     * role and relationship, so what they added stays theirs; their old links stop working. Refused
     * whole, changing nothing, when any of them was withdrawn or is not in this conference.
     */
    .post('/reinvite', jsonBody(reinviteBody), async (c) => {
      const conference = await ownConference(c.req.param('id'), c.get('principal'));
      const body = await parseBody(c, reinviteBody);
      const invites = await store.conferences.listInvites(conference.id);
      const byId = new Map(invites.map((invite) => [invite.id as string, invite]));
      const chosen = [...new Set(body.inviteIds)].map((id) => {
        const invite = byId.get(id);
        if (invite === undefined) fail(404, 'One of those invites is not in this conference.');
        if (invite.revokedAt !== null) fail(409, `${invite.displayName}’s invite was withdrawn, so they cannot be re-invited: invite them afresh if they should come back.`);
        return invite;
      });
      const made = [];
      // Withdrawn between the check above and now: left out and named, while every link made is given.
      const notRenewed: Array<{ id: string; displayName: string }> = [];
      for (const invite of chosen) {
        const link = await newLinkFor(c, conference, invite, body.expiresInDays);
        if (link === null) notRenewed.push({ id: invite.id, displayName: invite.displayName });
        else made.push({ id: invite.id, displayName: invite.displayName, role: invite.role, relationship: invite.relationship, url: link.url, expiresAt: link.expiresAt });
      }
      return c.json({ invites: made, notRenewed }, 201);
    });
}
