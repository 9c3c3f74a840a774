// The family map's pictures in an exported plan: the same ecomap the board draws (its layout is the
// board's own, shared/familyMap/ecomapLayout.ts), as a list of shapes any renderer can draw — the
// PDF as vectors — with a text alternative that says in words what the picture shows.

import { layoutEcomap, MIN_GAP, ringNameBox } from '../../shared/familyMap/ecomapLayout.ts';
import type { Plan } from '../../shared/plan.ts';
import { firstNameOf } from '../../shared/planWords.ts';
import { CONNECTION_LABELS, SECTOR_LABELS, type Connection, type Gender, type Sector } from '../../shared/vocabulary.ts';

/** One thing to draw, in the drawing's own units (its box is `bounds`). */
export type Shape =
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; weight: number; dash?: readonly [number, number]; colour: string }
  | { kind: 'circle'; cx: number; cy: number; r: number; stroke: string | null; fill: string | null; weight?: number }
  | { kind: 'path'; d: string; fill: string }
  | { kind: 'mark'; cx: number; cy: number; size: number; gender: Gender; died: boolean; fill: string }
  | { kind: 'text'; x: number; y: number; text: string; size: number; bold?: boolean; colour?: string; anchor: 'middle' | 'start' | 'end'; halo?: boolean };

/** A picture: its extent, what is drawn, and what it shows in words. */
export interface Drawing {
  bounds: { x: number; y: number; width: number; height: number };
  shapes: Shape[];
  /** The text alternative: everything the picture shows, as sentences. */
  alt: string;
}

const LINE_STYLE: Readonly<Record<Connection, { weight: number; dash?: readonly [number, number] }>> = {
  direct: { weight: 2 },
  indirect: { weight: 1.5, dash: [6, 4] },
  none: { weight: 1.5, dash: [1.5, 3.5] },
};
/** The ink of marks and lines, and the quieter grey of words under them (the PDF's text colours). */
export const INK = '#1a1a1a';
const RING = '#8a8a8a';
export const QUIET = '#444444';
const SECTOR_SHADE: Readonly<Record<Sector, string>> = {
  family: '#fbeee2',
  friendsCommunity: '#e6f1e7',
  schoolWork: '#e5edf7',
  professionals: '#f0e9f4',
};

