// The family map as a file: the board's family now as GEDCOM (agreed versions' are under
// /plans/:version.ged), and a GEDCOM file the coordinator already has read into a preview. The
// preview writes nothing: the coordinator's board adds the people they choose, through the same
// checked changes as everything else.

import { Hono } from 'hono';
import { record } from '../audit.ts';
import type { Deps } from '../deps.ts';
import { draftPlan, planPeople } from '../export/build.ts';
import { contentDisposition, exportFileName } from '../export/fileName.ts';
import { fail } from '../http/errors.ts';
import { conferenceAccess } from './access.ts';
import type { AppEnv } from './env.ts';

/** The media type of a GEDCOM file. */
export const GEDCOM_TYPE = 'text/vnd.familysearch.gedcom; charset=utf-8';

/** The GEDCOM code, loaded on the first family file read or written (the build keeps it in its own chunk). */
export const gedcom = () => import('../family/gedcom.ts');

/** Routes under /api/conferences/:id (the family file). */
export function familyRoutes(deps: Deps) {
  const { ownConference, notDuringPrivateTime } = conferenceAccess(deps);
  return new Hono<AppEnv>()
    .get('/family.ged', async (c) => {
      const conference = await ownConference(c.req.param('id'), c.get('principal'));
      notDuringPrivateTime(conference);
      const plan = await draftPlan(deps, conference, await planPeople(deps, conference));
      await record(deps, { conferenceId: conference.id, actor: { kind: 'coordinator', id: conference.createdBy }, action: 'plan.exported', detail: { format: 'ged', copy: 'full', draft: true } });
      const { familyGedcom } = await gedcom();
      return c.body(familyGedcom(plan), 200, {
        'content-type': GEDCOM_TYPE,
        'content-disposition': contentDisposition('attachment', exportFileName(plan.youngPersonName, 'family', Date.now(), 'full', 'ged')),
      });
    })
    .post('/family/import', async (c) => {
      const conference = await ownConference(c.req.param('id'), c.get('principal'));
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      if (bytes.byteLength === 0) fail(400, 'Send the family tree file (GEDCOM, .ged) as the request body.');
      const { GedcomError, readFamilyGedcom } = await gedcom();
      try {
        const preview = readFamilyGedcom(bytes);
        deps.log.info({ conferenceId: conference.id, people: preview.people.length, relationships: preview.relationships.length }, 'family file read');
        return c.json(preview);
      } catch (error) {
        if (error instanceof GedcomError) fail(422, error.message);
        throw error;
      }
    });
}
