// The connections are told as growth, never as loss.
import { describe, expect, it } from 'vitest';
import { connectionsWords } from '../../../client/board/wording.ts';

describe('connectionsWords', () => {
  it('counts the people added so far while the board is filling up, never as fewer', () => {
    expect(connectionsWords(7, 0)).toBe('7 when we started — 0 added to the board so far');
    expect(connectionsWords(7, 2)).toBe('7 when we started — 2 added to the board so far');
  });

  it('says how many more there are once the board has more than at the start', () => {
    expect(connectionsWords(7, 7)).toBe('7 when we started — 7 on the board now');
    expect(connectionsWords(7, 9)).toBe('7 when we started — 9 on the board now (2 more)');
    expect(connectionsWords(0, 1)).toBe('0 when we started — 1 on the board now (1 more)');
  });
});
