// How big each workload is: the figures for a full run, smaller ones for --quick.

export interface Scale {
  workers: number;
  conference: { clients: number; hz: number; seconds: number; moveEvery: number; presenceEveryMs: number };
  many: { boards: number; clientsPerBoard: number; intervalMs: number; seconds: number; connectConcurrency: number };
  cold: { planEdits: number; planOffers: number; joiners: number; history: number };
  burst: { offers: number; receivers: number };
  durability: { edits: number; paceMs: number; killAfterMs: number; offers: number };
}

export const FULL: Scale = {
  workers: 3,
  conference: { clients: 30, hz: 5, seconds: 20, moveEvery: 10, presenceEveryMs: 1_000 },
  many: { boards: 300, clientsPerBoard: 4, intervalMs: 2_000, seconds: 20, connectConcurrency: 8 },
  cold: { planEdits: 5_000, planOffers: 50, joiners: 20, history: 100_000 },
  burst: { offers: 2_000, receivers: 10 },
  durability: { edits: 1_000, paceMs: 5, killAfterMs: 100, offers: 20 },
};

export const QUICK: Scale = {
  workers: 3,
  conference: { clients: 30, hz: 5, seconds: 10, moveEvery: 10, presenceEveryMs: 1_000 },
  many: { boards: 100, clientsPerBoard: 4, intervalMs: 2_000, seconds: 6, connectConcurrency: 8 },
  cold: { planEdits: 2_000, planOffers: 50, joiners: 10, history: 20_000 },
  burst: { offers: 500, receivers: 10 },
  durability: { edits: 1_000, paceMs: 3, killAfterMs: 100, offers: 20 },
};

/** One line describing the scale, for the table header. */
export function describe(scale: Scale, quick: boolean): string {
  const c = scale.conference;
  const m = scale.many;
  const k = scale.cold;
  return (
    `${quick ? 'QUICK run (scaled down)' : 'Full run'}: conference ${c.clients} clients × ${c.hz} Hz × ${c.seconds} s ` +
    `(cluster: the same over 2 instances, 1 instance and the relay); ` +
    `${m.boards} boards × ${m.clientsPerBoard} clients, an edit every ${m.intervalMs / 1000} s for ${m.seconds} s; ` +
    `cold join ${k.planEdits} edits + ${k.joiners} joiners, cold open ${k.history} updates; ` +
    `burst ${scale.burst.offers} offers → ${scale.burst.receivers}; durability ${scale.durability.edits} edits`
  );
}
