// The validating view of the board document: readBoard turns whatever is in the Y.Doc (possibly
// written by a buggy or hostile client) into plain, sorted, typed data, and never throws.

import * as Y from 'yjs';
// zod's tree-shakable form: this module is in every browser's first download (the board reads it).
import * as z from 'zod/mini';
import { isIdShaped, objectiveId, offerId, personId, relationshipId, type ObjectiveId, type OfferId, type PersonId, type RelationshipId } from './ids.ts';
import { OBJECTIVE_RECORD, OFFER_RECORD, PERSON_RECORD, RELATIONSHIP_RECORD } from './records/index.ts';
import { positionSchema, readSchemaOf } from './records/read.ts';
import type { Position } from './records/read.ts';

export { positionSchema, type Position };
import { PHASES } from './phases.ts';
import { compareOrder, compareStrings } from './order.ts';
import { COLUMNS, DIRECTED_KINDS, MAX_CONNECTIONS, MAX_SHORT, META_KEYS, OFFER_KEYS, ROOT, YOUNG_PERSON } from './board-schema.ts';
import type { Agreement, Board, Column, Meta, Objective, Offer, Person, Relationship, Removal, RemovedEntry } from './board-schema.ts';

/** The board's root types, typed as loosely as remote content deserves. */
export interface BoardRoots {
  meta: Y.Map<unknown>;
  objectives: Y.Map<unknown>;
  people: Y.Map<unknown>;
  offers: Y.Map<unknown>;
  agreements: Y.Map<unknown>;
  contingency: Y.Text;
  relationships: Y.Map<unknown>;
}

/** The document's root types (created empty on first access, as Yjs does). */
export function boardRoots(doc: Y.Doc): BoardRoots {
  return {
    meta: doc.getMap(ROOT.meta),
    objectives: doc.getMap(ROOT.objectives),
    people: doc.getMap(ROOT.people),
    offers: doc.getMap(ROOT.offers),
    agreements: doc.getMap(ROOT.agreements),
    contingency: doc.getText(ROOT.contingency),
    relationships: doc.getMap(ROOT.relationships),
  };
}

const shortText = z.string().check(z.maxLength(MAX_SHORT));

const objectiveSchema = readSchemaOf(OBJECTIVE_RECORD);
const personSchema = readSchemaOf(PERSON_RECORD);
const offerSchema = readSchemaOf(OFFER_RECORD);
const relationshipSchema = readSchemaOf(RELATIONSHIP_RECORD);

const agreementSchema = z.object({
  displayName: shortText,
  role: shortText,
  agreedAt: shortText,
  offerIds: z._default(z.catch(z.nullable(z.array(shortText)), null), null),
});

interface MetaField<T> {
  schema: z.ZodMiniType<T>;
  fallback: T;
}

// A meta field that is missing reads as its fallback; one that is present but wrong, too, with a problem.
const metaFields: { readonly [K in keyof Meta]: MetaField<Meta[K]> } = {
  title: { schema: shortText, fallback: '' },
  youngPersonName: { schema: shortText, fallback: '' },
  scheduledFor: { schema: z.nullable(shortText), fallback: null },
  place: { schema: shortText, fallback: '' },
  phase: { schema: z.enum(PHASES), fallback: 'preparing' },
  reviewDate: { schema: z.nullable(shortText), fallback: null },
  connectionsAtStart: { schema: z.int().check(z.minimum(0), z.maximum(MAX_CONNECTIONS)), fallback: 0 },
  contingencyNotNeeded: { schema: z.boolean(), fallback: false },
  locked: { schema: z.boolean(), fallback: false },
  version: { schema: z.int().check(z.minimum(0)), fallback: 0 },
};

