// Our server's real API, as a person would use it: first-run setup, a conference, one invite per
// participant, and the join that turns an invite into a session cookie.

import { SETUP_TOKEN } from './servers.ts';

const SESSION_COOKIE = 'llb_session';
const REQUEST_TIMEOUT_MS = 30_000;

async function call(base: string, method: string, route: string, body: unknown, cookie: string | null): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (cookie !== null) headers.cookie = cookie;
  const res = await fetch(`${base}${route}`, {
    method,
    headers,
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  if (!res.ok) throw new Error(`${method} ${route} → ${res.status}: ${await res.text()}`);
  return res;
}

function sessionCookie(res: Response): string {
  for (const line of res.headers.getSetCookie()) {
    const match = new RegExp(`^${SESSION_COOKIE}=([^;]+)`).exec(line);
    if (match) return `${SESSION_COOKIE}=${match[1]}`;
  }
  throw new Error('no session cookie in the answer');
}

/** A participant who has joined: their session cookie and the id they write as. */
export interface Joined {
  cookie: string;
  participantId: string;
}

/** A signed-in coordinator of one server. */
export class OursApi {
  private constructor(
    private readonly base: string,
    private readonly coordinatorCookie: string,
  ) {}

  /** Creates the first coordinator account with SETUP_TOKEN (POST /api/setup). */
  static async setup(port: number): Promise<OursApi> {
    const base = `http://127.0.0.1:${port}`;
    const res = await call(base, 'POST', '/api/setup', {
      token: SETUP_TOKEN,
      name: 'Bench Coordinator',
      email: 'bench@example.org',
      password: 'bench-password-0123',
    }, null);
    return new OursApi(base, sessionCookie(res));
  }

  /** Creates a conference (POST /api/conferences); returns its id. */
  async conference(title: string): Promise<string> {
    const res = await call(this.base, 'POST', '/api/conferences', { title, youngPersonName: 'Sam', connectionsAtStart: 3 }, this.coordinatorCookie);
    const { id } = (await res.json()) as { id: string };
    return id;
  }

  /** Invites one participant; returns their invite link (to open in a browser). */
  async inviteLink(conferenceId: string, name: string): Promise<string> {
    const invite = await call(this.base, 'POST', `/api/conferences/${conferenceId}/invites`, { displayName: name, role: 'network' }, this.coordinatorCookie);
    const { url } = (await invite.json()) as { url: string };
    // The server's PUBLIC_URL may name another host; the bench reaches it at its own base.
    return `${this.base}${url.slice(url.indexOf('/join'))}`;
  }

  /** Invites one participant and joins with the link's #token; returns their session cookie and id. */
  async participant(conferenceId: string, name: string): Promise<Joined> {
    const invite = await call(
      this.base,
      'POST',
      `/api/conferences/${conferenceId}/invites`,
      { displayName: name, role: 'network' },
      this.coordinatorCookie,
    );
    const { url } = (await invite.json()) as { url: string };
    const token = url.slice(url.indexOf('#') + 1);
    const joined = await call(this.base, 'POST', '/api/join', { token }, null);
    const { participantId } = (await joined.json()) as { participantId: string };
    return { cookie: sessionCookie(joined), participantId };
  }

  /** `count` participants of one conference, `concurrency` requests at a time. */
  async participants(conferenceId: string, count: number, concurrency = 4): Promise<Joined[]> {
    const out: Joined[] = new Array<Joined>(count);
    let next = 0;
    const lane = async () => {
      while (next < count) {
        const i = next;
        next += 1;
        out[i] = await this.participant(conferenceId, `Participant ${i + 1}`);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
    return out;
  }
}
