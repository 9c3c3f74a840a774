// The one subscription to the board document: plain, immutable Board data for components.
import { useMemo, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { readBoard, type Board } from '../../shared/board.ts';

/** The board as plain data, re-read after every change to the document (local or remote). */
export function useBoard(doc: Y.Doc): Board {
  const store = useMemo(() => {
    let snapshot = readBoard(doc);
    return {
      subscribe(onChange: () => void) {
        const handler = () => {
          snapshot = readBoard(doc);
          onChange();
        };
        doc.on('update', handler);
        // A change may have landed between the first read and this subscription.
        handler();
        return () => doc.off('update', handler);
      },
      get: () => snapshot,
    };
  }, [doc]);
  return useSyncExternalStore(store.subscribe, store.get);
}
