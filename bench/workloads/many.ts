// Many small conferences at once: B boards × 4 clients, each client editing every 2 s; connect time
// (socket open → synced), server RSS once everyone has joined, latency and delivery.

import { now } from '../protocol.ts';
import type { ServerKind } from '../servers.ts';
import { describeTree } from '../proc.ts';
import { MB, summary } from '../stats.ts';
import { both, inLanes, openClients, sleep, withTarget } from './common.ts';
import type { Ctx, WorkloadResult } from './common.ts';
import { editRound } from './conference.ts';

async function runOne(ctx: Ctx, kind: ServerKind) {
  const s = ctx.scale.many;
  return withTarget(ctx, kind, 'many', async (target) => {
    const sampler = target.server.sampler();
    try {
      const fresh = sampler.sample();
      const setupStarted = now();
      const boards = await inLanes(
        Array.from({ length: s.boards }, (_, b) => b),
        4,
        (b) => target.board(`many-${b}`, Array.from({ length: s.clientsPerBoard }, (_, i) => b * s.clientsPerBoard + i)),
      );
      const setupSeconds = (now() - setupStarted) / 1000;
      // Longer than ROOM_IDLE_UNLOAD_MS: ours writes each new board's first update through its
      // room, which stays in memory for 2 s after.
      await sleep(3_000);
      const idle = sampler.sample();
      const clients = boards.flatMap((b) => b.clients);
      const joinStarted = now();
      const opened = await openClients(ctx, clients, { concurrency: s.connectConcurrency, ownOffer: true, timeoutMs: 60_000 });
      const joinSeconds = (now() - joinStarted) / 1000;
      await sleep(1_000);
      const joined = sampler.sample();
      const round = await editRound(ctx, new Map(clients.map((c) => [c.id, c.group])), {
        count: Math.round((s.seconds * 1000) / s.intervalMs),
        intervalMs: s.intervalMs,
        moveEvery: 5,
        presenceEveryMs: 0,
      });
      const after = sampler.sample();
      return {
        startedVia: target.server.startedVia,
        clients: clients.length,
        apiSetupSeconds: setupSeconds,
        joinSeconds,
        connect: summary(opened.map((o) => o.openToSyncedMs ?? NaN).filter(Number.isFinite)),
        rssFreshMB: fresh.rssBytes / MB,
        rssBeforeJoinMB: idle.rssBytes / MB,
        perBoardKB: ((joined.rssBytes - idle.rssBytes) / 1024) / s.boards,
        perBoardFromFreshKB: ((joined.rssBytes - fresh.rssBytes) / 1024) / s.boards,
        rssAfterJoinMB: joined.rssBytes / MB,
        measured: describeTree(joined.pids),
        peakRssMB: sampler.peakRssBytes / MB,
        latency: summary(round.latencies),
        sent: round.sent,
        deliveredToAllShare: round.sent === 0 ? 0 : round.deliveredToAll / round.sent,
        drainTimedOut: round.timedOut,
        cpuSecondsEditing: after.cpuSeconds - joined.cpuSeconds,
      };
    } finally {
      sampler.stop();
    }
  });
}

export async function many(ctx: Ctx): Promise<WorkloadResult> {
  const { ours, baseline } = await both(ctx, false, (kind) => runOne(ctx, kind));
  ctx.log(`many: connect p50 ours ${ours.connect.p50?.toFixed(1)} ms / baseline ${baseline.connect.p50?.toFixed(1)} ms; rss ${ours.rssAfterJoinMB.toFixed(0)} / ${baseline.rssAfterJoinMB.toFixed(0)} MB`);
  const s = ctx.scale.many;
  const w = `many conferences (${s.boards} boards × ${s.clientsPerBoard})`;
  const pct = (x: number) => Math.floor(x * 10_000) / 100;
  return {
    name: 'many',
    rows: [
      { workload: w, measure: 'propagation p50', unit: 'ms', ours: ours.latency.p50, baseline: baseline.latency.p50 },
      { workload: w, measure: 'propagation p99', unit: 'ms', ours: ours.latency.p99, baseline: baseline.latency.p99 },
      { workload: w, measure: 'connect (open → synced) p50', unit: 'ms', ours: ours.connect.p50, baseline: baseline.connect.p50 },
      { workload: w, measure: 'connect (open → synced) p99', unit: 'ms', ours: ours.connect.p99, baseline: baseline.connect.p99 },
      { workload: w, measure: 'server RSS after all joined', unit: 'MB', ours: ours.rssAfterJoinMB, baseline: baseline.rssAfterJoinMB, target: { kind: 'ratio', max: 1.5 } },
      { workload: w, measure: 'server RSS before anyone joined', unit: 'MB', ours: ours.rssBeforeJoinMB, baseline: baseline.rssBeforeJoinMB },
      { workload: w, measure: 'memory per open board (RSS joined − before joining) / boards', unit: 'KB', ours: ours.perBoardKB, baseline: baseline.perBoardKB, digits: 0 },
      { workload: w, measure: 'memory per open board (RSS joined − fresh start) / boards', unit: 'KB', ours: ours.perBoardFromFreshKB, baseline: baseline.perBoardFromFreshKB, digits: 0 },
      {
        workload: w,
        measure: 'edits that reached everyone',
        unit: '%',
        ours: pct(ours.deliveredToAllShare),
        baseline: pct(baseline.deliveredToAllShare),
        target: { kind: 'equals', equals: 100, text: '100 %' },
        digits: 2,
      },
      { workload: w, measure: 'server CPU (editing window)', unit: 's', ours: ours.cpuSecondsEditing, baseline: baseline.cpuSecondsEditing, digits: 2 },
    ],
    details: { ours, baseline },
    notes: [],
  };
}
