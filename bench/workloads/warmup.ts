// Warms the client workers up (JIT) before anything is measured, against a throwaway relay, so the
// server measured first is not charged for the workers' cold start: a plan is written, every worker
// joins it, and a conference-sized board edits for a few seconds. Nothing here is reported.

import type { StateResult, WriteResult } from '../protocol.ts';
import { openClients, sleep, withTarget } from './common.ts';
import type { Ctx } from './common.ts';
import { editRound } from './conference.ts';

export async function warmup(ctx: Ctx): Promise<void> {
  await withTarget(ctx, 'baseline', 'warmup', async (target) => {
    const size = ctx.pool.size;
    const clients = Math.max(4 * size, ctx.scale.conference.clients);
    const board = await target.board('warmup-board', Array.from({ length: clients }, (_, i) => i));
    const [writer, ...rest] = board.clients;
    await openClients(ctx, [writer!], { concurrency: 1, ownOffer: false, timeoutMs: 30_000 });
    const wrote = await ctx.pool.of(0).request<WriteResult>({ cmd: 'write', id: 0, count: ctx.quick ? 500 : 1_000, paceMs: 0, offers: 30 }, 120_000);
    const clock = wrote.clocks[wrote.clocks.length - 1]!;
    await sleep(300);
    for (const joiner of rest.slice(0, 2 * size)) {
      await openClients(ctx, [joiner], { concurrency: 1, ownOffer: true, timeoutMs: 30_000, expect: { client: wrote.clientID, clock } });
    }
    await ctx.pool.of(1).request<StateResult>({ cmd: 'state', ids: [1], client: wrote.clientID }, 10_000);
    await openClients(ctx, rest.slice(2 * size), { concurrency: 4, ownOffer: true, timeoutMs: 30_000 });
    const members = new Map(board.clients.map((c) => [c.id, board.group] as const));
    // The conference's shape (N clients at H Hz), for a few seconds.
    const c = ctx.scale.conference;
    await editRound(ctx, members, { count: Math.round(c.hz * (ctx.quick ? 2 : 5)), intervalMs: 1000 / c.hz, moveEvery: c.moveEvery, presenceEveryMs: c.presenceEveryMs });
  }, { noProfile: true });
}
