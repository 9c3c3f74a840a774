// The agreed plan: locking it (after the checks), reopening it for the review, its versions, each
// version exactly as it was locked, and what changed between two versions.

import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import * as Y from 'yjs';
import { z } from 'zod';
import { BoardError, readBoard, readBoardMeta, removeAgreement, setServerMeta } from '../../shared/board.ts';
import type { ConferenceId } from '../../shared/ids.ts';
import { LOCKABLE_PHASES, missingForLock, type Missing } from '../../shared/lock.ts';
import { readNotes, type PersonNotes } from '../../shared/notes.ts';
import { PHASE_LABELS } from '../../shared/phases.ts';
import { buildPlan, NO_LONGER_ON_BOARD, planJson, planSchema, type Plan } from '../../shared/plan.ts';
import type { ProfessionalNotes } from '../export/types.ts';
import { diffPlans } from '../../shared/planDiff.ts';
import { record } from '../audit.ts';
import type { Deps } from '../deps.ts';
import { clientAddress } from '../http/address.ts';
import { parseBody, text } from '../http/body.ts';
import { fail } from '../http/errors.ts';
import type { ConferenceRecord, PlanVersionRecord } from '../store/types.ts';
import { conferenceAccess } from './access.ts';
import type { AppEnv } from './env.ts';

const lockBody = z.strictObject({ overrideReason: text(500).optional() });
const unlockBody = z.strictObject({ reason: text(500) });

/** The locking change found something missing: nothing was written. */
class NotReady extends Error {
  constructor(readonly missing: Missing[]) {
    super('The plan is not ready to lock.');
  }
}

/** The SHA-256 (hex) of a plan's canonical text, as UTF-8: the bytes GET …/plans/:v.json serves. */
export function planSha256(json: string): string {
  return createHash('sha256').update(json, 'utf8').digest('hex');
}

