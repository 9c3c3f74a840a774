// Sign-in limits shared by every instance through Redis: the same tallies and waits as
// memorySignInLimits(), checked and counted by one Lua script per attempt so two instances can
// never both let the same guess through. Keys hold SHA-256 hashes, never an address or account id,
// and expire after LOGIN_WINDOW_MS without a failure, so Redis forgets old tallies by itself.
// While Redis cannot be reached, attempts are refused (fail closed), never waved through.

import { createHash } from 'node:crypto';
import {
  FREE_LOGIN_FAILURES,
  LOGIN_BASE_DELAY_MS,
  LOGIN_WINDOW_MS,
  MAX_ACCOUNT_DELAY_MS,
  MAX_ADDRESS_DELAY_MS,
  SignInLimitsUnavailableError,
  type LoginVerdict,
  type SignInLimits,
} from './sign-in-limits.ts';

/** Where the tallies live unless told otherwise. */
export const SIGN_IN_KEY_PREFIX = 'llb:signin:';
/** Longest a sign-in waits for Redis before it is refused. */
export const SIGN_IN_REDIS_TIMEOUT_MS = 2_000;

/** A connected node-redis client, as this module uses it (createClient()'s type fits). */
export interface SignInRedis {
  readonly isReady: boolean;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  del(keys: string[]): Promise<unknown>;
}

export interface RedisSignInLimitsOptions {
  /** Key prefix (tests give each run its own). */
  prefix?: string;
  timeoutMs?: number;
}

// KEYS: the address's tally, then the account's (absent for a made-up email). Each tally is a hash
// {f: failures, t: last failure in ms}. ARGV[1] is the clock in ms, or '' for Redis's own clock,
// so every instance measures waits on one clock. Mirrors memory-sign-in-limits.ts line by line;
// the shared contract suite holds the two to the same behaviour. Sent with EVAL each time: Redis
// keeps the compiled script by its hash, and the caller's client has no scripts defined on it.
const ATTEMPT_SCRIPT = `
local now = tonumber(ARGV[1])
if not now then
  local time = redis.call('TIME')
  now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end
local free, base, window = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local caps = { tonumber(ARGV[5]), tonumber(ARGV[6]) }
local tallies = {}
local wait = 0
for i, key in ipairs(KEYS) do
  local stored = redis.call('HMGET', key, 'f', 't')
  local f, t = tonumber(stored[1]), tonumber(stored[2])
  if f == nil or t == nil or now - t > window then f = 0 end
  tallies[i] = f
  if f >= free then
    local delay = math.min(caps[i], base * 2 ^ (f - free))
    wait = math.max(wait, t + delay - now)
  end
end
if wait > 0 then return wait end
for i, key in ipairs(KEYS) do
  redis.call('HSET', key, 'f', string.format('%d', tallies[i] + 1), 't', string.format('%.0f', now))
  redis.call('PEXPIRE', key, window)
end
return 0
`;

/**
 * Failure counts shared through Redis by every instance. The caller owns `client` (connects and
 * closes it). Both keys of an attempt are touched by one script, so they must live on one Redis
 * node: a single Redis or Sentinel, not Redis Cluster.
 */
export function redisSignInLimits(client: SignInRedis, options: RedisSignInLimitsOptions = {}): SignInLimits {
  const prefix = options.prefix ?? SIGN_IN_KEY_PREFIX;
  const timeoutMs = options.timeoutMs ?? SIGN_IN_REDIS_TIMEOUT_MS;
  const addressKey = (address: string) => `${prefix}addr:${sha256(address)}`;
  const accountKey = (accountId: string) => `${prefix}acct:${sha256(accountId)}`;

  async function ask<T>(what: string, command: () => Promise<T>): Promise<T> {
    // node-redis queues commands while disconnected; a sign-in must not wait for a reconnection.
    if (!client.isReady) throw new SignInLimitsUnavailableError(`${what}: Redis is not connected`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new SignInLimitsUnavailableError(`${what}: Redis did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([command(), timeout]);
    } catch (err) {
      if (err instanceof SignInLimitsUnavailableError) throw err;
      throw new SignInLimitsUnavailableError(`${what}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async attempt(address: string, accountId: string | null, now?: number): Promise<LoginVerdict> {
      const keys = accountId === null ? [addressKey(address)] : [addressKey(address), accountKey(accountId)];
      const args = [now === undefined ? '' : String(Math.floor(now)), FREE_LOGIN_FAILURES, LOGIN_BASE_DELAY_MS, LOGIN_WINDOW_MS, MAX_ADDRESS_DELAY_MS, MAX_ACCOUNT_DELAY_MS].map(String);
      const wait = await ask('checking a sign-in', () => client.eval(ATTEMPT_SCRIPT, { keys, arguments: args }));
      if (typeof wait !== 'number') throw new SignInLimitsUnavailableError(`checking a sign-in: Redis answered ${typeof wait}, not a number`);
      return wait > 0 ? { allowed: false, retryAfterMs: wait } : { allowed: true };
    },

    async succeeded(address: string, accountId: string): Promise<void> {
      await ask('clearing a sign-in tally', () => client.del([addressKey(address), accountKey(accountId)]));
    },
  };
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
