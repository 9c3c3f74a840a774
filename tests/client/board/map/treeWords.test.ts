import { describe, expect, it } from 'vitest';
import { closeKin, kinToYoungPerson, linesWords, treeName, type Kin, type KinLine } from '../../../../client/board/map/treeWords.ts';
import type { Gender, RelationshipKind } from '../../../../shared/vocabulary.ts';

let next = 0;
const line = (from: string, to: string, kind: RelationshipKind): KinLine => ({ id: `r${next++}`, from, to, kind });
const GENDERS: Record<string, Gender> = { mum: 'female', dad: 'male', gran: 'female', jo: 'female', dev: 'male', kai: 'other', ali: 'male', sam: 'female' };
const NAMES: Record<string, string> = { youngPerson: 'Robin', mum: 'Mum', dad: 'Dad', gran: 'Gran', jo: 'Jo', dev: 'Dev', kai: 'Kai', ali: 'Ali', sam: 'Sam' };

function kinWith(lines: KinLine[]): Kin {
  return { lines, genderOf: (id) => GENDERS[id] ?? 'unknown', nameOf: (id) => NAMES[id] ?? id };
}

const FAMILY = kinWith([
  line('mum', 'youngPerson', 'parent'),
  line('dad', 'youngPerson', 'parent'),
  line('gran', 'mum', 'parent'),
  line('jo', 'mum', 'sibling'),
  line('jo', 'kai', 'parent'),
  line('ali', 'dad', 'formerPartner'),
  line('mum', 'dad', 'formerPartner'),
  line('sam', 'youngPerson', 'halfSibling'),
]);

describe('the family tree in words', () => {
  it('says what each person is to the young person where the lines say it simply', () => {
    expect(kinToYoungPerson(FAMILY, 'mum')).toBe('mum');
    expect(kinToYoungPerson(FAMILY, 'dad')).toBe('dad');
    expect(kinToYoungPerson(FAMILY, 'gran')).toBe('gran');
    expect(kinToYoungPerson(FAMILY, 'jo')).toBe('aunt');
    expect(kinToYoungPerson(FAMILY, 'kai')).toBe('cousin');
    expect(kinToYoungPerson(FAMILY, 'ali')).toBe('stepdad');
    expect(kinToYoungPerson(FAMILY, 'sam')).toBe('half-sister');
    expect(kinToYoungPerson(kinWith([]), 'mum')).toBeNull();
  });

  it('reads a person’s name with their relationships, e.g. "Jo, Robin’s aunt, Mum’s sister, in touch"', () => {
    expect(treeName(FAMILY, 'jo', 'Auntie', ['in touch'], 'Robin')).toBe('Jo, Robin’s aunt, Mum’s sister, Kai’s mother, in touch');
    expect(treeName(FAMILY, 'youngPerson', '', [], 'Robin')).toBe('Robin, the young person, Mum’s child, Dad’s child, Sam’s half brother or sister');
    expect(treeName(kinWith([]), 'dev', 'Uncle', ['not in touch'], 'Robin')).toBe('Dev, Robin’s uncle, not in touch');
  });

  it('lists a person’s lines from their side and finds brothers and sisters through a shared parent', () => {
    expect(linesWords(FAMILY, 'mum').map((l) => l.words)).toEqual(['Robin’s mother', 'Gran’s daughter', 'Jo’s sister', 'Dad’s former partner']);
    const kin = kinWith([line('mum', 'jo', 'parent'), line('mum', 'dev', 'parent')]);
    expect(closeKin(kin.lines, 'jo').siblings).toEqual(['dev']);
  });
});
