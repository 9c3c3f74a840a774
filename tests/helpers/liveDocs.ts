// Waiting on pages' live documents (the real client's LiveDoc) to agree, for the tests that drive
// several people's boards through the server.

import type * as Y from 'yjs';
import type { LiveDoc } from '../../client/sync/liveDoc.ts';
import { boardJson, stateVectorKey } from './sync.ts';
import { waitFor } from './wait.ts';

/** A page's document once it is loaded and live; null before. */
export function liveDocOf(live: LiveDoc): Y.Doc | null {
  const { doc, loaded, link } = live.state;
  return doc && loaded && link === 'live' ? doc : null;
}

/**
 * Everyone's board once they all read the same. `settled`: only once each page also has its changes
 * confirmed stored or refused (after changes made at once, whose refusals nobody awaits): a deletion
 * alone moves no state vector and may read the same, so a refusal still on its way would otherwise
 * arrive later and be taken for a later change's.
 */
export async function convergedLive(lives: readonly LiveDoc[], what: string, settled = false): Promise<Y.Doc[]> {
  return waitFor(
    what,
    () => {
      const docs = lives.map((live) => (settled && !live.state.saved ? null : liveDocOf(live)));
      if (docs.some((doc) => doc === null)) return null;
      const ready = docs as Y.Doc[];
      const json = boardJson(ready[0]!);
      const sv = stateVectorKey(ready[0]!);
      return ready.every((doc) => boardJson(doc) === json && stateVectorKey(doc) === sv) ? ready : null;
    },
    20_000,
  );
}
