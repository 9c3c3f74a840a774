import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { addPerson, addRelationship, initBoard, readBoard, YOUNG_PERSON } from '../../../shared/board.ts';
import { bringOntoBoard, outcomeWords, selectImport, yearsWords, type FilePreview } from '../../../client/board/familyImport.ts';

/** The Gramps fixture's family as the server previews it (tests/fixtures/family/gramps.ged). */
const PREVIEW: FilePreview = {
  people: [
    { ref: '@P1@', name: 'Owain Llywelyn', gender: 'male', born: 1851, died: 1920 },
    { ref: '@P2@', name: 'Gwen Llywelyn', gender: 'female', born: 1855, died: null },
    { ref: '@P3@', name: 'Siân Llywelyn', gender: 'female', born: 1880, died: null },
    { ref: '@P4@', name: 'ليلى Haddad', gender: 'female', born: 1990, died: null },
    { ref: '@P5@', name: 'Kai 🌟 Star', gender: 'male', born: 2011, died: null },
    { ref: '@P6@', name: 'Omar Haddad', gender: 'male', born: 1988, died: true },
  ],
  relationships: [
    { from: '@P1@', to: '@P2@', kind: 'partner' },
    { from: '@P1@', to: '@P3@', kind: 'parent' },
    { from: '@P2@', to: '@P3@', kind: 'parent' },
    { from: '@P6@', to: '@P4@', kind: 'partner' },
    { from: '@P6@', to: '@P5@', kind: 'parent' },
    { from: '@P4@', to: '@P5@', kind: 'parent' },
  ],
  problems: [],
};

const everyone = () => new Set(PREVIEW.people.map((person) => person.ref));

function board(): Y.Doc {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Plan', youngPersonName: 'Kai Star', connectionsAtStart: 0 });
  return doc;
}

describe('choosing what a family tree file brings onto the board', () => {
  it('brings everyone ticked into the Family circle, not in touch, with their facts from the file', () => {
    const selection = selectImport(PREVIEW, { ticked: everyone(), youngPersonRef: null });
    expect(selection.people).toHaveLength(6);
    expect(selection.people[5]).toEqual({
      ref: '@P6@',
      input: { displayName: 'Omar Haddad', relationship: '', circle: 'family', connection: 'none', atConference: false, gender: 'male', born: 1988, died: true },
    });
    expect(selection.relationships).toEqual(PREVIEW.relationships);
  });

  it('leaves out someone unticked and every relationship they are in', () => {
    const ticked = everyone();
    ticked.delete('@P2@');
    const selection = selectImport(PREVIEW, { ticked, youngPersonRef: null });
    expect(selection.people.map((person) => person.ref)).not.toContain('@P2@');
    expect(selection.relationships).toHaveLength(4);
    expect(selection.relationships.some((line) => line.from === '@P2@' || line.to === '@P2@')).toBe(false);
  });

  it('does not add the person chosen as the young person, and joins their relationships to the young person instead', () => {
    const selection = selectImport(PREVIEW, { ticked: everyone(), youngPersonRef: '@P5@' });
    expect(selection.people.map((person) => person.ref)).not.toContain('@P5@');
    expect(selection.relationships).toContainEqual({ from: '@P6@', to: YOUNG_PERSON, kind: 'parent' });
    expect(selection.relationships).toContainEqual({ from: '@P4@', to: YOUNG_PERSON, kind: 'parent' });
    // Who they are to the young person, from the file, where it reads from their side.
    expect(selection.people.find((person) => person.ref === '@P6@')?.input.relationship).toBe('Parent');
    expect(selection.people.find((person) => person.ref === '@P1@')?.input.relationship).toBe('');
  });

  it('joins the young person even when they are left unticked', () => {
    const ticked = everyone();
    ticked.delete('@P5@');
    const selection = selectImport(PREVIEW, { ticked, youngPersonRef: '@P5@' });
    expect(selection.relationships).toContainEqual({ from: '@P4@', to: YOUNG_PERSON, kind: 'parent' });
  });
});

