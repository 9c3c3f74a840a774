// Where the arrow keys take focus in a list of cards: ↑/↓ between cards (keeping the button's
// place), ←/→ between a card's buttons, Home/End to the ends; nothing at an edge; empty cards skipped.
import { describe, expect, it } from 'vitest';
import { nextPlace } from '../../../client/board/roving.tsx';

describe('nextPlace', () => {
  const cards = [3, 3, 1, 0, 2];

  it('moves down and up between cards, keeping the same button where the next card has it', () => {
    expect(nextPlace('ArrowDown', { item: 0, control: 2 }, cards)).toEqual({ item: 1, control: 2 });
    expect(nextPlace('ArrowUp', { item: 1, control: 1 }, cards)).toEqual({ item: 0, control: 1 });
  });

  it('goes to the last button of a card that has fewer', () => {
    expect(nextPlace('ArrowDown', { item: 1, control: 2 }, cards)).toEqual({ item: 2, control: 0 });
  });

  it('skips a card with no buttons', () => {
    expect(nextPlace('ArrowDown', { item: 2, control: 0 }, cards)).toEqual({ item: 4, control: 0 });
    expect(nextPlace('ArrowUp', { item: 4, control: 1 }, cards)).toEqual({ item: 2, control: 0 });
  });

  it('does nothing past the first or last card', () => {
    expect(nextPlace('ArrowUp', { item: 0, control: 0 }, cards)).toBeNull();
    expect(nextPlace('ArrowDown', { item: 4, control: 0 }, cards)).toBeNull();
  });

  it('moves between the buttons of one card, stopping at its ends', () => {
    expect(nextPlace('ArrowRight', { item: 0, control: 0 }, cards)).toEqual({ item: 0, control: 1 });
    expect(nextPlace('ArrowRight', { item: 0, control: 2 }, cards)).toBeNull();
    expect(nextPlace('ArrowLeft', { item: 0, control: 1 }, cards)).toEqual({ item: 0, control: 0 });
    expect(nextPlace('ArrowLeft', { item: 0, control: 0 }, cards)).toBeNull();
  });

  it('jumps to the first button of the first and last cards with Home and End', () => {
    expect(nextPlace('Home', { item: 4, control: 1 }, cards)).toEqual({ item: 0, control: 0 });
    expect(nextPlace('End', { item: 0, control: 2 }, cards)).toEqual({ item: 4, control: 0 });
    expect(nextPlace('End', { item: 0, control: 0 }, [2, 0])).toEqual({ item: 0, control: 0 });
  });

  it('leaves every other key alone, and an empty list has nowhere to go', () => {
    for (const key of ['Tab', 'Enter', ' ', 'a', 'PageDown']) expect(nextPlace(key, { item: 0, control: 0 }, cards)).toBeNull();
    expect(nextPlace('Home', { item: 0, control: 0 }, [])).toBeNull();
  });
});
