// Each person on the map is read out in plain words, with nothing left to colour or shape alone.
import { describe, expect, it } from 'vitest';
import { personFacts, shortName } from '../../../../client/board/map/mapWords.ts';

const jo = {
  displayName: 'Jo',
  relationship: 'Aunt',
  connection: 'direct' as const,
  closeness: 1,
  sector: 'family' as const,
  newSinceStart: true,
  died: null,
  born: 1980,
};

describe('personFacts', () => {
  it('reads a placed person’s facts as one plain sentence', () => {
    expect(personFacts(jo, 'Sam')).toBe('Jo, Sam’s aunt, in touch, very close, family, new since the start');
  });

  it('says when someone is not placed yet, and when they have died', () => {
    expect(personFacts({ ...jo, closeness: null, newSinceStart: false, died: true, connection: 'none' }, 'Sam')).toBe(
      'Jo, Sam’s aunt, not in touch, family, not placed yet, has died',
    );
    expect(personFacts({ ...jo, relationship: '', sector: null, closeness: 3, died: 2019, newSinceStart: false, connection: 'indirect' }, 'Sam')).toBe(
      'Jo, some contact, further away, not placed yet, died in 2019',
    );
  });
});

describe('shortName', () => {
  it('keeps short names whole and cuts long ones with an ellipsis', () => {
    expect(shortName('  Jo ')).toBe('Jo');
    expect(shortName('Great-grandmother Eileen')).toBe('Great-grandmo…');
    expect(shortName('Great-grandmother Eileen').length).toBeLessThanOrEqual(14);
  });
});
