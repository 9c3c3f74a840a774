// The agreed plan: locking it (after the checks), reopening it for the review, its versions, each
// version exactly as it was locked, and what changed between two versions.

import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import * as Y from 'yjs';
import { z } from 'zod';
import { BoardError, completeMeta, readBoard, readBoardMeta, removeAgreement, setMeta, setServerMeta } from '../../shared/board.ts';
import type { ConferenceId } from '../../shared/ids.ts';
import { LOCKABLE_PHASES, missingForLock, type Missing } from '../../shared/lock.ts';
import { readNotes, type PersonNotes } from '../../shared/notes.ts';
import { PHASE_LABELS } from '../../shared/phases.ts';
import { buildPlan, planJson, planSchema, type Plan } from '../../shared/plan.ts';
import { draftInput, planPeople, professionalNotesFor, versionInput } from '../export/build.ts';
import { deliveryView, type DeliveryView } from '../delivery/worker.ts';
import type { Copy, ExportInput } from '../export/types.ts';
import { contentDisposition, exportFileName } from '../export/fileName.ts';
import type { Principal } from '../auth/session.ts';
import { docAccess } from '../../shared/roles.ts';
import { diffPlans } from '../../shared/planDiff.ts';
import { record } from '../audit.ts';
import type { Deps } from '../deps.ts';
import { clientAddress } from '../http/address.ts';
import { jsonBody, parseBody, text } from '../http/body.ts';
import { fail } from '../http/errors.ts';
import type { ConferenceRecord, PlanVersionRecord } from '../store/types.ts';
import { authorOf, conferenceAccess } from './access.ts';
import { planLinkRoutes } from './planLinks.ts';
import { GEDCOM_TYPE, gedcom } from './family.ts';
import type { AppEnv } from './env.ts';

/**
 * The renderers load on the first export: PDFKit, fontkit and docx take some 20 MB that a server
 * need not hold until someone downloads or sends a plan (the build keeps them in their own chunk).
 */
async function renderPdf(input: ExportInput): Promise<Buffer> {
  const { renderPlanPdf } = await import('../export/pdf.ts');
  return renderPlanPdf(input);
}
async function renderDocx(input: ExportInput): Promise<Buffer> {
  const { renderPlanDocx } = await import('../export/docx.ts');
  return renderPlanDocx(input);
}

const lockBody = z.strictObject({ overrideReason: text(500).optional() });
const sendBody = z.strictObject({ copy: z.enum(['full', 'family'], 'must be "full" or "family"'), childRecordId: text(100).optional() });

