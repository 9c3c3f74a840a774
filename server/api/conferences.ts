// Conferences and their invite links: create, list, read, invite, withdraw.

import { Hono } from 'hono';
import { z } from 'zod';
import type * as Y from 'yjs';
import { conferenceId as toConferenceId, inviteId as toInviteId, isIdShaped, newId, participantId } from '../../shared/ids.ts';
import type { CoordinatorId } from '../../shared/ids.ts';
import { ROLES } from '../../shared/roles.ts';
import { CLOSE } from '../../shared/protocol.ts';
import { MEETING_PHASES } from '../../shared/phases.ts';
import { BoardError, initBoard, readBoardMeta, recordAgreement, removeAgreement, setServerMeta } from '../../shared/board.ts';
import { hashSecret, newSecret } from '../auth/secrets.ts';
import { parseBody, text } from '../http/body.ts';
import { fail } from '../http/errors.ts';
import type { Deps } from '../deps.ts';
import type { ConferenceRecord, InviteRecord } from '../store/types.ts';
import type { AppEnv } from './env.ts';
import type { Principal } from '../auth/session.ts';

/** How long an invite link works unless the coordinator says otherwise. */
export const DEFAULT_INVITE_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;

const conferenceBody = z.strictObject({
  title: text(200),
  youngPersonName: text(60),
  scheduledFor: z.iso.date('must be a date like 2026-12-01').nullable().optional(),
  connectionsAtStart: z.number().int().min(0).max(1000).optional(),
});
const phaseBody = z.strictObject({ phase: z.enum(MEETING_PHASES, `must be one of ${MEETING_PHASES.join(', ')}`) });
const inviteBody = z.strictObject({
  displayName: text(80),
  role: z.enum(ROLES, `must be one of ${ROLES.join(', ')}`),
  expiresInDays: z.number().int().min(1).max(90).optional(),
});

/** The answer shape of a conference. */
export function conferenceView(c: ConferenceRecord) {
  return {
    id: c.id,
    title: c.title,
    youngPersonName: c.youngPersonName,
    scheduledFor: c.scheduledFor,
    connectionsAtStart: c.connectionsAtStart,
    phase: c.phase,
    locked: c.locked,
    versions: [] as number[],
    createdAt: new Date(c.createdAt).toISOString(),
  };
}

function inviteView(i: InviteRecord, now: number) {
  const status =
    i.revokedAt !== null ? 'withdrawn' : i.usedAt !== null ? 'joined' : i.expiresAt <= now ? 'expired' : 'waiting';
  const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
  return {
    id: i.id,
    displayName: i.displayName,
    role: i.role,
    createdAt: iso(i.createdAt),
    expiresAt: iso(i.expiresAt),
    usedAt: iso(i.usedAt),
    revokedAt: iso(i.revokedAt),
    status,
  };
}

function requireParticipant(who: Principal | null): Extract<Principal, { kind: 'participant' }> {
  if (!who) fail(401, 'You are not signed in.');
  if (who.kind !== 'participant') fail(403, 'Only people invited to the conference can do this.');
  return who;
}

function requireCoordinator(who: Principal | null): CoordinatorId {
  if (!who) fail(401, 'You are not signed in.');
  if (who.kind !== 'coordinator') fail(403, 'Only the coordinator can do this.');
  return who.coordinator.id;
}

