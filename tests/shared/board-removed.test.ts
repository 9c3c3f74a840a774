// The "Removed" list: removing keeps everything with who and when, putting back restores it as it
// was (an offer's person with it), concurrent edits to a removed offer are kept, and emptying deletes.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addObjective, addOffer, addPerson, editOffer, emptyRemoved, initBoard, putBack, readBoard, removeToList, setOfferObjectives } from '../../shared/board.ts';

const AT = '2026-11-27T10:00:00.000Z';

function board() {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Plan', youngPersonName: 'Robin', connectionsAtStart: 2 });
  const gran = addPerson(doc, { displayName: 'Gran', relationship: 'Gran', circle: 'family', connection: 'direct', atConference: true });
  const wish = addObjective(doc, { text: 'See Gran', category: 'family', raisedBy: 'robin' });
  const tea = addOffer(doc, { personId: gran, kind: 'visit', text: 'Tea on Sundays', createdBy: 'jo', objectiveIds: [wish] });
  return { doc, gran, wish, tea };
}

describe('removing to the Removed list', () => {
  it('takes an offer off the board and out of what it links, keeping it whole with who removed it and when', () => {
    const { doc, tea } = board();
    removeToList(doc, 'offer', tea, 'jo', AT);
    const read = readBoard(doc);
    expect(read.offers).toEqual([]);
    expect(read.removed).toEqual([{ kind: 'offer', removal: { by: 'jo', at: AT }, offer: expect.objectContaining({ id: tea, text: 'Tea on Sundays', createdBy: 'jo' }) }]);
  });

  it('hides a removed wish’s links and brings them back with it', () => {
    const { doc, wish, tea } = board();
    removeToList(doc, 'objective', wish, 'robin', AT);
    expect(readBoard(doc).offers[0]?.objectiveIds).toEqual([]);
    putBack(doc, 'objective', wish);
    expect(readBoard(doc).offers.find((o) => o.id === tea)?.objectiveIds).toEqual([wish]);
  });

  it('refuses to remove a person while an offer on the board is from them, and allows it once the offer is removed', () => {
    const { doc, gran, tea } = board();
    expect(() => removeToList(doc, 'person', gran, 'jo', AT)).toThrow(/Gran still has offers \(1\)/);
    removeToList(doc, 'offer', tea, 'jo', AT);
    removeToList(doc, 'person', gran, 'jo', AT);
    expect(readBoard(doc).people).toEqual([]);
    // Putting the offer back brings Gran back too, so no offer is from nobody.
    putBack(doc, 'offer', tea);
    expect(readBoard(doc).people.map((p) => p.displayName)).toEqual(['Gran']);
  });

  it('keeps what someone typed into an offer while another person removed it', () => {
    const { doc, tea } = board();
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    removeToList(doc, 'offer', tea, 'jo', AT);
    editOffer(other, tea, { text: 'Tea on Sundays, and a walk' });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    const removed = readBoard(doc).removed[0];
    expect(removed?.kind === 'offer' && removed.offer.text).toBe('Tea on Sundays, and a walk');
    putBack(other, 'offer', tea);
    expect(readBoard(other).offers[0]?.text).toBe('Tea on Sundays, and a walk');
  });

  it('lists the newest removal first, alike on every replica', () => {
    const { doc, wish, tea } = board();
    removeToList(doc, 'offer', tea, 'jo', AT);
    removeToList(doc, 'objective', wish, 'robin', '2026-11-27T11:00:00.000Z');
    expect(readBoard(doc).removed.map((r) => r.kind)).toEqual(['objective', 'offer']);
  });

  it('empties for good: removed offers and wishes are deleted, and only then the people no offer is from', () => {
    const { doc, gran, wish, tea } = board();
    const other = addOffer(doc, { personId: gran, kind: 'call', text: 'A call', createdBy: 'jo' });
    setOfferObjectives(doc, other, [wish]);
    removeToList(doc, 'objective', wish, 'robin', AT);
    removeToList(doc, 'offer', tea, 'jo', AT);
    expect(emptyRemoved(doc)).toBe(2);
    const read = readBoard(doc);
    expect(read.removed).toEqual([]);
    expect(read.offers.map((o) => o.id)).toEqual([other]);
    expect((doc.getMap('offers').get(other) as Y.Map<Y.Array<string>>).get('objectiveIds')?.toArray()).toEqual([]);
    expect(read.people.map((p) => p.id)).toEqual([gran]);
  });
});
