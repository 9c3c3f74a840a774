// The named writes of offers: add, edit, remove, move, link to objectives, approve. A move is one
// write of the offer's `position` ({column, order}); nothing here ever deletes and re-inserts an offer.

import * as Y from 'yjs';
import { offerId } from './ids.ts';
import type { ObjectiveId, OfferId, PersonId } from './ids.ts';
import { orderKeyAfterAll, orderKeyAt } from './order.ts';
import type { TieSide } from './order.ts';
import { editText } from './text.ts';
import { boardRoots, offersIn, readBoard, readPosition } from './board-read.ts';
import type { Position } from './board-read.ts';
import {
  checkField,
  checkId,
  checkLongText,
  checkObjectiveIds,
  checkOneOf,
  checkPatchKeys,
  checkTimestamp,
  isPlainField,
  checkYes,
  existing,
  freshId,
  textOf,
} from './board-input.ts';
import { BoardError, COLUMNS, OFFER_KEYS } from './board-schema.ts';
import type { Column, OfferKind, Supervision, YoungPersonYes } from './board-schema.ts';
import { OFFER_RECORD, fieldsWith } from './records/index.ts';
import type { FieldDecl, InputOf, PatchOf } from './records/field.ts';

/** A new offer of support: its editable declared fields (shared/records/offer.ts), and where it goes. */
export interface OfferInput extends InputOf<OfferFields> {
  id?: OfferId;
  column?: Column;
  /** Needed to add it straight to "Agreed": the young person's yes (their own, or recorded for them). */
  yes?: YoungPersonYes;
  objectiveIds?: ObjectiveId[];
  createdBy: string;
}

/** Changes to an offer's editable declared fields (its place changes through moveOffer, its links through setOfferObjectives). */
export type OfferPatch = PatchOf<OfferFields>;

type OfferFields = typeof OFFER_RECORD.fields;
const FIELDS: Readonly<Record<string, FieldDecl>> = OFFER_RECORD.fields;

/**
 * Where an offer is dropped: a column, and the offer it goes in front of (null: the end). Into
 * "Agreed" from another column it goes only with the young person's `yes`; within "Agreed" it keeps
 * the yes it has; out of "Agreed" it leaves its yes behind.
 */
export interface MoveTarget {
  column: Column;
  beforeId: OfferId | null;
  yes?: YoungPersonYes;
}

/** The refusal when an offer would go to "Agreed" without the young person's yes. */
export const YES_NEEDED = 'An offer goes to “Agreed” only with the young person’s yes.';

/** An offer's position value: in "Agreed", with the yes that put it there; elsewhere, without one. */
function place(column: Column, order: string, yes: YoungPersonYes | null | undefined): Position {
  if (column !== 'agreed') return { column, order, yes: null };
  if (yes === null || yes === undefined) throw new BoardError(YES_NEEDED);
  return { column, order, yes };
}

/** The value written to the document: the yes only where there is one (CONTRACT.md: `{column, order}`). */
function positionValue(position: Position): Record<string, unknown> {
  return position.yes === null ? { column: position.column, order: position.order } : { column: position.column, order: position.order, yes: { ...position.yes } };
}

const OFFER_PATCH_KEYS = fieldsWith(OFFER_RECORD, (field) => field.editable);
/** The editable fields a named write checks by their kind alone (kind, how often, supervision…). */
const PLAIN_KEYS = fieldsWith(OFFER_RECORD, (field) => field.editable && isPlainField(field));

/** The declared plain fields of an add or edit, checked; left out of an add, their initial values. */
function plainValues(input: object, adding: boolean): Map<string, unknown> {
  const inputs = new Map<string, unknown>(Object.entries(input));
  const values = new Map<string, unknown>();
  for (const key of PLAIN_KEYS) {
    const field = FIELDS[key];
    const given = inputs.get(key);
    if (field === undefined || (!adding && given === undefined)) continue;
    // Adding, a field with no initial value must be given: checking undefined refuses it.
    values.set(key, checkField(field, adding && field.initial !== undefined ? (given ?? field.initial) : given));
  }
  return values;
}

