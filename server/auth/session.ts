// Sessions: a random secret in an HttpOnly SameSite cookie, only its hash in the store.

import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { parse as parseCookieHeader } from 'hono/utils/cookie';
import { inviteId, type ConferenceId } from '../../shared/ids.ts';
import type { CoordinatorRecord, InviteRecord, SessionRecord, Store } from '../store/types.ts';
import { hashSecret, isSecretShaped, newSecret } from './secrets.ts';

/** The cookie's name. */
export const SESSION_COOKIE = 'llb_session';
/** A coordinator stays signed in for a working day. */
export const COORDINATOR_SESSION_MS = 12 * 60 * 60 * 1000;
/** A participant stays signed in on their device for the life of a conference and its review. */
export const PARTICIPANT_SESSION_MS = 90 * 24 * 60 * 60 * 1000;

/** Who is making a request, as established from the session cookie. */
export type Principal =
  | { kind: 'coordinator'; sessionHash: string; coordinator: CoordinatorRecord }
  | { kind: 'participant'; sessionHash: string; invite: InviteRecord; conferenceId: ConferenceId };

type NewSession =
  | { kind: 'coordinator'; coordinatorId: CoordinatorRecord['id'] }
  | { kind: 'participant'; participantId: InviteRecord['participantId']; conferenceId: ConferenceId };

/** Stores a new session and sets its cookie on the answer. */
export async function startSession(c: Context, store: Store, secure: boolean, session: NewSession): Promise<void> {
  const secret = newSecret();
  const now = Date.now();
  const lifetime = session.kind === 'coordinator' ? COORDINATOR_SESSION_MS : PARTICIPANT_SESSION_MS;
  const record: SessionRecord = { ...session, idHash: hashSecret(secret), createdAt: now, expiresAt: now + lifetime };
  await store.createSession(record);
  setCookie(c, SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: 'Lax',
    secure,
    path: '/',
    maxAge: Math.floor(lifetime / 1000),
  });
}

/** Ends the request's session (if any) and clears the cookie. */
export async function endSession(c: Context, store: Store): Promise<void> {
  const secret = getCookie(c, SESSION_COOKIE);
  if (isSecretShaped(secret)) await store.deleteSession(hashSecret(secret));
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

/** The principal behind a Cookie header, or null (no cookie, unknown, expired, or invite withdrawn). */
export async function principalFromCookieHeader(store: Store, header: string | undefined): Promise<Principal | null> {
  if (!header) return null;
  const secret = parseCookieHeader(header, SESSION_COOKIE)[SESSION_COOKIE];
  if (!isSecretShaped(secret)) return null;
  const sessionHash = hashSecret(secret);
  const session = await store.findSession(sessionHash, Date.now());
  if (!session) return null;
  switch (session.kind) {
    case 'coordinator': {
      const coordinator = await store.getCoordinator(session.coordinatorId);
      return coordinator ? { kind: 'coordinator', sessionHash, coordinator } : null;
    }
    case 'participant': {
      // A participant's id is their invite's id (one row: see store/types.ts).
      const invite = await store.getInvite(inviteId(session.participantId));
      if (!invite || invite.revokedAt !== null || invite.conferenceId !== session.conferenceId) return null;
      return { kind: 'participant', sessionHash, invite, conferenceId: session.conferenceId };
    }
  }
}
