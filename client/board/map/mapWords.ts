// The family map's facts in plain words: for the form's choices, the map's labels, each person's
// accessible name and the table beside the map.

import { CONNECTION_LABELS, SECTOR_LABELS, type Connection, type Gender, type Sector } from '../../../shared/vocabulary.ts';

/** Plain words for each gender, as the form offers them. */
export const GENDER_WORDS: Readonly<Record<Gender, string>> = {
  female: 'Woman or girl',
  male: 'Man or boy',
  other: 'Another way',
  unknown: 'Not known',
};

/** Plain words for each ring of closeness (1 close – 3 further). */
export const CLOSENESS_WORDS: Readonly<Record<1 | 2 | 3, string>> = {
  1: 'Very close',
  2: 'Close',
  3: 'Further away',
};

/** The words shown under a person on the map for their connection now (text, never colour alone). */
export const CONNECTION_SHORT: Readonly<Record<Connection, string>> = {
  direct: 'In touch',
  indirect: 'Some contact',
  none: 'Not in touch',
};

/** What the map needs to describe a person. */
export interface FactsOf {
  displayName: string;
  relationship: string;
  connection: Connection;
  closeness: number | null;
  sector: Sector | null;
  newSinceStart: boolean;
  died: number | true | null;
  born: number | null;
}

/** "Very close" for 1, …; null when not said. */
export function closenessWords(closeness: number | null): string | null {
  return closeness === 1 || closeness === 2 || closeness === 3 ? CLOSENESS_WORDS[closeness] : null;
}

/** "died in 2019", "has died", or null. */
export function diedWords(died: number | true | null): string | null {
  if (died === null) return null;
  return died === true ? 'has died' : `died in ${died}`;
}

/**
 * A person's facts in one sentence, as a screen reader reads them on the map:
 * "Jo, Sam's aunt, in touch, very close, family, new since the start".
 */
export function personFacts(person: FactsOf, youngPerson: string): string {
  const relationship = person.relationship.trim();
  const closeness = closenessWords(person.closeness);
  const parts = [
    person.displayName.trim(),
    relationship ? `${youngPerson}’s ${relationship.charAt(0).toLocaleLowerCase()}${relationship.slice(1)}` : null,
    CONNECTION_LABELS[person.connection].toLocaleLowerCase(),
    closeness ? closeness.toLocaleLowerCase() : null,
    person.sector ? SECTOR_LABELS[person.sector].toLocaleLowerCase() : null,
    closeness === null || person.sector === null ? 'not placed yet' : null,
    person.newSinceStart ? 'new since the start' : null,
    diedWords(person.died),
  ];
  return parts.filter((part): part is string => part !== null && part !== '').join(', ');
}

/** A name cut to fit under a mark on the map ("Great-grandmoth…"); the full name is in the accessible name. */
export function shortName(name: string, max = 14): string {
  const trimmed = name.trim();
  return trimmed.length <= max ? trimmed : `${trimmed.slice(0, max - 1).trimEnd()}…`;
}
