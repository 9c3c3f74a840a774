// Joining an existing plan: (a) a plan written live with N edits, then fresh clients join one at a
// time (open → synced, and open → holding the whole plan); (b) a long history opened cold, i.e. the
// first client after a server start loads it from storage.

import { cpSync, existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import type { OpenedClient, StateResult, WriteResult } from '../protocol.ts';
import type { ServerKind } from '../servers.ts';
import { seedBaseline, seedOurs } from '../seed.ts';
import { MB, summary } from '../stats.ts';
import { cached, decodeUpdates, finalClock, HISTORY_CLIENT, makeHistory } from '../updates.ts';
import { both, freshDir, openClients, sleep, startTarget, withTarget } from './common.ts';
import type { Ctx, WorkloadResult } from './common.ts';

/**
 * The plan is written at about 110 edits a second: our server lets one connection send 1,000
 * changes at once and then 100 a second (server/sync/limits.ts), so a faster writer is stopped
 * with 4429. Both servers get the same pace.
 */
const PLAN_PACE_MS = 9;

const finite = (xs: Array<number | null>) => xs.filter((x): x is number => x !== null && Number.isFinite(x));

async function joinPlan(ctx: Ctx, kind: ServerKind) {
  const s = ctx.scale.cold;
  return withTarget(ctx, kind, 'join', async (target) => {
    const joinerIds = Array.from({ length: s.joiners }, (_, i) => 2 + i);
    const board = await target.board('cold-join-board', [0, 1, ...joinerIds]);
    const [writer, observer, ...joiners] = board.clients;
    await openClients(ctx, [writer!, observer!], { concurrency: 2, ownOffer: false, timeoutMs: 30_000 });
    const wrote = await ctx.pool.of(0).request<WriteResult>({ cmd: 'write', id: 0, count: s.planEdits, paceMs: PLAN_PACE_MS, offers: s.planOffers }, 300_000);
    const clock = wrote.clocks[wrote.clocks.length - 1]!;
    // The plan is in place once another client holds all of it (both servers store before or as they relay).
    const deadline = Date.now() + 120_000;
    for (;;) {
      const st = await ctx.pool.of(1).request<StateResult>({ cmd: 'state', ids: [1], client: wrote.clientID }, 10_000);
      if ((st.clocks[1] ?? 0) >= clock) break;
      if (Date.now() > deadline) throw new Error('the plan did not reach the observer');
      await sleep(100);
    }
    const sampler = target.server.sampler();
    const before = sampler.sample();
    const results: OpenedClient[] = [];
    for (const joiner of joiners) {
      const [r] = await openClients(ctx, [joiner], { concurrency: 1, ownOffer: false, timeoutMs: 30_000, expect: { client: wrote.clientID, clock } });
      results.push(r!);
      await sleep(100);
    }
    return {
      startedVia: target.server.startedVia,
      planEdits: s.planEdits,
      writeSeconds: (wrote.lastSentAt - wrote.firstSentAt) / 1000,
      synced: summary(finite(results.map((r) => r.openToSyncedMs))),
      complete: summary(finite(results.map((r) => r.openToCompleteMs))),
      incompleteAtSync: results.filter((r) => (r.expectClockAtSync ?? 0) < clock).length,
      serverCpuSecondsJoining: sampler.stop().cpuSeconds - before.cpuSeconds,
      each: results.map((r) => ({ createToOpenMs: r.createToOpenMs, openToFirstMessageMs: r.openToFirstMessageMs, openToStep2Ms: r.openToStep2Ms, openToSyncedMs: r.openToSyncedMs })),
    };
  });
}

async function openCold(ctx: Ctx, kind: ServerKind, file: string) {
  const updates = decodeUpdates(readFileSync(file));
  const expect = { client: HISTORY_CLIENT, clock: finalClock(updates, HISTORY_CLIENT) };
  const dir = freshDir(ctx, `cold-open-${kind}`);
  let seedMs: number;
  let target;
  let spec;
  if (kind === 'ours') {
    // Set up the conference and a participant through the API, stop, write the history through the store, start again.
    const first = await startTarget(ctx, 'ours', dir, { direct: true });
    let board;
    try {
      board = await first.board('cold-open-board', [0]);
    } finally {
      await first.server.stop();
    }
    spec = board.clients[0]!;
    // Our server wrote the board's first update itself when the conference was created; skip the generated one.
    seedMs = await seedOurs(dir, board.group, 'bench-history-author', updates.slice(1));
    target = await startTarget(ctx, 'ours', dir, { direct: true, port: first.server.port, api: first.api });
  } else {
    // Storing 100k updates one by one through y-leveldb takes ~40 s, so the seeded directory is cached.
    const seeded = `${file}.leveldb`;
    if (existsSync(seeded)) seedMs = 0;
    else {
      const tmp = `${seeded}.${process.pid}.tmp`;
      rmSync(tmp, { recursive: true, force: true });
      seedMs = await seedBaseline(tmp, 'cold-open-board', updates);
      renameSync(tmp, seeded);
    }
    rmSync(dir, { recursive: true, force: true });
    cpSync(seeded, dir, { recursive: true });
    target = await startTarget(ctx, 'baseline', dir);
    spec = (await target.board('cold-open-board', [0])).clients[0]!;
  }
  const sampler = target.server.sampler();
  try {
    const [r] = await openClients(ctx, [{ ...spec, serverUrl: spec.serverUrl.replace(/:\d+/, `:${target.server.port}`) }], {
      concurrency: 1,
      ownOffer: false,
      timeoutMs: 180_000,
      expect,
    });
    return {
      updates: updates.length - 1,
      seedSeconds: seedMs / 1000, // 0: the relay's seeded leveldb directory came from the cache
      openToSyncedMs: r!.openToSyncedMs,
      openToCompleteMs: r!.openToCompleteMs,
      completeAtSync: (r!.expectClockAtSync ?? 0) >= expect.clock,
      peakRssMB: sampler.peakRssBytes / MB,
    };
  } finally {
    sampler.stop();
    await ctx.pool.closeClients().catch(() => undefined);
    await target.server.stop();
  }
}

function syncedText(r: { openToSyncedMs: number | null; completeAtSync: boolean }): number | string | null {
  if (r.openToSyncedMs === null || r.completeAtSync) return r.openToSyncedMs;
  return `${r.openToSyncedMs.toFixed(0)} ms, with none or part of it`;
}

export async function cold(ctx: Ctx): Promise<WorkloadResult> {
  const s = ctx.scale.cold;
  const joins = await both(ctx, true, (kind) => joinPlan(ctx, kind));
  const oursJoin = joins.ours;
  const baseJoin = joins.baseline;
  ctx.log(`cold join: ours p50 ${oursJoin.synced.p50?.toFixed(1)} ms, baseline p50 ${baseJoin.synced.p50?.toFixed(1)} ms`);
  const made = Date.now();
  const history = cached(`history-${s.history}`, () => makeHistory(s.history));
  if (history.made) ctx.log(`made the ${s.history}-update history in ${((Date.now() - made) / 1000).toFixed(1)} s (cached for later runs)`);
  const opens = await both(ctx, false, (kind) => openCold(ctx, kind, history.file));
  const oursOpen = opens.ours;
  const baseOpen = opens.baseline;
  ctx.log(`cold open: ours ${oursOpen.openToCompleteMs?.toFixed(0)} ms, baseline ${baseOpen.openToCompleteMs?.toFixed(0)} ms`);
  const w1 = `cold join (${s.planEdits} edits, ${s.joiners} joiners one by one)`;
  const w2 = `cold open (${s.history.toLocaleString('en-GB')} updates, first client)`;
  const incomplete = (n: number) => (n === 0 ? 'never' : `${n} of ${s.joiners} joiners`);
  return {
    name: 'cold',
    rows: [
      { workload: w1, measure: 'open → synced p50', unit: 'ms', ours: oursJoin.synced.p50, baseline: baseJoin.synced.p50, target: { kind: 'ratio', max: 1.5 } },
      { workload: w1, measure: 'open → synced p99', unit: 'ms', ours: oursJoin.synced.p99, baseline: baseJoin.synced.p99 },
      { workload: w1, measure: 'open → whole plan p50', unit: 'ms', ours: oursJoin.complete.p50, baseline: baseJoin.complete.p50 },
      { workload: w1, measure: 'synced with part of the plan', unit: '', ours: incomplete(oursJoin.incompleteAtSync), baseline: incomplete(baseJoin.incompleteAtSync) },
      // A sync that came before the content was loaded is not comparable: shown, but without a ratio.
      { workload: w2, measure: 'open → synced', unit: 'ms', ours: syncedText(oursOpen), baseline: syncedText(baseOpen), digits: 0 },
      { workload: w2, measure: 'open → whole history', unit: 'ms', ours: oursOpen.openToCompleteMs, baseline: baseOpen.openToCompleteMs, digits: 0 },
      {
        workload: w2,
        measure: 'synced with part of it',
        unit: '',
        ours: oursOpen.completeAtSync ? 'no' : 'yes',
        baseline: baseOpen.completeAtSync ? 'no' : 'yes',
      },
    ],
    details: { join: { ours: oursJoin, baseline: baseJoin }, open: { ours: oursOpen, baseline: baseOpen } },
    notes: [
      `cold join: the plan is written live by one client at ${Math.round(1000 / PLAN_PACE_MS)} edits a second on both servers (ours allows one connection 1,000 changes at once, then 100 a second).`,
      `cold open: ours' history was written through openSqliteStore().docs.append with a compact every 1,000 updates (as its rooms do); the relay's through y-leveldb storeUpdate (it trims only when a document is loaded).`,
    ],
  };
}
