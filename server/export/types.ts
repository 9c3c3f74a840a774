// What every export of a plan is made from: the canonical plan, which copy (the full one for the
// care record, or the family's), whether it is an unlocked draft, the SHA-256 of the agreed version,
// and — in the full copy only — the professionals' notes about each person as they were at the lock.

import type { Plan } from '../../shared/plan.ts';

/** Which copy: everything (coordinator and professionals), or the family's. */
export type Copy = 'full' | 'family';

/** The professionals' notes about one person on the plan, as sealed with the agreed version. */
export interface ProfessionalNotes {
  personId: string;
  /** The person's name on the board (or "someone no longer on the board"). */
  name: string;
  safety: string;
  restrictions: string;
  contactDetails: string;
  mustNotBeTold: string;
  /** Not to be named in the family's copy (absent in versions agreed before it could be said). */
  notNamedToFamily?: boolean;
}

/** Everything a renderer (PDF, Word) needs; it renders exactly this and nothing else. */
export interface ExportInput {
  plan: Plan;
  copy: Copy;
  /** An unlocked draft: DRAFT on every page, no SHA-256. */
  draft: boolean;
  /** SHA-256 (hex) of the agreed version's canonical JSON; null for a draft. */
  sha256: string | null;
  /** The professionals' notes (full copy only; null in the family copy, and when there are none). */
  professional: ProfessionalNotes[] | null;
}

/**
 * The family's copy of an export: nothing from the private document and nothing professional-only
 * (the reason a plan was agreed without the young person saying so can be about their health or
 * safety), and nobody the professionals' notes say must not be named to the family. Applied before
 * rendering, so a renderer cannot leak what it is not given.
 */
export function familyCopy(input: ExportInput): ExportInput {
  return { ...input, copy: 'family', professional: null, plan: familyPlan(input.plan, notNamedIn(input.professional)) };
}

/** The people the notes say must not be named to the family. */
export function notNamedIn(notes: readonly ProfessionalNotes[] | null): ReadonlySet<string> {
  return new Set((notes ?? []).filter((note) => note.notNamedToFamily === true).map((note) => note.personId));
}

/** What the family's copy says instead of the name of someone it must not name. */
export const NOT_NAMED_WORDS = 'someone this copy does not name';

/**
 * The family's copy of the canonical plan itself (for JSON, and what every family export is made
 * from): nothing professional-only, and the people in `notNamed` left out — off the list of people
 * and the family map with their relationships, their offers kept but from "someone this copy does
 * not name".
 */
export function familyPlan(plan: Plan, notNamed: ReadonlySet<string>): Plan {
  const hidden = plan.people.filter((person) => notNamed.has(person.id));
  const names = new Set(hidden.map((person) => person.name.trim().toLowerCase()));
  return {
    ...plan,
    agreedWithoutYoungPerson: null,
    people: plan.people.filter((person) => !notNamed.has(person.id)),
    ...(plan.relationships ? { relationships: plan.relationships.filter((line) => !notNamed.has(line.from) && !notNamed.has(line.to)) } : {}),
    offers: plan.offers.map((offer) => (notNamed.has(offer.personId) ? { ...offer, from: NOT_NAMED_WORDS } : offer)),
    ...(plan.participants ? { participants: plan.participants.filter((person) => person.id !== null || !names.has(person.name.trim().toLowerCase())) } : {}),
  };
}
