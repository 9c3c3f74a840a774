// GET /readyz: whether a load balancer should send this instance work — its store answers and it
// is not shutting down. GET /healthz (liveness) stays apart: it never touches the store, so a
// database outage takes instances out of rotation instead of getting them restarted.

import type { Logger } from 'pino';
import type { Store } from './store/types.ts';

/** How long the store may take to answer before it counts as unreachable. */
export const READY_CHECK_TIMEOUT_MS = 2_000;

/** What one check found; `unchecked` when it was not asked (shutting down, or a store without ping). */
export type CheckState = 'ok' | 'unreachable' | 'unchecked';

/** The answer to GET /readyz: 200 when ready, 503 with a readable reason when not. */
export type Readiness =
  | { ready: true; checks: { store: CheckState } }
  | { ready: false; error: string; checks: { store: CheckState } };

/** Checks the store (within READY_CHECK_TIMEOUT_MS) unless the server is already stopping. */
export async function checkReadiness(
  deps: { store: Pick<Store, 'ping'>; log: Logger; stopping: { current: boolean } },
  timeoutMs = READY_CHECK_TIMEOUT_MS,
): Promise<Readiness> {
  if (deps.stopping.current) {
    return { ready: false, error: 'The server is shutting down; it takes no new work.', checks: { store: 'unchecked' } };
  }
  const { store } = deps;
  if (store.ping === undefined) return { ready: true, checks: { store: 'unchecked' } };
  try {
    await withTimeout(store.ping(), timeoutMs);
    return { ready: true, checks: { store: 'ok' } };
  } catch (err) {
    deps.log.warn({ err: String(err) }, 'readiness: the store did not answer');
    return { ready: false, error: 'The database cannot be reached.', checks: { store: 'unreachable' } };
  }
}

function withTimeout(task: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([task, late]).finally(() => clearTimeout(timer));
}
