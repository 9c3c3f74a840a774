// The board's concerns that go into the record tables with the update that causes them: the
// conference's summary (derived from the board's meta) and the agreed version sealed at a lock.
// Written once over Kysely; the document log runs them in its append's transaction (AppendHook).

import type { AppendOptions, BoardSummary, HookRecords, PlanVersionRecord } from './types.ts';
import type { ConferenceId } from '../../shared/ids.ts';

/** What an update changes in the records, besides the document itself. */
export interface BoardRecordChanges {
  /** The conference record's derived fields, when this update changed them. */
  summary?: BoardSummary;
  /** For the update that locks the board: the agreed version. */
  seal?: PlanVersionRecord;
}

function statements(conference: ConferenceId, { summary, seal }: BoardRecordChanges, { db, flag }: HookRecords) {
  const writes = [];
  if (summary !== undefined) writes.push(db.updateTable('conferences').set({ ...summary, locked: flag(summary.locked) }).where('id', '=', conference));
  if (seal !== undefined) writes.push(db.insertInto('plan_versions').values({ ...seal, conferenceId: conference }));
  return writes;
}

/**
 * The append options that store `changes` with a board update of `conference`: the hook that writes
 * them, and leave for the server's own unlocking update to pass the lock. Nothing when nothing changed.
 */
export function boardRecords(conference: ConferenceId, changes: BoardRecordChanges): Pick<AppendOptions, 'within' | 'unlocks'> {
  if (changes.summary === undefined && changes.seal === undefined) return {};
  const within = (records: HookRecords) => statements(conference, changes, records);
  return changes.summary?.locked === false ? { within, unlocks: true } : { within };
}
