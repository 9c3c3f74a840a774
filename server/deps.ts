// What the HTTP app and the sync server share: one object built by main.ts, passed down.

import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { BoardAuthors } from './authors.ts';
import type { Deliveries } from './delivery/worker.ts';
import type { LinkSender } from './messages/linkSender.ts';
import type { Metrics } from './metrics.ts';
import type { SignInLimits } from './auth/sign-in-limits.ts';
import type { Store } from './store/types.ts';
import type { NewsBus } from './cluster/news.ts';
import type { Rooms } from './sync/rooms.ts';

/** The server's long-lived parts. */
export interface Deps {
  config: Config;
  store: Store;
  log: Logger;
  rooms: Rooms;
  /** The one-time setup secret while no coordinator exists (null once one does). */
  setupToken: { current: string | null };
  /** Folder of the built client (index.html), or null when it has not been built. */
  clientDir: string | null;
  /**
   * Pushing agreed plans to the care record (send, and how sending went); null when
   * CARE_RECORD_URL and CARE_RECORD_SECRET are not set. Past deliveries stay in `store.outbox`.
   */
  deliveries: Deliveries | null;
  /** Sends invite links by email or text message, as far as the server is set up for it. */
  messages: LinkSender;
  /** Who added and last changed each card, from the stored updates' authors. */
  authors: BoardAuthors;
  /** This server's Prometheus metrics (GET /metrics). */
  metrics: Metrics;
  /** Set when shutdown begins: GET /readyz answers 503 from then on. */
  stopping: { current: boolean };
  /**
   * Failed sign-in tallies shared by every instance (redisSignInLimits); when absent, the account
   * routes keep them in this process's memory, which is right for a single server.
   */
  signInLimits?: SignInLimits;
  /** News between instances (Redis), when several share the database; null for one instance. */
  news?: NewsBus | null;
}
