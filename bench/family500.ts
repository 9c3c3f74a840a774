// An invented family of 500 for the benchmark: five generations of couples and their children
// (each child's two parents, partners, brothers and sisters said outright), with friends, carers
// and others across it, 2,000 relationships in all. Seeded: the same family every run.

import { rng } from '../tests/helpers/random.ts';
import type { Gender, RelationshipKind } from '../shared/vocabulary.ts';

export interface BenchFamily {
  people: Array<{ id: string; name: string; gender: Gender; died: number | true | null; closeness: number | null; sector: 'family' | 'friendsCommunity' | 'schoolWork' | 'professionals' | null }>;
  relationships: Array<{ id: string; from: string; to: string; kind: RelationshipKind }>;
}

/** 500 people and 2,000 relationships, shaped like a big family rather than a random graph. */
export function familyOf500(): BenchFamily {
  const random = rng(2000);
  const people: BenchFamily['people'] = [];
  const relationships: BenchFamily['relationships'] = [];
  const person = (generation: number, gender: Gender) => {
    const id = `person-${people.length}`;
    people.push({ id, name: `Relative ${people.length}`, gender, died: generation === 0 && random.chance(0.5) ? true : null, closeness: 1 + random.int(3), sector: 'family' });
    return id;
  };
  const line = (from: string, to: string, kind: RelationshipKind) => relationships.push({ id: `line-${relationships.length}`, from, to, kind });
  // Generation by generation: couples, then their children, until there are 500.
  let singles = [person(0, 'male'), person(0, 'female'), person(0, 'male'), person(0, 'female')];
  for (let generation = 1; people.length < 500; generation += 1) {
    const next: string[] = [];
    for (let i = 0; i + 1 < singles.length && people.length < 500; i += 2) {
      const [a, b] = [singles[i]!, singles[i + 1]!];
      line(a, b, random.chance(0.2) ? 'formerPartner' : 'partner');
      const children: string[] = [];
      for (let c = 0, count = 1 + random.int(4); c < count && people.length < 500; c += 1) {
        const child = person(generation, random.chance(0.5) ? 'female' : 'male');
        line(a, child, 'parent');
        line(b, child, 'parent');
        for (const sibling of children) line(sibling, child, 'sibling');
        children.push(child);
        next.push(child);
      }
    }
    // Partners from outside the family marry in, so each generation has couples.
    singles = next.flatMap((child) => (random.chance(0.8) ? [child, person(generation, random.chance(0.5) ? 'female' : 'male')] : [child]));
  }
  const ids = people.map((p) => p.id);
  const others: RelationshipKind[] = ['friend', 'carer', 'other'];
  while (relationships.length < 2000) {
    const [from, to] = [ids[random.int(ids.length)]!, ids[random.int(ids.length)]!];
    if (from !== to) line(from, to, others[random.int(others.length)]!);
  }
  return { people, relationships };
}
