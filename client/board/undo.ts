// Undo and redo of this person's own changes (Yjs's UndoManager tracking only the transactions this
// browser makes, never the ones that arrive from others). A change that took away someone else's
// approval cannot be undone: undoing it would write their approval back in their name, which the
// server rightly refuses; it is dropped from the undo list, and the person is told. Likewise undoing
// an addition that someone else has changed since: it would delete their work for good, which the
// server refuses (only "Removed" deletes for good).
import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import { boardRoots } from '../../shared/board.ts';
import { entryWriters, itemsIn } from '../../shared/yjsItems.ts';
import { LOCAL_TYPING } from './CollabTextarea.tsx';

/**
 * The origin of emptying "Removed": not on anyone's undo list. The coordinator confirmed that
 * nobody can put it back; undoing it would add the entries again as new, in their removers' names.
 */
export const DELETED_FOR_GOOD: unique symbol = Symbol('deleted for good');

/** Told when Undo would delete an addition someone else has changed since. */
export const NOT_UNDOABLE_ADDITION = 'Someone else has changed that since, so Undo cannot take it off the board: use “Remove” instead.';

/** Typing pauses shorter than this fold into one undo step. */
const CAPTURE_MS = 700;

export interface Undo {
  canUndo: boolean;
  canRedo: boolean;
  undo(): void;
  redo(): void;
  /** Set when a change could not be kept for undoing (and why), until the next undo step. */
  notUndoable: string | null;
}

/** True when `transaction` replaced an approval given by someone other than `myId`. */
export function tookAnotherApproval(transaction: Y.Transaction, myId: string): boolean {
  for (const [type, keys] of transaction.changed) {
    if (!(type instanceof Y.Map) || !keys.has('approvedBy')) continue;
    // The value before is the item this transaction replaced: the one left of the current.
    const before = type._map.get('approvedBy')?.left;
    const content: unknown = before?.content.getContent()[0];
    if (before && typeof content === 'string' && content !== myId && Y.isDeleted(transaction.deleteSet, before.id)) return true;
  }
  return false;
}

/** What the undo list holds: one step's items it inserted (undoing deletes them) and deleted. */
type UndoStep = Y.UndoManager['undoStack'][number];

/**
 * True when undoing `step` would delete for good a wish, person, offer or relationship it added
 * that someone else (another client id than `doc`'s) has changed since.
 */
export function deletesOthersWork(doc: Y.Doc, step: UndoStep): boolean {
  const { objectives, people, offers, relationships } = boardRoots(doc);
  const collections = new Set<unknown>([objectives, people, offers, relationships]);
  for (const item of itemsIn(doc, step.insertions)) {
    if (item.deleted || item.parentSub === null || !collections.has(item.parent)) continue;
    for (const writer of entryWriters(item)) if (writer !== doc.clientID) return true;
  }
  return false;
}

/**
 * An UndoManager over the board for this browser's own changes: the named mutations' transactions
 * (origin null) and shared-text typing. Remote updates carry the provider as their origin, so
 * someone else's work is never undone.
 */
export function boardUndoManager(doc: Y.Doc): Y.UndoManager {
  const roots = boardRoots(doc);
  return new Y.UndoManager([roots.meta, roots.objectives, roots.people, roots.offers, roots.relationships, roots.contingency], {
    trackedOrigins: new Set<unknown>([null, LOCAL_TYPING]),
    captureTimeout: CAPTURE_MS,
  });
}

/**
 * Keeps a change that took away someone else's approval out of `manager`'s undo list (see the top of
 * this file); calls `dropped` when it does. Returns the function that stops watching.
 */
export function keepApprovalsOutOfUndo(doc: Y.Doc, manager: Y.UndoManager, myId: string, dropped: () => void): () => void {
  const onAfter = (transaction: Y.Transaction) => {
    if (!transaction.local || !manager.trackedOrigins.has(transaction.origin)) return;
    if (!tookAnotherApproval(transaction, myId)) return;
    // Registered after the manager's own handler, so its step for this transaction is the last.
    manager.undoStack.pop();
    manager.stopCapturing();
    dropped();
  };
  doc.on('afterTransaction', onAfter);
  return () => doc.off('afterTransaction', onAfter);
}

/** This board's undo and redo; off (and emptied) while `enabled` is false, e.g. once the plan is locked. */
export function useUndo(doc: Y.Doc, myId: string, enabled: boolean): Undo {
  // Made and destroyed by the effect (not memoised), so a remount — React's StrictMode does one in
  // development — never leaves the board holding a destroyed manager.
  const [manager, setManager] = useState<Y.UndoManager | null>(null);
  const [state, setState] = useState({ canUndo: false, canRedo: false, notUndoable: null as string | null });

  useEffect(() => {
    const made = boardUndoManager(doc);
    const refresh = (notUndoable?: string | null) =>
      setState((previous) => ({ canUndo: made.canUndo(), canRedo: made.canRedo(), notUndoable: notUndoable === undefined ? previous.notUndoable : notUndoable }));
    const stopWatching = keepApprovalsOutOfUndo(doc, made, myId, () =>
      refresh('That change took away an approval, so Undo cannot bring it back: ask for it to be approved again.'),
    );
    const onStack = () => refresh();
    made.on('stack-item-added', onStack);
    made.on('stack-item-popped', onStack);
    made.on('stack-cleared', onStack);
    setManager(made);
    refresh(null);
    return () => {
      stopWatching();
      made.off('stack-item-added', onStack);
      made.off('stack-item-popped', onStack);
      made.off('stack-cleared', onStack);
      made.destroy();
      setManager(null);
    };
  }, [doc, myId]);

  useEffect(() => {
    if (!enabled) manager?.clear();
  }, [enabled, manager]);

  const usable = enabled && manager !== null;
  return {
    ...state,
    canUndo: usable && state.canUndo,
    canRedo: usable && state.canRedo,
    undo: () => {
      if (!usable) return;
      const step = manager.undoStack[manager.undoStack.length - 1];
      if (step !== undefined && deletesOthersWork(doc, step)) {
        manager.undoStack.pop();
        setState({ canUndo: manager.canUndo(), canRedo: manager.canRedo(), notUndoable: NOT_UNDOABLE_ADDITION });
        return;
      }
      setState((s) => ({ ...s, notUndoable: null }));
      manager.undo();
    },
    redo: () => {
      if (!usable) return;
      setState((s) => ({ ...s, notUndoable: null }));
      manager.redo();
    },
  };
}