/** Adds an offer at the end of its column (default "suggested"); returns its id. */
export function addOffer(doc: Y.Doc, input: OfferInput, origin?: unknown): OfferId {
  const { offers, people, objectives } = boardRoots(doc);
  const id = offerId(freshId(offers, input.id, 'offer'));
  const giver = checkId(input.personId, 'person');
  existing(people, giver, 'person');
  const plain = plainValues(input, true);
  const text = checkLongText(input.text, "the offer's text", true, true);
  const column = checkOneOf(input.column ?? 'suggested', COLUMNS, 'column');
  const links = checkObjectiveIds(objectives, input.objectiveIds ?? []);
  const createdBy = checkId(input.createdBy, 'creator');
  const order = orderKeyAfterAll(columnKeys(offers, column));
  const position = place(column, order, input.yes === undefined ? null : checkYes(input.yes));
  const values = new Map<string, unknown>([...plain, [OFFER_KEYS.personId, giver], [OFFER_KEYS.position, positionValue(position)], [OFFER_KEYS.createdBy, createdBy]]);
  doc.transact(() => {
    const entry = new Y.Map<unknown>();
    offers.set(id, entry);
    // In declared order; the text and the links are shared types, made here. Fields no one gave
    // (no approval yet) start at their declared initial value; those without one are left out.
    for (const [key, field] of Object.entries(FIELDS)) {
      const value = values.has(key) ? values.get(key) : field.initial;
      if (key === OFFER_KEYS.text) entry.set(key, new Y.Text(text));
      else if (key === OFFER_KEYS.objectiveIds) entry.set(key, Y.Array.from<string>(links));
      else if (value !== undefined) entry.set(key, value);
    }
  }, origin);
  return id;
}

/** The fields that say what an offer is: changing any of them takes its approval away. */
export const APPROVED_CONTENT: readonly string[] = fieldsWith(OFFER_RECORD, (field) => field.approved === true);
/**
 * What the young person said yes to: only they and the coordinator change these on an offer in
 * "Agreed"; anyone else moves it back to "Suggested" first, so "Agreed" only ever holds what they said yes to.
 */
export const YES_CONTENT: readonly string[] = fieldsWith(OFFER_RECORD, (field) => field.saidYesTo === true);

/** Does this offer need a professional's approval before it can be agreed? */
export function requiresApproval(offer: { needsApproval: boolean; kind: OfferKind; supervision: Supervision }): boolean {
  return offer.needsApproval || offer.kind === 'overnightStay' || offer.supervision === 'professional';
}

/**
 * Changes an offer's details; its text as the smallest edit, so concurrent typing merges. Values
 * it already has are not written; changing what an approved offer says clears its approval in
 * the same transaction (the server refuses the change otherwise).
 */
export function editOffer(doc: Y.Doc, id: OfferId, patch: OfferPatch, origin?: unknown): void {
  checkPatchKeys(patch, OFFER_PATCH_KEYS, 'an offer');
  const { offers, people } = boardRoots(doc);
  const entry = existing(offers, id, 'offer');
  const text = patch.text === undefined ? null : checkLongText(patch.text, "the offer's text", true, false);
  const ytext = text === null ? null : textOf(entry, OFFER_KEYS.text, 'offer');
  const values = plainValues(patch, false);
  if (patch.personId !== undefined) {
    existing(people, patch.personId, 'person');
    values.set(OFFER_KEYS.personId, patch.personId);
  }
  for (const [key, value] of values) if (entry.get(key) === value) values.delete(key);
  const reworded = (ytext !== null && ytext.toString() !== text) || APPROVED_CONTENT.some((key) => values.has(key));
  if (reworded && (entry.get(OFFER_KEYS.approvedBy) ?? null) !== null) {
    values.set(OFFER_KEYS.approvedBy, null);
    values.set(OFFER_KEYS.approvedAt, null);
  }
  if (values.size === 0 && !reworded) return;
  doc.transact(() => {
    if (ytext !== null && text !== null) editText(ytext, text);
    for (const [key, value] of values) entry.set(key, value);
  }, origin);
}

