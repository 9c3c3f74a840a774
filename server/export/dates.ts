// Dates and times in an export, in plain British English and in UK time, whatever the server's own
// time zone: a plan locked at 00:30 on a summer night in London was locked on that day, not the one before.

import { EXPORT_TIME_ZONE } from './zone.ts';

export { EXPORT_TIME_ZONE };

const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: EXPORT_TIME_ZONE });
// A calendar date ("2027-03-03") names a day, not an instant: read and written in UTC so no zone moves it.
const CALENDAR_DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const CLOCK = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: EXPORT_TIME_ZONE });

/** "2026-11-27" or an ISO timestamp → "27 November 2026"; anything unreadable is given back as it is. */
export function formatDate(value: string): string {
  const calendar = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (calendar) {
    const [, year, month, day] = calendar;
    return CALENDAR_DAY.format(new Date(Date.UTC(Number(year), Number(month) - 1, Number(day), 12)));
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : DAY.format(date);
}

/** An ISO timestamp → "27 November 2026 at 14:05" (UK time). */
export function formatDateTime(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return `${DAY.format(date)} at ${CLOCK.format(date)}`;
}
