// The family map as GEDCOM 5.5.1, the file GenoPro and family-tree programs exchange: written from a
// plan (the board now, or an agreed version), and read from a file a coordinator already has into
// a preview of people and relationships, nothing written until they choose whom to bring onto the
// board. The file's characters are decoded here (UTF-8, UTF-16 with its byte order mark, or the
// older 8-bit sets), its lines parsed by `gedcom`, and what the records mean is decided here.

import { parse, type GedcomNode } from 'gedcom';
import { relationshipKey } from '../../shared/board-read.ts';
import { familyProblem, type Family } from '../../shared/board-relationships.ts';
import { isPlainText, withoutHidden } from '../../shared/plain-text.ts';
import type { Plan } from '../../shared/plan.ts';
import { MAX_GEDCOM_BYTES, MAX_IMPORTED_PEOPLE } from './limits.ts';
import {
  DIRECTED_KINDS,
  FIRST_YEAR,
  GENDERS,
  LAST_YEAR,
  MAX_SHORT,
  RELATIONSHIP_LABELS,
  YOUNG_PERSON,
  type Gender,
  type RelationshipKind,
} from '../../shared/vocabulary.ts';

/** The parts of a plan a family file holds. */
export type FamilyOfPlan = Pick<Plan, 'youngPersonName' | 'people' | 'relationships'>;

/** GEDCOM lines are at most 255 characters; longer values go on in CONC lines. */
const MAX_VALUE = 200;

/** A line pointing at a record ("1 FAMC @F1@"): the pointer as it is. */
function link(level: number, tag: string, pointer: string | undefined): string[] {
  if (pointer === undefined) throw new Error(`A ${tag} line points at a record the file does not have.`);
  return [`${level} ${tag} ${pointer}`];
}

/** One GEDCOM line (level, tag, value), with a long value split into CONC lines and "@" written "@@". */
function line(level: number, tag: string, value = ''): string[] {
  const escaped = value.replaceAll('@', '@@');
  const chars = Array.from(escaped);
  const parts: string[] = [];
  for (let at = 0; at < chars.length || parts.length === 0; at += MAX_VALUE) parts.push(chars.slice(at, at + MAX_VALUE).join(''));
  return parts.map((part, i) => (i === 0 ? `${level} ${tag}${part === '' ? '' : ` ${part}`}` : `${level + 1} CONC ${part}`));
}

const SEX: Readonly<Record<Gender, string>> = { female: 'F', male: 'M', other: 'U', unknown: 'U' };

/** A family of the file: up to two partners, their children, and whether they parted. */
interface FamilyRecord {
  partners: string[];
  children: string[];
  divorced: boolean;
}

