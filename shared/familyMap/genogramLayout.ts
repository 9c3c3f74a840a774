// Where each of the young person's family sits on the family tree (genogram), laid out by ELK's
// layered algorithm (direction DOWN), never by hand: this module only turns the board's lines into
// ELK's graph and ELK's answer into what to draw. Pure, async and deterministic, for the board and
// the agreed plan's PDF alike (elkjs's bundled build runs in Node and the browser without a worker,
// and is imported only when a tree is first laid out, so it stays out of the phone's first download).
//
// The graph: every person (and the young person) is a node; every family — the parents of a child,
// or a couple — is a small hidden "join" node with an edge from each parent or partner into it and
// one from it to each child, so a generation is two of ELK's layers and partners share a row. A
// relationship that is not a parent or partner is drawn dashed with its words: brothers and sisters
// with no parent on the map (half and step too) hang from a hidden node of their own, so they share
// a row; carers, friends and others meet at one below them (in a large family, a straight line).

import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import { RELATIONSHIP_LABELS, YOUNG_PERSON, type Gender, type RelationshipKind } from '../vocabulary.ts';

/** A person's box: the mark at the top, the name and contact under it (edges leave its bottom). */
export const TREE_NODE_WIDTH = 116;
export const TREE_NODE_HEIGHT = 64;
/** The mark's centre from the top of the box. */
export const TREE_MARK_Y = 18;
const JOIN_SIZE = 6;
const LAYER_GAP = 28;
const NODE_GAP = 20;
const COMPONENT_GAP = 48;
const MARGIN = 24;
/** How far a carer's, friend's or other line bends out to the side halfway along. */
const LINK_BEND = 28;

/** What the tree needs of a person. */
export interface TreePersonInput {
  id: string;
  gender: Gender;
  died: number | true | null;
}

/** What the tree needs of a relationship (live ones; ends that are not on the board are left out). */
export interface TreeLineInput {
  id: string;
  from: string;
  to: string;
  kind: RelationshipKind;
}

export interface GenogramInput {
  people: readonly TreePersonInput[];
  relationships: readonly TreeLineInput[];
  youngPersonName: string;
}

/** A person's box (x, y its top left), or the young person's (id "youngPerson"). */
export interface TreeNode {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Index into `rows`: 0 is the top row. */
  row: number;
}

export interface Point {
  x: number;
  y: number;
}

/**
 * A line to draw: `family` joins parents to their children (and partners to each other), `link` is
 * a relationship drawn dashed with its words. `points` is ELK's orthogonal route.
 */
export interface TreeLine {
  id: string;
  style: 'family' | 'link';
  points: Point[];
}

/** Where a couple's (or a single parent's) family joins: a separation mark (//) when they have parted. */
export interface TreeJoin {
  id: string;
  x: number;
  y: number;
  parents: readonly string[];
  children: readonly string[];
  parted: boolean;
}

/** A dashed relationship's words, drawn at its hidden node. */
export interface TreeLabel {
  id: string;
  x: number;
  y: number;
  kind: RelationshipKind;
  text: string;
  ends: readonly [string, string];
}

/** A generation: the people whose boxes share one top edge. */
export interface TreeRow {
  y: number;
  ids: readonly string[];
}

export interface GenogramLayout {
  nodes: readonly TreeNode[];
  lines: readonly TreeLine[];
  joins: readonly TreeJoin[];
  labels: readonly TreeLabel[];
  rows: readonly TreeRow[];
  bounds: { x: number; y: number; width: number; height: number };
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The ELK options: layered, downwards, orthogonal lines, a fixed seed, the input's order kept where it can be. */
const ELK_OPTIONS: Readonly<Record<string, string>> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.randomSeed': '1',
  'elk.spacing.nodeNode': String(NODE_GAP),
  'elk.spacing.componentComponent': String(COMPONENT_GAP),
  'elk.layered.spacing.nodeNodeBetweenLayers': String(LAYER_GAP),
  'elk.layered.spacing.edgeNodeBetweenLayers': '16',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.padding': `[top=${MARGIN},left=${MARGIN},bottom=${MARGIN},right=${MARGIN}]`,
};

/** Above this many people, ELK's faster node placement and fewer crossing sweeps (500 people in seconds, not minutes). */
const LARGE_FAMILY = 150;
const LARGE_OPTIONS: Readonly<Record<string, string>> = {
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.thoroughness': '1',
  'elk.layered.considerModelOrder.strategy': 'NONE',
};

interface ElkConstructor {
  new (): { layout: (graph: ElkNode) => Promise<ElkNode> };
}

let elkLoading: Promise<ElkConstructor> | null = null;

/** elkjs's bundled build, loaded once on first use (its own chunk in the browser). */
function loadElk(): Promise<ElkConstructor> {
  elkLoading ??= import('elkjs/lib/elk.bundled.js').then((module) => module.default as unknown as ElkConstructor);
  return elkLoading;
}

/** A family: its parents (or partners) and children, keyed by the sorted parents. */
interface Family {
  id: string;
  parents: string[];
  children: string[];
  parted: boolean;
}