/** Reads the whole board as plain data; malformed entries are left out and listed in `problems`. */
export function readBoard(doc: Y.Doc): Board {
  const roots = boardRoots(doc);
  const problems: string[] = [];

  const removed: RemovedEntry[] = [];
  const allObjectives = readEntries(roots.objectives, 'objective', objectiveSchema, problems).map(([id, { removed: removal, ...entry }]) => {
    const objective: Objective = { id: objectiveId(id), ...entry };
    if (removal !== null) removed.push({ kind: 'objective', removal, objective });
    return removal === null ? objective : null;
  });
  const objectives = allObjectives.filter((objective): objective is Objective => objective !== null);
  objectives.sort((a, b) => compareOrder(a.order, a.id, b.order, b.id));
  // Links to removed wishes are hidden (and come back with the wish).
  const objectiveSet = new Set<string>(objectives.map((objective) => objective.id));

  const people = readEntries(roots.people, 'person', personSchema, problems)
    .map(([id, { removed: removal, ...entry }]) => {
      const person: Person = { id: personId(id), ...entry };
      if (removal !== null) removed.push({ kind: 'person', removal, person });
      return removal === null ? person : null;
    })
    .filter((person): person is Person => person !== null);
  // Case-insensitive but locale-free, so every replica (and the canonical plan) sorts alike.
  people.sort(
    (a, b) =>
      compareStrings(a.displayName.toLowerCase(), b.displayName.toLowerCase()) ||
      compareStrings(a.displayName, b.displayName) ||
      compareStrings(a.id, b.id),
  );

  const relationships = readRelationships(roots.relationships, new Set<string>(people.map((person) => person.id)), removed, problems);

  const allOffers = readEntries(roots.offers, 'offer', offerSchema, problems).map(
    ([id, { position, objectiveIds, removed: removal, ...fields }]): Offer & { removal: Removal | null } => ({
      id: offerId(id),
      ...fields,
      column: position.column,
      order: position.order,
      // A yes counts only in "Agreed": outside it the offer is no longer what the young person said yes to.
      yes: position.column === 'agreed' ? position.yes : null,
      // Links to removed objectives (a removal concurrent with linking) are dropped, as are repeats
      // (two people linking the same objective at once); the Y.Array's order is alike on every replica.
      objectiveIds: [...new Set(objectiveIds)].filter((linked) => objectiveSet.has(linked)),
      removal,
    }),
  );
  for (const { removal, ...offer } of allOffers) if (removal !== null) removed.push({ kind: 'offer', removal, offer });
  const offers: Offer[] = allOffers.filter((offer) => offer.removal === null).map(({ removal: _removal, ...offer }) => offer);
  offers.sort(compareOffers);
  // Newest first; ties by kind and id, so every replica lists them alike.
  removed.sort((a, b) => compareStrings(b.removal.at, a.removal.at) || compareStrings(a.kind, b.kind) || compareStrings(removedId(a), removedId(b)));

  const agreements = readEntries(roots.agreements, 'agreement', agreementSchema, problems).map(
    ([participantId, entry]): Agreement => ({ participantId, ...entry }),
  );
  agreements.sort(
    (a, b) => compareStrings(a.agreedAt, b.agreedAt) || compareStrings(a.participantId, b.participantId),
  );

  return {
    meta: readMeta(roots.meta, problems),
    objectives,
    people,
    offers,
    agreements,
    contingency: roots.contingency.toString(),
    relationships,
    removed,
    problems,
  };
}

/**
 * The relationships whose ends are both on the board (the young person, or people not removed),
 * each once, by id; removed ones go to `removed`. A relationship to someone removed comes back
 * with them; a repeat (two people drawing the same line at once) is read once.
 */
function readRelationships(root: Y.Map<unknown>, onBoard: ReadonlySet<string>, removed: RemovedEntry[], problems: string[]): Relationship[] {
  const onMap = (end: string) => end === YOUNG_PERSON || onBoard.has(end);
  const seen = new Set<string>();
  const live: Relationship[] = [];
  const entries = readEntries(root, 'relationship', relationshipSchema, problems).sort(([a], [b]) => compareStrings(a, b));
  for (const [id, { removed: removal, ...fields }] of entries) {
    const relationship: Relationship = { id: relationshipId(id), ...fields };
    if (fields.from === fields.to || !onMap(fields.from) || !onMap(fields.to)) continue;
    if (removal !== null) {
      removed.push({ kind: 'relationship', removal, relationship });
      continue;
    }
    const key = relationshipKey(relationship);
    if (seen.has(key)) continue;
    seen.add(key);
    live.push(relationship);
  }
  return live;
}

