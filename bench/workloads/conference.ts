// One busy conference: N clients on one board, each editing its offer at H Hz (every 10th edit also
// moves it), presence updated every second; latency over every (edit, receiver) pair, delivery,
// server CPU over the editing window and peak RSS.

import type { ClientSpec, DrainResult, EditResult } from '../protocol.ts';
import { now } from '../protocol.ts';
import type { ServerKind } from '../servers.ts';
import { cpuSeconds, describeTree } from '../proc.ts';
import type { TreeSampler } from '../proc.ts';
import { MB, percentile, summary } from '../stats.ts';
import { both, openClients, sleep, withTarget } from './common.ts';
import type { Ctx, WorkloadResult } from './common.ts';

export interface EditRound {
  latencies: number[];
  /** Who sent and who received each of `latencies`' edits (same order). */
  between: Array<[sender: number, receiver: number]>;
  /** Per second of the editing window: p50 and max latency of the edits sent in it. */
  timeline: Array<{ second: number; n: number; p50: number | null; max: number | null }>;
  skipped: number;
  sent: number;
  deliveredToAll: number;
  pairsTotal: number;
  pairsDelivered: number;
  timedOut: boolean;
  firstAt: number;
  lastAt: number;
}

/** Runs one editing round on every worker and waits for delivery; shared with the many-boards workload. */
export async function editRound(
  ctx: Ctx,
  groupOf: ReadonlyMap<number, string>,
  opts: { count: number; intervalMs: number; moveEvery: number; presenceEveryMs: number },
): Promise<EditRound> {
  const startAt = now() + 500;
  const edits = await ctx.pool.all<EditResult>(
    { cmd: 'edit', count: opts.count, intervalMs: opts.intervalMs, startAt, moveEvery: opts.moveEvery, presenceEveryMs: opts.presenceEveryMs },
    opts.count * opts.intervalMs + 120_000,
  );
  const sentBy = new Map<number, number>();
  for (const e of edits) for (const [id, n] of Object.entries(e.sent)) sentBy.set(Number(id), n);
  const expected: Array<[number, string, number]> = [...sentBy].map(([id, n]) => [id, groupOf.get(id)!, n]);
  const drains = await ctx.pool.all<DrainResult>({ cmd: 'drain', expected, timeoutMs: 20_000 }, 60_000);
  const latencies = drains.flatMap((d) => d.latencies);
  const between = drains.flatMap((d) => d.between);
  const buckets = new Map<number, number[]>();
  for (const d of drains) {
    d.sentAt.forEach((t, i) => {
      const second = Math.floor((t - startAt) / 1000);
      const list = buckets.get(second);
      if (list) list.push(d.latencies[i]!);
      else buckets.set(second, [d.latencies[i]!]);
    });
  }
  const timeline = [...buckets.keys()]
    .sort((a, b) => a - b)
    .map((second) => {
      const v = buckets.get(second)!;
      return { second, n: v.length, p50: percentile(v, 50), max: percentile(v, 100) };
    });
  // An edit reached everyone when every other client on its board has seen it (or a later one of the same sender).
  const minSeen = new Map<number, number>();
  let pairsTotal = 0;
  let pairsDelivered = 0;
  for (const d of drains) {
    for (const [, sender, seen] of d.pairs) {
      minSeen.set(sender, Math.min(minSeen.get(sender) ?? Infinity, seen));
      const sent = sentBy.get(sender) ?? 0;
      pairsTotal += sent;
      pairsDelivered += Math.min(seen, sent);
    }
  }
  let sent = 0;
  let deliveredToAll = 0;
  for (const [id, n] of sentBy) {
    sent += n;
    deliveredToAll += Math.min(n, minSeen.get(id) ?? 0);
  }
  return {
    latencies,
    between,
    timeline,
    skipped: drains.reduce((a, d) => a + d.skipped, 0),
    sent,
    deliveredToAll,
    pairsTotal,
    pairsDelivered,
    timedOut: drains.some((d) => d.timedOut),
    firstAt: Math.min(...edits.map((e) => e.firstAt)),
    lastAt: Math.max(...edits.map((e) => e.lastAt)),
  };
}

/**
 * The busy conference on clients already given a board: opens them, runs the editing round at the
 * conference scale and measures the servers' CPU over it, summed over `samplers` (one per server
 * process tree: the cluster workload passes two), and over the same window what each of `meters`
 * (readers of CPU seconds used so far, e.g. PostgreSQL's) reads; `latencyBy` also sums latency up
 * per kind of (sender, receiver) pair. Shared with the cluster workload.
 */