/** The media type of a Word document. */
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
/** The category a care record files the plan under. */
export const DOCUMENT_CATEGORY = 'Lifelong Links plan';
/** Care records cut document titles at 80 characters. */
export const MAX_DOCUMENT_TITLE = 79;
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
  const { visibleConference, ownConference, notDuringPrivateTime } = conferenceAccess(deps);

  /** The professionals' notes, or null when they cannot be read (then the restrictions check fails). */
  async function notesOf(id: ConferenceId): Promise<PersonNotes[] | null> {
    try {
      return await rooms.read(id, 'private', readNotes);
    } catch (err) {
      deps.log.error({ conferenceId: id, err: String(err) }, 'could not read the professionals’ notes for the checks before locking');
      return null;
    }
  }

  /** The agreed version named in the path; 404 when there is none. */
  async function storedVersion(conference: ConferenceRecord, raw: string | undefined): Promise<PlanVersionRecord> {
    const version = /^[1-9][0-9]{0,8}$/.test(raw ?? '') ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(version)) fail(404, 'There is no agreed version with that number.');
    const found = await store.conferences.getPlanVersion(conference.id, version);
    if (!found) fail(404, `Version ${version} of this plan has not been agreed.`);
    return found;
  }

  return new Hono<AppEnv>()
    .post('/lock', jsonBody(lockBody), async (c) => {
      const conference = await ownConference(c.req.param('id'), c.get('principal'));
      const { overrideReason = null } = await parseBody(c, lockBody);
      const actor = { kind: 'coordinator', id: conference.createdBy } as const;
      const address = clientAddress(c, deps.config.trustProxy);
      const notes = await notesOf(conference.id);
      const people = await planPeople(deps, conference);
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
            const missing = missingForLock(board, notes, overrideReason, lockedAt);
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
                ...people,
                agreedWithoutYoungPerson,
              });
              const json = planJson(plan);
              const professional = professionalNotesFor(plan, notes ?? []);
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
    })

    .post('/unlock', jsonBody(unlockBody), async (c) => {
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
          // The review meeting is now: the next version needs the date of the next one.
          setMeta(doc, { reviewDate: null });
          completeMeta(doc, conference);
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
    })

    .get('/plans', async (c) => {
      const conference = await visibleConference(c.req.param('id'), c.get('principal'));
      const versions = await store.conferences.listPlanVersions(conference.id);
      return c.json(versions.map((v) => ({ version: v.version, lockedAt: new Date(v.lockedAt).toISOString(), sha256: v.sha256 })));
    })

    .get('/plans/:file', async (c) => {
      const who = c.get('principal');
      const conference = await visibleConference(c.req.param('id'), who);
      const file = /^([0-9]+)\.(json|pdf|docx|ged)$/.exec(c.req.param('file'));
      if (!file) fail(404, 'Agreed plans are served as <version>.json, <version>.pdf, <version>.docx or <version>.ged (the family map).');
      const copy = copyFor(who, c.req.query('copy'));
      const found = await storedVersion(conference, file[1]);
      const format = file[2] as 'json' | 'pdf' | 'docx' | 'ged';
      // Every export (a file to keep) is on the record: who, which version, which format and copy.
      // Reading the plan on screen (JSON without ?download) is not an export.
      const download = format !== 'json' || c.req.query('download') !== undefined;
      if (download) {
        await record(deps, { conferenceId: conference.id, actor: authorOf(who as Principal), action: 'plan.exported', detail: { version: found.version, format, copy } });
      }
      if (format === 'ged') {
        const plan = versionInput(found, copy).plan;
        const { familyGedcom } = await gedcom();
        return c.body(familyGedcom(plan), 200, {
          'content-type': GEDCOM_TYPE,
          'content-disposition': contentDisposition('attachment', versionFileName(plan, found, copy, 'ged')),
          'x-plan-copy': copy,
        });
      }
      if (format !== 'json') {
        const input = versionInput(found, copy);
        const bytes = format === 'pdf' ? await renderPdf(input) : await renderDocx(input);
        return c.body(new Uint8Array(bytes), 200, {
          'content-type': format === 'pdf' ? 'application/pdf' : DOCX_TYPE,
          'content-disposition': contentDisposition('attachment', versionFileName(input.plan, found, copy, format)),
          'x-plan-copy': copy,
        });
      }
      // The full copy is exactly the stored bytes, whose SHA-256 was taken at the lock; the family's
      // is the same plan without what is for professionals only, or anyone the professionals' notes
      // say must not be named to the family. The digest headers are the bytes'.
      const plan = parsePlan(found);
      const body = copy === 'full' ? found.planJson : planJson(versionInput(found, 'family').plan);
      const sha256 = copy === 'full' ? found.sha256 : planSha256(body);
      return c.body(body, 200, {
        'content-type': 'application/json; charset=utf-8',
        etag: `"${sha256}"`,
        'repr-digest': `sha-256=:${Buffer.from(sha256, 'hex').toString('base64')}:`,
        'content-disposition': contentDisposition(download ? 'attachment' : 'inline', versionFileName(plan, found, copy, 'json')),
        'x-plan-copy': copy,
      });
    })

    /** The coordinator's preview of the unlocked draft: DRAFT on every page; never sent anywhere. */
    .get('/draft.pdf', async (c) => {
      const conference = await ownConference(c.req.param('id'), c.get('principal'));
      if (conference.locked) fail(409, 'The plan is agreed and locked: download the agreed version instead of a draft.');
      notDuringPrivateTime(conference);
      const copy = copyFor(c.get('principal'), c.req.query('copy'));
      const input = await draftInput(deps, conference, copy, await planPeople(deps, conference));
      await record(deps, { conferenceId: conference.id, actor: { kind: 'coordinator', id: conference.createdBy }, action: 'plan.exported', detail: { format: 'pdf', copy, draft: true } });
      return c.body(new Uint8Array(await renderPdf(input)), 200, {
        'content-type': 'application/pdf',
        'content-disposition': contentDisposition('inline', exportFileName(input.plan.youngPersonName, 'draft', Date.now(), copy, 'pdf')),
      });
    })

    /** Sends an agreed version to the council's care record (queued, signed, retried until delivered). */
    .post('/plans/:version/send', jsonBody(sendBody), async (c) => {
      const conference = await ownConference(c.req.param('id'), c.get('principal'));
      const body = await parseBody(c, sendBody);
      if (deps.deliveries === null) {
        fail(409, 'Sending straight to the care record is not set up on this server. Download the PDF or Word file and add it to the child’s record yourself; whoever runs the server can set up sending.');
      }
      const found = await storedVersion(conference, c.req.param('version'));
      const input = versionInput(found, body.copy);
      const pdf = await renderPdf(input);
      const payload = deliveryPayload(input, found, pdf, body.childRecordId ?? null);
      const { delivery, created } = await deps.deliveries.send({ conferenceId: conference.id, version: found.version, copy: body.copy, body: JSON.stringify(payload) });
      if (created) {
        await record(deps, {
          conferenceId: conference.id,
          actor: { kind: 'coordinator', id: conference.createdBy },
          action: 'plan.sent',
          detail: { version: found.version, copy: body.copy, deliveryId: delivery.id },
          address: clientAddress(c, deps.config.trustProxy),
        });
      }
      return c.json(deliveryJson(delivery), 202);
    })

    /** How sending each version went, for the export screen (which asks every few seconds). */
    .get('/plans/:version/send', async (c) => {
      const conference = await ownConference(c.req.param('id'), c.get('principal'));
      const found = await storedVersion(conference, c.req.param('version'));
      const deliveries = await store.outbox.listForConference(conference.id);
      return c.json({
        configured: deps.deliveries !== null,
        deliveries: deliveries.filter((d) => d.version === found.version).map((d) => deliveryJson(deliveryView(d))),
      });
    })

    .route('/', planLinkRoutes(deps))

    .get('/plans/:a/diff/:b', async (c) => {
      const conference = await visibleConference(c.req.param('id'), c.get('principal'));
      const a = await storedVersion(conference, c.req.param('a'));
      const b = await storedVersion(conference, c.req.param('b'));
      return c.json(diffPlans(parsePlan(a), parsePlan(b)));
    });
}

