// The board document's named writes. Each checks every argument first (a throw half-way through a
// Yjs transaction would still commit what was written before it), then writes in one transaction.
// Importers need only this module: it re-exports the schema and the validating view.

import * as Y from 'yjs';
import { objectiveId, personId } from './ids.ts';
import type { ObjectiveId, PersonId } from './ids.ts';
import { PHASES } from './phases.ts';
import type { Phase } from './phases.ts';
import { ROLES } from './roles.ts';
import type { Role } from './roles.ts';
import { orderKeyAfterAll } from './order.ts';
import { editText } from './text.ts';
import { boardRoots, readBoard } from './board-read.ts';
import { PERSON_RECORD, fieldsWith } from './records/index.ts';
import type { FieldDecl, InputOf, PatchOf } from './records/field.ts';
import {
  checkBoolean,
  checkField,
  checkCount,
  checkDateOrNull,
  checkId,
  checkLongText,
  checkOneOf,
  checkPatchKeys,
  checkShort,
  checkTimestamp,
  childStrings,
  existing,
  freshId,
  textOf,
} from './board-input.ts';
import {
  AGREEMENT_KEYS,
  BoardError,
  CATEGORIES,
  META_KEYS,
  OBJECTIVE_KEYS,
  OBJECTIVE_STATUSES,
  OFFER_KEYS,
  PERSON_KEYS,
} from './board-schema.ts';
import type { Board, Category, ObjectiveStatus } from './board-schema.ts';

export * from './board-schema.ts';
export { readBoard, readBoardMeta, offersIn, connectionsNow, boardRoots } from './board-read.ts';
export {
  addOffer,
  editOffer,
  removeOffer,
  moveOffer,
  moveOfferBy,
  setOfferObjectives,
  approveOffer,
  clearApproval,
  getOfferText,
  giveYes,
  APPROVED_CONTENT,
  YES_CONTENT,
  YES_NEEDED,
  requiresApproval,
} from './board-offers.ts';
export type { OfferInput, OfferPatch, MoveTarget } from './board-offers.ts';
export { removeToList, putBack, emptyRemoved } from './board-removed.ts';
export type { RemovableKind, RemovableId } from './board-removed.ts';
export { addRelationship, editRelationship, relationshipWords, FAMILY_REFUSALS } from './board-relationships.ts';
export type { RelationshipInput } from './board-relationships.ts';
export { removedId } from './board-read.ts';

/** What initBoard needs to start a board. */
export interface BoardInit {
  title: string;
  youngPersonName: string;
  connectionsAtStart: number;
  scheduledFor?: string | null;
  place?: string;
  reviewDate?: string | null;
}
/** The conference's details the coordinator may change (phase, locked and version are the server's). */
export type MetaPatch = Partial<{
  title: string;
  youngPersonName: string;
  scheduledFor: string | null;
  place: string;
  reviewDate: string | null;
  connectionsAtStart: number;
  contingencyNotNeeded: boolean;
}>;
/** What the server alone writes to meta. */
export type ServerMetaPatch = Partial<{ phase: Phase; locked: boolean; version: number }>;
/** A new "What I'd like" objective; `raisedBy` is the id of whoever adds it. */
export interface ObjectiveInput {
  id?: ObjectiveId;
  text: string;
  category: Category;
  raisedBy: string;
}
/** Changes to an objective. */
export type ObjectivePatch = Partial<{ text: string; category: Category; status: ObjectiveStatus }>;
/** A new person in "My people": their declared fields (shared/records/person.ts); those with an initial value may be left out. */
export type PersonInput = InputOf<typeof PERSON_RECORD.fields> & { id?: PersonId };
/** Changes to a person. */
export type PersonPatch = PatchOf<typeof PERSON_RECORD.fields>;
/** A participant's agreement with the plan. */
export interface AgreementInput {
  participantId: string;
  displayName: string;
  role: Role;
  agreedAt: string;
}

/** The keys setMeta takes. */
export const META_PATCH_KEYS = ['title', 'youngPersonName', 'scheduledFor', 'place', 'reviewDate', 'connectionsAtStart', 'contingencyNotNeeded'] as const;
const SERVER_META_KEYS = ['phase', 'locked', 'version'] as const;
const OBJECTIVE_PATCH_KEYS = ['text', 'category', 'status'] as const;
const PERSON_PATCH_KEYS = fieldsWith(PERSON_RECORD, (field) => field.editable);

