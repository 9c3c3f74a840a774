// Calendar dates (YYYY-MM-DD) against the server's clock, fair to every time zone: a date is "in the
// past" only once it has ended everywhere on Earth, so a coordinator late at night in any zone can
// still pick their own today, and the server and every browser agree.

/** The furthest time zone behind UTC (UTC−12), in milliseconds. */
const LATEST_ZONE_MS = 12 * 60 * 60 * 1000;

/** The earliest calendar date anywhere on Earth at `now` (ms since the epoch), as YYYY-MM-DD. */
export function earliestToday(now: number): string {
  return new Date(now - LATEST_ZONE_MS).toISOString().slice(0, 10);
}

/** True when `date` (YYYY-MM-DD) has ended everywhere at `now`. */
export function isPastEverywhere(date: string, now: number): boolean {
  return date < earliestToday(now);
}
