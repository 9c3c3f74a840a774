// The family map's facts as the person form holds them (what was typed) and as the board takes them.

import type { Gender, Sector } from '../../../shared/vocabulary.ts';

/** The map facts as the form holds them: years as typed, "has died" apart from its year. */
export interface MapFactsDraft {
  gender: Gender;
  born: string;
  hasDied: boolean;
  diedYear: string;
  closeness: 1 | 2 | 3 | null;
  sector: Sector | null;
  newSinceStart: boolean;
}

/** The map facts as addPerson / editPerson take them. */
export interface MapFactsInput {
  gender: Gender;
  born: number | null;
  died: number | true | null;
  closeness: number | null;
  sector: Sector | null;
  newSinceStart: boolean;
}

/** The form's starting values: a person's facts, or all unsaid for someone new. */
export function mapFactsDraft(person?: MapFactsInput): MapFactsDraft {
  const closeness = person?.closeness;
  return {
    gender: person?.gender ?? 'unknown',
    born: person?.born == null ? '' : String(person.born),
    hasDied: person?.died != null,
    diedYear: typeof person?.died === 'number' ? String(person.died) : '',
    closeness: closeness === 1 || closeness === 2 || closeness === 3 ? closeness : null,
    sector: person?.sector ?? null,
    newSinceStart: person?.newSinceStart ?? false,
  };
}

/**
 * A typed year: null when left empty, else the number typed. Anything that is not a whole number is
 * passed on as NaN, so the board's own check refuses it with its readable sentence.
 */
export function yearOf(typed: string): number | null {
  const text = typed.trim();
  if (text === '') return null;
  return /^\d+$/.test(text) ? Number(text) : Number.NaN;
}

/** The facts to write: "has died" with no year is `true` (the year is not known). */
export function mapFactsInput(draft: MapFactsDraft): MapFactsInput {
  return {
    gender: draft.gender,
    born: yearOf(draft.born),
    died: draft.hasDied ? (yearOf(draft.diedYear) ?? true) : null,
    closeness: draft.closeness,
    sector: draft.sector,
    newSinceStart: draft.newSinceStart,
  };
}
