// The server's REST API: one fetch wrapper (JSON, same-origin cookies, {error} → thrown ApiError) and typed calls.
import type { Role } from '../shared/roles.ts';
import type { Phase } from '../shared/phases.ts';
import type { Plan } from '../shared/plan.ts';
import type { PlanDiff } from '../shared/planDiff.ts';

/** A refusal from the server, carrying its readable sentence and HTTP status. */
export class ApiError extends Error {
  readonly status: number;
  /** The whole answer, for refusals that say more than a sentence (e.g. the lock's `missing`). */
  readonly body: unknown;
  constructor(message: string, status: number, body: unknown = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
  }
}

const NETWORK_PROBLEM = 'We could not reach the board server. Check your internet connection and try again.';

/** Sends a JSON request and returns the parsed answer; throws ApiError with a readable sentence on failure. */
export function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  return answerOf<T>(
    fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
}

/** The parsed answer of a request already sent (e.g. by early-join.js); ApiError with a readable sentence on failure. */
export async function answerOf<T>(sent: Promise<Response>): Promise<T> {
  let response: Response;
  try {
    response = await sent;
  } catch {
    // reason: fetch rejects only for network failures, whose own message is not for people.
    throw new ApiError(NETWORK_PROBLEM, 0);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    // reason: a non-JSON answer (e.g. a proxy error page) is reported below as a plain failure.
    data = null;
  }
  if (!response.ok) {
    const message = isErrorBody(data) ? data.error : `Something went wrong (error ${response.status}). Please try again.`;
    throw new ApiError(message, response.status, data);
  }
  return data as T;
}

function isErrorBody(data: unknown): data is { error: string } {
  return typeof data === 'object' && data !== null && typeof (data as { error?: unknown }).error === 'string';
}

/** The signed-in coordinator's account. */
export interface CoordinatorMe { kind: 'coordinator'; id: string; name: string; email: string }
/** A participant who joined through an invite link. */
export interface ParticipantMe { kind: 'participant'; participantId: string; displayName: string; role: Role; conferenceId: string }
export type Me = CoordinatorMe | ParticipantMe;

/** A conference as the API lists it. */
export interface Conference {
  id: string;
  title: string;
  youngPersonName: string;
  scheduledFor: string | null;
  connectionsAtStart: number;
  phase: Phase;
  locked: boolean;
  /** The numbers of the plan's agreed versions, oldest first. */
  versions: number[];
  createdAt: string;
}

export type InviteStatus = 'waiting' | 'joined' | 'expired' | 'withdrawn';
/** An invite as the coordinator sees it (never with its secret). */
export interface Invite {
  id: string;
  displayName: string;
  role: Role;
  createdAt: string;
  expiresAt: string;
  joinedAt: string | null;
  usedAt: string | null;
  /** When they last had the board open. */
  lastSeenAt: string | null;
  /** True while they have the board open. */
  online: boolean;
  revoked: boolean;
  revokedAt: string | null;
  /** The room's screen, staying on the family's side during private family time. */
  familySide: boolean;
  status: InviteStatus;
}
/** A newly made invite: the url holds the secret and is shown once. */
export interface NewInvite { id: string; url: string; expiresAt: string }
/** What joining through an invite answers. */
export interface Joined { conferenceId: string; participantId: string; role: Role; displayName: string }

/** One line of the record of who did what. */
export interface HistoryLine { at: string; who: string; role: string; what: string; count: number }

/** An agreed version of the plan, as listed. */
export interface PlanVersion { version: number; lockedAt: string; sha256: string }

/** One delivery of an agreed plan to the care record. */
export interface Delivery {
  id: string;
  version: number;
  copy: 'full' | 'family';
  status: 'queued' | 'delivered' | 'failed';
  createdAt: string;
  attempts: number;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  responseStatus: number | null;
  lastError: string | null;
}
/** Whether sending is set up on this server, and the deliveries of a version. */
export interface DeliveryStatus { configured: boolean; deliveries: Delivery[] }

/** Who added and who last changed a card (participant or coordinator ids), and when. */
export interface EntryAuthors { addedBy: string | null; addedAt: string | null; changedBy: string | null; changedAt: string | null }

