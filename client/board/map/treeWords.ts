// The family tree in words: who is whose mother, brother, aunt… read from the board's lines, for each
// person's accessible name, the table beside the tree and the person's list of relationships.

import { YOUNG_PERSON, type Gender, type RelationshipKind } from '../../../shared/vocabulary.ts';

/** A live line as the words need it. */
export interface KinLine {
  id: string;
  from: string;
  to: string;
  kind: RelationshipKind;
}

/** Who is who on the tree: lines, genders and names by id (the young person's id is "youngPerson"). */
export interface Kin {
  lines: readonly KinLine[];
  genderOf: (id: string) => Gender;
  nameOf: (id: string) => string;
}

/** A word by gender: [woman or girl, man or boy, anyone]. */
type Gendered = readonly [string, string, string];

const pick = (words: Gendered, gender: Gender) => (gender === 'female' ? words[0] : gender === 'male' ? words[1] : words[2]);

/** What `from` is to the other end, for each kind ("mother", "sister", "partner"…), when `from` is the line's first end. */
const ROLE_FROM: Readonly<Record<RelationshipKind, Gendered>> = {
  parent: ['mother', 'father', 'parent'],
  sibling: ['sister', 'brother', 'brother or sister'],
  halfSibling: ['half-sister', 'half-brother', 'half brother or sister'],
  stepSibling: ['stepsister', 'stepbrother', 'stepbrother or stepsister'],
  partner: ['partner', 'partner', 'partner'],
  formerPartner: ['former partner', 'former partner', 'former partner'],
  carer: ['carer', 'carer', 'carer'],
  friend: ['friend', 'friend', 'friend'],
  other: ['relation', 'relation', 'relation'],
};
/** The same, for the second end of a parent's or carer's line. */
const ROLE_TO: Readonly<Record<'parent' | 'carer', Gendered>> = {
  parent: ['daughter', 'son', 'child'],
  carer: ['foster child', 'foster child', 'child they care for'],
};

/** What `id` is to the other end of `line` ("mother", "son", "sister"). */
export function roleOn(line: KinLine, id: string, gender: Gender): string {
  if (line.to === id && (line.kind === 'parent' || line.kind === 'carer')) return pick(ROLE_TO[line.kind], gender);
  return pick(ROLE_FROM[line.kind], gender);
}

/** The other end of a line. */
export const otherEnd = (line: KinLine, id: string) => (line.from === id ? line.to : line.from);

const SIBLINGS: readonly RelationshipKind[] = ['sibling', 'halfSibling', 'stepSibling'];

/** A person's parents, children, partners and brothers and sisters (by a line or a shared parent). */
export function closeKin(lines: readonly KinLine[], id: string): { parents: string[]; children: string[]; partners: string[]; siblings: string[] } {
  const parents = lines.filter((l) => l.kind === 'parent' && l.to === id).map((l) => l.from);
  const children = lines.filter((l) => l.kind === 'parent' && l.from === id).map((l) => l.to);
  const partners = lines.filter((l) => (l.kind === 'partner' || l.kind === 'formerPartner') && (l.from === id || l.to === id)).map((l) => otherEnd(l, id));
  const siblings = new Set<string>(lines.filter((l) => SIBLINGS.includes(l.kind) && (l.from === id || l.to === id)).map((l) => otherEnd(l, id)));
  for (const parent of parents) for (const l of lines) if (l.kind === 'parent' && l.from === parent && l.to !== id) siblings.add(l.to);
  const unique = (list: string[]) => [...new Set(list)].filter((other) => other !== id);
  return { parents: unique(parents), children: unique(children), partners: unique(partners), siblings: unique([...siblings]) };
}

/** What a person is to the young person in one word, where the lines say it simply ("mum", "aunt", "cousin"); else null. */
export function kinToYoungPerson(kin: Kin, id: string): string | null {
  if (id === YOUNG_PERSON) return null;
  const gender = kin.genderOf(id);
  const yp = closeKin(kin.lines, YOUNG_PERSON);
  const has = (list: readonly string[]) => list.includes(id);
  if (has(yp.parents)) return pick(['mum', 'dad', 'parent'], gender);
  if (has(yp.siblings)) {
    const line = kin.lines.find((l) => SIBLINGS.includes(l.kind) && ((l.from === id && l.to === YOUNG_PERSON) || (l.to === id && l.from === YOUNG_PERSON)));
    return line ? roleOn(line, id, gender) : pick(ROLE_FROM.sibling, gender);
  }
  if (has(yp.children)) return pick(ROLE_TO.parent, gender);
  const direct = kin.lines.find((l) => (l.from === id && l.to === YOUNG_PERSON) || (l.to === id && l.from === YOUNG_PERSON));
  if (direct) return roleOn(direct, id, gender);
  const parentsKin = yp.parents.map((parent) => closeKin(kin.lines, parent));
  if (parentsKin.some((p) => has(p.parents))) return pick(['gran', 'grandad', 'grandparent'], gender);
  if (parentsKin.some((p) => has(p.siblings))) return pick(['aunt', 'uncle', 'aunt or uncle'], gender);
  if (parentsKin.some((p) => has(p.partners))) return pick(['stepmum', 'stepdad', 'step-parent'], gender);
  if (yp.siblings.some((sibling) => closeKin(kin.lines, sibling).children.includes(id))) return pick(['niece', 'nephew', 'niece or nephew'], gender);
  if (parentsKin.some((p) => p.siblings.some((auntOrUncle) => closeKin(kin.lines, auntOrUncle).children.includes(id)))) return 'cousin';
  if (parentsKin.some((p) => p.parents.some((grandparent) => closeKin(kin.lines, grandparent).parents.includes(id)))) {
    return pick(['great-gran', 'great-grandad', 'great-grandparent'], gender);
  }
  return null;
}

/** Each of a person's lines in words from their side: "Mum’s sister", "Gran’s daughter". */
export function linesWords(kin: Kin, id: string): { line: KinLine; words: string }[] {
  return kin.lines
    .filter((line) => line.from === id || line.to === id)
    .map((line) => ({ line, words: `${kin.nameOf(otherEnd(line, id))}’s ${roleOn(line, id, kin.genderOf(id))}` }));
}

/** The most lines a person's accessible name reads before "and N more". */
const NAME_LINES = 4;

/**
 * A person's name on the tree as a screen reader reads it: "Jo, Robin’s aunt, Mum’s sister, in touch";
 * `about` is their "who they are" (used when the lines do not say what they are to the young person),
 * `rest` the facts after the lines ("in touch", "has died").
 */
export function treeName(kin: Kin, id: string, about: string, rest: readonly (string | null)[], youngPersonName: string): string {
  const kinWord = kinToYoungPerson(kin, id);
  const trimmed = about.trim();
  const toYoungPerson =
    id === YOUNG_PERSON
      ? 'the young person'
      : kinWord !== null
        ? `${youngPersonName}’s ${kinWord}`
        : trimmed !== ''
          ? `${youngPersonName}’s ${trimmed.charAt(0).toLocaleLowerCase()}${trimmed.slice(1)}`
          : null;
  const words = linesWords(kin, id)
    .filter(({ line }) => kinWord === null || otherEnd(line, id) !== YOUNG_PERSON)
    .map(({ words: w }) => w);
  const shown = words.length > NAME_LINES ? [...words.slice(0, NAME_LINES), `and ${words.length - NAME_LINES} more`] : words;
  return [kin.nameOf(id), toYoungPerson, ...shown, ...rest].filter((part): part is string => part !== null && part !== '').join(', ');
}
