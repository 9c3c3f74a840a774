// A small HTTP client with a cookie jar, for driving the real API the way the browser does.

import { createHash } from 'node:crypto';
import type { TestServer } from './server.ts';

/** One person's session against the API. */
export class ApiClient {
  cookie = '';
  constructor(readonly base: string) {}

  /** Sends a request; returns status and parsed JSON (or null). */
  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(this.base + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const set = res.headers.getSetCookie();
    for (const line of set) {
      const pair = line.split(';')[0] ?? '';
      this.cookie = pair.endsWith('=') ? '' : pair;
    }
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    return { status: res.status, json: json as Record<string, unknown> & Array<Record<string, unknown>>, headers: res.headers, text };
  }

  post(path: string, body?: unknown) {
    return this.request('POST', path, body ?? {});
  }
  get(path: string) {
    return this.request('GET', path);
  }
}

/** Creates the first coordinator and signs them in. */
export async function setupCoordinator(server: TestServer): Promise<ApiClient> {
  const api = new ApiClient(server.url);
  const res = await api.post('/api/setup', {
    token: server.setupToken,
    name: 'Casey Coordinator',
    email: 'casey@example.org',
    password: 'a long invented password',
  });
  if (res.status !== 201) throw new Error(`setup failed: ${res.status} ${res.text}`);
  return api;
}

/** Creates a conference and returns its id. */
export async function createConference(coordinator: ApiClient, title = 'Plan for Robin'): Promise<string> {
  const res = await coordinator.post('/api/conferences', { title, youngPersonName: 'Robin', connectionsAtStart: 7 });
  if (res.status !== 201) throw new Error(`create conference failed: ${res.status} ${res.text}`);
  return String(res.json.id);
}

/** Makes an invite and returns its secret token (from the url's fragment) and ids. */
export async function invite(coordinator: ApiClient, conferenceId: string, role: string, displayName = 'Invented Person', familySide?: boolean) {
  const res = await coordinator.post(`/api/conferences/${conferenceId}/invites`, { displayName, role, ...(familySide === undefined ? {} : { familySide }) });
  if (res.status !== 201) throw new Error(`invite failed: ${res.status} ${res.text}`);
  const url = String(res.json.url);
  return { id: String(res.json.id), url, token: url.slice(url.indexOf('#') + 1) };
}

/** Joins through an invite token; returns the participant's signed-in client. */
export async function join(server: TestServer, token: string): Promise<ApiClient> {
  const api = new ApiClient(server.url);
  const res = await api.post('/api/join', { token });
  if (res.status !== 200) throw new Error(`join failed: ${res.status} ${res.text}`);
  return api;
}

/** What a GET answered, byte for byte (a download, or bytes whose digest matters): status, headers, bytes and their SHA-256. */
export interface Served {
  status: number;
  headers: Headers;
  bytes: Buffer;
  sha256: string;
  json(): Record<string, unknown>;
}

/** GETs `path` with `api`'s session and keeps the exact bytes of the answer. */
export async function served(api: ApiClient, path: string): Promise<Served> {
  const res = await fetch(`${api.base}${path}`, { headers: api.cookie ? { cookie: api.cookie } : {} });
  const bytes = Buffer.from(await res.arrayBuffer());
  return {
    status: res.status,
    headers: res.headers,
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    json: () => JSON.parse(bytes.toString('utf8')) as Record<string, unknown>,
  };
}