/** Someone in a conference, for showing names against the ids the board stores. */
export interface Participant { id: string; displayName: string; role: Role | 'coordinator'; withdrawn: boolean }

/** The calls the client makes, one per endpoint. */
export const api = {
  setupNeeded: () => request<{ needed: boolean }>('GET', '/api/setup'),
  setup: (input: { token: string; name: string; email: string; password: string }) => request<CoordinatorMe>('POST', '/api/setup', input),
  login: (input: { email: string; password: string }) => request<CoordinatorMe>('POST', '/api/login', input),
  logout: () => request<{ ok: true }>('POST', '/api/logout'),
  me: () => request<Me>('GET', '/api/me'),
  conferences: () => request<Conference[]>('GET', '/api/conferences'),
  conference: (id: string) => request<Conference>('GET', `/api/conferences/${encodeURIComponent(id)}`),
  createConference: (input: { title: string; youngPersonName: string; scheduledFor?: string; connectionsAtStart?: number }) =>
    request<{ id: string }>('POST', '/api/conferences', input),
  invites: (id: string) => request<Invite[]>('GET', `/api/conferences/${encodeURIComponent(id)}/invites`),
  createInvite: (id: string, input: { displayName: string; role: Role; familySide?: boolean }) =>
    request<NewInvite>('POST', `/api/conferences/${encodeURIComponent(id)}/invites`, input),
  withdrawInvite: (id: string, inviteId: string) =>
    request<void>('DELETE', `/api/conferences/${encodeURIComponent(id)}/invites/${encodeURIComponent(inviteId)}`),
  join: (token: string) => request<Joined>('POST', '/api/join', { token }),
  authors: (id: string) => request<Record<string, EntryAuthors>>('GET', `/api/conferences/${encodeURIComponent(id)}/authors`),
  participants: (id: string) => request<Participant[]>('GET', `/api/conferences/${encodeURIComponent(id)}/participants`),
  setPhase: (id: string, phase: Phase) => request<{ phase: Phase }>('POST', `/api/conferences/${encodeURIComponent(id)}/phase`, { phase }),
  changeRole: (id: string, inviteId: string, role: Role) =>
    request<{ id: string; role: Role }>('PATCH', `/api/conferences/${encodeURIComponent(id)}/invites/${encodeURIComponent(inviteId)}`, { role }),
  replaceInvite: (id: string, inviteId: string) =>
    request<NewInvite>('POST', `/api/conferences/${encodeURIComponent(id)}/invites/${encodeURIComponent(inviteId)}/replace`, {}),
  history: (id: string) => request<HistoryLine[]>('GET', `/api/conferences/${encodeURIComponent(id)}/history`),
  agree: (id: string) => request<{ participantId: string; agreedAt: string }>('POST', `/api/conferences/${encodeURIComponent(id)}/agreements`, {}),
  withdrawAgreement: (id: string) => request<void>('DELETE', `/api/conferences/${encodeURIComponent(id)}/agreements`),
  lock: (id: string, overrideReason?: string) =>
    request<{ version: number; sha256: string }>('POST', `/api/conferences/${encodeURIComponent(id)}/lock`, overrideReason ? { overrideReason } : {}),
  unlock: (id: string, reason: string) => request<{ draftVersion: number }>('POST', `/api/conferences/${encodeURIComponent(id)}/unlock`, { reason }),
  plans: (id: string) => request<PlanVersion[]>('GET', `/api/conferences/${encodeURIComponent(id)}/plans`),
  plan: (id: string, version: number) => request<Plan>('GET', `/api/conferences/${encodeURIComponent(id)}/plans/${version}.json`),
  deliveries: (id: string, version: number) => request<DeliveryStatus>('GET', `/api/conferences/${encodeURIComponent(id)}/plans/${version}/send`),
  send: (id: string, version: number, input: { copy: 'full' | 'family'; childRecordId?: string }) =>
    request<Delivery>('POST', `/api/conferences/${encodeURIComponent(id)}/plans/${version}/send`, input),
  deleteConference: (id: string) => request<void>('DELETE', `/api/conferences/${encodeURIComponent(id)}`),
  planDiff: (id: string, a: number, b: number) => request<PlanDiff>('GET', `/api/conferences/${encodeURIComponent(id)}/plans/${a}/diff/${b}`),
};