describe('bringing the chosen family onto the board', () => {
  it('adds the people and the relationships between them in one change', () => {
    const doc = board();
    let changes = 0;
    doc.on('update', () => (changes += 1));
    const outcome = bringOntoBoard(doc, selectImport(PREVIEW, { ticked: everyone(), youngPersonRef: '@P5@' }));
    expect(outcome).toEqual({ people: 5, relationships: 6, skippedPeople: 0, skipped: 0 });
    expect(changes).toBe(1);
    const after = readBoard(doc);
    expect(after.people.map((person) => person.displayName).sort()).toEqual(['Gwen Llywelyn', 'Omar Haddad', 'Owain Llywelyn', 'Siân Llywelyn', 'ليلى Haddad']);
    const omar = after.people.find((person) => person.displayName === 'Omar Haddad');
    expect(omar).toMatchObject({ circle: 'family', connection: 'none', gender: 'male', born: 1988, died: true, relationship: 'Parent' });
    expect(after.relationships).toContainEqual(expect.objectContaining({ from: omar?.id, to: YOUNG_PERSON, kind: 'parent' }));
  });

  it('skips and counts a relationship already on the board, one joining someone to themselves and one to a person not brought', () => {
    const doc = board();
    const mum = addPerson(doc, { displayName: 'Layla', relationship: 'Mum', circle: 'family', connection: 'direct', atConference: true });
    addRelationship(doc, { from: mum, to: YOUNG_PERSON, kind: 'sibling' });
    const outcome = bringOntoBoard(doc, {
      people: [{ ref: '@A@', input: { displayName: 'Ann', relationship: '', circle: 'family', connection: 'none', atConference: false } }],
      relationships: [
        { from: YOUNG_PERSON, to: YOUNG_PERSON, kind: 'sibling' },
        { from: '@P9@', to: YOUNG_PERSON, kind: 'parent' },
        { from: '@A@', to: YOUNG_PERSON, kind: 'sibling' },
      ],
    });
    expect(outcome).toEqual({ people: 1, relationships: 1, skippedPeople: 0, skipped: 2 });
    expect(readBoard(doc).relationships).toHaveLength(2);
  });

  it('skips a relationship the board refuses as a repeat, counting it', () => {
    const doc = board();
    const outcome = bringOntoBoard(doc, {
      people: [{ ref: '@A@', input: { displayName: 'Ann', relationship: '', circle: 'family', connection: 'none', atConference: false } }],
      relationships: [
        { from: '@A@', to: YOUNG_PERSON, kind: 'sibling' },
        { from: YOUNG_PERSON, to: '@A@', kind: 'sibling' },
      ],
    });
    expect(outcome).toEqual({ people: 1, relationships: 1, skippedPeople: 0, skipped: 1 });
  });

  it('skips a person the board cannot hold and their relationships, bringing everyone else', () => {
    const doc = board();
    const outcome = bringOntoBoard(doc, {
      people: [
        { ref: '@A@', input: { displayName: '   ', relationship: '', circle: 'family', connection: 'none', atConference: false } },
        { ref: '@B@', input: { displayName: 'Bryn', relationship: '', circle: 'family', connection: 'none', atConference: false } },
      ],
      relationships: [
        { from: '@A@', to: '@B@', kind: 'sibling' },
        { from: '@B@', to: YOUNG_PERSON, kind: 'sibling' },
      ],
    });
    expect(outcome).toEqual({ people: 1, relationships: 1, skippedPeople: 1, skipped: 1 });
    expect(readBoard(doc).people.map((person) => person.displayName)).toEqual(['Bryn']);
  });
});

describe('what the coordinator is told', () => {
  it('says how many people and relationships arrived', () => {
    expect(outcomeWords({ people: 6, relationships: 5, skippedPeople: 0, skipped: 0 })).toBe('Brought 6 people and 5 relationships onto the board.');
    expect(outcomeWords({ people: 1, relationships: 1, skippedPeople: 0, skipped: 0 })).toBe('Brought 1 person and 1 relationship onto the board.');
  });

  it('says what was left out', () => {
    expect(outcomeWords({ people: 2, relationships: 0, skippedPeople: 1, skipped: 2 })).toBe(
      'Brought 2 people and 0 relationships onto the board. Left out 1 person and 2 relationships the board already has or cannot take.',
    );
  });

  it('gives the years of birth and death in words, one column a phone shows whole', () => {
    expect(yearsWords({ born: 1851, died: 1920 })).toBe('Born 1851, died 1920');
    expect(yearsWords({ born: 1990, died: null })).toBe('Born 1990');
    expect(yearsWords({ born: null, died: true })).toBe('Died (year not known)');
    expect(yearsWords({ born: null, died: null })).toBe('Not given');
  });
});