/** What makes two relationships the same line: their kind and ends (either way round, unless the kind has a direction). */
export function relationshipKey({ kind, from, to }: { kind: string; from: string; to: string }): string {
  const ends = (DIRECTED_KINDS as readonly string[]).includes(kind) || compareStrings(from, to) <= 0 ? [from, to] : [to, from];
  return `${kind} ${ends.join(' ')}`;
}

/** Only the board's details (title, phase, lock…): cheaper than readBoard when that is all one needs. */
export function readBoardMeta(doc: Y.Doc): Meta {
  return readMeta(boardRoots(doc).meta, []);
}

/** That column's offers in display order. */
export function offersIn(board: Board, column: Column): Offer[] {
  return board.offers.filter((offer) => offer.column === column);
}

/** How many people the young person is in touch with now (directly or indirectly). */
export function connectionsNow(board: Board): number {
  return board.people.filter((person) => person.connection === 'direct' || person.connection === 'indirect')
    .length;
}

/** Display order of offers: column (left to right), then (order, id) with invalid orders last. */
export function compareOffers(a: Offer, b: Offer): number {
  return COLUMNS.indexOf(a.column) - COLUMNS.indexOf(b.column) || compareOrder(a.order, a.id, b.order, b.id);
}

/** An offer entry's position, or null when the entry or its position is malformed. */
export function readPosition(entry: unknown): Position | null {
  if (!(entry instanceof Y.Map)) return null;
  const parsed = positionSchema.safeParse(entry.get(OFFER_KEYS.position));
  return parsed.success ? parsed.data : null;
}

function readEntries<T>(
  root: Y.Map<unknown>,
  what: string,
  schema: z.ZodMiniType<T>,
  problems: string[],
): Array<[string, T]> {
  const entries: Array<[string, T]> = [];
  for (const [key, value] of root.entries()) {
    const name = JSON.stringify(key.slice(0, 64));
    if (!isIdShaped(key)) {
      problems.push(`Left out the ${what} ${name}: its key is not an id.`);
    } else if (!(value instanceof Y.Map)) {
      problems.push(`Left out the ${what} ${name}: it is not a map.`);
    } else {
      const parsed = schema.safeParse(Object.fromEntries(value.entries()));
      if (parsed.success) entries.push([key, parsed.data]);
      else problems.push(`Left out the ${what} ${name}: ${describeIssues(parsed.error)}.`);
    }
  }
  return entries;
}

function readMeta(meta: Y.Map<unknown>, problems: string[]): Meta {
  const field = <K extends keyof Meta>(key: K): Meta[K] => {
    const { schema, fallback }: MetaField<Meta[K]> = metaFields[key];
    if (!meta.has(META_KEYS[key])) return fallback;
    const parsed = schema.safeParse(meta.get(META_KEYS[key]));
    if (parsed.success) return parsed.data;
    problems.push(`Ignored the board's ${key}: ${describeIssues(parsed.error)}.`);
    return fallback;
  };
  return {
    title: field('title'),
    youngPersonName: field('youngPersonName'),
    scheduledFor: field('scheduledFor'),
    place: field('place'),
    phase: field('phase'),
    reviewDate: field('reviewDate'),
    connectionsAtStart: field('connectionsAtStart'),
    contingencyNotNeeded: field('contingencyNotNeeded'),
    locked: field('locked'),
    version: field('version'),
  };
}

function describeIssues(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.map(String).join('.')} ${issue.message}` : issue.message))
    .join('; ');
}

/** The id of a removed entry, whatever its kind. */
export function removedId(entry: RemovedEntry): OfferId | ObjectiveId | PersonId | RelationshipId {
  switch (entry.kind) {
    case 'offer':
      return entry.offer.id;
    case 'objective':
      return entry.objective.id;
    case 'person':
      return entry.person.id;
    case 'relationship':
      return entry.relationship.id;
  }
}
