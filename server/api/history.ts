// GET /api/conferences/:id/history — the record of who did what, for the coordinator: JSON, or CSV
// with ?format=csv to download.

import { Hono } from 'hono';
import type { Deps } from '../deps.ts';
import { conferenceHistory, historyCsv } from '../history.ts';
import { conferenceAccess } from './access.ts';
import type { AppEnv } from './env.ts';

/** Routes under /api/conferences/:id/history. */
export function historyRoutes(deps: Deps) {
  const { ownConference } = conferenceAccess(deps);
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const conference = await ownConference(c.req.param('id'), c.get('principal'));
      const lines = await conferenceHistory(deps.store, conference);
      if (c.req.query('format') === 'csv') {
        return c.body(historyCsv(lines), 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="history-${conference.id}.csv"`,
        });
      }
      return c.json(lines);
    });
}