export async function busyConference(
  ctx: Ctx,
  clients: readonly ClientSpec[],
  samplers: readonly TreeSampler[],
  opts: { meters?: ReadonlyArray<() => number>; latencyBy?: (sender: number, receiver: number) => string } = {},
) {
  const meters = opts.meters ?? [];
  const s = ctx.scale.conference;
  const opened = await openClients(ctx, clients, { concurrency: 5, ownOffer: true, timeoutMs: 30_000 });
  await sleep(500);
  const before = samplers.map((sampler) => sampler.sample());
  const metersBefore = meters.map((read) => read());
  const workersBefore = cpuSeconds(ctx.pool.pids());
  const round = await editRound(ctx, new Map(clients.map((c) => [c.id, c.group])), {
    count: Math.round(s.hz * s.seconds),
    intervalMs: 1000 / s.hz,
    moveEvery: s.moveEvery,
    presenceEveryMs: s.presenceEveryMs,
  });
  const after = samplers.map((sampler) => sampler.sample());
  const metersCpu = meters.map((read, i) => read() - metersBefore[i]!);
  const workersCpu = cpuSeconds(ctx.pool.pids()) - workersBefore;
  const cpuByServer = after.map((a, i) => a.cpuSeconds - before[i]!.cpuSeconds);
  const sum = (values: readonly number[]) => values.reduce((a, v) => a + v, 0);
  const byKind = new Map<string, number[]>();
  if (opts.latencyBy) {
    round.between.forEach(([sender, receiver], i) => {
      const kind = opts.latencyBy!(sender, receiver);
      const list = byKind.get(kind);
      if (list) list.push(round.latencies[i]!);
      else byKind.set(kind, [round.latencies[i]!]);
    });
  }
  return {
    workersCpuSeconds: workersCpu,
    latency: summary(round.latencies),
    latencyBy: Object.fromEntries([...byKind].map(([kind, values]) => [kind, summary(values)])),
    timeline: round.timeline,
    skipped: round.skipped,
    sent: round.sent,
    deliveredToAllShare: round.sent === 0 ? 0 : round.deliveredToAll / round.sent,
    pairsDeliveredShare: round.pairsTotal === 0 ? 0 : round.pairsDelivered / round.pairsTotal,
    drainTimedOut: round.timedOut,
    cpuSeconds: sum(cpuByServer),
    cpuByServer,
    metersCpu,
    windowSeconds: (after[0]!.at - before[0]!.at) / 1000,
    peakRssMB: sum(samplers.map((sampler) => sampler.peakRssBytes)) / MB,
    measured: after.flatMap((a) => describeTree(a.pids)),
    connect: summary(opened.map((o) => o.openToSyncedMs ?? NaN).filter(Number.isFinite)),
  };
}

async function runOne(ctx: Ctx, kind: ServerKind) {
  const s = ctx.scale.conference;
  return withTarget(ctx, kind, 'conference', async (target) => {
    const sampler = target.server.sampler();
    try {
      const ids = Array.from({ length: s.clients }, (_, i) => i);
      const board = await target.board('conference-board', ids);
      return { startedVia: target.server.startedVia, ...(await busyConference(ctx, board.clients, [sampler])) };
    } finally {
      sampler.stop();
    }
  });
}

export async function conference(ctx: Ctx): Promise<WorkloadResult> {
  // Ours first: its first start of the run is the `npm start` one.
  const { ours, baseline } = await both(ctx, true, (kind) => runOne(ctx, kind));
  ctx.log(`conference: p99 ours ${ours.latency.p99?.toFixed(1)} ms / baseline ${baseline.latency.p99?.toFixed(1)} ms; cpu ${ours.cpuSeconds.toFixed(2)} s / ${baseline.cpuSeconds.toFixed(2)} s`);
  const w = `conference (${ctx.scale.conference.clients} clients, 1 board)`;
  const pct = (x: number) => Math.floor(x * 10_000) / 100;
  return {
    name: 'conference',
    rows: [
      { workload: w, measure: 'propagation p50', unit: 'ms', ours: ours.latency.p50, baseline: baseline.latency.p50 },
      { workload: w, measure: 'propagation p95', unit: 'ms', ours: ours.latency.p95, baseline: baseline.latency.p95 },
      { workload: w, measure: 'propagation p99', unit: 'ms', ours: ours.latency.p99, baseline: baseline.latency.p99, target: { kind: 'ratio', max: 1.0 } },
      { workload: w, measure: 'propagation max', unit: 'ms', ours: ours.latency.max, baseline: baseline.latency.max },
      {
        workload: w,
        measure: 'edits that reached everyone',
        unit: '%',
        ours: pct(ours.deliveredToAllShare),
        baseline: pct(baseline.deliveredToAllShare),
        target: { kind: 'equals', equals: 100, text: '100 %' },
        digits: 2,
      },
      { workload: w, measure: 'server CPU (editing window)', unit: 's', ours: ours.cpuSeconds, baseline: baseline.cpuSeconds, target: { kind: 'ratio', max: 1.25 }, digits: 2 },
      { workload: w, measure: 'server peak RSS', unit: 'MB', ours: ours.peakRssMB, baseline: baseline.peakRssMB },
    ],
    details: { ours, baseline },
    notes: wrapperNote(ours.measured, ours.startedVia),
  };
}

/** Under `npm start`, how much of the measured tree is not the server process itself (sh). */
function wrapperNote(tree: Array<{ pid: number; rssMB: number; cmd: string }>, startedVia: string): string[] {
  if (startedVia !== 'npm start' || tree.length < 2) return [];
  const server = tree[tree.length - 1]!;
  const others = tree.slice(0, -1);
  const mb = others.reduce((a, p) => a + p.rssMB, 0);
  return [
    `conference, ours under npm start: the measured tree is ${tree.length} processes; the server process itself held ${server.rssMB.toFixed(0)} MB at the end, the rest (${others.map((p) => p.cmd.split(' ').slice(0, 2).join(' ')).join(', ')}) ${mb.toFixed(0)} MB. Other workloads start ours with node dist/server.js (one process).`,
  ];
}
