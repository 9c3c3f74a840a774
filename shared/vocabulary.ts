// The board's closed word lists and their plain words: the kinds of offer, the circles of a young
// person's life, how in touch someone is, the objectives' categories and statuses, the columns and
// who supervises; and how long a text may be. The record declarations (shared/records/) and the board's schema both build on them.

/** The columns an offer can sit in, left to right. */
export const COLUMNS = ['suggested', 'agreed', 'notNow'] as const;
export type Column = (typeof COLUMNS)[number];

/** Plain words for each column. */
export const COLUMN_LABELS: Readonly<Record<Column, string>> = {
  suggested: 'Suggested',
  agreed: 'Agreed',
  notNow: 'Not now',
};

/** What kind of support an offer is. */
export const OFFER_KINDS = [
  'visit',
  'call',
  'videoCall',
  'letters',
  'cardsAndGifts',
  'overnightStay',
  'dayOut',
  'practicalHelp',
  'emotionalSupport',
  'familyHistory',
  'leavingCareSupport',
  'other',
] as const;
export type OfferKind = (typeof OFFER_KINDS)[number];

/** Plain words for each kind of offer. */
export const OFFER_KIND_LABELS: Readonly<Record<OfferKind, string>> = {
  visit: 'Visit',
  call: 'Phone call',
  videoCall: 'Video call',
  letters: 'Letters',
  cardsAndGifts: 'Cards and gifts',
  overnightStay: 'Overnight stay',
  dayOut: 'Day out',
  practicalHelp: 'Practical help',
  emotionalSupport: 'Someone to talk to',
  familyHistory: 'Family history',
  leavingCareSupport: 'Help when leaving care',
  other: 'Something else',
};

/** Which circle of the young person's life a person belongs to. */
export const CIRCLES = ['family', 'friends', 'formerCarers', 'professionals', 'community'] as const;
export type Circle = (typeof CIRCLES)[number];

/** Plain words for each circle. */
export const CIRCLE_LABELS: Readonly<Record<Circle, string>> = {
  family: 'Family',
  friends: 'Friends',
  formerCarers: 'Former carers',
  professionals: 'Professionals',
  community: 'Community',
};

/** How much the young person is in touch with a person now. */
export const CONNECTIONS = ['none', 'indirect', 'direct'] as const;
export type Connection = (typeof CONNECTIONS)[number];

/** Plain words for each connection. */
export const CONNECTION_LABELS: Readonly<Record<Connection, string>> = {
  none: 'Not in touch',
  indirect: 'Some contact',
  direct: 'In touch',
};

/** A person's gender as a family map draws it (square, circle, diamond for other or not known). */
export const GENDERS = ['female', 'male', 'other', 'unknown'] as const;
export type Gender = (typeof GENDERS)[number];

/** The four sectors of an ecomap, around the young person. */
export const SECTORS = ['family', 'friendsCommunity', 'schoolWork', 'professionals'] as const;
export type Sector = (typeof SECTORS)[number];

/** Plain words for each sector. */
export const SECTOR_LABELS: Readonly<Record<Sector, string>> = {
  family: 'Family',
  friendsCommunity: 'Friends and community',
  schoolWork: 'School and work',
  professionals: 'Professionals',
};

/** The years a family map takes for a birth or a death (family trees go back to the 1800s). */
export const FIRST_YEAR = 1800;
export const LAST_YEAR = 2100;

/** How close a person is to the young person, on an ecomap's rings: 1 close to 3 further away. */
export const CLOSEST = 1;
export const FURTHEST = 3;

/** What a relationship on the family map is. `parent` and `carer` run from the parent or carer to the child; the rest go both ways. */
export const RELATIONSHIP_KINDS = ['parent', 'sibling', 'halfSibling', 'stepSibling', 'partner', 'formerPartner', 'carer', 'friend', 'other'] as const;
export type RelationshipKind = (typeof RELATIONSHIP_KINDS)[number];

/** Plain words for each kind of relationship. */
export const RELATIONSHIP_LABELS: Readonly<Record<RelationshipKind, string>> = {
  parent: 'Parent',
  sibling: 'Brother or sister',
  halfSibling: 'Half brother or sister',
  stepSibling: 'Stepbrother or stepsister',
  partner: 'Partner',
  formerPartner: 'Former partner',
  carer: 'Carer',
  friend: 'Friend',
  other: 'Other',
};

/** The kinds whose two ends differ: the first is the parent or carer, the second the one they are for. */
export const DIRECTED_KINDS: readonly RelationshipKind[] = ['parent', 'carer'];

/** How a relationship names the young person at one of its ends (every other end is a person's id). */
export const YOUNG_PERSON = 'youngPerson';

/** The five categories of "What I'd like" objectives (Family Rights Group's impact measures). */
export const CATEGORIES = [
  'family',
  'supportiveRelationships',
  'specificRequest',
  'familyHistory',
  'futureSecurity',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Plain words for each category. */
export const CATEGORY_LABELS: Readonly<Record<Category, string>> = {
  family: 'Family',
  supportiveRelationships: 'People who support me',
  specificRequest: "Things I'd like",
  familyHistory: 'Family history',
  futureSecurity: 'My future',
};

/** Whether an objective was met; set at review. */
export const OBJECTIVE_STATUSES = ['open', 'met', 'partlyMet', 'notMet'] as const;
export type ObjectiveStatus = (typeof OBJECTIVE_STATUSES)[number];

/** Plain words for each objective status. */
export const OBJECTIVE_STATUS_LABELS: Readonly<Record<ObjectiveStatus, string>> = {
  open: 'Not reviewed yet',
  met: 'Happened',
  partlyMet: 'Partly happened',
  notMet: "Didn't happen",
};

/** Who must be present when an offer is carried out. */
export const SUPERVISIONS = ['none', 'carer', 'professional'] as const;
export type Supervision = (typeof SUPERVISIONS)[number];

/** Plain words for each supervision arrangement. */
export const SUPERVISION_LABELS: Readonly<Record<Supervision, string>> = {
  none: 'No supervision',
  carer: 'Carer present',
  professional: 'Professional present',
};

/** Longest objective, offer or contingency text a single edit may write, in characters. */
export const MAX_TEXT = 2000;
/** Longest short field (names, relationship, frequency, "starts on"…), in characters. */
export const MAX_SHORT = 200;
