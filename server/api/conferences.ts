// Conferences: create, list, read; who is in one; its stage (phase) and each participant's "I agree",
// written by the server into the live board. Invites and the history are sub-routes.

import { Hono } from 'hono';
import { z } from 'zod';
import { conferenceId as toConferenceId, newId } from '../../shared/ids.ts';
import { MEETING_PHASES, type Phase } from '../../shared/phases.ts';
import { BoardError, initBoard, readBoardMeta, recordAgreement, removeAgreement, setServerMeta } from '../../shared/board.ts';
import { record } from '../audit.ts';
import type { Deps } from '../deps.ts';
import { clientAddress } from '../http/address.ts';
import { jsonBody, parseBody, text } from '../http/body.ts';
import { fail } from '../http/errors.ts';
import type { Author, ConferenceRecord } from '../store/types.ts';
import { conferenceAccess, requireCoordinator, requireParticipant } from './access.ts';
import type { AppEnv } from './env.ts';
import { historyRoutes } from './history.ts';
import { deleteConference } from '../retention.ts';
import { inviteRoutes } from './invites.ts';
import { planRoutes } from './plans.ts';

export { DEFAULT_INVITE_DAYS } from './invites.ts';

const conferenceBody = z.strictObject({
  title: text(200),
  youngPersonName: text(60),
  scheduledFor: z.iso.date('must be a date like 2026-12-01').nullable().optional(),
  connectionsAtStart: z.number().int().min(0).max(1000).optional(),
});
const phaseBody = z.strictObject({ phase: z.enum(MEETING_PHASES, `must be one of ${MEETING_PHASES.join(', ')}`) });

/** The answer shape of a conference; `versions` are the numbers of its agreed versions. */
export function conferenceView(c: ConferenceRecord, versions: readonly number[]) {
  return {
    id: c.id,
    title: c.title,
    youngPersonName: c.youngPersonName,
    scheduledFor: c.scheduledFor,
    connectionsAtStart: c.connectionsAtStart,
    phase: c.phase,
    locked: c.locked,
    versions: [...versions],
    createdAt: new Date(c.createdAt).toISOString(),
  };
}

