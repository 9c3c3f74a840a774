// Words on the board that must never read as a loss to a young person.

/**
 * The connections as growth: "7 when we started — 9 on the board now (2 more)". While the board is
 * still being filled in, the people added so far are counted as added, not as fewer.
 */
export function connectionsWords(atStart: number, now: number): string {
  const start = `${atStart} when we started`;
  if (now < atStart) return `${start} — ${now} added to the board so far`;
  const more = now - atStart;
  return `${start} — ${now} on the board now${more > 0 ? ` (${more} more)` : ''}`;
}
