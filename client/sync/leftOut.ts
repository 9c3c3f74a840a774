// Whether a copy of a document holds anything the server's copy does not: after the plan was locked
// (4423), what this screen had typed but not yet sent was left out, and the person must be told.

import * as Y from 'yjs';

/**
 * True when applying `local` (a full state of this screen's copy) to the server's `agreed` copy
 * would change it: structs the server never stored, deletions it never saw, or changes that
 * depend on something the server does not have.
 */
export function hasChangesLeftOut(local: Uint8Array, agreed: Y.Doc): boolean {
  const probe = new Y.Doc();
  try {
    Y.applyUpdate(probe, Y.encodeStateAsUpdate(agreed));
    let changed = false;
    probe.on('update', () => {
      changed = true;
    });
    Y.applyUpdate(probe, local);
    return changed || probe.store.pendingStructs !== null || probe.store.pendingDs !== null;
  } finally {
    probe.destroy();
  }
}