/** Starts a board: sets meta (phase 'preparing', unlocked, version 0) unless it is already set. */
export function initBoard(doc: Y.Doc, init: BoardInit, origin?: unknown): void {
  const title = checkShort(init.title, 'the title');
  const youngPersonName = checkShort(init.youngPersonName, "the young person's name");
  const connectionsAtStart = checkCount(init.connectionsAtStart, 'connections at the start');
  const scheduledFor = checkDateOrNull(init.scheduledFor ?? null, 'the date of the conference');
  const place = checkShort(init.place ?? '', 'the place', true);
  const reviewDate = checkDateOrNull(init.reviewDate ?? null, 'the review date');
  const { meta } = boardRoots(doc);
  if (meta.size > 0) return;
  doc.transact(() => {
    meta.set(META_KEYS.title, title);
    meta.set(META_KEYS.youngPersonName, youngPersonName);
    meta.set(META_KEYS.scheduledFor, scheduledFor);
    meta.set(META_KEYS.place, place);
    meta.set(META_KEYS.phase, 'preparing' satisfies Phase);
    meta.set(META_KEYS.reviewDate, reviewDate);
    meta.set(META_KEYS.connectionsAtStart, connectionsAtStart);
    meta.set(META_KEYS.contingencyNotNeeded, false);
    meta.set(META_KEYS.locked, false);
    meta.set(META_KEYS.version, 0);
  }, origin);
}

/**
 * Changes the conference's details: title, the young person's name, the date and place of the
 * conference, the review date, the connections at the start, and whether a backup plan is needed.
 * Values it already has are not written again.
 */
export function setMeta(doc: Y.Doc, patch: MetaPatch, origin?: unknown): void {
  checkPatchKeys(patch, META_PATCH_KEYS, 'the board');
  const values = new Map<string, unknown>();
  if (patch.title !== undefined) values.set(META_KEYS.title, checkShort(patch.title, 'the title'));
  if (patch.youngPersonName !== undefined) {
    values.set(META_KEYS.youngPersonName, checkShort(patch.youngPersonName, "the young person's name"));
  }
  if (patch.scheduledFor !== undefined) values.set(META_KEYS.scheduledFor, checkDateOrNull(patch.scheduledFor, 'the date of the conference'));
  if (patch.place !== undefined) values.set(META_KEYS.place, checkShort(patch.place, 'the place', true));
  if (patch.reviewDate !== undefined) {
    values.set(META_KEYS.reviewDate, checkDateOrNull(patch.reviewDate, 'the review date'));
  }
  if (patch.connectionsAtStart !== undefined) {
    const count = checkCount(patch.connectionsAtStart, 'connections at the start');
    values.set(META_KEYS.connectionsAtStart, count);
  }
  if (patch.contingencyNotNeeded !== undefined) {
    values.set(META_KEYS.contingencyNotNeeded, checkBoolean(patch.contingencyNotNeeded, 'no backup plan needed'));
  }
  const { meta } = boardRoots(doc);
  for (const [key, value] of values) if (meta.get(key) === value) values.delete(key);
  writeAll(doc, meta, values, origin);
}

/**
 * Gives a board made before its meta held the conference's date and place (and whether a backup
 * plan is needed) those keys, from what the conference's record kept; keys it has are left alone.
 */
export function completeMeta(doc: Y.Doc, from: { scheduledFor: string | null; place: string }, origin?: unknown): void {
  const { meta } = boardRoots(doc);
  const values = new Map<string, unknown>();
  if (!meta.has(META_KEYS.scheduledFor)) values.set(META_KEYS.scheduledFor, checkDateOrNull(from.scheduledFor, 'the date of the conference'));
  if (!meta.has(META_KEYS.place)) values.set(META_KEYS.place, checkShort(from.place, 'the place', true));
  if (!meta.has(META_KEYS.contingencyNotNeeded)) values.set(META_KEYS.contingencyNotNeeded, false);
  writeAll(doc, meta, values, origin);
}

/** The server's own meta writes: phase, locked flag and plan version. */
export function setServerMeta(doc: Y.Doc, patch: ServerMetaPatch, origin?: unknown): void {
  checkPatchKeys(patch, SERVER_META_KEYS, 'the board');
  const values = new Map<string, unknown>();
  if (patch.phase !== undefined) values.set(META_KEYS.phase, checkOneOf(patch.phase, PHASES, 'phase'));
  if (patch.locked !== undefined) values.set(META_KEYS.locked, checkBoolean(patch.locked, 'locked'));
  if (patch.version !== undefined) {
    if (!Number.isSafeInteger(patch.version) || patch.version < 0) {
      throw new BoardError('The plan version must be a whole number from 0 up.');
    }
    values.set(META_KEYS.version, patch.version);
  }
  writeAll(doc, boardRoots(doc).meta, values, origin);
}

