// Two people writing "How often" at once: both boards see the clash (one was kept, one dropped),
// with the other's words; a later write by someone who had seen yours is not a clash.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addOffer, addPerson, editOffer, initBoard, readBoard } from '../../../shared/board.ts';
import { clashesIn, type Clash } from '../../../client/board/conflicts.ts';

const REMOTE = Symbol('the provider');

function twoReplicas() {
  const a = new Y.Doc();
  initBoard(a, { title: 'Plan', youngPersonName: 'Robin', connectionsAtStart: 1 });
  const gran = addPerson(a, { displayName: 'Gran', relationship: '', circle: 'family', connection: 'direct', atConference: true });
  const tea = addOffer(a, { personId: gran, kind: 'visit', text: 'Tea', createdBy: 'jo' });
  const b = new Y.Doc();
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a), REMOTE);
  const seen = new Map<Y.Doc, Clash[]>([[a, []], [b, []]]);
  for (const doc of [a, b]) doc.on('afterTransaction', (t: Y.Transaction) => seen.get(doc)!.push(...clashesIn(t, doc)));
  const exchange = () => {
    const fromA = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
    const fromB = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
    Y.applyUpdate(b, fromA, REMOTE);
    Y.applyUpdate(a, fromB, REMOTE);
  };
  return { a, b, tea, seen, exchange };
}

describe('clashesIn', () => {
  it('tells both people when they wrote “How often” at the same time, each with the other’s words', () => {
    const { a, b, tea, seen, exchange } = twoReplicas();
    editOffer(a, tea, { frequency: 'Every month' });
    editOffer(b, tea, { frequency: 'Every week' });
    exchange();
    const kept = readBoard(a).offers[0]!.frequency;
    expect(readBoard(b).offers[0]!.frequency).toBe(kept);
    const onA = seen.get(a)!;
    const onB = seen.get(b)!;
    expect(onA).toHaveLength(1);
    expect(onB).toHaveLength(1);
    expect(onA[0]).toMatchObject({ offerId: tea, field: 'frequency', mine: 'Every month', theirs: 'Every week', otherClient: b.clientID });
    expect(onB[0]).toMatchObject({ offerId: tea, field: 'frequency', mine: 'Every week', theirs: 'Every month', otherClient: a.clientID });
    // One was kept and one dropped, and each board says which.
    expect([onA[0]!.kept, onB[0]!.kept].sort()).toEqual(['mine', 'theirs']);
    expect(onA[0]!.kept === 'mine' ? 'Every month' : 'Every week').toBe(kept);
  });

  it('says nothing when someone changes it after seeing yours, or when you both wrote the same', () => {
    const { a, b, tea, seen, exchange } = twoReplicas();
    editOffer(a, tea, { startsOn: 'March' });
    exchange();
    editOffer(b, tea, { startsOn: 'April' });
    exchange();
    editOffer(a, tea, { frequency: 'Weekly' });
    editOffer(b, tea, { frequency: 'Weekly' });
    exchange();
    expect(seen.get(a)).toEqual([]);
    expect(seen.get(b)).toEqual([]);
    expect(readBoard(a).offers[0]!.startsOn).toBe('April');
  });
});
