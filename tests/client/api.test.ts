// The client's typed calls (client/api.ts) against the real server, in Node: answers, refusals as
// ApiError, a failed fetch as the plain sentence; and types that follow the server's routes.

import net from 'node:net';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { ApiError, createApi, NETWORK_PROBLEM, type Conference, type Invite, type Me, type PlanVersion } from '../../client/api.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

/** One request as it left the client. */
interface Sent {
  url: string;
  method: string;
  headers: Headers;
  credentials: RequestCredentials | undefined;
}

/** A fetch that keeps the session cookie as a browser would, and notes what each request sent. */
function browserLikeFetch(sent: Sent[] = []): typeof fetch {
  let cookie = '';
  return async (input, init) => {
    const headers = new Headers(init?.headers);
    sent.push({ url: String(input), method: init?.method ?? 'GET', headers: new Headers(headers), credentials: init?.credentials });
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(input, { ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';')[0] ?? '';
      cookie = pair.endsWith('=') ? '' : pair;
    }
    return response;
  };
}

/** A port nothing listens on: taken, then let go. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** The refusal a call ends in (fails the test if it succeeds). */
async function refusal(call: Promise<unknown>): Promise<ApiError> {
  const outcome = await call.then(
    () => null,
    (err: unknown) => err,
  );
  expect(outcome).toBeInstanceOf(ApiError);
  return outcome as ApiError;
}

let server: TestServer;
const sent: Sent[] = [];
let coordinator: ReturnType<typeof createApi>;

beforeAll(async () => {
  server = await startServer();
  coordinator = createApi({ origin: server.url, fetch: browserLikeFetch(sent) });
});
afterAll(async () => {
  await server.stop();
});

describe('the typed API client', () => {
  it('sets up the first coordinator, who is then signed in', async () => {
    expect(await coordinator.setupNeeded()).toEqual({ needed: true });
    const made = await coordinator.setup({ token: server.setupToken, name: 'Casey Coordinator', email: 'Casey@Example.org', password: 'a long invented password' });
    expect(made).toMatchObject({ kind: 'coordinator', name: 'Casey Coordinator', email: 'casey@example.org' });
    const me = await coordinator.me();
    expect(me.kind).toBe('coordinator');
    if (me.kind === 'coordinator') expect(me.id).toBe(made.id);
    expect(await coordinator.setupNeeded()).toEqual({ needed: false });
  });

  it('sends same-origin credentials and asks for JSON, with a JSON body where there is one', async () => {
    const login = sent.find((s) => s.method === 'POST' && s.url.endsWith('/api/setup'));
    expect(login?.credentials).toBe('same-origin');
    expect(login?.headers.get('accept')).toBe('application/json');
    expect(login?.headers.get('content-type')).toBe('application/json');
    const read = sent.find((s) => s.method === 'GET' && s.url.endsWith('/api/me'));
    expect(read?.credentials).toBe('same-origin');
    expect(read?.headers.get('accept')).toBe('application/json');
  });

  it('creates a conference and finds it in the list and by its id', async () => {
    const { id } = await coordinator.createConference({ title: 'Plan for Sam', youngPersonName: 'Sam', connectionsAtStart: 5 });
    const list = await coordinator.conferences();
    expect(list.map((c) => c.id)).toContain(id);
    const one = await coordinator.conference(id);
    expect(one).toMatchObject({ id, title: 'Plan for Sam', youngPersonName: 'Sam', connectionsAtStart: 5, phase: 'preparing', locked: false, versions: [] });
    expect(await coordinator.plans(id)).toEqual([]);
  });

  it('invites someone, who joins with the link and is signed in as that participant', async () => {
    const { id } = await coordinator.createConference({ title: 'Plan for Alex', youngPersonName: 'Alex' });
    const made = await coordinator.createInvite(id, { displayName: 'Aunt Jo', role: 'network' });
    const token = made.url.slice(made.url.indexOf('#') + 1);
    const jo = createApi({ origin: server.url, fetch: browserLikeFetch() });
    const joined = await jo.join(token);
    expect(joined).toMatchObject({ conferenceId: id, role: 'network', displayName: 'Aunt Jo' });
    expect(await jo.me()).toMatchObject({ kind: 'participant', participantId: joined.participantId, conferenceId: id });
    const [invite] = await coordinator.invites(id);
    expect(invite).toMatchObject({ id: made.id, displayName: 'Aunt Jo', status: 'joined', revoked: false });
    // A 204 reads as null, as the route declares.
    expect(await coordinator.withdrawInvite(id, made.id)).toBeNull();
    expect((await coordinator.invites(id))[0]?.status).toBe('withdrawn');
  });

  it('turns a refusal into an ApiError with the server’s sentence, status and body', async () => {
    const stranger = createApi({ origin: server.url, fetch: browserLikeFetch() });
    const notSignedIn = await refusal(stranger.conferences());
    expect(notSignedIn.status).toBe(401);
    expect(notSignedIn.message).toBe('You are not signed in.');
    expect(notSignedIn.body).toEqual({ error: 'You are not signed in.' });

    const wrong = await refusal(stranger.login({ email: 'casey@example.org', password: 'not the password at all' }));
    expect(wrong.status).toBe(401);
    expect(wrong.message).toBe('That email and password do not match an account.');

    // Path parameters are escaped: a slash in an id names no other route.
    const missing = await refusal(coordinator.conference('no/such'));
    expect(missing.status).toBe(404);
    expect(missing.message).toBe('There is no conference with that id.');
  });

  it('turns a server it cannot reach into an ApiError with the plain network sentence', async () => {
    const unreachable = createApi({ origin: `http://127.0.0.1:${await closedPort()}`, fetch: browserLikeFetch() });
    const failed = await refusal(unreachable.me());
    expect(failed.status).toBe(0);
    expect(failed.message).toBe(NETWORK_PROBLEM);
  });
});

describe('the typed API client’s types', () => {
  it('follow the fields the server’s routes answer with', () => {
    // These fail to compile (npm test runs tsc) when a route renames or retypes a field.
    expectTypeOf<Conference>().not.toBeNever();
    expectTypeOf<Conference>().toHaveProperty('youngPersonName').toEqualTypeOf<string>();
    expectTypeOf<Conference>().toHaveProperty('versions').toEqualTypeOf<number[]>();
    expectTypeOf<Invite['status']>().toEqualTypeOf<'waiting' | 'joined' | 'expired' | 'withdrawn'>();
    expectTypeOf<Invite>().toHaveProperty('lastSeenAt').toEqualTypeOf<string | null>();
    expectTypeOf<Extract<Me, { kind: 'participant' }>>().toHaveProperty('displayName').toEqualTypeOf<string>();
    expectTypeOf<PlanVersion>().toEqualTypeOf<{ version: number; lockedAt: string; sha256: string }>();
    expectTypeOf(coordinator.lock).returns.resolves.toEqualTypeOf<{ version: number; sha256: string }>();
    // Request bodies follow the routes' schemas too.
    expectTypeOf(coordinator.createConference).parameter(0).toHaveProperty('youngPersonName').toEqualTypeOf<string>();
  });
});
