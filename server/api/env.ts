// The Hono environment shared by every route: the request's principal, set by one middleware.

import type { Principal } from '../auth/session.ts';

/** Variables set on each request's context. */
export interface AppEnv {
  Variables: { principal: Principal | null };
}
