// What every workload shares: the run context, a "target" (one of the two servers, with a way to
// put clients on a board), and starting/stopping a target around a workload.

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { OursApi, type Joined } from '../api.ts';
import type { Pool } from '../pool.ts';
import type { ClientSpec, OpenedClient, OpenResult } from '../protocol.ts';
import { startBaseline, startOurs } from '../servers.ts';
import type { ServerHandle, ServerKind } from '../servers.ts';
import type { Scale } from '../scale.ts';
import type { Row } from '../report.ts';

/** Everything a workload needs from the orchestrator. */
export interface Ctx {
  quick: boolean;
  scale: Scale;
  pool: Pool;
  /** A scratch directory for this run (data dirs live under it). */
  runDir: string;
  /** Set once our server has been started with `npm start`; later starts use node directly. */
  npmStartUsed: boolean;
  /** With --profile: where ours writes .cpuprofile files (and ours is started with node --cpu-prof). */
  profDir: string | null;
  /** Start-method notes for the report. */
  startNotes: string[];
  log(message: string): void;
}

/** What a workload hands to the report. */
export interface WorkloadResult {
  name: string;
  rows: Row[];
  details: Record<string, unknown>;
  notes: string[];
}

/** One of the two servers, running, with a way to put clients on a board. */
export interface Target {
  kind: ServerKind;
  server: ServerHandle;
  dir: string;
  api: OursApi | null;
  /** A new board with one client per id (ours: a conference, one invite and one join per client). */
  board(label: string, ids: readonly number[]): Promise<{ group: string; clients: ClientSpec[] }>;
  /** More clients on an existing board. */
  more(group: string, ids: readonly number[]): Promise<ClientSpec[]>;
}

let dirCount = 0;

