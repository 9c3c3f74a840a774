// A document built from its stored parts (snapshot, then updates in order), leaving out any part that
// cannot be applied rather than failing the whole load.

import * as Y from 'yjs';
import type { DocName } from '../../shared/roles.ts';
import { boardRoots } from '../../shared/board.ts';
import { notesRoot } from '../../shared/notes.ts';
import type { LoadedDoc } from '../store/types.ts';

/**
 * Builds a document from its stored parts (snapshot first, then updates in order), with its roots
 * made as the shape says. A part that cannot be applied (the store never keeps one today, but a
 * damaged file or a future bug could) is left out; if it had been partly applied, the build starts
 * again without it.
 */
export function rebuild(loaded: LoadedDoc, docName: DocName): { doc: Y.Doc; skipped: number } {
  const parts = loaded.snapshot ? [loaded.snapshot, ...loaded.updates] : loaded.updates;
  const made = build(parts);
  // Roots exist with their own types before any client writes, so content of the wrong kind
  // (a list inside a map root) never silently becomes part of one.
  if (docName === 'board') boardRoots(made.doc);
  else notesRoot(made.doc);
  return made;
}

function build(parts: readonly Uint8Array[]): { doc: Y.Doc; skipped: number } {
  if (parts.length > 0) {
    // One transaction over the parts in order: cheaper than Y.mergeUpdates and then applying the
    // merge (≈ 200 ms against ≈ 300 ms for a 1 MB snapshot plus 1,000 updates).
    const doc = new Y.Doc();
    try {
      doc.transact(() => {
        for (const part of parts) Y.applyUpdate(doc, part);
      });
      return { doc, skipped: 0 };
    } catch {
      // reason: some part cannot be applied; the careful build below finds and leaves it out
      doc.destroy();
    }
  }
  const skip = new Set<number>();
  for (;;) {
    const doc = new Y.Doc();
    let restart = false;
    for (const [index, part] of parts.entries()) {
      if (skip.has(index)) continue;
      const result = tryApply(doc, part);
      if (result.ok) continue;
      skip.add(index);
      if (result.partly) {
        restart = true;
        break;
      }
    }
    if (!restart) return { doc, skipped: skip.size };
    doc.destroy();
  }
}

type ApplyResult = { ok: true } | { ok: false; partly: boolean };

/** Y.applyUpdate that reports a failure instead of throwing, and whether it changed the document first. */
function tryApply(doc: Y.Doc, update: Uint8Array): ApplyResult {
  let changed = false;
  // Emitted even when applying throws (Yjs cleans the transaction up in a `finally`).
  const onCleanup = (tr: Y.Transaction) => {
    changed ||= tr.deleteSet.clients.size > 0 || [...tr.afterState].some(([client, clock]) => tr.beforeState.get(client) !== clock);
  };
  doc.on('afterTransactionCleanup', onCleanup);
  try {
    Y.applyUpdate(doc, update);
    return { ok: true };
  } catch {
    // reason: the caller only needs to know that it failed and whether it changed the document
    return { ok: false, partly: changed };
  } finally {
    doc.off('afterTransactionCleanup', onCleanup);
  }
}