/** Routes under /api/conferences. */
export function conferenceRoutes(deps: Deps) {
  const { store, log } = deps;
  const app = new Hono<AppEnv>();

  /** The conference named in the path, if this principal may see it; 404 otherwise (never 403: ids stay private). */
  async function visibleConference(rawId: string, who: Principal | null): Promise<ConferenceRecord> {
    if (!who) fail(401, 'You are not signed in.');
    const conference = isIdShaped(rawId) ? await store.conferences.get(toConferenceId(rawId)) : null;
    const visible =
      conference !== null &&
      (who.kind === 'coordinator' ? conference.createdBy === who.coordinator.id : conference.id === who.conferenceId);
    if (!visible) fail(404, 'There is no conference with that id.');
    return conference;
  }

  /** A server change to a conference's board; a refusal by the board's own checks answers 409. */
  async function boardChange(id: ConferenceRecord['id'], mutate: (doc: Y.Doc) => void): Promise<void> {
    try {
      await deps.rooms.change(id, 'board', mutate);
    } catch (err) {
      if (err instanceof BoardError) fail(409, err.message);
      throw err;
    }
  }

  async function ownConference(rawId: string, who: Principal | null): Promise<ConferenceRecord> {
    requireCoordinator(who);
    return visibleConference(rawId, who);
  }

  app.post('/', async (c) => {
    const createdBy = requireCoordinator(c.get('principal'));
    const body = await parseBody(c, conferenceBody);
    const record: ConferenceRecord = {
      id: toConferenceId(newId()),
      title: body.title,
      youngPersonName: body.youngPersonName,
      scheduledFor: body.scheduledFor ?? null,
      connectionsAtStart: body.connectionsAtStart ?? 0,
      createdBy,
      createdAt: Date.now(),
      phase: 'preparing',
      locked: false,
    };
    await store.conferences.create(record);
    // The board's first update, through the room like every server change. Should this fail, the
    // board starts itself from the record when it is first opened (sync/room.ts).
    await deps.rooms.change(record.id, 'board', (doc) =>
      initBoard(doc, { title: record.title, youngPersonName: record.youngPersonName, connectionsAtStart: record.connectionsAtStart }),
    );
    log.info({ conferenceId: record.id }, 'conference created');
    return c.json({ id: record.id }, 201);
  });

  app.get('/', async (c) => {
    const createdBy = requireCoordinator(c.get('principal'));
    const list = await store.conferences.list(createdBy);
    return c.json(list.map(conferenceView));
  });

  app.get('/:id', async (c) => c.json(conferenceView(await visibleConference(c.req.param('id'), c.get('principal')))));

  /** Everyone in the conference, so names can be shown for the ids the board stores (who added what). */
  app.get('/:id/participants', async (c) => {
    const conference = await visibleConference(c.req.param('id'), c.get('principal'));
    const coordinator = await deps.store.accounts.getCoordinator(conference.createdBy);
    const invites = await store.conferences.listInvites(conference.id);
    return c.json([
      ...(coordinator ? [{ id: coordinator.id, displayName: coordinator.name, role: 'coordinator', withdrawn: false }] : []),
      ...invites.map((i) => ({ id: i.participantId, displayName: i.displayName, role: i.role, withdrawn: i.revokedAt !== null })),
    ]);
  });

  app.post('/:id/phase', async (c) => {
    const conference = await ownConference(c.req.param('id'), c.get('principal'));
    const { phase } = await parseBody(c, phaseBody);
    await boardChange(conference.id, (doc) => {
      if (readBoardMeta(doc).locked) throw new BoardError('The plan has been agreed; its stage can no longer change.');
      setServerMeta(doc, { phase });
    });
    log.info({ conferenceId: conference.id, phase }, 'phase changed');
    return c.json({ phase });
  });

  app.post('/:id/agreements', async (c) => {
    const who = requireParticipant(c.get('principal'));
    const conference = await visibleConference(c.req.param('id'), who);
    if (who.invite.role === 'observer') fail(403, 'People watching only do not agree the plan.');
    const agreedAt = new Date().toISOString();
    await boardChange(conference.id, (doc) => {
      if (readBoardMeta(doc).locked) throw new BoardError('The plan has already been agreed and locked.');
      recordAgreement(doc, { participantId: who.invite.participantId, displayName: who.invite.displayName, role: who.invite.role, agreedAt });
    });
    log.info({ conferenceId: conference.id, participantId: who.invite.participantId }, 'agreed');
    return c.json({ participantId: who.invite.participantId, agreedAt }, 201);
  });

  app.delete('/:id/agreements', async (c) => {
    const who = requireParticipant(c.get('principal'));
    const conference = await visibleConference(c.req.param('id'), who);
    await boardChange(conference.id, (doc) => {
      if (readBoardMeta(doc).locked) throw new BoardError('The plan has been agreed and locked; agreements can no longer be withdrawn.');
      removeAgreement(doc, who.invite.participantId);
    });
    log.info({ conferenceId: conference.id, participantId: who.invite.participantId }, 'agreement withdrawn');
    return c.body(null, 204);
  });

  app.get('/:id/invites', async (c) => {
    const conference = await ownConference(c.req.param('id'), c.get('principal'));
    const now = Date.now();
    return c.json((await store.conferences.listInvites(conference.id)).map((i) => inviteView(i, now)));
  });

  app.post('/:id/invites', async (c) => {
    const conference = await ownConference(c.req.param('id'), c.get('principal'));
    const body = await parseBody(c, inviteBody);
    const secret = newSecret();
    const id = newId();
    const now = Date.now();
    const record: InviteRecord = {
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
    };
    await store.conferences.createInvite(record);
    log.info({ conferenceId: conference.id, inviteId: record.id, role: record.role }, 'invite created');
    // The secret travels in the fragment, which browsers never send to a server or log.
    const url = `${deps.config.publicUrl}/join#${secret}`;
    return c.json({ id: record.id, url, expiresAt: new Date(record.expiresAt).toISOString() }, 201);
  });

  app.delete('/:id/invites/:inviteId', async (c) => {
    const conference = await ownConference(c.req.param('id'), c.get('principal'));
    const rawInvite = c.req.param('inviteId');
    const invite = isIdShaped(rawInvite) ? await store.conferences.getInvite(toInviteId(rawInvite)) : null;
    if (!invite || invite.conferenceId !== conference.id) fail(404, 'There is no invite with that id in this conference.');
    if (invite.revokedAt === null) {
      await store.conferences.revokeInvite(invite.id, Date.now());
      await store.accounts.deleteParticipantSessions(invite.participantId);
      const closed = deps.rooms.closeParticipant(invite.participantId, CLOSE.revoked);
      log.info({ conferenceId: conference.id, inviteId: invite.id, socketsClosed: closed }, 'invite withdrawn');
    }
    return c.body(null, 204);
  });

  return app;
}
