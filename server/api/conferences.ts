// Conferences: create, list, read; who is in one; its stage (phase) and each participant's "I agree",
// written by the server into the live board. Invites and the history are sub-routes.

import { Hono } from 'hono';
import { z } from 'zod';
import { conferenceId as toConferenceId, newId } from '../../shared/ids.ts';
import { MEETING_PHASES, type Phase } from '../../shared/phases.ts';
import { agreedOfferIds, BoardError, DETAIL_LIMITS, initBoard, readBoard, readBoardMeta, recordAgreement, removeAgreement, setMeta, setServerMeta } from '../../shared/board.ts';
import { isPlainText } from '../../shared/board-fields.ts';
import { isPastEverywhere } from '../../shared/dates.ts';
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
import { familyRoutes } from './family.ts';
import { privateTimeRoutes } from './privateTime.ts';

export { DEFAULT_INVITE_DAYS } from './invites.ts';

const dateField = z.iso.date('must be a date like 2026-12-01');
/** What the coordinator may set about a conference (each optional in a change). */
const detailFields = {
  title: text(DETAIL_LIMITS.title),
  youngPersonName: text(DETAIL_LIMITS.youngPersonName),
  scheduledFor: dateField.nullable(),
  place: z
    .string('must be text')
    .trim()
    .max(DETAIL_LIMITS.place, `must be at most ${DETAIL_LIMITS.place} characters`)
    .refine(isPlainText, 'must be plain text on one line, without control or hidden characters'),
  connectionsAtStart: z.number('must be a number').int('must be a whole number').min(0).max(DETAIL_LIMITS.connectionsAtStart),
  reviewDate: dateField
    .refine((date) => !isPastEverywhere(date, Date.now()), 'must be today or later')
    .nullable(),
  contingencyNotNeeded: z.boolean('must be true or false'),
};
const conferenceBody = z.strictObject({
  title: detailFields.title,
  youngPersonName: detailFields.youngPersonName,
  scheduledFor: detailFields.scheduledFor.optional(),
  place: detailFields.place.optional(),
  connectionsAtStart: detailFields.connectionsAtStart.optional(),
});
const detailsBody = z
  .strictObject({
    title: detailFields.title.optional(),
    youngPersonName: detailFields.youngPersonName.optional(),
    scheduledFor: detailFields.scheduledFor.optional(),
    place: detailFields.place.optional(),
    connectionsAtStart: detailFields.connectionsAtStart.optional(),
    reviewDate: detailFields.reviewDate.optional(),
    contingencyNotNeeded: detailFields.contingencyNotNeeded.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'say what to change: title, youngPersonName, scheduledFor, place, connectionsAtStart, reviewDate or contingencyNotNeeded');
const phaseBody = z.strictObject({ phase: z.enum(MEETING_PHASES, `must be one of ${MEETING_PHASES.join(', ')}`) });

/** The answer shape of a conference; `versions` are the numbers of its agreed versions. */
export function conferenceView(c: ConferenceRecord, versions: readonly number[]) {
  return {
    id: c.id,
    title: c.title,
    youngPersonName: c.youngPersonName,
    scheduledFor: c.scheduledFor,
    place: c.place,
    connectionsAtStart: c.connectionsAtStart,
    reviewDate: c.reviewDate,
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
        place: body.place ?? '',
        connectionsAtStart: body.connectionsAtStart ?? 0,
        reviewDate: null,
        createdBy,
        createdAt: Date.now(),
        phase: 'preparing',
        locked: false,
      };
      await store.conferences.create(conference);
      // The board's first update, through the room like every server change. Should this fail, the
      // board starts itself from the record when it is first opened (sync/room.ts).
      await deps.rooms.change(conference.id, 'board', (doc) =>
        initBoard(doc, {
          title: conference.title,
          youngPersonName: conference.youngPersonName,
          connectionsAtStart: conference.connectionsAtStart,
          scheduledFor: conference.scheduledFor,
          place: conference.place,
        }),
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

    /**
     * Changes the conference's details (the title, the young person's name, the date and place, the
     * connections at the start, the review date, and whether a backup plan is needed): written by
     * the server into the live board, which everyone sees at once; the record follows from it.
     */
    .patch('/:id', jsonBody(detailsBody), async (c) => {
      const conference = await ownConference(c.req.param('id'), c.get('principal'));
      const patch = await parseBody(c, detailsBody);
      let changed: string[] = [];
      await boardChange(conference.id, (doc) => {
        const meta = readBoardMeta(doc);
        if (meta.locked) throw new BoardError('The plan is agreed and locked, so its details stay as they were agreed. Reopen it for the review to change them.');
        changed = (Object.keys(patch) as Array<keyof typeof patch>).filter((key) => patch[key] !== meta[key]);
        setMeta(doc, patch);
      });
      if (changed.length > 0) {
        await record(deps, {
          conferenceId: conference.id,
          actor: { kind: 'coordinator', id: conference.createdBy },
          action: 'conference.detailsChanged',
          detail: { fields: changed.join(',') },
          address: clientAddress(c, deps.config.trustProxy),
        });
      }
      const updated = await store.conferences.get(conference.id);
      if (updated === null) fail(404, 'There is no conference with that id.');
      return c.json(await withVersions(updated));
    })

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
      let offers = 0;
      await boardChange(conference.id, (doc) => {
        const board = readBoard(doc);
        if (board.meta.locked) throw new BoardError('The plan has already been agreed and locked.');
        // Agreeing is to something: the offers in "Agreed", which only the young person's yes puts there.
        offers = agreedOfferIds(board).length;
        if (offers === 0) throw new BoardError('There is nothing to agree to yet: no offer is in “Agreed”.');
        recordAgreement(doc, { participantId: who.invite.participantId, displayName: who.invite.displayName, role: who.invite.role, agreedAt });
      });
      await record(deps, { conferenceId: conference.id, actor: { kind: 'participant', id: who.invite.participantId }, action: 'agreement.recorded', detail: { offers } });
      return c.json({ participantId: who.invite.participantId, agreedAt, offers }, 201);
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
    .route('/:id', familyRoutes(deps))
    .route('/:id', privateTimeRoutes(deps))
    .route('/:id/invites', inviteRoutes(deps))
    .route('/:id/history', historyRoutes(deps));
}
