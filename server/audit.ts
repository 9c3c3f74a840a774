// Putting something on the record of who did what, and the security log line that goes with it:
// the acting id and the address, never a name, an email, a title or a secret.

import type { Logger } from 'pino';
import type { ConferenceId } from '../shared/ids.ts';
import type { AuditAction, AuditEvent, Author, Store } from './store/types.ts';

/** Actions an operator watching the log for attacks needs to see as they happen. */
const SECURITY_ACTIONS: ReadonlySet<AuditAction> = new Set([
  'signIn.succeeded',
  'signIn.failed',
  'signedOut',
  'invite.created',
  'invite.withdrawn',
  'invite.roleChanged',
  'invite.replaced',
  'participant.joined',
  'notes.opened',
  'change.refused',
]);

/** Something that happened, to record. */
export interface Happening {
  conferenceId: ConferenceId | null;
  actor: Author | null;
  action: AuditAction;
  detail?: AuditEvent['detail'];
  /** The client's address, for the security log only (it is not stored). */
  address?: string;
}

/** Records `what` now; security actions also go to the log. */
export async function record(deps: { store: Store; log: Logger }, what: Happening): Promise<void> {
  const detail = what.detail ?? {};
  await deps.store.audit.record({ conferenceId: what.conferenceId, at: Date.now(), actor: what.actor, action: what.action, detail });
  if (SECURITY_ACTIONS.has(what.action)) {
    deps.log.info(
      {
        security: what.action,
        actorKind: what.actor?.kind ?? null,
        actorId: what.actor && what.actor.kind !== 'server' ? what.actor.id : null,
        conferenceId: what.conferenceId,
        address: what.address ?? null,
        ...detail,
      },
      'security event',
    );
  }
}

/** The same, for places that must not wait or fail because of the record (live sockets). */
export function recordLater(deps: { store: Store; log: Logger }, what: Happening): void {
  record(deps, what).catch((err: unknown) => deps.log.error({ err: String(err), action: what.action }, 'could not record an event'));
}
