import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addPerson, initBoard, readBoard, removeToList, FAMILY_REFUSALS } from '../../../../shared/board.ts';
import { addRelative, linkLine, relativeAbout } from '../../../../client/board/map/relativeWrites.ts';
import { kinOf } from '../../../../client/board/map/FamilyTree.tsx';

function board() {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Robin’s plan', youngPersonName: 'Robin', connectionsAtStart: 0 });
  return doc;
}

describe('adding a relative from the family tree', () => {
  it('adds the person and their line in one transaction', () => {
    const doc = board();
    let transactions = 0;
    doc.on('afterTransaction', () => (transactions += 1));
    const mum = addRelative(doc, 'youngPerson', 'mother', { name: 'Mum', gender: 'female', about: 'Mum' });
    expect(transactions).toBe(1);
    const { people, relationships } = readBoard(doc);
    expect(people.map((p) => [p.displayName, p.gender, p.relationship])).toEqual([['Mum', 'female', 'Mum']]);
    expect(relationships.map((r) => [r.from, r.to, r.kind])).toEqual([[mum, 'youngPerson', 'parent']]);
  });

  it('gives a new brother or sister the parents of the person opened, in the same transaction', () => {
    const doc = board();
    const mum = addRelative(doc, 'youngPerson', 'mother', { name: 'Mum', gender: 'female', about: 'Mum' });
    const gran = addRelative(doc, mum, 'mother', { name: 'Gran', gender: 'female', about: 'Gran' });
    let transactions = 0;
    doc.on('afterTransaction', () => (transactions += 1));
    const jo = addRelative(doc, mum, 'sister', { name: 'Jo', gender: 'female', about: 'Aunt' });
    expect(transactions).toBe(1);
    const lines = readBoard(doc).relationships.map((r) => `${r.from} ${r.kind} ${r.to}`);
    expect(lines).toContain(`${jo} sibling ${mum}`);
    expect(lines).toContain(`${gran} parent ${jo}`);
    // Robin's new brother is Mum's child too; Gran's new brother (Gran has no parents on the map) only her brother.
    const kai = addRelative(doc, 'youngPerson', 'brother', { name: 'Kai', gender: 'male', about: 'Brother' });
    expect(readBoard(doc).relationships.filter((r) => r.to === kai).map((r) => `${r.from} ${r.kind}`)).toEqual([`${mum} parent`]);
    const ray = addRelative(doc, gran, 'brother', { name: 'Great-uncle Ray', gender: 'male', about: '' });
    expect(readBoard(doc).relationships.filter((r) => r.from === ray || r.to === ray).map((r) => r.kind)).toEqual(['sibling']);
  });

  it('adds a child below the person opened, and says what a new relative is to the young person', () => {
    const doc = board();
    const mum = addRelative(doc, 'youngPerson', 'mother', { name: 'Mum', gender: 'female', about: 'Mum' });
    const kin = kinOf(readBoard(doc).people, readBoard(doc).relationships, 'Robin');
    expect(relativeAbout(kin, 'mother', mum, 'female')).toBe('Gran');
    expect(relativeAbout(kin, 'sister', mum, 'female')).toBe('Aunt');
    expect(relativeAbout(kin, 'brother', 'youngPerson', 'male')).toBe('Brother');
    const baby = addRelative(doc, 'youngPerson', 'child', { name: 'Baby', gender: 'unknown', about: '' });
    expect(readBoard(doc).relationships.some((r) => r.from === 'youngPerson' && r.to === baby && r.kind === 'parent')).toBe(true);
  });

  it('refuses, and writes nothing, when the person opened has been removed meanwhile', () => {
    const doc = board();
    const jo = addPerson(doc, { displayName: 'Jo', relationship: '', circle: 'family', connection: 'none', atConference: false });
    removeToList(doc, 'person', jo, 'someone', new Date().toISOString());
    expect(() => addRelative(doc, jo, 'child', { name: 'Kai', gender: 'unknown', about: '' })).toThrow(FAMILY_REFUSALS.notOnBoard);
    expect(readBoard(doc).people).toHaveLength(0);
  });

  it('turns "Mum is a child of Gran" round into Gran’s parent line', () => {
    expect(linkLine('childOf', 'mum', 'gran')).toEqual({ from: 'gran', to: 'mum', kind: 'parent' });
    expect(linkLine('parentOf', 'gran', 'mum')).toEqual({ from: 'gran', to: 'mum', kind: 'parent' });
    expect(linkLine('caredForBy', 'youngPerson', 'carer')).toEqual({ from: 'carer', to: 'youngPerson', kind: 'carer' });
  });
});
