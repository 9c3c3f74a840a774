// Vitest's global setup for `npm run test:cluster`: the run fails at once, saying which URL was
// tried, when the services the cluster tests need are not there (never a silent skip).

import { requirePostgres } from './postgres.ts';
import { requireRedis } from './redis.ts';

export default async function setup(): Promise<void> {
  await requirePostgres();
  await requireRedis();
}
