// A burst: one client adds N offers in one transaction (made beforehand with addOffer and applied as
// one local transaction, so it leaves as one message); time until each of 10 receivers holds them all.

import type { ApplyResult, WaitOffersResult } from '../protocol.ts';
import type { ServerKind } from '../servers.ts';
import { MB, summary } from '../stats.ts';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encodeUpdates, makeBurst } from '../updates.ts';
import { both, openClients, sleep, withTarget } from './common.ts';
import type { Ctx, WorkloadResult } from './common.ts';

async function runOne(ctx: Ctx, kind: ServerKind) {
  const s = ctx.scale.burst;
  return withTarget(ctx, kind, 'burst', async (target) => {
    const sampler = target.server.sampler();
    try {
      const receivers = Array.from({ length: s.receivers }, (_, i) => 1 + i);
      const board = await target.board('burst-board', [0, ...receivers]);
      // Made for this run: the offers carry the sender's own id as `createdBy`, as the server's rules require.
      const made = Date.now();
      const file = path.join(os.tmpdir(), `llb-burst-${kind}-${process.pid}.bin`);
      writeFileSync(file, encodeUpdates(makeBurst(s.offers, board.clients[0]!.selfId)));
      ctx.log(`made the ${s.offers}-offer burst in ${((Date.now() - made) / 1000).toFixed(1)} s`);
      await openClients(ctx, board.clients, { concurrency: 4, ownOffer: false, timeoutMs: 30_000 });
      await ctx.pool.of(0).request<ApplyResult>({ cmd: 'apply', id: 0, file, index: 0 }, 30_000); // the giver
      await sleep(300);
      const byWorker = new Map<number, number[]>();
      for (const id of receivers) byWorker.set(id % ctx.pool.size, [...(byWorker.get(id % ctx.pool.size) ?? []), id]);
      const waits = [...byWorker].map(([w, ids]) =>
        ctx.pool.workers[w]!.request<WaitOffersResult>({ cmd: 'waitOffers', ids, count: s.offers, timeoutMs: 120_000 }, 180_000),
      );
      await sleep(300); // the waiters are registered before the burst leaves
      const sent = await ctx.pool.of(0).request<ApplyResult>({ cmd: 'apply', id: 0, file, index: 1 }, 60_000);
      const got = (await Promise.all(waits)).flatMap((r) => Object.values(r.at));
      const times = got.filter((t): t is number => t !== null).map((t) => t - sent.sentAt);
      return {
        startedVia: target.server.startedVia,
        offers: s.offers,
        received: times.length,
        receivers: s.receivers,
        allReceivedMs: times.length === s.receivers ? Math.max(...times) : null,
        perReceiver: summary(times),
        localApplyMs: sent.sentAt - sent.startedAt,
        peakRssMB: sampler.peakRssBytes / MB,
      };
    } finally {
      sampler.stop();
    }
  });
}

export async function burst(ctx: Ctx): Promise<WorkloadResult> {
  const s = ctx.scale.burst;
  const { ours, baseline } = await both(ctx, false, (kind) => runOne(ctx, kind));
  ctx.log(`burst: ours ${ours.allReceivedMs?.toFixed(0)} ms, baseline ${baseline.allReceivedMs?.toFixed(0)} ms`);
  const w = `burst (${s.offers} offers in 1 transaction → ${s.receivers} receivers)`;
  return {
    name: 'burst',
    rows: [
      { workload: w, measure: 'until all receivers have all', unit: 'ms', ours: ours.allReceivedMs, baseline: baseline.allReceivedMs, digits: 0 },
      { workload: w, measure: 'per receiver p50', unit: 'ms', ours: ours.perReceiver.p50, baseline: baseline.perReceiver.p50, digits: 0 },
    ],
    details: { ours, baseline },
    notes: [
      `burst: the ${s.offers}-offer transaction is made with addOffer for each run (the offers carry the sender's own id), then applied on the sending client as one local transaction, which y-websocket sends as one update.`,
    ],
  };
}
