// Helpers for the live-document tests: invited participants on the board, comparing replicas,
// reading /metrics, carrying a session across a server restart, and a seeded random source.

import * as Y from 'yjs';
import WebSocket from 'ws';
import { readBoard } from '../../shared/board.ts';
export { keepPresenceAcrossReconnects } from '../../shared/presence.ts';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { ApiClient, invite, join, setupCoordinator } from './api.ts';
import { connect, type BoardClient } from './client.ts';
import { startServer, type TestServer } from './server.ts';
import { waitFor } from './wait.ts';

/** A participant who joined through their own invite, with their live replica of one document. */
export interface Participant extends BoardClient {
  api: ApiClient;
  inviteId: string;
  participantId: string;
}

/** Invites someone (each invite is single-use), joins with the link, and opens the board. */
export async function joinBoard(
  server: TestServer,
  coordinator: ApiClient,
  conferenceId: string,
  opts: { role?: string; name?: string; doc?: Y.Doc; waitForSync?: boolean; familySide?: boolean } = {},
): Promise<Participant> {
  const made = await invite(coordinator, conferenceId, opts.role ?? 'network', opts.name ?? 'Invented Person', opts.familySide);
  const api = await join(server, made.token);
  const me = await api.get('/api/me');
  const client = await connect(api, conferenceId, 'board', {
    ...(opts.doc ? { doc: opts.doc } : {}),
    ...(opts.waitForSync === false ? { waitForSync: false } : {}),
  });
  return { ...client, api, inviteId: made.id, participantId: String(me.json.participantId ?? made.id) };
}

/** A bare socket on a live document (with the session cookie), for frames no real client sends. */
export async function rawSocket(
  api: ApiClient,
  conferenceId: string,
  docName = 'board',
): Promise<{ ws: WebSocket; closed: Promise<{ code: number; reason: string }> }> {
  const url = `${api.base.replace(/^http/, 'ws')}/sync/${conferenceId}/${docName}`;
  const ws = new WebSocket(url, { headers: api.cookie ? { cookie: api.cookie } : {} });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, closed };
}

/** The same signed-in session, pointed at a (restarted) server on another port. */
export function sameSession(api: ApiClient, server: TestServer): ApiClient {
  const moved = new ApiClient(server.url);
  moved.cookie = api.cookie;
  return moved;
}

/** readBoard as JSON: sorted and validated, so equal boards give equal strings. */
export function boardJson(doc: Y.Doc): string {
  return JSON.stringify(readBoard(doc));
}

/** A document's state vector as a stable string (client ids sorted). */
export function stateVectorKey(doc: Y.Doc): string {
  const sv = Y.decodeStateVector(Y.encodeStateVector(doc));
  return JSON.stringify([...sv.entries()].sort((a, b) => a[0] - b[0]));
}

/** True when every doc has the same state vector, the same delete set and the same board. */
export function sameDocs(docs: readonly Y.Doc[]): boolean {
  const [first, ...rest] = docs;
  if (first === undefined) return true;
  const snap = Y.snapshot(first);
  const json = boardJson(first);
  return rest.every((doc) => Y.equalSnapshots(snap, Y.snapshot(doc)) && boardJson(doc) === json);
}

/** Waits until every client is connected and synced and all their documents are identical. */
export async function waitConverged(clients: readonly BoardClient[], what: string, ms = 15_000): Promise<void> {
  try {
    await waitFor(
      what,
      () => clients.every((c) => c.provider.wsconnected && c.provider.synced) && sameDocs(clients.map((c) => c.doc)),
      ms,
    );
  } catch (err) {
    // Say which client is behind and why, so a failing seed can be understood from the message.
    const states = clients.map((c, i) => `c${i}: ${c.provider.wsconnected ? "connected" : "not connected"}, ${c.provider.synced ? "synced" : "not synced"}, closes ${JSON.stringify(c.closes.slice(-2))}, sv ${stateVectorKey(c.doc)}`);
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n${states.join('\n')}`);
  }
}

/** One counter or gauge from GET /metrics. */
export async function metric(server: TestServer, name: string): Promise<number> {
  const res = await fetch(`${server.url}/metrics`);
  const text = await res.text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  if (line === undefined) throw new Error(`no metric ${name} in:\n${text}`);
  return Number(line.slice(name.length + 1));
}

/** Resolves after `ms` (to let frames travel; never used to assert speed). */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One real server per test file, its coordinator, and the clients a test opened (closed after each test). */
export interface FileServer {
  server: TestServer;
  coordinator: ApiClient;
  open: BoardClient[];
}

/**
 * Registers the hooks that start a server with a coordinator before a file's tests, destroy the
 * clients pushed to `open` after each test, and stop (SIGTERM) or kill (SIGKILL) it at the end.
 * Tests may replace `server` (a restart); the last one is the one ended.
 */
export function serverPerFile(opts: { end: 'stop' | 'kill' } = { end: 'stop' }): FileServer {
  const live: Partial<FileServer> & { open: BoardClient[] } = { open: [] };
  beforeAll(async () => {
    live.server = await startServer();
    live.coordinator = await setupCoordinator(live.server);
  });
  afterEach(() => {
    for (const client of live.open.splice(0)) client.destroy();
  });
  afterAll(async () => {
    if (opts.end === 'kill') await live.server?.kill();
    else await live.server?.stop();
  });
  return live as FileServer;
}
