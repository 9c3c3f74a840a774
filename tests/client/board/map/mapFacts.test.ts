// The person form's map facts: what was typed becomes what the board takes, and back.
import { describe, expect, it } from 'vitest';
import { mapFactsDraft, mapFactsInput, yearOf } from '../../../../client/board/map/mapFacts.ts';

describe('mapFactsInput', () => {
  it('leaves every fact unsaid when nothing is filled in', () => {
    expect(mapFactsInput(mapFactsDraft())).toEqual({ gender: 'unknown', born: null, died: null, closeness: null, sector: null, newSinceStart: false });
  });

  it('takes “has died” without a year as a death whose year is not known', () => {
    const draft = { ...mapFactsDraft(), hasDied: true, diedYear: '  ' };
    expect(mapFactsInput(draft).died).toBe(true);
    expect(mapFactsInput({ ...draft, diedYear: '2019' }).died).toBe(2019);
    // A year typed and then "has died" unticked is not written.
    expect(mapFactsInput({ ...draft, hasDied: false, diedYear: '2019' }).died).toBeNull();
  });

  it('round-trips a person’s facts through the form', () => {
    const facts = { gender: 'female' as const, born: 1958, died: 2020, closeness: 2, sector: 'family' as const, newSinceStart: true };
    expect(mapFactsInput(mapFactsDraft(facts))).toEqual(facts);
    expect(mapFactsInput(mapFactsDraft({ ...facts, died: true })).died).toBe(true);
  });
});

describe('yearOf', () => {
  it('passes anything that is not a whole number on as NaN, for the board to refuse in words', () => {
    expect(yearOf('')).toBeNull();
    expect(yearOf(' 1962 ')).toBe(1962);
    expect(yearOf('62a')).toBeNaN();
    expect(yearOf('19.5')).toBeNaN();
  });
});
