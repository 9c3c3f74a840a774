// The family tree's layout (shared/familyMap/genogramLayout.ts), in memory: generations in rows top
// to bottom, partners side by side, children under both parents, and bad or large families laid out.
import { describe, expect, it } from 'vitest';
import { layoutGenogram, type GenogramLayout, type TreeLineInput, type TreePersonInput } from '../../../shared/familyMap/genogramLayout.ts';
import type { Gender, RelationshipKind } from '../../../shared/vocabulary.ts';

const person = (id: string, gender: Gender = 'unknown'): TreePersonInput => ({ id, gender, died: null });
let next = 0;
const line = (from: string, to: string, kind: RelationshipKind): TreeLineInput => ({ id: `r${String(next++).padStart(5, '0')}`, from, to, kind });

const nodeOf = (layout: GenogramLayout, id: string) => {
  const node = layout.nodes.find((n) => n.id === id);
  if (!node) throw new Error(`no node ${id}`);
  return node;
};
const middle = (layout: GenogramLayout, id: string) => nodeOf(layout, id).x + nodeOf(layout, id).width / 2;

/** Gran and Grandad, their daughter Mum and her partner Dad, and Robin (the young person). */
const THREE_GENERATIONS = {
  people: [person('gran', 'female'), person('grandad', 'male'), person('mum', 'female'), person('dad', 'male'), person('aunt', 'female')],
  relationships: [
    line('gran', 'grandad', 'partner'),
    line('gran', 'mum', 'parent'),
    line('grandad', 'mum', 'parent'),
    line('gran', 'aunt', 'parent'),
    line('grandad', 'aunt', 'parent'),
    line('mum', 'dad', 'formerPartner'),
    line('mum', 'youngPerson', 'parent'),
    line('dad', 'youngPerson', 'parent'),
  ],
  youngPersonName: 'Robin',
};

