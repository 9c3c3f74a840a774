// Limits that keep one person — or one broken or hostile client — from harming everyone else's
// meeting. Each is a named constant (listed in the README) and is enforced per connection or session.

/** Updates a connection may send in a burst before the steady rate applies. */
export const UPDATE_BURST = 1_000;
/** Updates per second a connection may keep sending (a person typing sends a few). */
export const UPDATES_PER_SECOND = 100;
/** Bytes of updates a connection may send in a burst. */
export const UPDATE_BYTES_BURST = 4 * 1024 * 1024;
/** Bytes of updates per second a connection may keep sending. */
export const UPDATE_BYTES_PER_SECOND = 512 * 1024;
/** Largest single update (or SyncStep2) accepted; bigger ones close with 4413. */
export const MAX_UPDATE_BYTES = 2 * 1024 * 1024;
/** Changes to a person's own presence a connection may send in a burst (a drag sends one per frame). */
export const PRESENCE_BURST = 120;
/** Presence messages per second a connection may keep sending. */
export const PRESENCE_PER_SECOND = 30;
/**
 * Presence frames of any kind a connection may send: y-websocket clients echo every change they
 * receive from others, so in a full room this is many times a person's own rate.
 */
export const AWARENESS_FRAME_BURST = 4_000;
/** Presence frames per second of any kind a connection may keep sending. */
export const AWARENESS_FRAMES_PER_SECOND = 2_000;
/** Open live-document sockets one session may hold (tabs, the private notes, a second screen). */
export const MAX_SOCKETS_PER_SESSION = 8;

/** A token bucket: `capacity` tokens, refilled at `perSecond`; take() spends them or says no. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    now = Date.now(),
  ) {
    this.tokens = capacity;
    this.last = now;
  }

  /** Spends `cost` tokens if there are enough; false (spending none) if not. */
  take(cost = 1, now = Date.now()): boolean {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }
}
