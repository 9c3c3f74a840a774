// The board document's schema: its closed sets and plain-word labels (from vocabulary.ts), root and field names, limits,
// the plain view types readBoard returns, and the error every board mutation throws.

import type { ObjectiveId, OfferId, PersonId, RelationshipId } from './ids.ts';
import type { Phase } from './phases.ts';
import { keysOf, type ReadFields, type Removal } from './records/field.ts';
import { OBJECTIVE_RECORD } from './records/objective.ts';
import { OFFER_RECORD } from './records/offer.ts';
import { PERSON_RECORD } from './records/person.ts';
import { RELATIONSHIP_RECORD } from './records/relationship.ts';
import type { Column } from './vocabulary.ts';
import { MAX_SHORT } from './vocabulary.ts';

export * from './vocabulary.ts';
export type { Removal } from './records/field.ts';

/** Names of the document's root types (CONTRACT.md, "The board document's shape"). */
export const ROOT = {
  meta: 'meta',
  objectives: 'objectives',
  people: 'people',
  offers: 'offers',
  agreements: 'agreements',
  contingency: 'contingency',
  relationships: 'relationships',
} as const;

/** Keys of the `meta` map. */
export const META_KEYS = {
  title: 'title',
  youngPersonName: 'youngPersonName',
  scheduledFor: 'scheduledFor',
  place: 'place',
  phase: 'phase',
  reviewDate: 'reviewDate',
  connectionsAtStart: 'connectionsAtStart',
  contingencyNotNeeded: 'contingencyNotNeeded',
  locked: 'locked',
  version: 'version',
} as const;

/** Keys of each objective's map (its declared fields, shared/records/objective.ts). */
export const OBJECTIVE_KEYS = keysOf(OBJECTIVE_RECORD);

/** Keys of each person's map (its declared fields, shared/records/person.ts). */
export const PERSON_KEYS = keysOf(PERSON_RECORD);

/** Keys of each offer's map (its declared fields, shared/records/offer.ts); `position` holds `{column, order}` as one value. */
export const OFFER_KEYS = keysOf(OFFER_RECORD);

/** Keys of each relationship's map (its declared fields, shared/records/relationship.ts). */
export const RELATIONSHIP_KEYS = keysOf(RELATIONSHIP_RECORD);

/** Keys of each agreement's map (the map's key is the participant id). */
export const AGREEMENT_KEYS = {
  displayName: 'displayName',
  role: 'role',
  agreedAt: 'agreedAt',
  offerIds: 'offerIds',
} as const;

/** Largest connections count accepted (a person's network, not a population). */
export const MAX_CONNECTIONS = 10_000;
/**
 * The conference's details as the coordinator's forms and the API take them: the title and place
 * as short fields, the young person's first name shorter, the connections at the start a count.
 */
export const DETAIL_LIMITS = { title: MAX_SHORT, youngPersonName: 60, place: MAX_SHORT, connectionsAtStart: 1000 } as const;

/** The conference's details, as read from `meta`. */
export interface Meta {
  title: string;
  youngPersonName: string;
  /** The day of the conference (YYYY-MM-DD), if set. */
  scheduledFor: string | null;
  /** Where it takes place, in the coordinator's words ('' when not said). */
  place: string;
  phase: Phase;
  reviewDate: string | null;
  connectionsAtStart: number;
  /** The coordinator said the plan needs no backup plan ("If something doesn't work out"). */
  contingencyNotNeeded: boolean;
  locked: boolean;
  version: number;
}

/**
 * The young person's yes that put an offer in "Agreed": said on their own device (`recorded`
 * false, `by` their participant id), or recorded by the coordinator who holds the pen in the room
 * (`recorded` true, `by` the coordinator's id). Kept inside the offer's `position`, so a move and
 * the yes that allows it are one write and concurrent moves can never part them.
 */
export interface YoungPersonYes {
  by: string;
  at: string;
  recorded: boolean;
}

/** A "What I'd like" objective: its declared fields (shared/records/objective.ts) as read. */
export interface Objective extends ReadFields<typeof OBJECTIVE_RECORD.fields> {
  id: ObjectiveId;
}

/** One of "My people": their declared fields (shared/records/person.ts) as read. */
export interface Person extends ReadFields<typeof PERSON_RECORD.fields> {
  id: PersonId;
}

/** A relationship on the family map: its declared fields (shared/records/relationship.ts) as read. */
export interface Relationship extends ReadFields<typeof RELATIONSHIP_RECORD.fields> {
  id: RelationshipId;
}

/** An offer of support: its declared fields (shared/records/offer.ts), with `position` flattened out. */
export interface Offer extends ReadFields<typeof OFFER_RECORD.fields> {
  id: OfferId;
  column: Column;
  order: string;
  /** The young person's yes, for an offer in "Agreed" (null elsewhere, and on boards from before it was asked). */
  yes: YoungPersonYes | null;
}

/** A participant's "I agree with this plan". */
export interface Agreement {
  participantId: string;
  displayName: string;
  role: string;
  agreedAt: string;
  /** The agreed offers they agreed to, as the server saw them then (null: agreed before this was kept). */
  offerIds: string[] | null;
}

/** Something removed from the board, waiting in the "Removed" list to be put back or emptied out. */
export type RemovedEntry =
  | { kind: 'offer'; removal: Removal; offer: Offer }
  | { kind: 'objective'; removal: Removal; objective: Objective }
  | { kind: 'person'; removal: Removal; person: Person }
  | { kind: 'relationship'; removal: Removal; relationship: Relationship };

/** The whole board as plain data; `problems` describes entries left out because they were malformed. */
export interface Board {
  meta: Meta;
  objectives: Objective[];
  people: Person[];
  offers: Offer[];
  agreements: Agreement[];
  contingency: string;
  /**
   * The family map's relationships between people on the board (or a person and the young person):
   * those whose two ends are both on the board, each once (the first by id of any repeats).
   */
  relationships: Relationship[];
  /** Removed wishes, people, offers and relationships (newest first): not on the board or in the plan until put back. */
  removed: RemovedEntry[];
  problems: string[];
}

/** Thrown by every board mutation on bad input; its message is a sentence fit to show a person. */
export class BoardError extends Error {
  override readonly name = 'BoardError';
}

/** Keys of each person's professional notes in the private document. */
export const NOTE_KEYS = {
  safety: 'safety',
  restrictions: 'restrictions',
  contactDetails: 'contactDetails',
  mustNotBeTold: 'mustNotBeTold',
} as const;
export type NoteKey = keyof typeof NOTE_KEYS;