/** The family map of a plan as a GEDCOM 5.5.1 file (UTF-8, lines ending CRLF). */
export function familyGedcom(plan: FamilyOfPlan): string {
  const pointer = new Map<string, string>([[YOUNG_PERSON, '@I1@']]);
  plan.people.forEach((person, i) => pointer.set(person.id, `@I${i + 2}@`));
  const lines = plan.relationships ?? [];
  const sex = new Map<string, string>(plan.people.map((person) => [person.id, SEX[person.gender ?? 'unknown']]));

  // Children hang from their parents' family: one per set of parents (two at a time).
  const families = new Map<string, FamilyRecord>();
  const familyOf = (partners: string[]): FamilyRecord => {
    const key = [...partners].sort().join(' ');
    let found = families.get(key);
    if (!found) {
      // HUSB before WIFE as GEDCOM 5.5.1 expects when the file knows who is who; otherwise as they come.
      const ordered = [...partners].sort((a, b) => Number(sex.get(a) === 'F') - Number(sex.get(b) === 'F'));
      found = { partners: ordered, children: [], divorced: false };
      families.set(key, found);
    }
    return found;
  };
  const parents = new Map<string, string[]>();
  for (const { kind, from, to } of lines) if (kind === 'parent') parents.set(to, [...(parents.get(to) ?? []), from]);
  for (const [child, of] of parents) {
    for (let i = 0; i < of.length; i += 2) familyOf(of.slice(i, i + 2)).children.push(child);
  }
  for (const { kind, from, to } of lines) {
    if (kind === 'partner' || kind === 'formerPartner') familyOf([from, to]).divorced ||= kind === 'formerPartner';
  }
  // Brothers and sisters the file cannot already tell from shared parents: a family of children only.
  const childIn = (person: string) => [...families.values()].filter((family) => family.children.includes(person));
  for (const { kind, from, to } of lines) {
    if (kind !== 'sibling' || childIn(from).some((family) => family.children.includes(to))) continue;
    const shared = childIn(from).find((family) => family.partners.length === 0) ?? childIn(to).find((family) => family.partners.length === 0);
    if (shared) {
      for (const child of [from, to]) if (!shared.children.includes(child)) shared.children.push(child);
    } else {
      families.set(`siblings ${from} ${to}`, { partners: [], children: [from, to], divorced: false });
    }
  }
  // Everything else (half and step brothers and sisters, carers, friends…) as an association.
  const associations = new Map<string, Array<{ with: string; words: string }>>();
  for (const { kind, from, to } of lines) {
    if (kind === 'parent' || kind === 'partner' || kind === 'formerPartner' || kind === 'sibling') continue;
    // RELA says what the associated person is to the one the association is under: Jo is Sam's carer.
    const [under, other] = DIRECTED_KINDS.includes(kind) ? [to, from] : [from, to];
    associations.set(under, [...(associations.get(under) ?? []), { with: other, words: RELATIONSHIP_LABELS[kind] }]);
  }

  const familyPointer = new Map<FamilyRecord, string>([...families.values()].map((family, i) => [family, `@F${i + 1}@`]));
  const individual = (id: string, name: string, extra: string[]): string[] => [
    `0 ${pointer.get(id)} INDI`,
    ...line(1, 'NAME', name),
    ...extra,
    ...[...families.values()].flatMap((family) => [
      ...(family.children.includes(id) ? link(1, 'FAMC', familyPointer.get(family)) : []),
      ...(family.partners.includes(id) ? link(1, 'FAMS', familyPointer.get(family)) : []),
    ]),
    ...(associations.get(id) ?? []).flatMap((association) => [...link(1, 'ASSO', pointer.get(association.with)), ...line(2, 'RELA', association.words)]),
  ];
  const out = [
    ...line(0, 'HEAD'),
    ...line(1, 'SOUR', 'LIFELONG_LINKS_BOARD'),
    ...line(2, 'NAME', 'Lifelong Links Board'),
    ...line(1, 'GEDC'),
    ...line(2, 'VERS', '5.5.1'),
    ...line(2, 'FORM', 'LINEAGE-LINKED'),
    ...line(1, 'CHAR', 'UTF-8'),
    ...link(1, 'SUBM', '@U1@'),
    '0 @U1@ SUBM',
    ...line(1, 'NAME', 'Lifelong Links Board'),
    ...individual(YOUNG_PERSON, plan.youngPersonName, [...line(1, 'SEX', 'U'), ...line(1, 'NOTE', 'The young person this plan is for')]),
    ...plan.people.flatMap((person) =>
      individual(person.id, person.name, [
        ...line(1, 'SEX', SEX[person.gender ?? 'unknown']),
        ...(typeof person.born === 'number' ? [...line(1, 'BIRT'), ...line(2, 'DATE', String(person.born))] : []),
        ...(person.died === true ? line(1, 'DEAT', 'Y') : typeof person.died === 'number' ? [...line(1, 'DEAT'), ...line(2, 'DATE', String(person.died))] : []),
        ...(person.relationship.trim() === '' ? [] : line(1, 'NOTE', `To ${plan.youngPersonName}: ${person.relationship}`)),
      ]),
    ),
    ...[...families.values()].flatMap((family) => [
      `0 ${familyPointer.get(family)} FAM`,
      // A lone parent is the WIFE when she is a woman; a couple is written husband first.
      ...family.partners.flatMap((partner, i) => link(1, i === 1 || (family.partners.length === 1 && sex.get(partner) === 'F') ? 'WIFE' : 'HUSB', pointer.get(partner))),
      ...family.children.flatMap((child) => link(1, 'CHIL', pointer.get(child))),
      ...(family.divorced ? line(1, 'DIV', 'Y') : []),
    ]),
    ...line(0, 'TRLR'),
  ];
  return `${out.join('\r\n')}\r\n`;
}