/** Routes under /api/conferences/:id (lock, unlock, plans). */
export function planRoutes(deps: Deps) {
  const { store, rooms } = deps;
  const { visibleConference, ownConference } = conferenceAccess(deps);
  const app = new Hono<AppEnv>();

  /** Names for the ids a plan shows (who approved): the coordinator and everyone ever invited. */
  async function namesOf(conference: ConferenceRecord): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    const coordinator = await store.accounts.getCoordinator(conference.createdBy);
    if (coordinator) names.set(coordinator.id, coordinator.name);
    for (const invite of await store.conferences.listInvites(conference.id)) names.set(invite.participantId, invite.displayName);
    return names;
  }

  /** The professionals' notes, or null when they cannot be read (then the restrictions check fails). */
  async function notesOf(id: ConferenceId): Promise<PersonNotes[] | null> {
    try {
      return await rooms.read(id, 'private', readNotes);
    } catch (err) {
      deps.log.error({ conferenceId: id, err: String(err) }, 'could not read the professionals’ notes for the checks before locking');
      return null;
    }
  }

  async function storedVersion(conference: ConferenceRecord, raw: string | undefined): Promise<PlanVersionRecord> {
    const version = /^[1-9][0-9]{0,8}$/.test(raw ?? '') ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(version)) fail(404, 'There is no agreed version with that number.');
    const found = await store.conferences.getPlanVersion(conference.id, version);
    if (!found) fail(404, `Version ${version} of this plan has not been agreed.`);
    return found;
  }

  app.post('/lock', async (c) => {
    const conference = await ownConference(c.req.param('id'), c.get('principal'));
    const { overrideReason = null } = await parseBody(c, lockBody);
    const actor = { kind: 'coordinator', id: conference.createdBy } as const;
    const address = clientAddress(c, deps.config.trustProxy);
    const notes = await notesOf(conference.id);
    const names = await namesOf(conference);
    const lockedAt = Date.now();
    let version = 0;
    let agreedWithoutYoungPerson: string | null = null;
    let sealed: PlanVersionRecord | null = null;
    try {
      // In the board's write order: every update queued before this is in the agreed version, and
      // every one after it is refused (the store checks the lock in the transaction that appends).
      await rooms.change(
        conference.id,
        'board',
        (doc) => {
          const board = readBoard(doc);
          if (board.meta.locked) throw new BoardError(`The plan is already agreed and locked as version ${board.meta.version}.`);
          if (!LOCKABLE_PHASES.includes(board.meta.phase)) {
            throw new BoardError(`The plan can be locked while making the plan or at the review; the conference is at “${PHASE_LABELS[board.meta.phase]}”.`);
          }
          const missing = missingForLock(board, notes, overrideReason);
          if (missing.length > 0) throw new NotReady(missing);
          version = Math.max(1, board.meta.version);
          const youngPersonAgreed = board.agreements.some((agreement) => agreement.role === 'youngPerson');
          agreedWithoutYoungPerson = youngPersonAgreed ? null : overrideReason;
          setServerMeta(doc, { phase: 'agreed', locked: true, version });
        },
        {
          seal: (doc) => {
            const plan = buildPlan(readBoard(doc), {
              conferenceId: conference.id,
              version,
              lockedAt: new Date(lockedAt).toISOString(),
              names,
              agreedWithoutYoungPerson,
            });
            const json = planJson(plan);
            const professional = sealedNotes(plan, notes ?? []);
            const record: PlanVersionRecord = {
              conferenceId: conference.id,
              version,
              lockedAt,
              lockedBy: conference.createdBy,
              state: Y.encodeStateAsUpdate(doc),
              planJson: json,
              sha256: planSha256(json),
              overrideReason: agreedWithoutYoungPerson,
              professionalJson: professional.length > 0 ? JSON.stringify(professional) : null,
            };
            sealed = record;
            return record;
          },
        },
      );
    } catch (err) {
      if (err instanceof NotReady) {
        await record(deps, {
          conferenceId: conference.id,
          actor,
          action: 'plan.lockRefused',
          detail: { checks: [...new Set(err.missing.map((m) => m.check))].join(',') },
          address,
        });
        return c.json({ error: 'The plan cannot be locked yet: some checks are not met.', missing: err.missing }, 409);
      }
      if (err instanceof BoardError) fail(409, err.message);
      throw err;
    }
    const done = sealed as PlanVersionRecord | null;
    if (done === null) throw new Error('the lock changed nothing');
    await record(deps, {
      conferenceId: conference.id,
      actor,
      action: 'plan.locked',
      detail: { version: done.version, ...(done.overrideReason ? { overrideReason: done.overrideReason } : {}) },
      address,
    });
    deps.log.info({ conferenceId: conference.id, version: done.version }, 'plan locked');
    return c.json({ version: done.version, sha256: done.sha256 }, 201);
  });

  app.post('/unlock', async (c) => {
    const conference = await ownConference(c.req.param('id'), c.get('principal'));
    const { reason } = await parseBody(c, unlockBody);
    let agreed = 0;
    try {
      await rooms.change(conference.id, 'board', (doc) => {
        const meta = readBoardMeta(doc);
        if (!meta.locked) throw new BoardError('The plan is not locked, so there is no agreed version to reopen.');
        agreed = meta.version;
        // The draft starts from the agreed state; everyone agrees again to the reviewed plan.
        for (const agreement of readBoard(doc).agreements) removeAgreement(doc, agreement.participantId);
        setServerMeta(doc, { phase: 'review', locked: false, version: agreed + 1 });
      });
    } catch (err) {
      if (err instanceof BoardError) fail(409, err.message);
      throw err;
    }
    await record(deps, {
      conferenceId: conference.id,
      actor: { kind: 'coordinator', id: conference.createdBy },
      action: 'plan.unlocked',
      detail: { version: agreed, draftVersion: agreed + 1, reason },
      address: clientAddress(c, deps.config.trustProxy),
    });
    return c.json({ draftVersion: agreed + 1 }, 201);
  });

  app.get('/plans', async (c) => {
    const conference = await visibleConference(c.req.param('id'), c.get('principal'));
    const versions = await store.conferences.listPlanVersions(conference.id);
    return c.json(versions.map((v) => ({ version: v.version, lockedAt: new Date(v.lockedAt).toISOString(), sha256: v.sha256 })));
  });

  app.get('/plans/:file', async (c) => {
    const conference = await visibleConference(c.req.param('id'), c.get('principal'));
    const file = /^([0-9]+)\.json$/.exec(c.req.param('file'));
    if (!file) fail(404, 'Agreed plans are served as <version>.json.');
    const found = await storedVersion(conference, file[1]);
    // Exactly the stored bytes, whose SHA-256 was taken at the lock; the digest headers carry it.
    return c.body(found.planJson, 200, {
      'content-type': 'application/json; charset=utf-8',
      etag: `"${found.sha256}"`,
      'repr-digest': `sha-256=:${Buffer.from(found.sha256, 'hex').toString('base64')}:`,
      'content-disposition': `inline; filename="plan-v${found.version}.json"`,
    });
  });

  app.get('/plans/:a/diff/:b', async (c) => {
    const conference = await visibleConference(c.req.param('id'), c.get('principal'));
    const a = await storedVersion(conference, c.req.param('a'));
    const b = await storedVersion(conference, c.req.param('b'));
    return c.json(diffPlans(parsePlan(a), parsePlan(b)));
  });

  return app;
}

/** The professionals' notes about the people on an agreed plan, to keep with it (non-empty ones only). */
function sealedNotes(plan: Plan, notes: readonly PersonNotes[]): ProfessionalNotes[] {
  const names = new Map(plan.people.map((person) => [person.id, person.name]));
  for (const offer of plan.offers) if (!names.has(offer.personId)) names.set(offer.personId, offer.from);
  return notes
    .filter((note) => names.has(note.personId) && [note.safety, note.restrictions, note.contactDetails, note.mustNotBeTold].some((text) => text.trim() !== ''))
    .map((note) => ({
      personId: note.personId,
      name: names.get(note.personId) ?? NO_LONGER_ON_BOARD,
      safety: note.safety,
      restrictions: note.restrictions,
      contactDetails: note.contactDetails,
      mustNotBeTold: note.mustNotBeTold,
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.personId < b.personId ? -1 : 1));
}

function parsePlan(found: PlanVersionRecord): Plan {
  return planSchema.parse(JSON.parse(found.planJson));
}
