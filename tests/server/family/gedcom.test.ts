// The family map as GEDCOM 5.5.1: what the board writes, read back by an independent parser from npm
// (`read-gedcom`, not the one the board imports with), finds every person and every family link; a file written by another program (Gramps)
// reads into a preview; bad files get a sentence, never a half-read family.

import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGedcom, type TreeNode } from 'read-gedcom';
import { personId } from '../../../shared/ids.ts';
import { YOUNG_PERSON } from '../../../shared/vocabulary.ts';
import { familyGedcom, GedcomError, MAX_GEDCOM_BYTES, readFamilyGedcom, type FamilyOfPlan } from '../../../server/family/gedcom.ts';

/** An invented family: Sam, Mum and her former partner Dad, Gran (who has died), Jo (Mum's sister), Kai (Sam's half brother), and Sam's foster carer. */
const FAMILY: FamilyOfPlan = {
  youngPersonName: 'Sam',
  people: [
    { id: 'p-mum', name: 'Mum (Dee)', relationship: 'Mum', circle: 'family', connection: 'indirect', atConference: false, gender: 'female', born: 1985, died: null, closeness: 2, sector: 'family', newSinceStart: false },
    { id: 'p-dad', name: 'Dad', relationship: 'Dad', circle: 'family', connection: 'none', atConference: false, gender: 'male', born: null, died: null, closeness: 3, sector: 'family', newSinceStart: true },
    { id: 'p-gran', name: 'Gran Morgan', relationship: "Mum's mum", circle: 'family', connection: 'none', atConference: false, gender: 'female', born: 1950, died: true, closeness: null, sector: null, newSinceStart: false },
    { id: 'p-jo', name: 'Jo @ home', relationship: 'Aunt', circle: 'family', connection: 'direct', atConference: true, gender: 'female', born: 1988, died: null, closeness: 1, sector: 'family', newSinceStart: false },
    { id: 'p-kai', name: 'Kai', relationship: 'Half brother', circle: 'family', connection: 'direct', atConference: false, gender: 'male', born: 2012, died: null, closeness: 1, sector: 'family', newSinceStart: true },
    { id: 'p-carer', name: 'Alex', relationship: 'Foster carer', circle: 'formerCarers', connection: 'direct', atConference: true, gender: 'other', born: null, died: null, closeness: 1, sector: 'family', newSinceStart: false },
  ],
  relationships: [
    { id: 'r1', from: personId('p-gran'), to: personId('p-mum'), kind: 'parent' },
    { id: 'r2', from: personId('p-gran'), to: personId('p-jo'), kind: 'parent' },
    { id: 'r3', from: personId('p-mum'), to: YOUNG_PERSON, kind: 'parent' },
    { id: 'r4', from: personId('p-dad'), to: YOUNG_PERSON, kind: 'parent' },
    { id: 'r5', from: personId('p-mum'), to: personId('p-dad'), kind: 'formerPartner' },
    { id: 'r6', from: personId('p-kai'), to: YOUNG_PERSON, kind: 'halfSibling' },
    { id: 'r7', from: personId('p-carer'), to: YOUNG_PERSON, kind: 'carer' },
  ],
};

/** The file as read-gedcom's tree of lines (tag, pointer, value, children). */
function parse(text: string): TreeNode {
  const bytes = new TextEncoder().encode(text);
  return parseGedcom(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, { noIndex: true });
}
const records = (root: TreeNode, tag: string) => root.children.filter((node) => node.tag === tag);
const value = (node: TreeNode, tag: string) => node.children.find((c) => c.tag === tag)?.value;
const all = (node: TreeNode, tag: string) => node.children.filter((c) => c.tag === tag).map((c) => c.value ?? '');