export { MAX_GEDCOM_BYTES, MAX_IMPORTED_PEOPLE };

/** Someone found in a file, with the facts the board keeps; `ref` is the file's own pointer. */
export interface ImportedPerson {
  ref: string;
  name: string;
  gender: Gender;
  born: number | null;
  died: number | true | null;
}

/** A relationship found in a file, between two people's refs. */
export interface ImportedRelationship {
  from: string;
  to: string;
  kind: RelationshipKind;
}

/** What a file would bring: nothing of it is on the board until the coordinator chooses. */
export interface FamilyPreview {
  people: ImportedPerson[];
  relationships: ImportedRelationship[];
  /** What was left out and why, in plain words. */
  problems: string[];
}

/** A file the board cannot read, with a sentence to show the coordinator. */
export class GedcomError extends Error {
  override readonly name = 'GedcomError';
}

/** A name as the board can hold it: GEDCOM's surname slashes and "@@" undone, hidden characters gone, one line, not too long. */
function cleanName(raw: string | null | undefined): string {
  const name = Array.from(withoutHidden((raw ?? '').replaceAll('/', ' ').replaceAll('@@', '@').replace(/[\r\n\t]/g, ' ')).replace(/\s+/g, ' ').trim()).slice(0, MAX_SHORT).join('');
  return name !== '' && isPlainText(name) ? name : '';
}

/** The year at the end of a GEDCOM date ("ABT 1850", "12 MAR 1901", "BET 1800 AND 1810" → 1810), if it is one the board takes. */
function yearOf(date: string | null | undefined): number | null {
  const match = /(\d{3,4})\D*$/.exec(date ?? '');
  const year = match ? Number(match[1]) : Number.NaN;
  return year >= FIRST_YEAR && year <= LAST_YEAR ? year : null;
}

const child = (node: GedcomNode, tag: string) => node.children.find((c) => c.type === tag);
const children = (node: GedcomNode, tag: string) => node.children.filter((c) => c.type === tag);
/** A line's value, or the pointer it holds ("@I1@"). */
const valueOf = (node: GedcomNode | undefined) => node?.data.pointer ?? node?.data.value;

/**
 * The file's text: by its byte order mark when it has one (UTF-8, UTF-16), as UTF-8 when it is
 * valid UTF-8 (what GEDCOM 5.5.1 files written today are), else as Windows-1252, the nearest to the
 * 8-bit sets older programs wrote (ANSEL's accents may then read wrong: the preview shows the names).
 */