/**
 * Which copy a request gets: the full one only for those who may read the professionals' notes
 * (the coordinator and professionals); everyone else gets the family's, and asking for the full
 * copy is refused.
 */
export function copyFor(who: Principal | null, asked: string | undefined): Copy {
  const mayFull = who !== null && (who.kind === 'coordinator' || docAccess(who.invite.role, 'private') !== 'none');
  if (asked === undefined || asked === '') return mayFull ? 'full' : 'family';
  if (asked !== 'full' && asked !== 'family') fail(400, 'copy must be "full" or "family".');
  if (asked === 'full' && !mayFull) fail(403, 'The full copy is for the coordinator and professionals. Ask for the family copy (?copy=family).');
  return asked;
}

/** "Sam-plan-v2-2026-12-07.json", "Sam-plan-v2-2026-12-07-family.pdf": the name an agreed version is saved under. */
export function versionFileName(plan: Plan, found: PlanVersionRecord, copy: Copy, extension: 'json' | 'pdf' | 'docx' | 'ged'): string {
  return exportFileName(plan.youngPersonName, { version: found.version }, found.lockedAt, copy, extension);
}

/**
 * What the care record receives: the plan as a PDF (base64) with what a record system needs to file
 * it — the child's record id if the coordinator gave one, a category, a short title, a file name —
 * and the canonical plan itself with its SHA-256, in Standard Webhooks' {type, timestamp, data} shape.
 */
function deliveryPayload(input: ExportInput, found: PlanVersionRecord, pdf: Buffer, childRecordId: string | null) {
  const full = `Lifelong Links plan v${found.version}: ${input.plan.youngPersonName}`;
  const title = full.length > MAX_DOCUMENT_TITLE ? `${full.slice(0, MAX_DOCUMENT_TITLE - 1)}…` : full;
  const planText = input.copy === 'full' ? found.planJson : planJson(input.plan);
  return {
    type: 'plan.agreed',
    timestamp: new Date().toISOString(),
    data: {
      conferenceId: found.conferenceId,
      version: found.version,
      copy: input.copy,
      lockedAt: new Date(found.lockedAt).toISOString(),
      childRecordId,
      document: {
        title,
        category: DOCUMENT_CATEGORY,
        fileName: versionFileName(input.plan, found, input.copy, 'pdf'),
        mediaType: 'application/pdf',
        sha256: createHash('sha256').update(pdf).digest('hex'),
        contentBase64: pdf.toString('base64'),
      },
      plan: JSON.parse(planText) as unknown,
      planSha256: planSha256(planText),
    },
  };
}

/** A delivery as the API shows it (times as ISO text). */
function deliveryJson(d: DeliveryView) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: d.id,
    version: d.version,
    copy: d.copy,
    status: d.status,
    createdAt: new Date(d.createdAt).toISOString(),
    attempts: d.attempts,
    lastAttemptAt: iso(d.lastAttemptAt),
    nextAttemptAt: d.status === 'queued' ? iso(d.nextAttemptAt) : null,
    deliveredAt: iso(d.deliveredAt),
    responseStatus: d.responseStatus,
    lastError: d.lastError,
  };
}

function parsePlan(found: PlanVersionRecord): Plan {
  return planSchema.parse(JSON.parse(found.planJson));
}
