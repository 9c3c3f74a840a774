// Whether a request comes from this server's own pages: the Origin header against PUBLIC_URL.

import type { Config } from '../config.ts';

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * True when an Origin header names this server's public address (PUBLIC_URL). The Host header is
 * never trusted for this: a page on another site, reached through DNS rebinding, sends its own
 * host as both. A loopback public address also accepts its other loopback names, same port.
 */
export function sameOrigin(origin: string, deps: { config: Pick<Config, 'publicUrl'> }): boolean {
  try {
    const o = new URL(origin);
    const own = new URL(deps.config.publicUrl);
    if (o.origin === own.origin) return true;
    return LOOPBACK_HOSTS.includes(own.hostname) && LOOPBACK_HOSTS.includes(o.hostname) && o.protocol === own.protocol && o.port === own.port;
  } catch {
    // reason: an Origin that is not a URL (e.g. "null") is not ours
    return false;
  }
}