/** At most `max` characters, with an ellipsis when cut (names on a picture; the text alternative has them whole). */
export function cut(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** The ecomap of a plan's people: rings by closeness, quarters by part of life, lines by how in touch. */
export function ecomapDrawing(plan: Pick<Plan, 'youngPersonName' | 'people'>): Drawing {
  const people = plan.people;
  const layout = layoutEcomap(people.map((person) => ({ id: person.id, displayName: person.name, closeness: person.closeness ?? null, sector: person.sector ?? null })));
  const byId = new Map(people.map((person) => [person.id, person]));
  const shapes: Shape[] = [];
  const R = layout.radius;
  // The four quarters, shaded and named (clockwise from the top, as the board draws them), then the
  // rings and the axes between the quarters.
  for (const [i, sector] of (['friendsCommunity', 'schoolWork', 'professionals', 'family'] as const).entries()) {
    const at = (angle: number) => `${(R * Math.sin(angle)).toFixed(2)} ${(-R * Math.cos(angle)).toFixed(2)}`;
    shapes.push({ kind: 'path', d: `M 0 0 L ${at((i * Math.PI) / 2)} A ${R} ${R} 0 0 1 ${at(((i + 1) * Math.PI) / 2)} Z`, fill: SECTOR_SHADE[sector] });
    const [sx, sy] = [i === 0 || i === 1 ? 1 : -1, i === 1 || i === 2 ? 1 : -1];
    shapes.push({ kind: 'text', x: sx * R, y: sy * R + (sy < 0 ? 0 : 10), text: SECTOR_LABELS[sector], size: 12, bold: true, anchor: sx > 0 ? 'end' : 'start', colour: QUIET });
  }
  for (const ring of [...layout.rings].reverse()) shapes.push({ kind: 'circle', cx: 0, cy: 0, r: ring.radius, stroke: RING, fill: null, weight: 0.8 });
  shapes.push({ kind: 'line', x1: 0, y1: -R, x2: 0, y2: R, weight: 0.6, colour: RING }, { kind: 'line', x1: -R, y1: 0, x2: R, y2: 0, weight: 0.6, colour: RING });
  const RING_WORDS = ['Very close', 'Close', 'Further away'] as const;
  for (const ring of layout.rings) {
    const box = ringNameBox(ring.radius);
    shapes.push({ kind: 'text', x: 0, y: box.top + 12, text: RING_WORDS[ring.ring - 1] ?? '', size: 9, colour: QUIET, anchor: 'middle' });
  }
  // A line from the young person to each placed person, drawn before the marks so the marks sit on top.
  for (const spot of layout.spots) {
    const person = byId.get(spot.id);
    if (!person || spot.ring === null) continue;
    shapes.push({ kind: 'line', x1: 0, y1: 0, x2: spot.x, y2: spot.y, colour: INK, ...LINE_STYLE[person.connection] });
  }
  if (layout.strip.rows > 0) {
    shapes.push({ kind: 'line', x1: -R, y1: layout.strip.top, x2: R, y2: layout.strip.top, weight: 0.6, dash: [3, 3], colour: RING });
    shapes.push({ kind: 'text', x: 0, y: layout.strip.top + 14, text: 'Not placed yet (how close or part of life not said)', size: 9, colour: QUIET, anchor: 'middle' });
  }
  for (const spot of layout.spots) {
    const person = byId.get(spot.id);
    if (!person) continue;
    shapes.push({ kind: 'mark', cx: spot.x, cy: spot.y, size: 14, gender: person.gender ?? 'unknown', died: person.died !== null && person.died !== undefined, fill: '#ffffff' });
    shapes.push({ kind: 'text', x: spot.x, y: spot.y + 20, text: cut(person.name, 18), size: 9, bold: true, anchor: 'middle', halo: true });
    const words = CONNECTION_LABELS[person.connection] + (person.newSinceStart === true ? ' · new' : '');
    shapes.push({ kind: 'text', x: spot.x, y: spot.y + 31, text: words, size: 7.5, colour: QUIET, anchor: 'middle', halo: true });
  }
  const first = firstNameOf(plan.youngPersonName);
  shapes.push({ kind: 'circle', cx: 0, cy: 0, r: 16, stroke: null, fill: '#0b4f8a' });
  shapes.push({ kind: 'text', x: 0, y: 4, text: Array.from(first)[0]?.toUpperCase() ?? '', size: 12, bold: true, colour: '#ffffff', anchor: 'middle' });
  shapes.push({ kind: 'text', x: 0, y: 30, text: cut(first, 18), size: 10, bold: true, anchor: 'middle' });
  const margin = MIN_GAP / 4;
  const { x, y, width, height } = layout.bounds;
  return { bounds: { x: x - margin, y: y - margin, width: width + 2 * margin, height: height + 2 * margin }, shapes, alt: ecomapWords(plan) };
}

/** What the ecomap shows, in words: who is in touch, how close and in which part of life, and who is new. */
export function ecomapWords(plan: Pick<Plan, 'youngPersonName' | 'people'>): string {
  const first = firstNameOf(plan.youngPersonName);
  if (plan.people.length === 0) return `A map of the people in ${first}’s life, with nobody on it yet.`;
  const CLOSE = ['very close', 'close', 'further away'];
  const said = (person: Plan['people'][number]) => {
    const facts = [CONNECTION_LABELS[person.connection].toLowerCase()];
    if (person.closeness) facts.push(CLOSE[person.closeness - 1] ?? '');
    if (person.sector) facts.push(SECTOR_LABELS[person.sector].toLowerCase());
    if (person.died !== null && person.died !== undefined) facts.push('has died');
    if (person.newSinceStart === true) facts.push('new since the start');
    return `${person.name}${person.relationship ? ` (${person.relationship})` : ''}: ${facts.join(', ')}`;
  };
  const inTouch = plan.people.filter((person) => person.connection !== 'none').length;
  return `A map of the people in ${first}’s life, ${first} in the middle, nearer for closer people, in four parts: family, friends and community, school and work, professionals. ${inTouch} of ${plan.people.length} are in touch. ${plan.people.map(said).join('; ')}.`;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n = (value: number) => Number(value.toFixed(2));

/** One shape as SVG. */
function svgShape(shape: Shape): string {
  switch (shape.kind) {
    case 'path':
      return `<path d="${shape.d}" fill="${shape.fill}"/>`;
    case 'line':
      return `<line x1="${n(shape.x1)}" y1="${n(shape.y1)}" x2="${n(shape.x2)}" y2="${n(shape.y2)}" stroke="${shape.colour}" stroke-width="${shape.weight}"${shape.dash ? ` stroke-dasharray="${shape.dash.join(' ')}"` : ''}/>`;
    case 'circle':
      return `<circle cx="${n(shape.cx)}" cy="${n(shape.cy)}" r="${n(shape.r)}" fill="${shape.fill ?? 'none'}" stroke="${shape.stroke ?? 'none'}" stroke-width="${shape.weight ?? 1}"/>`;
    case 'mark': {
      const [x, y, h] = [n(shape.cx), n(shape.cy), shape.size / 2];
      const style = `fill="${shape.fill}" stroke="#1a1a1a" stroke-width="1.2"`;
      const mark =
        shape.gender === 'female'
          ? `<circle cx="${x}" cy="${y}" r="${h}" ${style}/>`
          : shape.gender === 'male'
            ? `<rect x="${n(x - h)}" y="${n(y - h)}" width="${shape.size}" height="${shape.size}" ${style}/>`
            : `<polygon points="${x},${n(y - h * 1.2)} ${n(x + h * 1.2)},${y} ${x},${n(y + h * 1.2)} ${n(x - h * 1.2)},${y}" ${style}/>`;
      const cross = shape.died ? `<path d="M ${n(x - h)} ${n(y - h)} L ${n(x + h)} ${n(y + h)} M ${n(x + h)} ${n(y - h)} L ${n(x - h)} ${n(y + h)}" stroke="#1a1a1a" stroke-width="1.2"/>` : '';
      return mark + cross;
    }
    case 'text': {
      const halo = shape.halo === true ? ' paint-order="stroke" stroke="#ffffff" stroke-width="3" stroke-linejoin="round"' : '';
      return `<text x="${n(shape.x)}" y="${n(shape.y)}" font-size="${shape.size}"${shape.bold ? ' font-weight="bold"' : ''} fill="${shape.colour ?? INK}" text-anchor="${shape.anchor}"${halo}>${escape(shape.text)}</text>`;
    }
    default:
      return shape satisfies never;
  }
}

/** A picture as an SVG document (for the Word copy), with its words as its title and description. */
export function svgOf(drawing: Drawing, title: string): string {
  const { x, y, width, height } = drawing.bounds;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${n(x)} ${n(y)} ${n(width)} ${n(height)}" width="${Math.ceil(width)}" height="${Math.ceil(height)}" font-family="Noto Sans, Noto Naskh Arabic, Noto Sans Hebrew, Noto Emoji, sans-serif" role="img">`,
    `<title>${escape(title)}</title><desc>${escape(drawing.alt)}</desc>`,
    `<rect x="${n(x)}" y="${n(y)}" width="${n(width)}" height="${n(height)}" fill="#ffffff"/>`,
    ...drawing.shapes.map(svgShape),
    '</svg>',
  ].join('\n');
}