describe('writing the family map as GEDCOM', () => {
  it('is read back by an independent parser with every person and every family link', () => {
    const text = familyGedcom(FAMILY);
    expect(text.startsWith('0 HEAD\r\n')).toBe(true);
    expect(text.endsWith('0 TRLR\r\n')).toBe(true);
    const root = parse(text);
    const head = records(root, 'HEAD')[0]!;
    expect(value(head.children.find((c) => c.tag === 'GEDC')!, 'VERS')).toBe('5.5.1');
    expect(value(head, 'CHAR')).toBe('UTF-8');

    const people = records(root, 'INDI');
    expect(people).toHaveLength(FAMILY.people.length + 1);
    const byName = new Map(people.map((node) => [value(node, 'NAME'), node]));
    const idOf = (name: string) => byName.get(name)?.pointer;
    // "@" in a name is written "@@" and read back as one.
    expect(text).toContain('1 NAME Jo @@ home\r\n');
    expect([...byName.keys()].sort()).toEqual(['Alex', 'Dad', 'Gran Morgan', 'Jo @ home', 'Kai', 'Mum (Dee)', 'Sam'].sort());
    const gran = byName.get('Gran Morgan')!;
    expect(value(gran, 'SEX')).toBe('F');
    expect(value(gran.children.find((c) => c.tag === 'BIRT')!, 'DATE')).toBe('1950');
    expect(value(gran, 'DEAT')).toBe('Y');

    const families = records(root, 'FAM').map((node) => ({
      id: node.pointer,
      partners: [...all(node, 'HUSB'), ...all(node, 'WIFE')].sort(),
      children: all(node, 'CHIL').sort(),
      divorced: all(node, 'DIV').length > 0,
    }));
    // Sam hangs from Mum and Dad's family, marked as parted; Mum and Jo from Gran's.
    expect(families).toContainEqual(expect.objectContaining({ partners: [idOf('Dad'), idOf('Mum (Dee)')].sort(), children: [idOf('Sam')], divorced: true }));
    expect(families).toContainEqual(expect.objectContaining({ partners: [idOf('Gran Morgan')], children: [idOf('Jo @ home'), idOf('Mum (Dee)')].sort(), divorced: false }));
    expect(families).toHaveLength(2);
    // Each family is named from its members too (FAMC, FAMS), as programs expect.
    for (const family of families) {
      for (const child of family.children) expect(all(people.find((p) => p.pointer === child)!, 'FAMC')).toContain(family.id);
      for (const partner of family.partners) expect(all(people.find((p) => p.pointer === partner)!, 'FAMS')).toContain(family.id);
    }
    // What a family record cannot say is an association: Alex is Sam's carer, Kai Sam's half brother.
    const sam = byName.get('Sam')!;
    const associations = sam.children.filter((c) => c.tag === 'ASSO').map((c) => `${c.value} ${value(c, 'RELA')}`);
    expect(associations).toEqual([`${idOf('Alex')} Carer`]);
    const kai = byName.get('Kai')!;
    expect(kai.children.filter((c) => c.tag === 'ASSO').map((c) => `${c.value} ${value(c, 'RELA')}`)).toEqual([`${idOf('Sam')} Half brother or sister`]);
  });

  it('reads its own file back into the same people and relationships', () => {
    const preview = readFamilyGedcom(new TextEncoder().encode(familyGedcom(FAMILY)));
    expect(preview.problems).toEqual([]);
    const name = new Map(preview.people.map((person) => [person.ref, person.name]));
    expect(preview.people.find((person) => person.name === 'Gran Morgan')).toMatchObject({ gender: 'female', born: 1950, died: true });
    expect(preview.people.find((person) => person.name === 'Jo @ home')).toBeDefined();
    const lines = preview.relationships.map((line) => `${name.get(line.from)} ${line.kind} ${name.get(line.to)}`).sort();
    expect(lines).toEqual(
      [
        'Gran Morgan parent Mum (Dee)',
        'Gran Morgan parent Jo @ home',
        'Mum (Dee) parent Sam',
        'Dad parent Sam',
        'Dad formerPartner Mum (Dee)',
        'Mum (Dee) sibling Jo @ home',
        'Kai halfSibling Sam',
        'Alex carer Sam',
      ].sort(),
    );
  });

  it('writes a plan agreed before relationships were kept, with its people only', () => {
    const text = familyGedcom({ ...FAMILY, relationships: undefined });
    const root = parse(text);
    expect(records(root, 'INDI')).toHaveLength(FAMILY.people.length + 1);
    expect(records(root, 'FAM')).toEqual([]);
  });
});

describe('reading a family tree file', () => {
  it('reads a file written by another program (Gramps), with names in Welsh, Arabic and emoji', () => {
    const preview = readFamilyGedcom(fs.readFileSync(new URL('../../fixtures/family/gramps.ged', import.meta.url)));
    expect(preview.problems).toEqual([]);
    const names = preview.people.map((person) => person.name).sort();
    expect(names).toContain('Siân Llywelyn');
    expect(names).toContain('ليلى Haddad');
    expect(names).toContain('Kai 🌟 Star');
    const name = new Map(preview.people.map((person) => [person.ref, person.name]));
    const lines = preview.relationships.map((line) => `${name.get(line.from)} ${line.kind} ${name.get(line.to)}`);
    expect(lines).toContain('Owain Llywelyn parent Siân Llywelyn');
    expect(preview.people.find((person) => person.name === 'Owain Llywelyn')).toMatchObject({ gender: 'male', born: 1851 });
  });

  it('refuses a file that is not GEDCOM, is empty of people, or is too large, with a sentence to act on', () => {
    const bad = (text: string) => () => readFamilyGedcom(new TextEncoder().encode(text));
    expect(bad('%PDF-1.7 this is not a family tree')).toThrow(GedcomError);
    expect(bad('%PDF-1.7 this is not a family tree')).toThrow(/save it from your family-tree program as GEDCOM/);
    expect(bad('0 HEAD\n1 CHAR UTF-8\n0 TRLR\n')).toThrow(/no people/);
    expect(bad('0 HEAD\n1 CHAR UTF-8\n3 NAME broken nesting\n0 TRLR\n')).toThrow(GedcomError);
    expect(() => readFamilyGedcom(new Uint8Array(MAX_GEDCOM_BYTES + 1))).toThrow(/too large/);
  });

  it('leaves out a loop of parents, a link to someone not in the file and hidden characters, and says what it left out', () => {
    const text = [
      '0 HEAD', '1 CHAR UTF-8',
      '0 @A@ INDI', '1 NAME Ann\u202E /Loop/', '1 SEX F',
      '0 @B@ INDI', '1 NAME Ben', '1 SEX M', '1 BIRT', '2 DATE ABT 1700',
      '0 @F1@ FAM', '1 WIFE @A@', '1 CHIL @B@',
      '0 @F2@ FAM', '1 HUSB @B@', '1 CHIL @A@', '1 CHIL @NOBODY@',
      '0 TRLR',
    ].join('\n');
    const preview = readFamilyGedcom(new TextEncoder().encode(text));
    expect(preview.people.map((person) => person.name)).toEqual(['Ann Loop', 'Ben']);
    // A birth year before 1800 is not one the board keeps.
    expect(preview.people[1]?.born).toBeNull();
    expect(preview.relationships).toEqual([{ from: '@A@', to: '@B@', kind: 'parent' }]);
    expect(preview.problems).toEqual([
      'Left out a parent link to someone the file does not list.',
      'Left out a brother or sister link to someone the file does not list.',
      'Left out a parent link that would make someone their own ancestor.',
    ]);
  });
});
