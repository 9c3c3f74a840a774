// The family tree (genogram) in an exported plan: the board's own layout (shared/familyMap/
// genogramLayout.ts, by ELK) turned into the shapes pictures.ts draws, with its words.

import { relationshipWords } from '../../shared/board-relationships.ts';
import { layoutGenogram, TREE_MARK_Y } from '../../shared/familyMap/genogramLayout.ts';
import type { Plan } from '../../shared/plan.ts';
import { firstNameOf } from '../../shared/planWords.ts';
import { CONNECTION_LABELS, YOUNG_PERSON } from '../../shared/vocabulary.ts';
import { cut, INK, QUIET, type Drawing, type Shape } from './pictures.ts';

/** The family tree of a plan's people, or null when there is no relationship to draw. */
export async function genogramDrawing(plan: Pick<Plan, 'youngPersonName' | 'people' | 'relationships'>): Promise<Drawing | null> {
  const relationships = plan.relationships ?? [];
  if (relationships.length === 0) return null;
  const first = firstNameOf(plan.youngPersonName);
  const byId = new Map(plan.people.map((person) => [person.id as string, person]));
  const layout = await layoutGenogram({
    people: plan.people.map((person) => ({ id: person.id, gender: person.gender ?? 'unknown', died: person.died ?? null })),
    relationships,
    youngPersonName: plan.youngPersonName,
  });
  const shapes: Shape[] = [];
  for (const line of layout.lines) {
    for (let i = 1; i < line.points.length; i += 1) {
      const [a, b] = [line.points[i - 1]!, line.points[i]!];
      shapes.push({ kind: 'line', x1: a.x, y1: a.y, x2: b.x, y2: b.y, weight: line.style === 'family' ? 1.4 : 1, colour: line.style === 'family' ? INK : QUIET, ...(line.style === 'link' ? { dash: [5, 3] as const } : {}) });
    }
  }
  for (const join of layout.joins) {
    shapes.push({ kind: 'circle', cx: join.x, cy: join.y, r: 2.5, stroke: null, fill: INK });
    // Parted: the separation mark, two short strokes across the partnership line.
    if (join.parted) for (const dx of [-3, 3]) shapes.push({ kind: 'line', x1: join.x + dx - 4, y1: join.y + 6, x2: join.x + dx + 4, y2: join.y - 6, weight: 1.4, colour: INK });
  }
  for (const label of layout.labels) shapes.push({ kind: 'text', x: label.x, y: label.y + 3, text: label.text, size: 8, colour: QUIET, anchor: 'middle', halo: true });
  for (const node of layout.nodes) {
    const cx = node.x + node.width / 2;
    const markY = node.y + TREE_MARK_Y;
    if (node.id === YOUNG_PERSON) {
      shapes.push({ kind: 'circle', cx, cy: markY, r: 12, stroke: null, fill: '#0b4f8a' });
      shapes.push({ kind: 'text', x: cx, y: markY + 4, text: Array.from(first)[0]?.toUpperCase() ?? '', size: 11, bold: true, colour: '#ffffff', anchor: 'middle' });
      shapes.push({ kind: 'text', x: cx, y: node.y + 46, text: cut(first, 18), size: 9, bold: true, anchor: 'middle', halo: true });
      continue;
    }
    const person = byId.get(node.id);
    if (!person) continue;
    shapes.push({ kind: 'mark', cx, cy: markY, size: 18, gender: person.gender ?? 'unknown', died: person.died !== null && person.died !== undefined, fill: '#ffffff' });
    shapes.push({ kind: 'text', x: cx, y: node.y + 46, text: cut(person.name, 18), size: 9, bold: true, anchor: 'middle', halo: true });
    const years = [typeof person.born === 'number' ? `b. ${person.born}` : '', typeof person.died === 'number' ? `d. ${person.died}` : ''].filter(Boolean).join(' · ');
    shapes.push({ kind: 'text', x: cx, y: node.y + 57, text: years || CONNECTION_LABELS[person.connection], size: 7.5, colour: QUIET, anchor: 'middle', halo: true });
  }
  return { bounds: layout.bounds, shapes, alt: genogramWords(plan) };
}

/** What the family tree shows, in words: every relationship on it, and who has died. */
export function genogramWords(plan: Pick<Plan, 'youngPersonName' | 'people' | 'relationships'>): string {
  const first = firstNameOf(plan.youngPersonName);
  const names = new Map(plan.people.map((person) => [person.id as string, person.name]));
  const name = (end: string) => (end === YOUNG_PERSON ? first : (names.get(end) ?? 'someone'));
  const lines = (plan.relationships ?? []).map((line) => relationshipWords(line, name));
  const died = plan.people.filter((person) => person.died !== null && person.died !== undefined).map((person) => person.name);
  return [
    `A family tree of ${first}’s family, older generations above.`,
    lines.length > 0 ? `${lines.join('; ')}.` : '',
    died.length > 0 ? `Died: ${died.join(', ')}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
}