/** Removes an offer. */
export function removeOffer(doc: Y.Doc, id: OfferId, origin?: unknown): void {
  const { offers } = boardRoots(doc);
  existing(offers, id, 'offer');
  doc.transact(() => offers.delete(id), origin);
}

/**
 * Moves an offer into a column, in front of `beforeId` (null: at the end), by ONE write of its
 * `position`. Never delete + re-insert: under concurrent drags that duplicates the card (yjs#726).
 */
export function moveOffer(doc: Y.Doc, id: OfferId, to: MoveTarget, origin?: unknown): void {
  const entry = existing(boardRoots(doc).offers, id, 'offer');
  const column = checkOneOf(to.column, COLUMNS, 'column');
  const before = to.beforeId === null ? null : checkId(to.beforeId, 'offer');
  const current = readPosition(entry);
  const given = to.yes === undefined ? null : checkYes(to.yes);
  // Within "Agreed" the offer keeps the yes it has; coming in, it needs one.
  const yes = given ?? (current?.column === 'agreed' ? current.yes : null);
  if (before === id) {
    if (current?.column === column) return;
    throw new BoardError('An offer cannot be moved in front of itself in another column.');
  }
  if (column === 'agreed' && current?.column !== 'agreed' && yes === null) throw new BoardError(YES_NEEDED);
  // Neighbours as people see them (readBoard's view), so "in front of X" means what it shows.
  const all = columnOrder(doc, column);
  const siblings = all.filter((offer) => offer.id !== id);
  const index = before === null ? siblings.length : siblings.findIndex((offer) => offer.id === before);
  if (index < 0) throw new BoardError(`There is no offer ${JSON.stringify(before)} in the ${column} column.`);

  let tie: TieSide = 'nearest';
  const from = all.findIndex((offer) => offer.id === id);
  if (from >= 0) {
    if (from === index) return; // already there: rewriting would only lengthen its key
    // Inside a run of equal keys, leave the run on the side the offer is travelling towards.
    tie = index < from ? 'before' : 'after';
  }
  const position = placeKeeping(column, orderKeyAt(siblings.map((offer) => offer.order), index, tie), yes, current);
  doc.transact(() => entry.set(OFFER_KEYS.position, positionValue(position)), origin);
}

/**
 * The position to write; an offer already in "Agreed" from before the young person's yes was asked
 * (none recorded) may still be reordered there as it is.
 */
function placeKeeping(column: Column, order: string, yes: YoungPersonYes | null, current: Position | null): Position {
  if (column === 'agreed' && yes === null && current?.column === 'agreed') return { column, order, yes: null };
  return place(column, order, yes);
}

/**
 * The young person's yes to an offer: it moves to the end of "Agreed" (or, already there without a
 * yes, from a board made before the yes was asked, it keeps its place and gains it).
 */
export function giveYes(doc: Y.Doc, id: OfferId, yes: YoungPersonYes, origin?: unknown): void {
  const entry = existing(boardRoots(doc).offers, id, 'offer');
  const checked = checkYes(yes);
  const current = readPosition(entry);
  if (current?.column !== 'agreed') {
    moveOffer(doc, id, { column: 'agreed', beforeId: null, yes: checked }, origin);
    return;
  }
  const position = place('agreed', current.order, checked);
  doc.transact(() => entry.set(OFFER_KEYS.position, positionValue(position)), origin);
}

/** Moves an offer one place up (-1) or down (+1) within its column; at either end it stays put. */
export function moveOfferBy(doc: Y.Doc, id: OfferId, delta: -1 | 1, origin?: unknown): void {
  if (delta !== -1 && delta !== 1) {
    throw new BoardError('An offer moves one place at a time: up (-1) or down (+1).');
  }
  const current = readPosition(existing(boardRoots(doc).offers, id, 'offer'));
  if (current === null) throw new BoardError('This offer has no place on the board to move from.');
  const column = columnOrder(doc, current.column);
  const from = column.findIndex((offer) => offer.id === id);
  if (from < 0) throw new BoardError('This offer is damaged and cannot be moved.');
  const target = from + delta;
  if (target < 0 || target >= column.length) return;
  // Up: in front of the one above. Down: in front of the one after the next (or to the end).
  const next = delta === -1 ? column[target] : column[target + 1];
  moveOffer(doc, id, { column: current.column, beforeId: next === undefined ? null : next.id }, origin);
}

