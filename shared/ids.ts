// Branded ids: the only place a plain string becomes a ConferenceId, OfferId, ParticipantId…

declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

export type ConferenceId = Brand<string, 'ConferenceId'>;
export type ParticipantId = Brand<string, 'ParticipantId'>;
export type CoordinatorId = Brand<string, 'CoordinatorId'>;
export type InviteId = Brand<string, 'InviteId'>;
export type OfferId = Brand<string, 'OfferId'>;
export type PersonId = Brand<string, 'PersonId'>;
export type ObjectiveId = Brand<string, 'ObjectiveId'>;
export type RelationshipId = Brand<string, 'RelationshipId'>;

const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** True when `value` has the shape of an id this project makes (uuid-like, url-safe, ≤ 64 chars). */
export function isIdShaped(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

function make<T extends string>(kind: string) {
  return (value: string): T => {
    if (!isIdShaped(value)) throw new TypeError(`Not a valid ${kind} id`);
    return value as T;
  };
}

/** Parses a conference id (throws TypeError on a malformed one). */
export const conferenceId = make<ConferenceId>('conference');
/** Parses a participant id. */
export const participantId = make<ParticipantId>('participant');
/** Parses a coordinator id. */
export const coordinatorId = make<CoordinatorId>('coordinator');
/** Parses an invite id. */
export const inviteId = make<InviteId>('invite');
/** Parses an offer id. */
export const offerId = make<OfferId>('offer');
/** Parses a person id. */
export const personId = make<PersonId>('person');
/** Parses an objective id. */
export const objectiveId = make<ObjectiveId>('objective');
/** Parses a relationship id. */
export const relationshipId = make<RelationshipId>('relationship');

/** A new random id (a UUID), usable in browsers and Node alike. */
export function newId(): string {
  return globalThis.crypto.randomUUID();
}
