// "Add their mother / father / brother / sister / partner / child": a new person and their line to
// someone already on the tree, written in one transaction, so everyone sees both at once or neither.
import type * as Y from 'yjs';
import { addPerson, addRelationship, BoardError, FAMILY_REFUSALS, readBoard } from '../../../shared/board.ts';
import { personId, relationshipId } from '../../../shared/ids.ts';
import type { Party } from '../../../shared/records/field.ts';
import { YOUNG_PERSON, type Gender, type RelationshipKind } from '../../../shared/vocabulary.ts';
import { kinToYoungPerson, type Kin, type KinLine } from './treeWords.ts';

/** The relatives one can add from a person, in the order offered. */
export const RELATIVES = ['mother', 'father', 'brother', 'sister', 'partner', 'child'] as const;
export type Relative = (typeof RELATIVES)[number];

/** The line each relative makes (`new` is the person added, `anchor` the one opened) and their gender if it says. */
const RELATIVE_LINES: Readonly<Record<Relative, { kind: RelationshipKind; newFirst: boolean; gender: Gender }>> = {
  mother: { kind: 'parent', newFirst: true, gender: 'female' },
  father: { kind: 'parent', newFirst: true, gender: 'male' },
  brother: { kind: 'sibling', newFirst: true, gender: 'male' },
  sister: { kind: 'sibling', newFirst: true, gender: 'female' },
  partner: { kind: 'partner', newFirst: true, gender: 'unknown' },
  child: { kind: 'parent', newFirst: false, gender: 'unknown' },
};

/** The gender a relative's form starts with. */
export const relativeGender = (relative: Relative): Gender => RELATIVE_LINES[relative].gender;

/** The line between a new person and the one opened. */
export function relativeLine(relative: Relative, newId: string, anchor: string): Omit<KinLine, 'id'> {
  const { kind, newFirst } = RELATIVE_LINES[relative];
  return newFirst ? { from: newId, to: anchor, kind } : { from: anchor, to: newId, kind };
}

/** "Mum" for the young person's mother added: what the new person is to the young person, if the lines say it simply. */
export function relativeAbout(kin: Kin, relative: Relative, anchor: string, gender: Gender): string {
  const newId = '\u0000new';
  const line = { id: '\u0000line', ...relativeLine(relative, newId, anchor) };
  const word = kinToYoungPerson({ ...kin, lines: [...kin.lines, line], genderOf: (id) => (id === newId ? gender : kin.genderOf(id)) }, newId);
  return word === null ? '' : `${word.charAt(0).toLocaleUpperCase()}${word.slice(1)}`;
}

/**
 * Adds `name` as `anchor`'s relative: the person and the line in one transaction. Every check the
 * line could fail is made first (a throw half-way through a transaction would keep the person). A
 * brother or sister shares the parents `anchor` has on the map, so the tree hangs them from the
 * same family.
 */
export function addRelative(doc: Y.Doc, anchor: string, relative: Relative, input: { name: string; gender: Gender; about: string }): string {
  const board = readBoard(doc);
  if (anchor !== YOUNG_PERSON && !board.people.some((person) => person.id === anchor)) throw new BoardError(FAMILY_REFUSALS.notOnBoard);
  const sharedParents =
    relative === 'brother' || relative === 'sister' ? board.relationships.filter((line) => line.kind === 'parent' && line.to === anchor).map((line) => line.from) : [];
  let added = '';
  doc.transact(() => {
    added = addPerson(doc, { displayName: input.name, relationship: input.about, circle: 'family', connection: 'none', atConference: false, gender: input.gender });
    const line = relativeLine(relative, added, anchor);
    addRelationship(doc, { from: party(line.from), to: party(line.to), kind: line.kind });
    // A new person can be nobody's ancestor yet, so these lines cannot close a loop.
    for (const parent of sharedParents) addRelationship(doc, { from: parent, to: party(added), kind: 'parent' });
  });
  return added;
}

/** A line's end as the board takes it: the young person, or a person's id. */
export const party = (id: string): Party => (id === YOUNG_PERSON ? YOUNG_PERSON : personId(id));

/** A relationship's id as the board's writes take it. */
export const lineId = (id: string) => relationshipId(id);

/** The ways one person can be joined to another already here, from the first one's side. */
export const LINK_CHOICES = [
  { value: 'parentOf', label: 'a parent of', kind: 'parent', flip: false },
  { value: 'childOf', label: 'a child of', kind: 'parent', flip: true },
  { value: 'sibling', label: 'a brother or sister of', kind: 'sibling', flip: false },
  { value: 'halfSibling', label: 'a half brother or sister of', kind: 'halfSibling', flip: false },
  { value: 'stepSibling', label: 'a stepbrother or stepsister of', kind: 'stepSibling', flip: false },
  { value: 'partner', label: 'a partner of', kind: 'partner', flip: false },
  { value: 'formerPartner', label: 'a former partner of', kind: 'formerPartner', flip: false },
  { value: 'carerOf', label: 'a carer of', kind: 'carer', flip: false },
  { value: 'caredForBy', label: 'cared for by', kind: 'carer', flip: true },
  { value: 'friend', label: 'a friend of', kind: 'friend', flip: false },
  { value: 'other', label: 'linked in another way to', kind: 'other', flip: false },
] as const satisfies readonly { value: string; label: string; kind: RelationshipKind; flip: boolean }[];
export type LinkChoice = (typeof LINK_CHOICES)[number]['value'];

/** The line for "`a` is [choice] `b`". */
export function linkLine(choice: LinkChoice, a: string, b: string): { from: string; to: string; kind: RelationshipKind } {
  const found = LINK_CHOICES.find((c) => c.value === choice) ?? LINK_CHOICES[0];
  return found.flip ? { from: b, to: a, kind: found.kind } : { from: a, to: b, kind: found.kind };
}
