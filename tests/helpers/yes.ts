// The young person's yes that puts an offer in "Agreed", for tests that build boards directly.

import type { YoungPersonYes } from '../../shared/board.ts';

/** A yes said by the young person `by` (default 'yp-1') on their own device, at `at`. */
export function youngPersonYes(by = 'yp-1', at = '2026-11-27T09:00:00.000Z'): YoungPersonYes {
  return { by, at, recorded: false };
}

/** The same yes, ready to spread into addOffer's or moveOffer's argument. */
export const YES = youngPersonYes();

/** The coordinator `selfId` recording the young person's yes now, as the server takes it. */
export function recordedBy(selfId: string): YoungPersonYes {
  return { by: selfId, at: new Date().toISOString(), recorded: true };
}

/** The young person `selfId` saying yes now, on their own device, as the server takes it. */
export function saidBy(selfId: string): YoungPersonYes {
  return { by: selfId, at: new Date().toISOString(), recorded: false };
}