describe('the family tree layout', () => {
  it('puts three generations in three rows, top to bottom', async () => {
    const layout = await layoutGenogram(THREE_GENERATIONS);
    expect(layout.rows).toHaveLength(3);
    const row = (id: string) => nodeOf(layout, id).row;
    expect(row('gran')).toBe(0);
    expect(row('grandad')).toBe(0);
    expect(row('mum')).toBe(1);
    expect(row('aunt')).toBe(1);
    expect(row('dad')).toBe(1);
    expect(row('youngPerson')).toBe(2);
    expect(layout.rows[0]!.y).toBeLessThan(layout.rows[1]!.y);
    expect(layout.rows[1]!.y).toBeLessThan(layout.rows[2]!.y);
  });

  it('puts partners side by side, next to each other in their row', async () => {
    const layout = await layoutGenogram(THREE_GENERATIONS);
    for (const [a, b] of [['gran', 'grandad'], ['mum', 'dad']] as const) {
      const ids = layout.rows[nodeOf(layout, a).row]!.ids;
      expect(nodeOf(layout, a).y).toBe(nodeOf(layout, b).y);
      expect(Math.abs(ids.indexOf(a) - ids.indexOf(b))).toBe(1);
    }
  });

  it('hangs a child below both parents, from their family’s join, and marks a couple who parted', async () => {
    const layout = await layoutGenogram(THREE_GENERATIONS);
    const child = nodeOf(layout, 'youngPerson');
    const [left, right] = [middle(layout, 'mum'), middle(layout, 'dad')].sort((a, b) => a - b);
    expect(child.x + child.width / 2).toBeGreaterThanOrEqual(left! - 1);
    expect(child.x + child.width / 2).toBeLessThanOrEqual(right! + 1);
    const join = layout.joins.find((j) => j.children.includes('youngPerson'));
    expect(join?.parents).toEqual(['dad', 'mum']);
    expect(join?.parted).toBe(true);
    expect(join!.y).toBeGreaterThan(nodeOf(layout, 'mum').y);
    expect(join!.y).toBeLessThan(child.y);
    expect(layout.joins.find((j) => j.parents.includes('gran'))?.parted).toBe(false);
    // Every family line is ELK's route, drawn as given: at least a start and an end.
    expect(layout.lines.filter((l) => l.style === 'family').every((l) => l.points.length >= 2)).toBe(true);
  });

  it('draws brothers and sisters with no parent on the map, carers and friends as labelled lines, siblings in one row', async () => {
    const layout = await layoutGenogram({
      people: [person('jo'), person('mum'), person('kai'), person('carer')],
      relationships: [line('jo', 'mum', 'sibling'), line('mum', 'youngPerson', 'parent'), line('kai', 'youngPerson', 'friend'), line('carer', 'youngPerson', 'carer')],
      youngPersonName: 'Robin',
    });
    expect(nodeOf(layout, 'jo').row).toBe(nodeOf(layout, 'mum').row);
    expect(layout.labels.map((label) => label.text).sort()).toEqual(['Brother or sister', 'Carer', 'Friend']);
    expect(layout.lines.filter((l) => l.style === 'link').length).toBe(6);
    expect(nodeOf(layout, 'kai').row).toBe(nodeOf(layout, 'youngPerson').row);
  });

  it('lays out people with no relationships, lines to no one and to oneself, and a loop of parents without failing', async () => {
    const layout = await layoutGenogram({
      people: [person('a'), person('b'), person('c'), person('alone')],
      relationships: [line('a', 'b', 'parent'), line('b', 'c', 'parent'), line('c', 'a', 'parent'), line('a', 'a', 'partner'), line('a', 'ghost', 'parent')],
      youngPersonName: 'Robin',
    });
    expect(layout.nodes.map((n) => n.id).sort()).toEqual(['a', 'alone', 'b', 'c', 'youngPerson']);
    for (const node of layout.nodes) expect(Number.isFinite(node.x) && Number.isFinite(node.y)).toBe(true);
  });

  it('gives the same picture for the same family, whatever order it comes in', async () => {
    const first = await layoutGenogram(THREE_GENERATIONS);
    const second = await layoutGenogram({ ...THREE_GENERATIONS, people: [...THREE_GENERATIONS.people].reverse(), relationships: [...THREE_GENERATIONS.relationships].reverse() });
    expect(second).toEqual(first);
  });

  it('lays out 500 people and 2,000 relationships however tangled (its time is in npm run bench)', async () => {
    // Five-generation families of ~10, joined by partners, siblings, carers and friends across families.
    const people: TreePersonInput[] = [];
    const lines: TreeLineInput[] = [];
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
    for (let i = 0; i < 500; i += 1) people.push(person(`p${String(i).padStart(3, '0')}`, i % 2 === 0 ? 'female' : 'male'));
    for (let i = 2; i < 500; i += 1) {
      const parent = Math.max(0, i - 2 - Math.floor(random() * 10));
      lines.push(line(people[parent]!.id, people[i]!.id, 'parent'));
    }
    const kinds: RelationshipKind[] = ['partner', 'sibling', 'friend', 'other', 'carer', 'halfSibling', 'formerPartner', 'stepSibling'];
    while (lines.length < 2_000) {
      const a = people[Math.floor(random() * 500)]!.id;
      const b = people[Math.floor(random() * 500)]!.id;
      lines.push(line(a, b, kinds[Math.floor(random() * kinds.length)]!));
    }
    const layout = await layoutGenogram({ people, relationships: lines, youngPersonName: 'Robin' });
    expect(layout.nodes).toHaveLength(501);
    // Every box inside the picture, none on top of another in its row.
    for (const node of layout.nodes) expect(node.x + node.width).toBeLessThanOrEqual(layout.bounds.width + 1);
    for (const row of layout.rows) {
      const boxes = layout.nodes.filter((node) => row.ids.includes(node.id)).sort((a, b) => a.x - b.x);
      for (let i = 1; i < boxes.length; i += 1) expect(boxes[i]!.x).toBeGreaterThanOrEqual(boxes[i - 1]!.x + boxes[i - 1]!.width - 0.5);
    }
  }, 30_000);
});
