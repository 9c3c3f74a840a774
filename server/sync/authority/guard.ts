// Applying a client's update under the rules: apply it to the live document in one transaction,
// describe what it did (inspect.ts), and decide (judge.ts). A refused update has changed the
// document, so the caller rebuilds the document from the store, which never saw the update.
//
// Why this way (AUTHORITY.md offers a shadow document or a static pre-check): the live document
// IS the shadow here. Applying once and reading the transaction gives exact Yjs semantics with no
// second copy of every open board (memory per board must not grow) and one apply per accepted
// update; the price, a reload from the store, is paid only when an update is refused — by a
// hostile or broken client, which is then disconnected. Nothing is stored or relayed before the
// decision, so rebuilding from the store loses nothing anyone else has seen.

import * as Y from 'yjs';
import type { RootShape } from '../../../shared/board-fields.ts';
import { BOARD_SHAPE, PRIVATE_SHAPE } from '../../../shared/board-fields.ts';
import type { DocName } from '../../../shared/roles.ts';
import { GENERAL_RULES } from '../../../shared/rules.ts';
import type { Refusal, RuleContext } from '../../../shared/rules.ts';
import { inspectTransaction, type Inspection } from './inspect.ts';
import { judge } from './judge.ts';
import { changeNotes } from './notes.ts';
import type { ChangeNote } from '../../store/types.ts';

/** The shape of each live document. */
export const DOC_SHAPES: Readonly<Record<DocName, Readonly<Record<string, RootShape>>>> = {
  board: BOARD_SHAPE,
  private: PRIVATE_SHAPE,
};

/** What became of an update. `polluted`: the document now differs from the store and must be rebuilt. */
export type Verdict =
  | { kind: 'accepted'; changed: boolean; metaTouched: boolean; notes: ChangeNote[] }
  | { kind: 'refused'; refusal: Refusal; polluted: boolean }
  | { kind: 'unapplicable'; error: unknown; polluted: boolean };

/** Applies `update` to `doc` as `ctx.writer` and judges it (see the module comment). */
export function applyChecked(doc: Y.Doc, docName: DocName, update: Uint8Array, origin: unknown, ctx: RuleContext): Verdict {
  let inspection: Inspection | null = null;
  let notes: ChangeNote[] = [];
  let deleted = false;
  try {
    Y.transact(
      doc,
      (tr) => {
        Y.applyUpdate(doc, update, origin);
        deleted = tr.deleteSet.clients.size > 0;
        const read = inspectTransaction(doc, tr, DOC_SHAPES[docName]);
        // For the history, while removed entries' words are still in the document.
        if (read.ok) notes = changeNotes(read.changes);
        inspection = read;
      },
      origin,
      // A remote transaction, as Y.applyUpdate alone would make it.
      false,
    );
  } catch (error) {
    // Yjs integrates struct by struct without rollback: whatever it got through stays in the document.
    return { kind: 'unapplicable', error, polluted: true };
  }
  const result = inspection as Inspection | null;
  // Whether the document now differs from before; when the inspection gave up, assume it does.
  const changed = deleted || result === null || !result.ok || result.clients.size > 0;
  if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) {
    // Parked structs and deletes wait for what they depend on; nothing of them is in the document
    // yet, so when nothing else changed, forgetting them restores it exactly.
    if (!changed) {
      doc.store.pendingStructs = null;
      doc.store.pendingDs = null;
    }
    return { kind: 'refused', refusal: GENERAL_RULES.pending, polluted: changed };
  }
  if (result === null) return { kind: 'refused', refusal: GENERAL_RULES.unknown, polluted: true };
  if (!result.ok) return { kind: 'refused', refusal: result.refusal, polluted: true };
  if (!changed) return { kind: 'accepted', changed: false, metaTouched: false, notes: [] };
  const refusal = judge(doc, docName, DOC_SHAPES[docName], result.changes, ctx);
  if (refusal) return { kind: 'refused', refusal, polluted: true };
  return { kind: 'accepted', changed: true, metaTouched: result.changes.some((change) => change.path[0] === 'meta'), notes };
}
