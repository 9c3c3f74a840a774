// What changed between two agreed versions of a plan: offers added, removed and changed (field by
// field), each wish's status then and now, the family map's relationships added, removed and
// changed, and the connections count at each version. Computed from
// the canonical plans alone, so the server's answer and the coordinator's view always agree.

import type { ObjectiveStatus } from './board-schema.ts';
import type { Plan } from './plan.ts';
import { OFFER_RECORD } from './records/offer.ts';
import { diffLabelsOf } from './records/field.ts';
import { relationshipWords } from './board-relationships.ts';
import { YOUNG_PERSON } from './vocabulary.ts';

type PlanOffer = Plan['offers'][number];

/** The offer fields a change is reported for, with their names in plain words. */
export const OFFER_FIELD_LABELS = {
  from: 'Who',
  // What the offer is, as declared (shared/records/offer.ts): kind, what, how often, from when, supervision…
  ...diffLabelsOf(OFFER_RECORD),
  approval: 'Approval',
  wishIds: 'Wishes it answers',
} as const satisfies Partial<Record<keyof PlanOffer, string>>;
export type DiffField = keyof typeof OFFER_FIELD_LABELS;
const FIELDS = Object.keys(OFFER_FIELD_LABELS) as DiffField[];

/** One field of an offer, before and after, as text. */
export interface FieldChange {
  field: DiffField;
  before: string;
  after: string;
}

/** A wish in either version, with its status in each (null: not in that version). */
export interface WishChange {
  id: string;
  text: string;
  before: ObjectiveStatus | null;
  after: ObjectiveStatus | null;
}

/** The difference between version `from` and version `to`. */
export interface PlanDiff {
  from: number;
  to: number;
  offers: {
    added: PlanOffer[];
    removed: PlanOffer[];
    changed: { id: string; from: string; what: string; fields: FieldChange[] }[];
  };
  /** The wishes whose status, words or presence differ between the versions (the rest are left out). */
  wishes: WishChange[];
  /** The family map's relationships, each in words ("Jo is Sam’s parent"); plans before version 4 have none. */
  relationships: { added: string[]; removed: string[]; changed: { before: string; after: string }[] };
  connections: { before: Plan['connections']; after: Plan['connections'] };
}

/** A plan's relationships by id, each in words with the plan's own names for people. */
function relationshipsInWords(plan: Plan): Map<string, { kind: string; words: string }> {
  const names = new Map(plan.people.map((person) => [person.id, person.name]));
  const name = (end: string) => (end === YOUNG_PERSON ? plan.youngPersonName : (names.get(end) ?? 'someone'));
  return new Map((plan.relationships ?? []).map((line) => [line.id, { kind: line.kind, words: relationshipWords(line, name) }]));
}

function fieldText(offer: PlanOffer, field: DiffField): string {
  const value = offer[field];
  if (field === 'approval') return offer.approval ? `${offer.approval.by}, ${offer.approval.at}` : 'not approved';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

/** What changed from plan `a` to plan `b`. */
export function diffPlans(a: Plan, b: Plan): PlanDiff {
  const before = new Map(a.offers.map((offer) => [offer.id, offer]));
  const after = new Map(b.offers.map((offer) => [offer.id, offer]));
  const changed: PlanDiff['offers']['changed'] = [];
  for (const offer of b.offers) {
    const old = before.get(offer.id);
    if (!old) continue;
    const fields = FIELDS.flatMap((field): FieldChange[] => {
      const was = fieldText(old, field);
      const now = fieldText(offer, field);
      return was === now ? [] : [{ field, before: was, after: now }];
    });
    if (fields.length > 0) changed.push({ id: offer.id, from: offer.from, what: offer.what, fields });
  }

  const wishesOf = (plan: Plan) => new Map(plan.wishesByCategory.flatMap((group) => group.wishes).map((wish) => [wish.id, wish]));
  const wishesBefore = wishesOf(a);
  const wishesAfter = wishesOf(b);
  const wishes: WishChange[] = [];
  for (const id of new Set([...wishesBefore.keys(), ...wishesAfter.keys()])) {
    const then = wishesBefore.get(id);
    const now = wishesAfter.get(id);
    const text = now?.text ?? then?.text ?? '';
    const change: WishChange = { id, text, before: then?.status ?? null, after: now?.status ?? null };
    if (change.before !== change.after || then?.text !== now?.text) wishes.push(change);
  }

  const linesBefore = relationshipsInWords(a);
  const linesAfter = relationshipsInWords(b);
  const relationships: PlanDiff['relationships'] = {
    added: [...linesAfter].filter(([id]) => !linesBefore.has(id)).map(([, line]) => line.words),
    removed: [...linesBefore].filter(([id]) => !linesAfter.has(id)).map(([, line]) => line.words),
    // Who it joins never changes; what it is may (a partner becoming a former partner).
    changed: [...linesAfter].flatMap(([id, after]) => {
      const before = linesBefore.get(id);
      return before !== undefined && before.kind !== after.kind ? [{ before: before.words, after: after.words }] : [];
    }),
  };

  return {
    from: a.version,
    to: b.version,
    offers: {
      added: b.offers.filter((offer) => !before.has(offer.id)),
      removed: a.offers.filter((offer) => !after.has(offer.id)),
      changed,
    },
    wishes,
    relationships,
    connections: { before: a.connections, after: b.connections },
  };
}
