// Sessions: a random secret in an HttpOnly SameSite cookie, only its hash in the store.

import type { Context } from 'hono';
import { inviteId, type ConferenceId } from '../../shared/ids.ts';
import { CLOSE } from '../../shared/protocol.ts';
import type { CoordinatorRecord, InviteRecord, SessionRecord, Store } from '../store/types.ts';
import type { Deps } from '../deps.ts';
import { clearSessionCookie, sessionSecret, sessionSecretFromHeader, setSessionCookie } from '../http/cookies.ts';
import { hashSecret, isSecretShaped, newSecret } from './secrets.ts';

/** Who is making a request, as established from the session cookie. */
export type Principal =
  | { kind: 'coordinator'; sessionHash: string; expiresAt: number; coordinator: CoordinatorRecord }
  | { kind: 'participant'; sessionHash: string; expiresAt: number; invite: InviteRecord; conferenceId: ConferenceId };

type NewSession =
  | { kind: 'coordinator'; coordinatorId: CoordinatorRecord['id'] }
  | { kind: 'participant'; participantId: InviteRecord['participantId']; conferenceId: ConferenceId };

/**
 * Stores a new session and sets its cookie on the answer. A session this device already had is
 * replaced: it ends everywhere at once, its open live sockets included.
 */
export async function startSession(c: Context, deps: Deps, session: NewSession, opts: { replaceParticipantSessions?: boolean } = {}): Promise<string> {
  await endCurrentSession(c, deps);
  const secret = newSecret();
  const now = Date.now();
  // A coordinator stays signed in for a working day; a participant's device for the life of a
  // conference and its review (both set in config.ts).
  const lifetime = session.kind === 'coordinator' ? deps.config.coordinatorSessionMs : deps.config.participantSessionMs;
  const record: SessionRecord = { ...session, idHash: hashSecret(secret), createdAt: now, expiresAt: now + lifetime };
  await deps.store.accounts.createSession(record, opts);
  setSessionCookie(c, secret, deps.config, lifetime);
  return record.idHash;
}

/** Ends the request's session (if any) everywhere at once, its live sockets included, and clears the cookie. */
export async function endSession(c: Context, deps: Deps): Promise<void> {
  await endCurrentSession(c, deps);
  clearSessionCookie(c);
}

async function endCurrentSession(c: Context, deps: Deps): Promise<void> {
  const secret = sessionSecret(c);
  if (!isSecretShaped(secret)) return;
  const sessionHash = hashSecret(secret);
  await deps.store.accounts.deleteSession(sessionHash);
  // After the delete: a socket opening now finds no session, and every open one closes.
  const closed = deps.rooms.closeSession(sessionHash, CLOSE.signedOut);
  if (closed > 0) deps.log.info({ sockets: closed }, 'session ended; its live sockets closed');
}

/** The principal behind a Cookie header, or null (no cookie, unknown, expired, or invite withdrawn). */
export async function principalFromCookieHeader(store: Store, header: string | undefined): Promise<Principal | null> {
  if (!header) return null;
  const secret = sessionSecretFromHeader(header);
  if (!isSecretShaped(secret)) return null;
  const sessionHash = hashSecret(secret);
  const session = await store.accounts.findSession(sessionHash, Date.now());
  if (!session) return null;
  const { expiresAt } = session;
  switch (session.kind) {
    case 'coordinator': {
      const coordinator = await store.accounts.getCoordinator(session.coordinatorId);
      return coordinator ? { kind: 'coordinator', sessionHash, expiresAt, coordinator } : null;
    }
    case 'participant': {
      // A participant's id is their invite's id (one row: see store/types.ts).
      const invite = await store.conferences.getInvite(inviteId(session.participantId));
      if (!invite || invite.revokedAt !== null || invite.conferenceId !== session.conferenceId) return null;
      return { kind: 'participant', sessionHash, expiresAt, invite, conferenceId: session.conferenceId };
    }
  }
}
