// The family map's relationships: their named writes (add, change what one is), and the one check of
// the whole family that both those writes and the server make (sync/authority/judge.ts): each line
// joins two different people on the board (or a person and the young person), and nobody is their
// own ancestor. Removing and putting back go through "Removed" (board-removed.ts), as for people.

import * as Y from 'yjs';
import { relationshipId } from './ids.ts';
import type { RelationshipId } from './ids.ts';
import { boardRoots, relationshipKey } from './board-read.ts';
import { checkId, checkOneOf, checkPatchKeys, existing, freshId } from './board-input.ts';
import { BoardError, DIRECTED_KINDS, RELATIONSHIP_KEYS, RELATIONSHIP_KINDS, RELATIONSHIP_LABELS, YOUNG_PERSON } from './board-schema.ts';
import type { RelationshipKind } from './board-schema.ts';
import type { Party } from './records/field.ts';

/** A new relationship: who it joins (for a parent or carer, the parent or carer first) and what it is. */
export interface RelationshipInput {
  id?: RelationshipId;
  from: Party;
  to: Party;
  kind: RelationshipKind;
}

/** The refusals of the family's check, in words a person can act on. */
export const FAMILY_REFUSALS = {
  self: 'A relationship joins two different people.',
  notOnBoard: 'A relationship joins people on the board: put the person back or add them first.',
  ownAncestor: 'That would make someone their own parent or grandparent: check who is whose parent.',
  repeated: 'That relationship is already on the map.',
} as const;

/** One line of the family as the check reads it from the document (leniently: anything malformed is not a line). */
interface Line {
  id: string;
  from: string;
  to: string;
  kind: string;
  live: boolean;
}

/** The family as it stands in the document: who is on the board and every relationship. */
export interface Family {
  onBoard: Set<string>;
  lines: Map<string, Line>;
}

const isRemoved = (entry: Y.Map<unknown>) => {
  const removal = entry.get(RELATIONSHIP_KEYS.removed);
  return typeof removal === 'object' && removal !== null;
};

/** Reads the family from the document, as plainly as the rules read it. */
export function familyOf(doc: Y.Doc): Family {
  const { people, relationships } = boardRoots(doc);
  const onBoard = new Set<string>([YOUNG_PERSON]);
  for (const [id, person] of people.entries()) if (person instanceof Y.Map && !isRemoved(person)) onBoard.add(id);
  const lines = new Map<string, Line>();
  for (const [id, entry] of relationships.entries()) {
    if (!(entry instanceof Y.Map)) continue;
    const { from, to, kind } = { from: entry.get(RELATIONSHIP_KEYS.from), to: entry.get(RELATIONSHIP_KEYS.to), kind: entry.get(RELATIONSHIP_KEYS.kind) };
    if (typeof from !== 'string' || typeof to !== 'string' || typeof kind !== 'string') continue;
    lines.set(id, { id, from, to, kind, live: !isRemoved(entry) });
  }
  return { onBoard, lines };
}

/**
 * Why the family cannot stand, or null: each of the relationships `checked` (new or changed ones)
 * must join two different people on the board, and no one may be their own ancestor through the
 * live parent lines between people on the board.
 */
export function familyProblem(family: Family, checked: Iterable<string>): string | null {
  for (const id of checked) {
    const line = family.lines.get(id);
    if (line === undefined || !line.live) continue;
    if (line.from === line.to) return FAMILY_REFUSALS.self;
    if (!family.onBoard.has(line.from) || !family.onBoard.has(line.to)) return FAMILY_REFUSALS.notOnBoard;
  }
  return hasParentLoop(family) ? FAMILY_REFUSALS.ownAncestor : null;
}

