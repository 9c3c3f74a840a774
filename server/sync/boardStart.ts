// A board's first writes from its conference record, made as server changes when the room loads: a
// board never written is started from the record, and a board from before meta held the
// conference's date and place is completed from it.

import type * as Y from 'yjs';
import { boardRoots, completeMeta, initBoard, META_KEYS } from '../../shared/board.ts';
import type { ConferenceRecord } from '../store/types.ts';

/** Writes a server change to the room's document (Room.change). */
type Change = (mutate: (doc: Y.Doc) => void) => Promise<boolean>;

/** Starts or completes a board from its conference record when it needs it; nothing otherwise. */
export async function startBoardFromRecord(doc: Y.Doc, conference: ConferenceRecord, change: Change): Promise<void> {
  if (boardRoots(doc).meta.size === 0) {
    // Creating a conference stores its record first; its board's first update may not have followed.
    // Checked again inside: another instance may have started it first (a seq conflict reruns this).
    await change((d) => {
      if (boardRoots(d).meta.size > 0) return;
      initBoard(d, {
        title: conference.title,
        youngPersonName: conference.youngPersonName,
        connectionsAtStart: conference.connectionsAtStart,
        scheduledFor: conference.scheduledFor,
        place: conference.place,
      });
    });
  } else if (needsDetailsFromRecord(doc)) {
    // A board made before the conference's date and place were kept on it: the record had them.
    await change((d) => {
      if (needsDetailsFromRecord(d)) completeMeta(d, conference);
    });
  }
}

/** A draft board from before meta held the conference's date and place (the record kept the date). */
function needsDetailsFromRecord(doc: Y.Doc): boolean {
  const meta = boardRoots(doc).meta;
  return meta.size > 0 && !meta.has(META_KEYS.scheduledFor) && meta.get(META_KEYS.locked) !== true;
}
