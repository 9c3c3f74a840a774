// Read-only links to the family copy of an agreed plan, which family members keep after the
// meeting (their invite's session and link run out; the plan should not). A link works while its
// version is the latest agreed one, the person's invite is not withdrawn and the conference exists.
// It reads the plan and downloads it, nothing else: it signs no one in and writes nothing.

import { Hono } from 'hono';
import { z } from 'zod';
import { hashSecret, isSecretShaped, newSecret } from '../auth/secrets.ts';
import { record } from '../audit.ts';
import type { Deps } from '../deps.ts';
import { versionInput } from '../export/build.ts';
import { GEDCOM_TYPE, gedcom } from './family.ts';
import { contentDisposition, exportFileName } from '../export/fileName.ts';
import { jsonBody, parseBody } from '../http/body.ts';
import { fail } from '../http/errors.ts';
import { inviteId, type ParticipantId } from '../../shared/ids.ts';
import type { PlanVersionRecord } from '../store/types.ts';
import { conferenceAccess, requireParticipant } from './access.ts';
import type { AppEnv } from './env.ts';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const NOT_WORKING = 'This link to the plan does not work. Check you copied all of it, or ask the coordinator for the plan.';

const openBody = z.strictObject({ token: z.string().max(200) });
const fileBody = z.strictObject({ token: z.string().max(200), format: z.enum(['pdf', 'docx', 'ged'], 'must be "pdf", "docx" or "ged"') });

/** The renderers load on the first export (see api/plans.ts). */
async function render(format: 'pdf' | 'docx' | 'ged', input: ReturnType<typeof versionInput>): Promise<Buffer> {
  if (format === 'pdf') return (await import('../export/pdf.ts')).renderPlanPdf(input);
  if (format === 'ged') return Buffer.from((await gedcom()).familyGedcom(input.plan), 'utf8');
  return (await import('../export/docx.ts')).renderPlanDocx(input);
}

const MEDIA_TYPES = { pdf: 'application/pdf', docx: DOCX_TYPE, ged: GEDCOM_TYPE } as const;

/** POST /api/conferences/:id/plans/:version/link: a participant's link to keep (shown once). */
export function planLinkRoutes(deps: Deps) {
  const { visibleConference } = conferenceAccess(deps);
  return new Hono<AppEnv>().post('/plans/:version/link', async (c) => {
    const who = requireParticipant(c.get('principal'));
    const conference = await visibleConference(c.req.param('id'), who);
    const versions = await deps.store.conferences.listPlanVersions(conference.id);
    const latest = versions.at(-1)?.version;
    const asked = Number(c.req.param('version'));
    if (latest === undefined || asked !== latest) fail(404, latest === undefined ? 'No plan has been agreed yet.' : `Only the latest agreed version (${latest}) has a link to keep.`);
    const secret = newSecret();
    await deps.store.conferences.createPlanLink({ tokenHash: hashSecret(secret), conferenceId: conference.id, participantId: who.invite.participantId, version: latest, createdAt: Date.now() });
    await record(deps, { conferenceId: conference.id, actor: { kind: 'participant', id: who.invite.participantId }, action: 'plan.linkCreated', detail: { version: latest } });
    return c.json({ version: latest, url: `${deps.config.publicUrl}/plan#${secret}` }, 201);
  });
}

/** POST /api/plan-link (read the plan) and POST /api/plan-link/file (download it), by the link's secret. */
export function planLinkOpenRoutes(deps: Deps) {
  const { store } = deps;

  /** The agreed version a link still opens, and whose link it is; fails with a readable sentence. */
  async function opened(token: string): Promise<{ found: PlanVersionRecord; participantId: ParticipantId }> {
    if (!isSecretShaped(token)) fail(400, NOT_WORKING);
    const link = await store.conferences.findPlanLink(hashSecret(token));
    // An invite's id is its participant's (InviteRecord).
    const invite = link === null ? null : await store.conferences.getInvite(inviteId(link.participantId));
    // A withdrawn invite and a link that never was read alike: nothing is told about the conference.
    if (link === null || invite === null || invite.revokedAt !== null) fail(404, NOT_WORKING);
    const versions = await store.conferences.listPlanVersions(link.conferenceId);
    const latest = versions.at(-1)?.version;
    if (latest !== link.version) {
      fail(410, `This link was to version ${link.version} of the plan, which has been replaced by version ${latest ?? '?'}. Ask the coordinator for a link to the new plan.`);
    }
    const found = await store.conferences.getPlanVersion(link.conferenceId, link.version);
    if (found === null) fail(404, NOT_WORKING);
    return { found, participantId: link.participantId };
  }

  return new Hono<AppEnv>()
    .post('/', jsonBody(openBody), async (c) => {
      const { token } = await parseBody(c, openBody);
      const { found } = await opened(token);
      const plan = versionInput(found, 'family').plan;
      return c.json({ conferenceId: found.conferenceId, version: found.version, lockedAt: new Date(found.lockedAt).toISOString(), plan });
    })
    .post('/file', jsonBody(fileBody), async (c) => {
      const { token, format } = await parseBody(c, fileBody);
      const { found, participantId } = await opened(token);
      const input = versionInput(found, 'family');
      const bytes = await render(format, input);
      await record(deps, {
        conferenceId: found.conferenceId,
        actor: { kind: 'participant', id: participantId },
        action: 'plan.exported',
        detail: { version: found.version, format, copy: 'family', via: 'link' },
      });
      return c.body(new Uint8Array(bytes), 200, {
        'content-type': MEDIA_TYPES[format],
        'content-disposition': contentDisposition('attachment', exportFileName(input.plan.youngPersonName, { version: found.version }, found.lockedAt, 'family', format)),
        'x-plan-copy': 'family',
      });
    });
}
