// Durability: one client makes N edits, the server is SIGKILLed 100 ms after the last one is sent,
// the clients are dropped (so nobody can re-send), the server restarts on the same storage, and a
// fresh client counts what survived — at the moment it syncs, and again after a pause.

import type { OpenedClient, StateResult, WriteResult } from '../protocol.ts';
import { now } from '../protocol.ts';
import type { ServerKind } from '../servers.ts';
import { both, freshDir, openClients, sleep, startTarget } from './common.ts';
import type { Ctx, Target, WorkloadResult } from './common.ts';

/** Number of edits whose clock a document holding `clock` operations includes. */
const survived = (clocks: readonly number[], clock: number) => clocks.filter((c) => c <= clock).length;

async function runOne(ctx: Ctx, kind: ServerKind) {
  const s = ctx.scale.durability;
  const dir = freshDir(ctx, `durability-${kind}`);
  // Ours is started directly (not through npm), so the SIGKILL reaches the server itself.
  let target: Target = await startTarget(ctx, kind, dir, { direct: true });
  try {
    const board = await target.board('durability-board', [0, 1, 2]);
    const [writer, observer, joiner] = board.clients;
    await openClients(ctx, [writer!, observer!], { concurrency: 2, ownOffer: false, timeoutMs: 30_000 });
    const wrote = await ctx.pool.of(0).request<WriteResult>({ cmd: 'write', id: 0, count: s.edits, paceMs: s.paceMs, offers: s.offers }, 120_000);
    const wait = wrote.lastSentAt + s.killAfterMs - now();
    if (wait > 0) await sleep(wait);
    const killedAt = now();
    await target.server.crash();
    const killDelayMs = killedAt - wrote.lastSentAt;
    // What had been relayed to another client before the kill.
    const seen = await ctx.pool.of(1).request<StateResult>({ cmd: 'state', ids: [1], client: wrote.clientID }, 10_000);
    const relayed = survived(wrote.clocks, seen.clocks[1] ?? 0);
    await ctx.pool.closeClients(); // nobody left who could re-send the edits
    target = await startTarget(ctx, kind, dir, { direct: true, port: target.server.port, api: target.api });
    const lastClock = wrote.clocks[wrote.clocks.length - 1]!;
    const [opened] = await openClients(ctx, [joiner!], {
      concurrency: 1,
      ownOffer: false,
      timeoutMs: 3_000,
      expect: { client: wrote.clientID, clock: lastClock },
      allowFailures: true,
    });
    await sleep(1_500);
    const later = await ctx.pool.of(2).request<StateResult>({ cmd: 'state', ids: [2], client: wrote.clientID }, 10_000);
    const o = opened as OpenedClient;
    const atSync = survived(wrote.clocks, o.expectClockAtSync ?? 0);
    const finally_ = survived(wrote.clocks, later.clocks[2] ?? 0);
    return {
      startedVia: target.server.startedVia,
      edits: s.edits,
      paceMs: s.paceMs,
      killDelayMs,
      relayedBeforeKill: relayed,
      survivedAtSync: atSync,
      survived: finally_,
      lost: s.edits - finally_,
      lostAfterRelay: Math.max(0, relayed - finally_),
      sawIncomplete: atSync < finally_,
      joinerOpenToSyncedMs: o.openToSyncedMs,
    };
  } finally {
    await ctx.pool.closeClients().catch(() => undefined);
    await target.server.stop();
  }
}

export async function durability(ctx: Ctx): Promise<WorkloadResult> {
  const { ours, baseline } = await both(ctx, true, (kind) => runOne(ctx, kind));
  ctx.log(`durability: ours lost ${ours.lost}, baseline lost ${baseline.lost}`);
  const s = ctx.scale.durability;
  const w = `durability (${s.edits} edits, SIGKILL ${s.killAfterMs} ms after the last)`;
  const incomplete = (r: typeof ours) =>
    r.sawIncomplete ? `yes (${r.survivedAtSync} of ${r.survived} at sync)` : 'no';
  return {
    name: 'durability',
    rows: [
      { workload: w, measure: 'edits lost', unit: '', ours: ours.lost, baseline: baseline.lost, target: { kind: 'equals', equals: 0, text: '0' }, digits: 0 },
      { workload: w, measure: 'relayed before the kill, then lost', unit: '', ours: ours.lostAfterRelay, baseline: baseline.lostAfterRelay, digits: 0 },
      { workload: w, measure: 'client joining after restart saw it incomplete', unit: '', ours: incomplete(ours), baseline: incomplete(baseline) },
    ],
    details: { ours, baseline },
    notes: [
      `durability: edits paced ${s.paceMs} ms apart; after the kill the writing and observing clients are destroyed before the restart, so nothing can be re-sent from a client's memory.`,
    ],
  };
}
