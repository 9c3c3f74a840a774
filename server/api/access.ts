// Who may see or run a conference, as every conference route asks it: the conference named in the
// path if this principal may see it (404 otherwise — never 403, so ids stay private), and the roles.

import type * as Y from 'yjs';
import { BoardError } from '../../shared/board.ts';
import { conferenceId as toConferenceId, isIdShaped } from '../../shared/ids.ts';
import type { CoordinatorId } from '../../shared/ids.ts';
import type { Principal } from '../auth/session.ts';
import type { Deps } from '../deps.ts';
import { fail } from '../http/errors.ts';
import type { Author, ConferenceRecord } from '../store/types.ts';

/** Fails with 401/403 unless a coordinator is signed in; their id. */
export function requireCoordinator(who: Principal | null): CoordinatorId {
  if (!who) fail(401, 'You are not signed in.');
  if (who.kind !== 'coordinator') fail(403, 'Only the coordinator can do this.');
  return who.coordinator.id;
}

/** Fails with 401/403 unless an invited participant is signed in. */
export function requireParticipant(who: Principal | null): Extract<Principal, { kind: 'participant' }> {
  if (!who) fail(401, 'You are not signed in.');
  if (who.kind !== 'participant') fail(403, 'Only people invited to the conference can do this.');
  return who;
}

/** The author a principal writes as. */
export function authorOf(who: Principal): Author {
  return who.kind === 'coordinator' ? { kind: 'coordinator', id: who.coordinator.id } : { kind: 'participant', id: who.invite.participantId };
}

/** The conference lookups the routes share. */
export function conferenceAccess(deps: Deps) {
  /** The conference named in the path, if this principal may see it. */
  async function visibleConference(rawId: string | undefined, who: Principal | null): Promise<ConferenceRecord> {
    if (!who) fail(401, 'You are not signed in.');
    const conference = rawId !== undefined && isIdShaped(rawId) ? await deps.store.conferences.get(toConferenceId(rawId)) : null;
    const visible =
      conference !== null && (who.kind === 'coordinator' ? conference.createdBy === who.coordinator.id : conference.id === who.conferenceId);
    if (!visible) fail(404, 'There is no conference with that id.');
    return conference;
  }

  /** The conference named in the path, if the signed-in coordinator runs it. */
  async function ownConference(rawId: string | undefined, who: Principal | null): Promise<ConferenceRecord> {
    requireCoordinator(who);
    return visibleConference(rawId, who);
  }

  /** A server change to a conference's board; a refusal by the board's own checks answers 409. */
  async function boardChange(id: ConferenceRecord['id'], mutate: (doc: Y.Doc) => void): Promise<void> {
    try {
      await deps.rooms.change(id, 'board', mutate);
    } catch (err) {
      if (err instanceof BoardError) fail(409, err.message);
      throw err;
    }
  }

  /**
   * Fails with 409 during private family time: the board is the family's then, and those out of the
   * room (the coordinator included) see what it says again when they are invited back.
   */
  function notDuringPrivateTime(conference: ConferenceRecord): void {
    if (conference.phase === 'private') fail(409, 'It is private family time: the board is the family’s until they invite you back.');
  }

  return { visibleConference, ownConference, boardChange, notDuringPrivateTime };
}