function decode(bytes: Uint8Array): string {
  const [a, b, c] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (a === 0xff && b === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (a === 0xfe && b === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // reason: not UTF-8; an older program's 8-bit file
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** What an association's words (RELA) say the relationship is. */
function associationKind(words: string): RelationshipKind {
  if (/carer|foster|guardian|kinship/i.test(words)) return 'carer';
  if (/half/i.test(words)) return 'halfSibling';
  if (/step/i.test(words)) return 'stepSibling';
  if (/friend/i.test(words)) return 'friend';
  if (/partner|spouse|husband|wife/i.test(words)) return 'partner';
  return 'other';
}

/** Reads a GEDCOM file into a preview; GedcomError when it is not one the board can read. */
export function readFamilyGedcom(bytes: Uint8Array): FamilyPreview {
  if (bytes.byteLength > MAX_GEDCOM_BYTES) throw new GedcomError(`The file is too large: the board reads family files of up to ${MAX_GEDCOM_BYTES / 1024 / 1024} MB.`);
  let root: GedcomNode;
  try {
    const text = decode(bytes);
    if (!/^\s*0\s+HEAD\b/.test(text)) throw new GedcomError('no header');
    root = parse(text);
  } catch {
    // reason: the parser's messages name line numbers and internals, not what the coordinator can do
    throw new GedcomError('This is not a family tree file the board can read: save it from your family-tree program as GEDCOM (.ged) and try again.');
  }
  const individuals = children(root, 'INDI').filter((node) => node.data.xref_id !== undefined);
  if (individuals.length === 0) throw new GedcomError('The file has no people in it: is it a GEDCOM family tree file?');
  if (individuals.length > MAX_IMPORTED_PEOPLE) {
    throw new GedcomError(`The file has ${individuals.length} people; the board brings at most ${MAX_IMPORTED_PEOPLE} from one file. Save a smaller branch of the tree from your family-tree program.`);
  }
  const problems: string[] = [];
  const people: ImportedPerson[] = individuals.map((node) => {
    const sex = (valueOf(child(node, 'SEX')) ?? '').trim().toUpperCase();
    const death = child(node, 'DEAT');
    const deathYear = death ? yearOf(valueOf(child(death, 'DATE'))) : null;
    const birth = child(node, 'BIRT');
    const gender: Gender = sex === 'F' ? 'female' : sex === 'M' ? 'male' : sex === 'X' ? 'other' : 'unknown';
    return {
      ref: node.data.xref_id as string,
      name: cleanName(valueOf(child(node, 'NAME'))) || 'Someone whose name the file does not give',
      gender: GENDERS.includes(gender) ? gender : 'unknown',
      born: birth ? yearOf(valueOf(child(birth, 'DATE'))) : null,
      died: death ? (deathYear ?? true) : null,
    };
  });
  const known = new Set(people.map((person) => person.ref));

  const found: ImportedRelationship[] = [];
  const add = (from: string | null | undefined, to: string | null | undefined, kind: RelationshipKind) => {
    if (!from || !to || from === to) return;
    if (!known.has(from) || !known.has(to)) {
      problems.push(`Left out a ${RELATIONSHIP_LABELS[kind].toLowerCase()} link to someone the file does not list.`);
      return;
    }
    found.push({ from, to, kind });
  };
  for (const family of children(root, 'FAM')) {
    const partners = [...children(family, 'HUSB'), ...children(family, 'WIFE')].map(valueOf);
    const kids = children(family, 'CHIL').map(valueOf);
    const parted = child(family, 'DIV') !== undefined;
    if (partners.length === 2) add(partners[0], partners[1], parted ? 'formerPartner' : 'partner');
    for (const parent of partners) for (const kid of kids) add(parent, kid, 'parent');
    kids.forEach((kid, i) => kids.slice(i + 1).forEach((other) => add(kid, other, 'sibling')));
  }
  for (const node of individuals) {
    for (const association of children(node, 'ASSO')) {
      const kind = associationKind(valueOf(child(association, 'RELA')) ?? '');
      // The association is under the cared-for person; a carer line runs from the carer.
      if (DIRECTED_KINDS.includes(kind)) add(valueOf(association), node.data.xref_id, kind);
      else add(node.data.xref_id, valueOf(association), kind);
    }
  }

  // Each line once; a line that would make someone their own ancestor is left out, and said.
  const seen = new Set<string>();
  const family: Family = { onBoard: new Set(known), lines: new Map() };
  const relationships: ImportedRelationship[] = [];
  for (const relationship of found) {
    const key = relationshipKey(relationship);
    if (seen.has(key)) continue;
    seen.add(key);
    const id = String(relationships.length);
    family.lines.set(id, { id, ...relationship, live: true });
    if (relationship.kind === 'parent' && familyProblem(family, []) !== null) {
      family.lines.delete(id);
      problems.push('Left out a parent link that would make someone their own ancestor.');
      continue;
    }
    relationships.push(relationship);
  }
  return { people, relationships, problems };
}
