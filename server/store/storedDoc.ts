// What both document stores share for serving several instances: a snapshot folded from exactly the
// stored parts (never from a document in some instance's memory), and the check on a caller's seq.

import * as Y from 'yjs';
import { readBoardMeta } from '../../shared/board-read.ts';
import type { Meta } from '../../shared/board-schema.ts';

/**
 * One update holding everything in `parts` (the stored snapshot, if any, then the stored updates in
 * seq order), as a room would snapshot it: applied to a fresh document, deleted content collected.
 * Throws, naming the part, when one cannot be applied, so nothing half-folded is ever stored.
 */
export function foldUpdates(parts: readonly Uint8Array[]): Uint8Array {
  const doc = new Y.Doc();
  let index = 0;
  try {
    // One transaction over all parts: cheaper than Y.mergeUpdates (see build in server/sync/room.ts),
    // and it garbage-collects deleted content, which a merge would keep. Roots need not be made
    // first: a snapshot is bytes, and the room that loads it makes its roots before reading them.
    doc.transact(() => {
      for (; index < parts.length; index++) Y.applyUpdate(doc, parts[index] ?? new Uint8Array());
    });
    // Includes any pending structs, so an update whose dependencies are missing is kept, not dropped.
    return Y.encodeStateAsUpdate(doc);
  } catch (error) {
    throw new Error(`Stored part ${index + 1} of ${parts.length} cannot be applied; nothing was folded`, { cause: error });
  } finally {
    doc.destroy();
  }
}

/** Throws RangeError unless `seq` is a whole number ≥ 0 (a sequence number, or 0 for "none yet"). */
export function checkSeq(seq: number, what: string): void {
  if (!Number.isSafeInteger(seq) || seq < 0) throw new RangeError(`${what} must be a whole number ≥ 0, not ${seq}`);
}

/**
 * A stored board's details (meta) read from its stored parts, for migrations that derive a
 * record's column from the board; parts that cannot be applied are skipped, as loading does.
 */
export function storedBoardMeta(parts: readonly Uint8Array[]): Meta {
  const doc = new Y.Doc();
  try {
    for (const part of parts) {
      try {
        Y.applyUpdate(doc, part);
      } catch {
        // reason: an unreadable stored update is skipped when the room loads too (sync/room.ts)
      }
    }
    return readBoardMeta(doc);
  } finally {
    doc.destroy();
  }
}