/** Whether following parent lines (parent → child) from someone ever comes back to them. */
function hasParentLoop(family: Family): boolean {
  const children = new Map<string, string[]>();
  for (const line of family.lines.values()) {
    if (!line.live || line.kind !== 'parent' || !family.onBoard.has(line.from) || !family.onBoard.has(line.to)) continue;
    const list = children.get(line.from);
    if (list) list.push(line.to);
    else children.set(line.from, [line.to]);
  }
  // Depth first without recursion (a family may run to hundreds of generations of bad input):
  // 1 = on the current path, 2 = finished.
  const state = new Map<string, 1 | 2>();
  for (const start of children.keys()) {
    if (state.has(start)) continue;
    const stack: Array<{ node: string; next: number }> = [{ node: start, next: 0 }];
    state.set(start, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { node: string; next: number };
      const child = children.get(top.node)?.[top.next];
      if (child === undefined) {
        state.set(top.node, 2);
        stack.pop();
        continue;
      }
      top.next += 1;
      const seen = state.get(child);
      if (seen === 1) return true;
      if (seen === undefined) {
        state.set(child, 1);
        stack.push({ node: child, next: 0 });
      }
    }
  }
  return false;
}

function checkParty(value: unknown, what: string): Party {
  return value === YOUNG_PERSON ? YOUNG_PERSON : (checkId(value, what) as Party);
}

/** Adds a relationship to the family map; returns its id. */
export function addRelationship(doc: Y.Doc, input: RelationshipInput, origin?: unknown): RelationshipId {
  const { relationships } = boardRoots(doc);
  const id = relationshipId(freshId(relationships, input.id, 'relationship'));
  const line = { from: checkParty(input.from, 'person'), to: checkParty(input.to, 'person'), kind: checkOneOf(input.kind, RELATIONSHIP_KINDS, 'the kind of relationship') };
  const family = familyOf(doc);
  const key = relationshipKey(line);
  for (const other of family.lines.values()) {
    if (other.live && relationshipKey(other) === key) {
      throw new BoardError(FAMILY_REFUSALS.repeated);
    }
  }
  family.lines.set(id, { id, ...line, live: true });
  const problem = familyProblem(family, [id]);
  if (problem !== null) throw new BoardError(problem);
  doc.transact(() => {
    const entry = new Y.Map<unknown>();
    relationships.set(id, entry);
    entry.set(RELATIONSHIP_KEYS.from, line.from);
    entry.set(RELATIONSHIP_KEYS.to, line.to);
    entry.set(RELATIONSHIP_KEYS.kind, line.kind);
  }, origin);
  return id;
}

/** Changes what a relationship is (who it joins stays: to change that, remove it and add another). */
export function editRelationship(doc: Y.Doc, id: RelationshipId, patch: { kind: RelationshipKind }, origin?: unknown): void {
  checkPatchKeys(patch, ['kind'], 'a relationship');
  const entry = existing(boardRoots(doc).relationships, id, 'relationship');
  const kind = checkOneOf(patch.kind, RELATIONSHIP_KINDS, 'the kind of relationship');
  const family = familyOf(doc);
  const line = family.lines.get(id);
  if (line !== undefined) line.kind = kind;
  const problem = familyProblem(family, [id]);
  if (problem !== null) throw new BoardError(problem);
  if (entry.get(RELATIONSHIP_KEYS.kind) !== kind) doc.transact(() => entry.set(RELATIONSHIP_KEYS.kind, kind), origin);
}

/** Whether putting back the removed person or relationship `id` would leave the family as it may not be; the refusal if so. */
export function putBackProblem(doc: Y.Doc, kind: 'person' | 'relationship', id: string): string | null {
  const family = familyOf(doc);
  if (kind === 'person') family.onBoard.add(id);
  const line = kind === 'relationship' ? family.lines.get(id) : undefined;
  if (line !== undefined) line.live = true;
  return familyProblem(family, line === undefined ? [] : [id]);
}

/** A relationship in plain words, with `name` giving each end's name: "Jo is Sam’s parent", "Jo and Ali: partner". */
export function relationshipWords(line: { from: string; to: string; kind: RelationshipKind }, name: (end: string) => string): string {
  const [from, to] = [name(line.from), name(line.to)];
  if (DIRECTED_KINDS.includes(line.kind)) return `${from} is ${to}’s ${RELATIONSHIP_LABELS[line.kind].toLowerCase()}`;
  return `${from} and ${to}: ${RELATIONSHIP_LABELS[line.kind].toLowerCase()}`;
}
