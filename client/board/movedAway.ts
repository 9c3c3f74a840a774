// On a phone the offer columns are tabs, so an offer moved to another column vanishes from the one
// being looked at. These are the notices that say where it went ("Moved to Agreed — 3 offers there
// now"), worked out from the columns before and after a change; pure, so it is tested on its own.

import { COLUMN_LABELS, COLUMNS, type Column } from '../../shared/board.ts';
import { plural } from '../format.ts';
import type { Lanes } from './dragModel.ts';

/** One offer that left the column being looked at. */
export interface MovedAway {
  offerId: string;
  /** Where it went. */
  to: Column;
}

/** Most notices kept at once (the newest). */
export const MAX_MOVED_NOTICES = 3;

/**
 * The offers that were in `shown` before and are now in another column (offers removed from the
 * board are not "moved": they are in Removed, which says so itself).
 */
export function movedAway(before: Lanes, after: Lanes, shown: Column): MovedAway[] {
  const now = new Map<string, Column>();
  for (const column of COLUMNS) for (const id of after[column]) now.set(id, column);
  return before[shown].flatMap((offerId) => {
    const to = now.get(offerId);
    return to !== undefined && to !== shown ? [{ offerId, to }] : [];
  });
}

/** The notices after a change: the new ones first, none twice, at most MAX_MOVED_NOTICES; an offer back in `shown` drops its notice. */
export function keepNotices(previous: readonly MovedAway[], added: readonly MovedAway[], after: Lanes, shown: Column): MovedAway[] {
  const fresh = new Set(added.map((notice) => notice.offerId));
  return [...added, ...previous.filter((notice) => !fresh.has(notice.offerId))]
    .filter((notice) => !after[shown].includes(notice.offerId))
    .slice(0, MAX_MOVED_NOTICES);
}

/** "“Tea at Gran’s” moved to Agreed — 3 offers there now." */
export function movedWords(title: string, to: Column, count: number): string {
  return `“${title}” moved to ${COLUMN_LABELS[to]} — ${plural(count, 'offer')} there now.`;
}
