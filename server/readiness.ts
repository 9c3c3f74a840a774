// GET /readyz: whether a load balancer should send this instance work — its store answers and it
// is not shutting down. GET /healthz (liveness) stays apart: it never touches the store, so a
// database outage takes instances out of rotation instead of getting them restarted.

import type { Logger } from 'pino';
import type { Store } from './store/types.ts';
import type { NewsBus } from './cluster/news.ts';

/** How long the store may take to answer before it counts as unreachable. */
export const READY_CHECK_TIMEOUT_MS = 2_000;

/** What one check found; `unchecked` when it was not asked (shutting down, or nothing to ask). */
export type CheckState = 'ok' | 'unreachable' | 'unchecked';

/** What /readyz checked: the store, and with several instances the news between them (Redis). */
export interface Checks {
  store: CheckState;
  news?: CheckState;
}

/** The answer to GET /readyz: 200 when ready, 503 with a readable reason when not. */
export type Readiness = { ready: true; checks: Checks } | { ready: false; error: string; checks: Checks };

/**
 * Checks the store and, with several instances, Redis (each within READY_CHECK_TIMEOUT_MS) unless
 * the server is already stopping. An instance without Redis still serves its own clients, but
 * they would not see the others' edits live: it is not ready.
 */
export async function checkReadiness(
  deps: { store: Pick<Store, 'ping'>; log: Logger; stopping: { current: boolean }; news?: Pick<NewsBus, 'ping'> | null },
  timeoutMs = READY_CHECK_TIMEOUT_MS,
): Promise<Readiness> {
  const withNews = deps.news !== undefined && deps.news !== null;
  if (deps.stopping.current) {
    return {
      ready: false,
      error: 'The server is shutting down; it takes no new work.',
      checks: withNews ? { store: 'unchecked', news: 'unchecked' } : { store: 'unchecked' },
    };
  }
  const ask = async (what: string, ping: (() => Promise<void>) | undefined): Promise<CheckState> => {
    if (ping === undefined) return 'unchecked';
    try {
      await withTimeout(ping(), timeoutMs);
      return 'ok';
    } catch (err) {
      deps.log.warn({ err: String(err) }, `readiness: ${what} did not answer`);
      return 'unreachable';
    }
  };
  const { store, news } = deps;
  const [storeState, newsState] = await Promise.all([
    ask('the store', store.ping ? () => store.ping!() : undefined),
    withNews ? ask('Redis', () => news!.ping()) : Promise.resolve(undefined),
  ]);
  const checks: Checks = newsState === undefined ? { store: storeState } : { store: storeState, news: newsState };
  if (storeState === 'unreachable') return { ready: false, error: 'The database cannot be reached.', checks };
  if (newsState === 'unreachable') return { ready: false, error: 'Redis, which carries edits between server instances, cannot be reached.', checks };
  return { ready: true, checks };
}

function withTimeout(task: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([task, late]).finally(() => clearTimeout(timer));
}