/** Routes under /api/conferences. */
export function conferenceRoutes(deps: Deps) {
  const { store, log } = deps;
  const { visibleConference, ownConference, boardChange } = conferenceAccess(deps);

  /** A conference's answer, with the numbers of its agreed versions. */
  async function withVersions(conference: ConferenceRecord) {
    const versions = await store.conferences.listPlanVersions(conference.id);
    return conferenceView(conference, versions.map((v) => v.version));
  }

  return new Hono<AppEnv>()
    .post('/', jsonBody(conferenceBody), async (c) => {
      const createdBy = requireCoordinator(c.get('principal'));
      const body = await parseBody(c, conferenceBody);
      const conference: ConferenceRecord = {
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
      await store.conferences.create(conference);
      // The board's first update, through the room like every server change. Should this fail, the
      // board starts itself from the record when it is first opened (sync/room.ts).
      await deps.rooms.change(conference.id, 'board', (doc) =>
        initBoard(doc, { title: conference.title, youngPersonName: conference.youngPersonName, connectionsAtStart: conference.connectionsAtStart }),
      );
      await record(deps, { conferenceId: conference.id, actor: { kind: 'coordinator', id: createdBy }, action: 'conference.created' });
      log.info({ conferenceId: conference.id }, 'conference created');
      return c.json({ id: conference.id }, 201);
    })

    .get('/', async (c) => {
      const createdBy = requireCoordinator(c.get('principal'));
      const list = await store.conferences.list(createdBy);
      return c.json(await Promise.all(list.map(withVersions)));
    })

    .get('/:id', async (c) => c.json(await withVersions(await visibleConference(c.req.param('id'), c.get('principal')))))

    /** Deletes the conference and everything in it (documents, versions, invites, outbox, its history). */
    .delete('/:id', async (c) => {
      const conference = await ownConference(c.req.param('id'), c.get('principal'));
      await deleteConference(deps, conference.id, { kind: 'coordinator', id: conference.createdBy }, clientAddress(c, deps.config.trustProxy));
      return c.body(null, 204);
    })

    /**
     * Who added and who last changed each wish, person and offer on the board (by the ids the board
     * stores), from the server's record of who sent each stored change.
     */
    .get('/:id/authors', async (c) => {
      const conference = await visibleConference(c.req.param('id'), c.get('principal'));
      const entries = await deps.authors.of(conference.id);
      const key = (author: Author | null) => (author === null || author.kind === 'server' ? null : author.id);
      const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());
      const out: Record<string, { addedBy: string | null; addedAt: string | null; changedBy: string | null; changedAt: string | null }> = {};
      for (const [id, e] of entries) out[id] = { addedBy: key(e.addedBy), addedAt: iso(e.addedAt), changedBy: key(e.changedBy), changedAt: iso(e.changedAt) };
      return c.json(out);
    })

    /** Everyone in the conference, so names can be shown for the ids the board stores (who added what). */
    .get('/:id/participants', async (c) => {
      const conference = await visibleConference(c.req.param('id'), c.get('principal'));
      const coordinator = await store.accounts.getCoordinator(conference.createdBy);
      const invites = await store.conferences.listInvites(conference.id);
      return c.json([
        ...(coordinator ? [{ id: coordinator.id, displayName: coordinator.name, role: 'coordinator' as const, withdrawn: false }] : []),
        ...invites.map((i) => ({ id: i.participantId, displayName: i.displayName, role: i.role, withdrawn: i.revokedAt !== null })),
      ]);
    })

    .post('/:id/phase', jsonBody(phaseBody), async (c) => {
      const conference = await ownConference(c.req.param('id'), c.get('principal'));
      const { phase } = await parseBody(c, phaseBody);
      let from: Phase = conference.phase;
      await boardChange(conference.id, (doc) => {
        const meta = readBoardMeta(doc);
        if (meta.locked) throw new BoardError('The plan has been agreed; its stage can no longer change.');
        from = meta.phase;
        setServerMeta(doc, { phase });
      });
      if (from !== phase) {
        await record(deps, {
          conferenceId: conference.id,
          actor: { kind: 'coordinator', id: conference.createdBy },
          action: 'phase.changed',
          detail: { from, to: phase },
          address: clientAddress(c, deps.config.trustProxy),
        });
      }
      return c.json({ phase });
    })

    .post('/:id/agreements', async (c) => {
      const who = requireParticipant(c.get('principal'));
      const conference = await visibleConference(c.req.param('id'), who);
      if (who.invite.role === 'observer') fail(403, 'People watching only do not agree the plan.');
      const agreedAt = new Date().toISOString();
      await boardChange(conference.id, (doc) => {
        if (readBoardMeta(doc).locked) throw new BoardError('The plan has already been agreed and locked.');
        recordAgreement(doc, { participantId: who.invite.participantId, displayName: who.invite.displayName, role: who.invite.role, agreedAt });
      });
      await record(deps, { conferenceId: conference.id, actor: { kind: 'participant', id: who.invite.participantId }, action: 'agreement.recorded' });
      return c.json({ participantId: who.invite.participantId, agreedAt }, 201);
    })

    .delete('/:id/agreements', async (c) => {
      const who = requireParticipant(c.get('principal'));
      const conference = await visibleConference(c.req.param('id'), who);
      await boardChange(conference.id, (doc) => {
        if (readBoardMeta(doc).locked) throw new BoardError('The plan has been agreed and locked; agreements can no longer be withdrawn.');
        removeAgreement(doc, who.invite.participantId);
      });
      await record(deps, { conferenceId: conference.id, actor: { kind: 'participant', id: who.invite.participantId }, action: 'agreement.withdrawn' });
      return c.body(null, 204);
    })

    .route('/:id', planRoutes(deps))
    .route('/:id/invites', inviteRoutes(deps))
    .route('/:id/history', historyRoutes(deps));
}
