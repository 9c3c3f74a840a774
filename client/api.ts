// The server's REST API: calls typed from the server's own routes (hono/client's `hc`), and one
// reader for every answer (JSON, same-origin cookies, {error} → thrown ApiError).
import { hc, type ClientRequestOptions, type ClientResponse, type InferRequestType } from 'hono/client';
import type { SuccessStatusCode } from 'hono/utils/http-status';
import type { Plan } from '../shared/plan.ts';
// Types only: nothing from server/ is in the browser bundle.
import type { AccountRoutes, ConferenceRoutes, JoinRoutes, PlanLinkRoutes } from '../server/api/types.ts';

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

/** What a failed fetch (no answer at all) tells the person. */
export const NETWORK_PROBLEM = 'We could not reach the board server. Check your internet connection and try again.';

/** The part of an answer that is read: a fetch Response, or hc's typed view of one. */
type Answered = Pick<Response, 'ok' | 'status' | 'text'>;

/** The parsed answer of a request already sent (e.g. by early-join.js); ApiError with a readable sentence on failure. */
export async function answerOf<T>(sent: Promise<Answered>): Promise<T> {
  let response: Answered;
  try {
    response = await sent;
  } catch {
    // reason: fetch rejects only for network failures, whose own message is not for people.
    throw new ApiError(NETWORK_PROBLEM, 0);
  }
  // An empty answer (204) reads as null, as the route's type (`c.body(null, 204)`) says.
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

/** The body of a typed answer whose status is a success, as its route's `c.json(…)` declares it. */
type Success<R> = R extends ClientResponse<infer Body, infer Status, infer _Format> ? (Status extends SuccessStatusCode ? Body : never) : never;
/** What a call answers when it succeeds. */
type Answer<Call extends (...args: never[]) => Promise<unknown>> = Success<Awaited<ReturnType<Call>>>;
/** The JSON body a route declares (its zod schema's input). */
type BodyOf<Call> = InferRequestType<Call> extends { json: infer Body } ? Body : never;

/** Reads a typed call's answer: the body its route declares for success, or ApiError. */
function answer<R extends Answered>(sent: Promise<R>): Promise<Success<R>> {
  return answerOf<Success<R>>(sent);
}

// The three clients' types, named once for the answer types below.
type AccountClient = ReturnType<typeof hc<AccountRoutes>>;
type ConferencesClient = ReturnType<typeof hc<ConferenceRoutes>>;
type ConferenceClient = ConferencesClient[':id'];
type JoinClient = ReturnType<typeof hc<JoinRoutes>>;
type PlanLinkClient = ReturnType<typeof hc<PlanLinkRoutes>>;

/** Who is signed in: the coordinator, or a participant who joined through an invite link. */
export type Me = Answer<AccountClient['me']['$get']>;
/** The signed-in coordinator's account. */
export type CoordinatorMe = Extract<Me, { kind: 'coordinator' }>;
/** A conference as the API lists it; `versions` are the numbers of its agreed versions, oldest first. */
export type Conference = Answer<ConferenceClient['$get']>;
/** An invite as the coordinator sees it (never with its secret). */
export type Invite = Answer<ConferenceClient['invites']['$get']>[number];
/** Where an invite stands. */
export type InviteStatus = Invite['status'];
/** A newly made invite: the url holds the secret and is shown once. */
export type NewInvite = Answer<ConferenceClient['invites']['$post']>;
/** What joining through an invite answers. */
export type Joined = Answer<JoinClient['index']['$post']>;
/** One line of the record of who did what (the JSON answer; `?format=csv` is a download the page links to). */
export type HistoryLine = Exclude<Answer<ConferenceClient['history']['$get']>, string>[number];
/** An agreed version of the plan, as listed. */
export type PlanVersion = Answer<ConferenceClient['plans']['$get']>[number];
/** Whether sending is set up on this server, and the deliveries of a version. */
export type DeliveryStatus = Answer<ConferenceClient['plans'][':version']['send']['$get']>;
/** One delivery of an agreed plan to the care record. */
export type Delivery = Answer<ConferenceClient['plans'][':version']['send']['$post']>;
/** New links for the same people, made in one step before a review (each url shown once). */
export type Reinvited = Answer<ConferenceClient['invites']['reinvite']['$post']>['invites'][number];
/** The conference's details the coordinator may change on screen. */
export type DetailsPatch = BodyOf<ConferenceClient['$patch']>;
/** A way of sending someone their link, when the server is set up for it. */
export type SendChannel = BodyOf<ConferenceClient['invites'][':inviteId']['send']['$post']>['channel'];
/** The agreed plan read through a link a family member kept (the family copy). */
export type PlanByLink = Answer<PlanLinkClient['index']['$post']>;
/** Who added and who last changed a card (participant or coordinator ids), and when. */
export type EntryAuthors = Answer<ConferenceClient['authors']['$get']>[string];
/** What a family tree file (GEDCOM) would bring onto the board: read by the server, nothing written. */
export type FamilyPreview = Answer<ConferenceClient['family']['import']['$post']>;
/** Someone in a conference, for showing names against the ids the board stores. */
export type Participant = Answer<ConferenceClient['participants']['$get']>[number];

/** Where the calls go and how they are sent; the browser uses the defaults. */
export interface ApiOptions {
  /** The server's origin; '' (the page's own) in the browser. */
  origin?: string;
  /** The fetch to send with; the global one by default (a Node test passes one that keeps the session cookie). */
  fetch?: typeof fetch;
}

/** The calls the client makes, one per endpoint, typed from the server's routes. */
export function createApi({ origin = '', fetch: send }: ApiOptions = {}) {
  const options: ClientRequestOptions = {
    headers: { accept: 'application/json' },
    init: { credentials: 'same-origin' },
    ...(send === undefined ? {} : { fetch: send }),
  };
  const account = hc<AccountRoutes>(`${origin}/api`, options);
  const conferences = hc<ConferenceRoutes>(`${origin}/api/conferences`, options);
  const conference = conferences[':id'];
  const joining = hc<JoinRoutes>(`${origin}/api/join`, options);
  const planLinks = hc<PlanLinkRoutes>(`${origin}/api/plan-link`, options);
  // hc writes path parameters into the path as they are: escape them, as the server reads them decoded.
  const at = (id: string) => ({ id: encodeURIComponent(id) });
  const invite = (id: string, inviteId: string) => ({ param: { ...at(id), inviteId: encodeURIComponent(inviteId) } });
  const version = (id: string, v: number) => ({ param: { ...at(id), version: String(v) } });

  return {
    setupNeeded: () => answer(account.setup.$get()),
    setup: (input: BodyOf<typeof account.setup.$post>) => answer(account.setup.$post({ json: input })),
    login: (input: BodyOf<typeof account.login.$post>) => answer(account.login.$post({ json: input })),
    logout: () => answer(account.logout.$post()),
    me: () => answer(account.me.$get()),
    conferences: () => answer(conferences.index.$get()),
    conference: (id: string) => answer(conference.$get({ param: at(id) })),
    createConference: (input: BodyOf<typeof conferences.index.$post>) => answer(conferences.index.$post({ json: input })),
    invites: (id: string) => answer(conference.invites.$get({ param: at(id) })),
    createInvite: (id: string, input: BodyOf<typeof conference.invites.$post>) => answer(conference.invites.$post({ param: at(id), json: input })),
    withdrawInvite: (id: string, inviteId: string) => answer(conference.invites[':inviteId'].$delete(invite(id, inviteId))),
    join: (token: string) => answer(joining.index.$post({ json: { token } })),
    authors: (id: string) => answer(conference.authors.$get({ param: at(id) })),
    participants: (id: string) => answer(conference.participants.$get({ param: at(id) })),
    setPhase: (id: string, phase: BodyOf<typeof conference.phase.$post>['phase']) => answer(conference.phase.$post({ param: at(id), json: { phase } })),
    changeRole: (id: string, inviteId: string, role: BodyOf<(typeof conference.invites)[':inviteId']['$patch']>['role']) =>
      answer(conference.invites[':inviteId'].$patch({ ...invite(id, inviteId), json: { role } })),
    replaceInvite: (id: string, inviteId: string) => answer(conference.invites[':inviteId'].replace.$post({ ...invite(id, inviteId), json: {} })),
    // The route answers CSV only to ?format=csv (a download the page links to), which this call never sends.
    history: (id: string) => answer(conference.history.$get({ param: at(id) })) as Promise<HistoryLine[]>,
    agree: (id: string) => answer(conference.agreements.$post({ param: at(id) })),
    withdrawAgreement: (id: string) => answer(conference.agreements.$delete({ param: at(id) })),
    lock: (id: string, overrideReason?: string) => answer(conference.lock.$post({ param: at(id), json: overrideReason ? { overrideReason } : {} })),
    unlock: (id: string, reason: string) => answer(conference.unlock.$post({ param: at(id), json: { reason } })),
    plans: (id: string) => answer(conference.plans.$get({ param: at(id) })),
    // Hand-typed: the route sends the bytes stored at the lock as they are (`c.body`, so their digest holds); shared/plan.ts has their shape.
    plan: (id: string, v: number) => answerOf<Plan>(conference.plans[':file'].$get({ param: { ...at(id), file: `${v}.json` } })),
    deliveries: (id: string, v: number) => answer(conference.plans[':version'].send.$get(version(id, v))),
    send: (id: string, v: number, input: BodyOf<(typeof conference.plans)[':version']['send']['$post']>) =>
      answer(conference.plans[':version'].send.$post({ ...version(id, v), json: input })),
    deleteConference: (id: string) => answer(conference.$delete({ param: at(id) })),
    updateConference: (id: string, patch: DetailsPatch) => answer(conference.$patch({ param: at(id), json: patch })),
    changeInvite: (id: string, inviteId: string, patch: BodyOf<(typeof conference.invites)[':inviteId']['$patch']>) =>
      answer(conference.invites[':inviteId'].$patch({ ...invite(id, inviteId), json: patch })),
    reinvite: (id: string, inviteIds: string[]) => answer(conference.invites.reinvite.$post({ param: at(id), json: { inviteIds } })),
    sendInvite: (id: string, inviteId: string, input: BodyOf<(typeof conference.invites)[':inviteId']['send']['$post']>) =>
      answer(conference.invites[':inviteId'].send.$post({ ...invite(id, inviteId), json: input })),
    keepPlanLink: (id: string, v: number) => answer(conference.plans[':version'].link.$post(version(id, v))),
    planByLink: (token: string) => answer(planLinks.index.$post({ json: { token } })),
    /** The family copy as a file, by a kept link: a Blob to save (the link is not a session, so no plain download link works). */
    planFileByLink: async (token: string, format: 'pdf' | 'docx' | 'ged') => {
      let response: Response;
      try {
        response = await planLinks.file.$post({ json: { token, format } });
      } catch {
        // reason: fetch rejects only for network failures, whose own message is not for people.
        throw new ApiError(NETWORK_PROBLEM, 0);
      }
      if (!response.ok) return answerOf<never>(Promise.resolve(response));
      const disposition = response.headers.get('content-disposition') ?? '';
      const name = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1];
      return { blob: await response.blob(), fileName: name === undefined ? `plan.${format}` : decodeURIComponent(name) };
    },
    /** Reads a family tree file into a preview; the body is the file's bytes as they are (the route takes no JSON). */
    familyImport: (id: string, file: Blob) => answer(conference.family.import.$post({ param: at(id) }, { init: { body: file } })),
    planDiff: (id: string, a: number, b: number) => answer(conference.plans[':a'].diff[':b'].$get({ param: { ...at(id), a: String(a), b: String(b) } })),
    /** During private family time, the family tells those outside they are ready. */
    ready: (id: string) => answer(conference.ready.$post({ param: at(id) })),
    /** For those outside: how many of the family are on the board and whether they are ready. */
    privateTime: (id: string) => answer(conference['private-time'].$get({ param: at(id) })),
  };
}

/** The browser's calls: same origin, the page's own fetch and cookies. */
export const api = createApi();
