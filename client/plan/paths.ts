// Where the plan's pages are, for links from the board and the coordinator's pages (kept apart from
// the pages themselves, which load as their own chunk).

/** Where a version of a conference's plan is shown. */
export function planPath(conferenceId: string, version: number): string {
  return `/conferences/${encodeURIComponent(conferenceId)}/plans/${version}`;
}
