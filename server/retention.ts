// Keeping data no longer than needed: deleting a conference and everything in it (asked for by its
// coordinator, or by the retention setting once its last agreed version has been delivered), with
// only a record that it was deleted left behind.

import type { ConferenceId } from '../shared/ids.ts';
import { CLOSE } from '../shared/protocol.ts';
import { record } from './audit.ts';
import type { Deps } from './deps.ts';
import type { Author } from './store/types.ts';

/** How often the retention setting is applied (also once at start-up). */
export const RETENTION_SWEEP_MS = 60 * 60 * 1000;

/**
 * Deletes a conference: closes its live documents (4404 "deleted"), then deletes it and everything
 * in it in one transaction, and records that it was deleted (its id only). True when it existed.
 */
export async function deleteConference(deps: Pick<Deps, 'store' | 'log' | 'rooms' | 'authors'>, id: ConferenceId, by: Author, address?: string): Promise<boolean> {
  await deps.rooms.closeConference(id, CLOSE.deleted);
  const deleted = await deps.store.conferences.delete(id);
  deps.authors.forget(id);
  if (deleted) {
    await record(deps, { conferenceId: null, actor: by, action: 'conference.deleted', detail: { conferenceId: id }, ...(address ? { address } : {}) });
    deps.log.info({ conferenceId: id, by: by.kind }, 'conference deleted');
  }
  return deleted;
}

/**
 * Deletes the conferences whose last agreed version was delivered more than `retentionMs` ago and
 * that are still locked (one reopened for a review is in use again). Returns how many it deleted.
 */
export async function applyRetention(deps: Pick<Deps, 'store' | 'log' | 'rooms' | 'authors'>, retentionMs: number, now = Date.now()): Promise<number> {
  let count = 0;
  for (const id of await deps.store.outbox.deliveredBefore(now - retentionMs)) {
    const conference = await deps.store.conferences.get(id);
    if (conference === null || !conference.locked) continue;
    if (await deleteConference(deps, id, { kind: 'server' })) count += 1;
  }
  if (count > 0) deps.log.info({ conferences: count }, 'retention: deleted conferences whose plan was delivered long enough ago');
  return count;
}
