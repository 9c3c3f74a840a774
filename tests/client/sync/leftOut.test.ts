// Whether this screen's copy holds anything the agreed copy does not, decided from Yjs states alone.

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { hasChangesLeftOut } from '../../../client/sync/leftOut.ts';

function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

describe('changes left out of the agreed plan', () => {
  it('finds nothing left out when this screen has nothing the server lacks', () => {
    const agreed = new Y.Doc();
    agreed.getText('contingency').insert(0, 'Call Gran');
    const mine = copyOf(agreed);
    expect(hasChangesLeftOut(Y.encodeStateAsUpdate(mine), agreed)).toBe(false);
    // The server having more than this screen is not this screen's loss.
    agreed.getText('contingency').insert(0, 'First, ');
    expect(hasChangesLeftOut(Y.encodeStateAsUpdate(mine), agreed)).toBe(false);
  });

  it('finds an addition, and a deletion, that never reached the server', () => {
    const agreed = new Y.Doc();
    agreed.getText('contingency').insert(0, 'Call Gran');
    const added = copyOf(agreed);
    added.getText('contingency').insert(9, ' on Sundays');
    expect(hasChangesLeftOut(Y.encodeStateAsUpdate(added), agreed)).toBe(true);
    const deleted = copyOf(agreed);
    deleted.getText('contingency').delete(0, 5);
    expect(hasChangesLeftOut(Y.encodeStateAsUpdate(deleted), agreed)).toBe(true);
  });

  it('counts changes that build on something the server never had as left out', () => {
    const agreed = new Y.Doc();
    const elsewhere = new Y.Doc();
    const updates: Uint8Array[] = [];
    elsewhere.on('update', (u: Uint8Array) => updates.push(u));
    elsewhere.getText('contingency').insert(0, 'One ');
    elsewhere.getText('contingency').insert(4, 'two');
    expect(hasChangesLeftOut(updates[1] ?? new Uint8Array(), agreed)).toBe(true);
  });

  it('leaves the agreed copy as it was', () => {
    const agreed = new Y.Doc();
    agreed.getText('contingency').insert(0, 'Call Gran');
    const mine = copyOf(agreed);
    mine.getText('contingency').insert(0, 'Never sent ');
    hasChangesLeftOut(Y.encodeStateAsUpdate(mine), agreed);
    expect(agreed.getText('contingency').toString()).toBe('Call Gran');
  });
});
