// The family map's relationships as named writes make them and readBoard reads them: lines between
// people on the board (or a person and the young person), nobody their own ancestor, a line read once
// however many people drew it at once, removed and put back with the people they join.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addPerson,
  addRelationship,
  editRelationship,
  emptyRemoved,
  FAMILY_REFUSALS,
  initBoard,
  putBack,
  readBoard,
  relationshipWords,
  removeToList,
  YOUNG_PERSON,
} from '../../shared/board.ts';
import { relationshipId } from '../../shared/ids.ts';
import { familyOf, familyProblem } from '../../shared/board-relationships.ts';

const AT = '2026-12-07T10:00:00.000Z';

function family() {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Plan', youngPersonName: 'Sam', connectionsAtStart: 2 });
  const person = (displayName: string) => addPerson(doc, { displayName, relationship: '', circle: 'family', connection: 'direct', atConference: false });
  return { doc, gran: person('Gran'), mum: person('Mum'), jo: person('Jo') };
}

const lines = (doc: Y.Doc) => readBoard(doc).relationships.map(({ from, to, kind }) => `${from} ${kind} ${to}`);

describe('relationships on the family map', () => {
  it('draws three generations down to the young person, and changes what a line is', () => {
    const { doc, gran, mum, jo } = family();
    addRelationship(doc, { from: gran, to: mum, kind: 'parent' });
    addRelationship(doc, { from: mum, to: YOUNG_PERSON, kind: 'parent' });
    const sisters = addRelationship(doc, { from: jo, to: mum, kind: 'halfSibling' });
    editRelationship(doc, sisters, { kind: 'sibling' });
    expect(lines(doc).sort()).toEqual([`${gran} parent ${mum}`, `${jo} sibling ${mum}`, `${mum} parent ${YOUNG_PERSON}`].sort());
    expect(readBoard(doc).problems).toEqual([]);
  });

  it('refuses a line to oneself, to someone not on the board, of an unknown kind, or drawn twice', () => {
    const { doc, gran, mum, jo } = family();
    expect(() => addRelationship(doc, { from: jo, to: jo, kind: 'friend' })).toThrow(FAMILY_REFUSALS.self);
    expect(() => addRelationship(doc, { from: jo, to: 'nobody' as never, kind: 'friend' })).toThrow(FAMILY_REFUSALS.notOnBoard);
    expect(() => addRelationship(doc, { from: jo, to: mum, kind: 'cousin' as never })).toThrow(/kind of relationship/);
    removeToList(doc, 'person', gran, 'jo', AT);
    expect(() => addRelationship(doc, { from: gran, to: mum, kind: 'parent' })).toThrow(FAMILY_REFUSALS.notOnBoard);
    addRelationship(doc, { from: jo, to: mum, kind: 'sibling' });
    // Brothers and sisters go both ways; a parent has a direction.
    expect(() => addRelationship(doc, { from: mum, to: jo, kind: 'sibling' })).toThrow(FAMILY_REFUSALS.repeated);
    addRelationship(doc, { from: mum, to: jo, kind: 'parent' });
    expect(lines(doc)).toHaveLength(2);
  });

  it('refuses anyone becoming their own parent or grandparent, by a new line, a changed one or one put back', () => {
    const { doc, gran, mum } = family();
    addRelationship(doc, { from: gran, to: mum, kind: 'parent' });
    addRelationship(doc, { from: mum, to: YOUNG_PERSON, kind: 'parent' });
    expect(() => addRelationship(doc, { from: YOUNG_PERSON, to: gran, kind: 'parent' })).toThrow(FAMILY_REFUSALS.ownAncestor);
    expect(() => addRelationship(doc, { from: mum, to: gran, kind: 'parent' })).toThrow(FAMILY_REFUSALS.ownAncestor);
    const friends = addRelationship(doc, { from: YOUNG_PERSON, to: gran, kind: 'friend' });
    expect(() => editRelationship(doc, friends, { kind: 'parent' })).toThrow(FAMILY_REFUSALS.ownAncestor);
    // Gran away, a line from Sam to Gran as a parent was drawn in another order: putting Gran back would loop.
    const down = readBoard(doc).relationships.find((line) => line.from === gran)!;
    removeToList(doc, 'relationship', down.id, 'jo', AT);
    editRelationship(doc, friends, { kind: 'parent' });
    expect(() => putBack(doc, 'relationship', down.id)).toThrow(FAMILY_REFUSALS.ownAncestor);
    expect(readBoard(doc).removed.map((entry) => entry.kind)).toEqual(['relationship']);
  });

  it('finds a loop however long, and a long line of generations is no loop', () => {
    const doc = new Y.Doc();
    const people = Array.from({ length: 600 }, (_, i) => addPerson(doc, { displayName: `P${i}`, relationship: '', circle: 'family', connection: 'none', atConference: false }));
    for (let i = 1; i < people.length; i += 1) addRelationship(doc, { from: people[i - 1]!, to: people[i]!, kind: 'parent' });
    expect(familyProblem(familyOf(doc), [])).toBeNull();
    expect(() => addRelationship(doc, { from: people.at(-1)!, to: people[0]!, kind: 'parent' })).toThrow(FAMILY_REFUSALS.ownAncestor);
  });

  it('takes a person’s lines off the map with them and brings them back, and empties removed lines for good', () => {
    const { doc, gran, mum } = family();
    const line = addRelationship(doc, { from: gran, to: mum, kind: 'parent' });
    removeToList(doc, 'person', gran, 'jo', AT);
    expect(lines(doc)).toEqual([]);
    // Only the person is in "Removed": their line is hidden with them, not listed on its own.
    expect(readBoard(doc).removed.map((entry) => entry.kind)).toEqual(['person']);
    putBack(doc, 'person', gran);
    expect(lines(doc)).toEqual([`${gran} parent ${mum}`]);
    removeToList(doc, 'relationship', line, 'jo', AT);
    expect(readBoard(doc).removed).toEqual([{ kind: 'relationship', removal: { by: 'jo', at: AT }, relationship: expect.objectContaining({ id: line, kind: 'parent' }) }]);
    expect(emptyRemoved(doc)).toBe(1);
    expect(doc.getMap('relationships').size).toBe(0);
  });

  it('reads a line two people drew at once just once, the same on both devices', () => {
    const { doc, gran, mum } = family();
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    addRelationship(doc, { id: relationshipId('line-b'), from: gran, to: mum, kind: 'sibling' });
    addRelationship(other, { id: relationshipId('line-a'), from: mum, to: gran, kind: 'sibling' });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    expect(readBoard(doc).relationships.map((line) => line.id)).toEqual(['line-a']);
    expect(readBoard(other).relationships).toEqual(readBoard(doc).relationships);
  });

  it('leaves out a stored line that is malformed, to an unknown person or to itself, and says so only when malformed', () => {
    const { doc, gran } = family();
    const set = (id: string, fields: Record<string, unknown>) => {
      const entry = new Y.Map<unknown>();
      doc.getMap('relationships').set(id, entry);
      for (const [key, value] of Object.entries(fields)) entry.set(key, value);
    };
    set('bad-kind', { from: gran, to: YOUNG_PERSON, kind: 'cousin' });
    set('dangling', { from: gran, to: 'gone-for-good', kind: 'friend' });
    set('self', { from: gran, to: gran, kind: 'friend' });
    const read = readBoard(doc);
    expect(read.relationships).toEqual([]);
    expect(read.problems).toHaveLength(1);
    expect(read.problems[0]).toMatch(/relationship "bad-kind"/);
  });

  it('says a line in plain words, with the parent or carer first', () => {
    const names = (end: string) => ({ a: 'Jo', b: 'Sam' })[end] ?? end;
    expect(relationshipWords({ from: 'a', to: 'b', kind: 'parent' }, names)).toBe('Jo is Sam’s parent');
    expect(relationshipWords({ from: 'a', to: 'b', kind: 'carer' }, names)).toBe('Jo is Sam’s carer');
    expect(relationshipWords({ from: 'a', to: 'b', kind: 'formerPartner' }, names)).toBe('Jo and Sam: former partner');
  });
});
