// The conference record's fields derived from a board's meta (title, date, phase, lock…): stored
// with the update that changed them, in the same transaction.

import type * as Y from 'yjs';
import type { DocName } from '../../shared/roles.ts';
import { readBoardMeta } from '../../shared/board.ts';
import { SUMMARY_FIELDS } from '../store/types.ts';
import type { BoardSummary, ConferenceRecord } from '../store/types.ts';

function summaryOf(from: BoardSummary): BoardSummary {
  const { title, youngPersonName, scheduledFor, place, connectionsAtStart, reviewDate, phase, locked } = from;
  return { title, youngPersonName, scheduledFor, place, connectionsAtStart, reviewDate, phase, locked };
}

/** The summary a conference record holds. */
export function summaryOfRecord(record: ConferenceRecord): BoardSummary {
  return summaryOf(record);
}

/**
 * The board's summary when a write that touched its meta changed it from `stored` (what the record
 * was last known to hold), or null when there is nothing new to store.
 */
export function changedSummary(doc: Y.Doc, docName: DocName, metaTouched: boolean, stored: BoardSummary | null): BoardSummary | null {
  if (docName !== 'board' || !metaTouched) return null;
  const summary = summaryOf(readBoardMeta(doc));
  const same = stored !== null && SUMMARY_FIELDS.every((key) => summary[key] === stored[key]);
  return same ? null : summary;
}
