// What a screen reader hears while an offer is dragged: its title and where it is, in plain words.
import { describe, expect, it } from 'vitest';
import type { Active, Over } from '@dnd-kit/core';
import { offerAnnouncements, SCREEN_READER_INSTRUCTIONS } from '../../../client/board/announcements.ts';
import { columnDroppableId, type Lanes } from '../../../client/board/dragModel.ts';

const start: Lanes = { suggested: ['tea', 'call'], agreed: [], notNow: [] };
const titles: Record<string, string> = { tea: 'Tea on Sundays, from Nan', call: 'A call, from Jo' };
const active = { id: 'tea' } as Active;
const over = (id: string) => ({ id }) as Over;

describe('offerAnnouncements', () => {
  const say = offerAnnouncements(() => start, () => start, (id) => titles[id] ?? id);

  it('says what was picked up and where it is', () => {
    expect(say.onDragStart({ active })).toBe('Picked up “Tea on Sundays, from Nan”. It is at position 1 of 2 in Suggested.');
  });

  it('says where it would land, and where it was dropped', () => {
    expect(say.onDragOver({ active, over: over(columnDroppableId('agreed')) })).toBe('“Tea on Sundays, from Nan” is now at position 1 of 1 in Agreed.');
    expect(say.onDragEnd({ active, over: over('call') })).toBe('“Tea on Sundays, from Nan” was dropped at position 2 of 2 in Suggested.');
  });

  it('says when it is not over a column, put back, or cancelled', () => {
    expect(say.onDragOver({ active, over: null })).toBe('“Tea on Sundays, from Nan” is not over a column.');
    expect(say.onDragEnd({ active, over: null })).toBe('“Tea on Sundays, from Nan” was put back where it was.');
    expect(say.onDragCancel({ active, over: null })).toBe('Moving was cancelled. “Tea on Sundays, from Nan” is back in Suggested.');
  });

  it('says a drop into Agreed was refused when only the young person’s yes puts an offer there', () => {
    const familyMember = offerAnnouncements(
      () => start,
      () => start,
      (id) => titles[id] ?? id,
      (_id, column) => (column === 'agreed' ? 'Only Robin says yes to an offer.' : null),
    );
    expect(familyMember.onDragEnd({ active, over: over(columnDroppableId('agreed')) })).toBe('Only Robin says yes to an offer. “Tea on Sundays, from Nan” stays where it was.');
    expect(familyMember.onDragEnd({ active, over: over('call') })).toBe('“Tea on Sundays, from Nan” was dropped at position 2 of 2 in Suggested.');
  });

  it('tells keyboard users how to move an offer without a mouse', () => {
    expect(SCREEN_READER_INSTRUCTIONS.draggable).toMatch(/press space.*arrows.*“Move to” button/s);
  });
});