/** Adds a "What I'd like" objective at the end of the list; returns its id. */
export function addObjective(doc: Y.Doc, input: ObjectiveInput, origin?: unknown): ObjectiveId {
  const { objectives } = boardRoots(doc);
  const id = objectiveId(freshId(objectives, input.id, 'objective'));
  const text = checkLongText(input.text, "the objective's text", false, true);
  const category = checkOneOf(input.category, CATEGORIES, 'category');
  const raisedBy = checkId(input.raisedBy, 'raiser');
  const order = orderKeyAfterAll(childStrings(objectives, OBJECTIVE_KEYS.order));
  doc.transact(() => {
    const entry = new Y.Map<unknown>();
    objectives.set(id, entry);
    entry.set(OBJECTIVE_KEYS.text, new Y.Text(text));
    entry.set(OBJECTIVE_KEYS.category, category);
    entry.set(OBJECTIVE_KEYS.raisedBy, raisedBy);
    entry.set(OBJECTIVE_KEYS.status, 'open' satisfies ObjectiveStatus);
    entry.set(OBJECTIVE_KEYS.order, order);
  }, origin);
  return id;
}

/** Changes an objective's text (as the smallest edit, so concurrent typing merges), category or status. */
export function editObjective(doc: Y.Doc, id: ObjectiveId, patch: ObjectivePatch, origin?: unknown): void {
  checkPatchKeys(patch, OBJECTIVE_PATCH_KEYS, 'an objective');
  const entry = existing(boardRoots(doc).objectives, id, 'objective');
  const text =
    patch.text === undefined ? null : checkLongText(patch.text, "the objective's text", true, false);
  const ytext = text === null ? null : textOf(entry, OBJECTIVE_KEYS.text, 'objective');
  const values = new Map<string, unknown>();
  if (patch.category !== undefined) {
    values.set(OBJECTIVE_KEYS.category, checkOneOf(patch.category, CATEGORIES, 'category'));
  }
  if (patch.status !== undefined) {
    values.set(OBJECTIVE_KEYS.status, checkOneOf(patch.status, OBJECTIVE_STATUSES, 'objective status'));
  }
  doc.transact(() => {
    if (ytext !== null && text !== null) editText(ytext, text);
    for (const [key, value] of values) entry.set(key, value);
  }, origin);
}

/** Removes an objective and unlinks it from every offer. */
export function removeObjective(doc: Y.Doc, id: ObjectiveId, origin?: unknown): void {
  const { objectives, offers } = boardRoots(doc);
  existing(objectives, id, 'objective');
  doc.transact(() => {
    objectives.delete(id);
    for (const offer of offers.values()) {
      const links = offer instanceof Y.Map ? offer.get(OFFER_KEYS.objectiveIds) : undefined;
      if (!(links instanceof Y.Array)) continue;
      // Backwards, so deleting does not shift the indexes still to visit.
      for (let i = links.length - 1; i >= 0; i -= 1) if (links.get(i) === id) links.delete(i, 1);
    }
  }, origin);
}

/** Adds a person to "My people"; returns their id. */
export function addPerson(doc: Y.Doc, input: PersonInput, origin?: unknown): PersonId {
  const { people } = boardRoots(doc);
  const id = personId(freshId(people, input.id, 'person'));
  const values = personValues(input, true);
  doc.transact(() => {
    const entry = new Y.Map<unknown>();
    people.set(id, entry);
    for (const [key, value] of values) entry.set(key, value);
  }, origin);
  return id;
}

/** Changes a person's name, relationship, circle, connection or presence at the conference. */
export function editPerson(doc: Y.Doc, id: PersonId, patch: PersonPatch, origin?: unknown): void {
  checkPatchKeys(patch, PERSON_PATCH_KEYS, 'a person');
  const entry = existing(boardRoots(doc).people, id, 'person');
  writeAll(doc, entry, personValues(patch, false), origin);
}

