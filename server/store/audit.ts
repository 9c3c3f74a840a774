// The record of who did what: one row per event, its detail as JSON text; one implementation over
// Kysely for both databases.

import type { Records } from './records.ts';
import { toAuditEvent } from './rows.ts';
import type { AuditStore } from './types.ts';

/** The audit store over a migrated database. */
export function auditStore({ db }: Records): AuditStore {
  return {
    async record(event) {
      const actorId = event.actor === null || event.actor.kind === 'server' ? null : event.actor.id;
      await db
        .insertInto('audit_events')
        .values({
          conferenceId: event.conferenceId,
          at: event.at,
          actorKind: event.actor?.kind ?? null,
          actorId,
          action: event.action,
          detail: JSON.stringify(event.detail),
        })
        .execute();
    },
    async list(conference, coordinator, opts = {}) {
      let query = db
        .selectFrom('audit_events')
        .selectAll()
        .where((eb) => eb.or([eb('conferenceId', '=', conference), eb.and([eb('conferenceId', 'is', null), eb('actorId', '=', coordinator)])]))
        .orderBy('id');
      if (opts.limit !== undefined) query = query.limit(opts.limit);
      return (await query.execute()).map(toAuditEvent);
    },
  };
}