const SIBLING_KINDS: readonly RelationshipKind[] = ['sibling', 'halfSibling', 'stepSibling'];

/** Lays out the family tree (see the module comment). */
export async function layoutGenogram(input: GenogramInput): Promise<GenogramLayout> {
  const onMap = new Set<string>([YOUNG_PERSON, ...input.people.map((person) => person.id)]);
  const ids = [YOUNG_PERSON, ...[...new Set(input.people.map((person) => person.id))].filter((id) => id !== YOUNG_PERSON).sort(byString)];
  const lines = [...input.relationships]
    .filter((line) => line.from !== line.to && onMap.has(line.from) && onMap.has(line.to))
    .sort((a, b) => byString(a.id, b.id));

  // Parents of each child, and couples.
  const parentsOf = new Map<string, string[]>();
  for (const line of lines) {
    if (line.kind !== 'parent') continue;
    const list = parentsOf.get(line.to) ?? [];
    if (!list.includes(line.from)) list.push(line.from);
    parentsOf.set(line.to, list);
  }
  const families = new Map<string, Family>();
  const familyOf = (parents: string[]): Family => {
    const sorted = [...parents].sort(byString);
    const id = `join:${sorted.join('+')}`;
    let family = families.get(id);
    if (!family) {
      family = { id, parents: sorted, children: [], parted: false };
      families.set(id, family);
    }
    return family;
  };
  for (const child of ids) {
    const parents = parentsOf.get(child);
    if (parents) familyOf(parents).children.push(child);
  }
  const links: TreeLineInput[] = [];
  for (const line of lines) {
    if (line.kind === 'partner' || line.kind === 'formerPartner') {
      const family = familyOf([line.from, line.to]);
      if (line.kind === 'formerPartner') family.parted = true;
    } else if (SIBLING_KINDS.includes(line.kind)) {
      const [a, b] = [parentsOf.get(line.from) ?? [], parentsOf.get(line.to) ?? []];
      if (!a.some((parent) => b.includes(parent))) links.push(line);
    } else if (line.kind !== 'parent') {
      links.push(line);
    }
  }

  // ELK keeps the input's order where crossings allow it: partners are given next to each other.
  const partnersOf = new Map<string, string[]>();
  for (const family of families.values()) {
    if (family.children.length > 0 && family.parents.length !== 2) continue;
    for (const parent of family.parents) partnersOf.set(parent, [...(partnersOf.get(parent) ?? []), ...family.parents.filter((p) => p !== parent)]);
  }
  const order: string[] = [];
  const given = new Set<string>();
  for (const id of ids) {
    for (const next of [id, ...(partnersOf.get(id) ?? [])]) {
      if (given.has(next)) continue;
      given.add(next);
      order.push(next);
    }
  }
  // Lines meet a person in the middle of their box's top and bottom (ports fixed there), as a tree is drawn.
  const children: ElkNode[] = order.map((id) => ({
    id,
    width: TREE_NODE_WIDTH,
    height: TREE_NODE_HEIGHT,
    layoutOptions: { 'elk.portConstraints': 'FIXED_POS' },
    ports: [
      { id: `${id}:top`, x: TREE_NODE_WIDTH / 2, y: 0, width: 0, height: 0, layoutOptions: { 'elk.port.side': 'NORTH' } },
      { id: `${id}:bottom`, x: TREE_NODE_WIDTH / 2, y: TREE_NODE_HEIGHT, width: 0, height: 0, layoutOptions: { 'elk.port.side': 'SOUTH' } },
    ],
  }));
  const people = new Set(order);
  const edges: ElkExtendedEdge[] = [];
  const edgeKeys = new Set<string>();
  const edge = (from: string, to: string, style: TreeLine['style']) => {
    const id = `${style}:${from}>${to}`;
    if (edgeKeys.has(id)) return;
    edgeKeys.add(id);
    edges.push({ id, sources: [people.has(from) ? `${from}:bottom` : from], targets: [people.has(to) ? `${to}:top` : to] });
  };
  for (const family of families.values()) {
    children.push({ id: family.id, width: JOIN_SIZE, height: JOIN_SIZE });
    for (const parent of family.parents) edge(parent, family.id, 'family');
    for (const child of family.children) edge(family.id, child, 'family');
  }
  // Brothers and sisters share a hidden node above them, so ELK puts them in one row; carers,
  // friends and others share one below them, so ELK puts them side by side. In a large family those
  // are not ELK's to place (its long edges across generations cost minutes): they are drawn straight
  // between the boxes ELK placed.
  const large = ids.length > LARGE_FAMILY;
  const byElk = (link: TreeLineInput) => SIBLING_KINDS.includes(link.kind) || !large;
  for (const link of links) {
    if (!byElk(link)) continue;
    const id = `link:${link.id}`;
    children.push({ id, width: JOIN_SIZE, height: JOIN_SIZE });
    if (SIBLING_KINDS.includes(link.kind)) {
      edge(id, link.from, 'link');
      edge(id, link.to, 'link');
    } else {
      edge(link.from, id, 'link');
      edge(link.to, id, 'link');
    }
  }

  const Elk = await loadElk();
  const laid = await new Elk().layout({ id: 'tree', layoutOptions: { ...ELK_OPTIONS, ...(large ? LARGE_OPTIONS : {}) }, children, edges });

  const placed = new Map<string, ElkNode>((laid.children ?? []).map((node) => [node.id, node]));
  const boxes = ids.map((id) => placed.get(id)).filter((node): node is ElkNode => node !== undefined);
  const tops = [...new Set(boxes.map((node) => Math.round(node.y ?? 0)))].sort((a, b) => a - b);
  const rowOf = new Map<number, number>(tops.map((y, index) => [y, index]));
  const nodes: TreeNode[] = boxes.map((node) => ({
    id: node.id,
    x: node.x ?? 0,
    y: node.y ?? 0,
    width: node.width ?? TREE_NODE_WIDTH,
    height: node.height ?? TREE_NODE_HEIGHT,
    row: rowOf.get(Math.round(node.y ?? 0)) ?? 0,
  }));
  const rows: TreeRow[] = tops.map((y) => ({
    y,
    ids: nodes
      .filter((node) => Math.round(node.y) === y)
      .sort((a, b) => a.x - b.x)
      .map((node) => node.id),
  }));
  const centre = (id: string): Point => {
    const node = placed.get(id);
    return { x: (node?.x ?? 0) + (node?.width ?? 0) / 2, y: (node?.y ?? 0) + (node?.height ?? 0) / 2 };
  };
  const drawn: TreeLine[] = (laid.edges ?? []).map((laidEdge) => {
    const elkEdge = laidEdge as ElkExtendedEdge;
    const section = elkEdge.sections?.[0];
    const points = section ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint] : [centre(elkEdge.sources[0] ?? ''), centre(elkEdge.targets[0] ?? '')];
    return { id: elkEdge.id, style: elkEdge.id.startsWith('link:') ? 'link' : 'family', points: points.map(({ x, y }) => ({ x, y })) };
  });
  const joins: TreeJoin[] = [...families.values()].map((family) => ({ id: family.id, ...centre(family.id), parents: family.parents, children: family.children, parted: family.parted }));
  // A couple with no children: their line ends where the two halves meet, with no stub down into the join.
  for (const family of families.values()) {
    if (family.children.length > 0) continue;
    for (const line of drawn) {
      if (!line.id.endsWith(`>${family.id}`) || line.points.length <= 2) continue;
      const bend = line.points[line.points.length - 2]!;
      // Both halves end at the join's middle (ELK spreads their ends across its width).
      line.points = [...line.points.slice(0, -2), { x: centre(family.id).x, y: bend.y }];
    }
  }
  // A straight link bends out to one side halfway, so it never lies along a family line it crosses.
  const bendOf = (link: TreeLineInput): Point => {
    const [a, b] = [centre(link.from), centre(link.to)];
    const length = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    return { x: (a.x + b.x) / 2 + ((b.y - a.y) / length) * LINK_BEND, y: (a.y + b.y) / 2 - ((b.x - a.x) / length) * LINK_BEND };
  };
  for (const link of links) {
    if (byElk(link)) continue;
    drawn.push({ id: `link:${link.id}`, style: 'link', points: [centre(link.from), bendOf(link), centre(link.to)] });
  }
  const labelAt = (link: TreeLineInput): Point => {
    if (SIBLING_KINDS.includes(link.kind)) {
      // Over the dashed bar between the two, halfway along: the bend of ELK's route from the hidden node.
      const [a, b] = [centre(link.from), centre(link.to)];
      const route = drawn.find((line) => line.id === `link:link:${link.id}>${link.from}`);
      const bar = route && route.points.length > 2 ? route.points[1]!.y : centre(`link:${link.id}`).y;
      return { x: (a.x + b.x) / 2, y: bar };
    }
    if (byElk(link)) {
      // Over the bar from the end further from where the two lines meet, halfway along it (two such
      // lines to one person meet side by side, so their words do not land on each other).
      const meet = centre(`link:${link.id}`);
      const end = [link.from, link.to].map((id) => ({ id, x: centre(id).x })).sort((a, b) => Math.abs(b.x - meet.x) - Math.abs(a.x - meet.x))[0]!;
      const route = drawn.find((line) => line.id === `link:${end.id}>link:${link.id}`);
      const bar = route && route.points.length > 2 ? route.points[1]!.y : meet.y;
      return { x: (end.x + meet.x) / 2, y: bar };
    }
    return bendOf(link);
  };
  const labels: TreeLabel[] = links.map((link) => ({
    id: link.id,
    ...labelAt(link),
    kind: link.kind,
    text: RELATIONSHIP_LABELS[link.kind],
    ends: [link.from, link.to] as const,
  }));
  return { nodes, lines: drawn, joins, labels, rows, bounds: { x: 0, y: 0, width: laid.width ?? 0, height: laid.height ?? 0 } };
}