/** Removes a person; refused while any offer is from them, so no offer loses its giver. */
export function removePerson(doc: Y.Doc, id: PersonId, origin?: unknown): void {
  const { people, offers } = boardRoots(doc);
  const entry = existing(people, id, 'person');
  const count = childStrings(offers, OFFER_KEYS.personId).filter((giver) => giver === id).length;
  if (count > 0) {
    const name = entry.get(PERSON_KEYS.displayName);
    const who = typeof name === 'string' && name !== '' ? name : 'This person';
    throw new BoardError(`${who} still has offers (${count}) on the board; remove or reassign them first.`);
  }
  doc.transact(() => people.delete(id), origin);
}

/**
 * Records a participant's "I agree with this plan" (again: the time is updated), to the offers in
 * "Agreed" as they stand on the board now: what they agreed to is kept with it.
 */
export function recordAgreement(doc: Y.Doc, input: AgreementInput, origin?: unknown): void {
  const participant = checkId(input.participantId, 'participant');
  const displayName = checkShort(input.displayName, "the participant's name");
  const role = checkOneOf(input.role, ROLES, 'role');
  const agreedAt = checkTimestamp(input.agreedAt, 'the time of agreeing');
  const offerIds = agreedOfferIds(readBoard(doc));
  const { agreements } = boardRoots(doc);
  doc.transact(() => {
    const entry = new Y.Map<unknown>();
    agreements.set(participant, entry);
    entry.set(AGREEMENT_KEYS.displayName, displayName);
    entry.set(AGREEMENT_KEYS.role, role);
    entry.set(AGREEMENT_KEYS.agreedAt, agreedAt);
    entry.set(AGREEMENT_KEYS.offerIds, offerIds);
  }, origin);
}

/** The ids of the offers in "Agreed", sorted: what agreeing to the plan now means. */
export function agreedOfferIds(board: Pick<Board, 'offers'>): string[] {
  return board.offers.filter((offer) => offer.column === 'agreed').map((offer) => offer.id).sort();
}

/**
 * Whether an agreement was to exactly the offers agreed now (`agreedNow`, as agreedOfferIds gives
 * them); one made before what it was to was kept (`offerIds` null or absent) counts as current.
 */
export function agreesToNow(agreement: { offerIds?: readonly string[] | null }, agreedNow: readonly string[]): boolean {
  return agreement.offerIds === null || agreement.offerIds === undefined || [...agreement.offerIds].sort().join(',') === agreedNow.join(',');
}

/** Withdraws a participant's agreement (nothing happens if they had not agreed). */
export function removeAgreement(doc: Y.Doc, participantId: string, origin?: unknown): void {
  const participant = checkId(participantId, 'participant');
  const { agreements } = boardRoots(doc);
  if (!agreements.has(participant)) return;
  doc.transact(() => agreements.delete(participant), origin);
}

/** Rewrites the contingency text with the smallest edit. */
export function setContingency(doc: Y.Doc, text: string, origin?: unknown): void {
  const next = checkLongText(text, 'the contingency plan', true, false);
  doc.transact(() => editText(boardRoots(doc).contingency, next), origin);
}

/** The live Y.Text of an objective, or null if there is none. */
export function getObjectiveText(doc: Y.Doc, id: ObjectiveId): Y.Text | null {
  const entry = boardRoots(doc).objectives.get(id);
  const text = entry instanceof Y.Map ? entry.get(OBJECTIVE_KEYS.text) : null;
  return text instanceof Y.Text ? text : null;
}

/** The live Y.Text of the contingency plan. */
export function getContingencyText(doc: Y.Doc): Y.Text {
  return boardRoots(doc).contingency;
}

/** A person's declared fields (shared/records/person.ts), checked; `complete` (adding) needs every one. */
function personValues(input: PersonPatch, complete: boolean): Map<string, unknown> {
  const given = new Map<string, unknown>(Object.entries(input));
  const values = new Map<string, unknown>();
  for (const [key, field] of Object.entries<FieldDecl>(PERSON_RECORD.fields)) {
    if (!field.editable) continue;
    const value = given.get(key);
    if (value !== undefined) values.set(key, checkField(field, value));
    else if (complete) values.set(key, checkField(field, field.initial));
  }
  return values;
}

function writeAll(doc: Y.Doc, target: Y.Map<unknown>, values: Map<string, unknown>, origin: unknown): void {
  if (values.size === 0) return;
  doc.transact(() => {
    for (const [key, value] of values) target.set(key, value);
  }, origin);
}
