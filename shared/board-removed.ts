// Removing without losing: a removed wish, person, offer or relationship stays in the document with who removed it
// and when (`removed: {by, at}`), off the board and out of the plan, in the "Removed" list anyone can
// put it back from. Only emptying that list (the coordinator's) deletes entries for good.

import * as Y from 'yjs';
import type { ObjectiveId, OfferId, PersonId, RelationshipId } from './ids.ts';
import { boardRoots } from './board-read.ts';
import { checkId, checkTimestamp, existing } from './board-input.ts';
import { putBackProblem } from './board-relationships.ts';
import { BoardError, OBJECTIVE_KEYS, OFFER_KEYS, PERSON_KEYS, RELATIONSHIP_KEYS, type Removal } from './board-schema.ts';

/** What can be removed and put back. */
export type RemovableKind = 'offer' | 'objective' | 'person' | 'relationship';
/** The id of anything that can be removed. */
export type RemovableId = OfferId | ObjectiveId | PersonId | RelationshipId;

const ROOTS = { offer: 'offers', objective: 'objectives', person: 'people', relationship: 'relationships' } as const;
const WORDS = { offer: 'offer', objective: 'wish', person: 'person', relationship: 'relationship' } as const;
/** The key of the removal on each kind's map: the same word on all four. */
const REMOVED_KEY = OFFER_KEYS.removed satisfies typeof OBJECTIVE_KEYS.removed & typeof PERSON_KEYS.removed & typeof RELATIONSHIP_KEYS.removed;

/** The live removal of an entry, or null when it is on the board. */
function removalOf(entry: Y.Map<unknown>): Removal | null {
  const value = entry.get(REMOVED_KEY);
  return typeof value === 'object' && value !== null ? (value as Removal) : null;
}

/**
 * Removes a wish, person or offer to the "Removed" list, in the name of `by` at `at`. A person is
 * refused while offers on the board are from them, so no offer loses its giver.
 */
export function removeToList(doc: Y.Doc, kind: RemovableKind, id: RemovableId, by: string, at: string, origin?: unknown): void {
  const roots = boardRoots(doc);
  const entry = existing(roots[ROOTS[kind]], id, WORDS[kind]);
  const removal: Removal = { by: checkId(by, 'remover'), at: checkTimestamp(at, 'the time of removing') };
  if (removalOf(entry) !== null) return;
  if (kind === 'person') {
    let count = 0;
    for (const offer of roots.offers.values()) {
      if (offer instanceof Y.Map && offer.get(OFFER_KEYS.personId) === id && removalOf(offer) === null) count += 1;
    }
    if (count > 0) {
      const name = entry.get(PERSON_KEYS.displayName);
      const who = typeof name === 'string' && name !== '' ? name : 'This person';
      throw new BoardError(`${who} still has offers (${count}) on the board; remove or reassign them first.`);
    }
  }
  doc.transact(() => entry.set(REMOVED_KEY, removal), origin);
}

/**
 * Puts a removed wish, person, offer or relationship back on the board (an offer's person comes back
 * with it); refused when the family map could not take it back (someone their own ancestor).
 */
export function putBack(doc: Y.Doc, kind: RemovableKind, id: RemovableId, origin?: unknown): void {
  const roots = boardRoots(doc);
  const entry = existing(roots[ROOTS[kind]], id, WORDS[kind]);
  const problem = (kind === 'person' || kind === 'relationship') && removalOf(entry) !== null ? putBackProblem(doc, kind, id) : null;
  if (problem !== null) throw new BoardError(problem);
  doc.transact(() => {
    if (removalOf(entry) !== null) entry.set(REMOVED_KEY, null);
    if (kind !== 'offer') return;
    const giver = entry.get(OFFER_KEYS.personId);
    const person = typeof giver === 'string' ? roots.people.get(giver) : undefined;
    if (person instanceof Y.Map && removalOf(person) !== null) person.set(REMOVED_KEY, null);
  }, origin);
}

/**
 * Empties the "Removed" list for good (the coordinator's): removed offers and relationships, then
 * removed wishes (unlinked from every offer), then removed people no offer is from any more.
 * Returns how many entries were deleted.
 */
export function emptyRemoved(doc: Y.Doc, origin?: unknown): number {
  const { offers, objectives, people, relationships } = boardRoots(doc);
  let count = 0;
  doc.transact(() => {
    for (const [id, relationship] of [...relationships.entries()]) {
      if (relationship instanceof Y.Map && removalOf(relationship) !== null) {
        relationships.delete(id);
        count += 1;
      }
    }
    for (const [id, offer] of [...offers.entries()]) {
      if (offer instanceof Y.Map && removalOf(offer) !== null) {
        offers.delete(id);
        count += 1;
      }
    }
    const gone = new Set<string>();
    for (const [id, objective] of [...objectives.entries()]) {
      if (objective instanceof Y.Map && removalOf(objective) !== null) {
        objectives.delete(id);
        gone.add(id);
        count += 1;
      }
    }
    const givers = new Set<unknown>();
    for (const offer of offers.values()) {
      if (!(offer instanceof Y.Map)) continue;
      givers.add(offer.get(OFFER_KEYS.personId));
      const links = offer.get(OFFER_KEYS.objectiveIds);
      if (gone.size === 0 || !(links instanceof Y.Array)) continue;
      for (let i = links.length - 1; i >= 0; i -= 1) if (gone.has(links.get(i) as string)) links.delete(i, 1);
    }
    for (const [id, person] of [...people.entries()]) {
      if (person instanceof Y.Map && removalOf(person) !== null && !givers.has(id)) {
        people.delete(id);
        count += 1;
      }
    }
  }, origin);
  return count;
}