/** A fresh data directory for one server start. */
export function freshDir(ctx: Ctx, label: string): string {
  dirCount += 1;
  const dir = path.join(ctx.runDir, `${String(dirCount).padStart(2, '0')}-${label}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Starts `kind` on `dir` (ours: signs in the coordinator unless `api` is given, i.e. a restart or
 * a second instance on the same database; `env` adds to ours' environment, e.g. DATABASE_URL).
 */
export async function startTarget(
  ctx: Ctx,
  kind: ServerKind,
  dir: string,
  opts: { port?: number; api?: OursApi | null; direct?: boolean; noProfile?: boolean; env?: Readonly<Record<string, string>> } = {},
): Promise<Target> {
  const profDir = ctx.profDir !== null && opts.noProfile !== true ? path.join(ctx.profDir, kind) : null;
  if (profDir !== null) mkdirSync(profDir, { recursive: true });
  let server: ServerHandle;
  if (kind === 'ours') {
    const useNpm = !ctx.npmStartUsed && ctx.profDir === null && opts.direct !== true;
    if (useNpm) {
      ctx.npmStartUsed = true;
      try {
        server = await startOurs({ dataDir: dir, via: 'npm', ...(opts.port ? { port: opts.port } : {}), ...(opts.env ? { env: opts.env } : {}) });
        ctx.startNotes.push('first start of ours: `npm start` (builds the client and the server bundle, then node dist/server.js); measured: the process tree under npm');
      } catch (err) {
        ctx.startNotes.push(`npm start failed (${String(err).split('\n')[0]}); fell back to node dist/server.js`);
        server = await startOurs({ dataDir: dir, via: 'node', ...(opts.port ? { port: opts.port } : {}), ...(opts.env ? { env: opts.env } : {}) });
      }
    } else {
      server = await startOurs({
        dataDir: dir,
        via: 'node',
        ...(opts.port ? { port: opts.port } : {}),
        ...(profDir ? { cpuProfDir: profDir } : {}),
        ...(opts.env ? { env: opts.env } : {}),
      });
    }
  } else {
    server = await startBaseline({ dir, ...(opts.port ? { port: opts.port } : {}), ...(profDir ? { cpuProfDir: profDir } : {}) });
  }
  const api = kind === 'ours' ? (opts.api ?? (await OursApi.setup(server.port))) : null;
  const base = `ws://127.0.0.1:${server.port}`;
  if (api === null) {
    return {
      kind,
      server,
      dir,
      api,
      board: async (label, ids) => ({
        group: label,
        clients: ids.map((id) => ({ id, group: label, serverUrl: base, room: label, cookie: null, selfId: `p${id}` })),
      }),
      more: async (group, ids) => ids.map((id) => ({ id, group, serverUrl: base, room: group, cookie: null, selfId: `p${id}` })),
    };
  }
  const specs = (group: string, ids: readonly number[], joined: Joined[]): ClientSpec[] =>
    ids.map((id, i) => ({ id, group, serverUrl: `${base}/sync/${group}`, room: 'board', cookie: joined[i]!.cookie, selfId: joined[i]!.participantId }));
  return {
    kind,
    server,
    dir,
    api,
    board: async (label, ids) => {
      const group = await api.conference(label);
      return { group, clients: specs(group, ids, await api.participants(group, ids.length)) };
    },
    more: async (group, ids) => specs(group, ids, await api.participants(group, ids.length)),
  };
}

/** Opens `clients` in their workers (client id → worker id % size); throws if any failed. */
export async function openClients(
  ctx: Ctx,
  clients: readonly ClientSpec[],
  opts: { concurrency: number; ownOffer: boolean; timeoutMs: number; expect?: { client: number; clock: number }; allowFailures?: boolean },
): Promise<OpenedClient[]> {
  const byWorker = new Map<number, ClientSpec[]>();
  for (const spec of clients) {
    const w = spec.id % ctx.pool.size;
    const list = byWorker.get(w);
    if (list) list.push(spec);
    else byWorker.set(w, [spec]);
  }
  const results = await Promise.all(
    [...byWorker].map(([w, list]) =>
      ctx.pool.workers[w]!.request<OpenResult>(
        {
          cmd: 'open',
          clients: list,
          concurrency: opts.concurrency,
          timeoutMs: opts.timeoutMs,
          ownOffer: opts.ownOffer,
          ...(opts.expect ? { expect: opts.expect } : {}),
        },
        opts.timeoutMs * Math.ceil(list.length / Math.max(1, opts.concurrency)) + 60_000,
      ),
    ),
  );
  const all = results.flatMap((r) => r.clients);
  const failed = all.filter((c) => !c.ok);
  if (failed.length > 0 && opts.allowFailures !== true) {
    throw new Error(`${failed.length} of ${all.length} clients failed to open: ${failed.slice(0, 3).map((c) => `${c.id}: ${c.error}`).join('; ')}`);
  }
  return all;
}

/** Runs `fn` against a freshly started target and always stops the server and closes the clients. */
export async function withTarget<T>(
  ctx: Ctx,
  kind: ServerKind,
  label: string,
  fn: (target: Target) => Promise<T>,
  opts: { direct?: boolean; noProfile?: boolean } = {},
): Promise<T> {
  const dir = freshDir(ctx, `${label}-${kind}`);
  const target = await startTarget(ctx, kind, dir, opts);
  try {
    return await fn(target);
  } finally {
    await ctx.pool.closeClients().catch(() => undefined);
    await target.server.stop();
  }
}

/**
 * Runs one workload on both servers, one after the other. Workloads alternate which goes first,
 * so neither is always the one to meet a cold machine (page cache, CPU frequency, JIT in workers).
 */
export async function both<T>(ctx: Ctx, oursFirst: boolean, run: (kind: ServerKind) => Promise<T>): Promise<{ ours: T; baseline: T }> {
  if (oursFirst) {
    const ours = await run('ours');
    return { ours, baseline: await run('baseline') };
  }
  const baseline = await run('baseline');
  return { ours: await run('ours'), baseline };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs `task` over `items`, `concurrency` at a time. */
export async function inLanes<T, R>(items: readonly T[], concurrency: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next;
      next += 1;
      out[i] = await task(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
  return out;
}