/** Sets which objectives an offer serves, changing only the links that differ. */
export function setOfferObjectives(
  doc: Y.Doc,
  id: OfferId,
  objectiveIds: ObjectiveId[],
  origin?: unknown,
): void {
  const { offers, objectives } = boardRoots(doc);
  const entry = existing(offers, id, 'offer');
  const wanted = checkObjectiveIds(objectives, objectiveIds);
  const links: unknown = entry.get(OFFER_KEYS.objectiveIds);
  doc.transact(() => {
    if (!(links instanceof Y.Array)) {
      entry.set(OFFER_KEYS.objectiveIds, Y.Array.from<string>(wanted));
      return;
    }
    // A diff, not a rewrite: two people linking different objectives at once both keep theirs.
    const kept = new Set<string>();
    for (let i = links.length - 1; i >= 0; i -= 1) {
      const link: unknown = links.get(i);
      if (typeof link === 'string' && wanted.includes(link) && !kept.has(link)) kept.add(link);
      else links.delete(i, 1);
    }
    const missing = wanted.filter((wantedId) => !kept.has(wantedId));
    if (missing.length > 0) links.push(missing);
  }, origin);
}

/** Records that an offer needing approval was approved: by whom (their id) and when (ISO date-time). */
export function approveOffer(doc: Y.Doc, id: OfferId, by: string, at: string, origin?: unknown): void {
  const entry = existing(boardRoots(doc).offers, id, 'offer');
  const approvedBy = checkId(by, 'approver');
  const approvedAt = checkTimestamp(at, 'the approval time');
  doc.transact(() => {
    entry.set(OFFER_KEYS.approvedBy, approvedBy);
    entry.set(OFFER_KEYS.approvedAt, approvedAt);
  }, origin);
}

/** Clears an offer's approval (who and when), e.g. because what it says has changed. */
export function clearApproval(doc: Y.Doc, id: OfferId, origin?: unknown): void {
  const entry = existing(boardRoots(doc).offers, id, 'offer');
  if (entry.get(OFFER_KEYS.approvedBy) === null && entry.get(OFFER_KEYS.approvedAt) === null) return;
  doc.transact(() => {
    entry.set(OFFER_KEYS.approvedBy, null);
    entry.set(OFFER_KEYS.approvedAt, null);
  }, origin);
}

/** The live Y.Text of an offer (for a collaborative editor), or null if there is none. */
export function getOfferText(doc: Y.Doc, id: OfferId): Y.Text | null {
  const entry = boardRoots(doc).offers.get(id);
  const text: unknown = entry instanceof Y.Map ? entry.get(OFFER_KEYS.text) : null;
  return text instanceof Y.Text ? text : null;
}

/**
 * The order keys of every offer placed in `column`, read straight from the document: enough to
 * add at the end (orderKeyAfterAll skips keys that are not keys), and without re-reading and
 * validating the whole board for every offer added.
 */
function columnKeys(offers: Y.Map<unknown>, column: Column): string[] {
  const keys: string[] = [];
  for (const entry of offers.values()) {
    if (!(entry instanceof Y.Map)) continue;
    const position: unknown = entry.get(OFFER_KEYS.position);
    if (typeof position !== 'object' || position === null) continue;
    const { column: at, order } = position as { column?: unknown; order?: unknown };
    if (at === column && typeof order === 'string') keys.push(order);
  }
  return keys;
}

/** A column's offers as readBoard shows them, in display order. */
function columnOrder(doc: Y.Doc, column: Column): Array<{ id: OfferId; order: string }> {
  return offersIn(readBoard(doc), column);
}
