// Following the coordinator: reading focus markers and the coordinator's place from presence, and
// ignoring anything else (another role, a malformed target).
import { describe, expect, it } from 'vitest';
import { bringsToMap, coordinatorPlace, focusMarker, parseFocus } from '../../../client/board/follow.ts';

describe('parseFocus', () => {
  it('reads sections and cards, and refuses anything else', () => {
    expect(parseFocus('offer:abc_123')).toEqual({ kind: 'offer', id: 'abc_123' });
    expect(parseFocus('section:offers')).toEqual({ kind: 'section', id: 'offers' });
    expect(focusMarker({ kind: 'wish', id: 'w1' })).toBe('wish:w1');
    for (const bad of ['section:elsewhere', 'offer:', 'offer:"]<script>', 'plan:1', '', null]) expect(parseFocus(bad)).toBeNull();
  });
});

describe('coordinatorPlace', () => {
  const state = (role: string, extra: Record<string, unknown> = {}) => ({ user: { name: role === 'coordinator' ? 'Casey' : 'Jo', role, color: '#123456' }, ...extra });

  it('follows only presence stamped with the coordinator’s role, never this screen’s own', () => {
    const states = new Map<number, Record<string, unknown>>([
      [1, state('network', { focus: { kind: 'offer', id: 'o1' }, bringHere: { kind: 'offer', id: 'o1', at: 5 } })],
      [2, state('coordinator', { focus: { kind: 'section', id: 'wishes' }, bringHere: { kind: 'offer', id: 'o2', at: 7 } })],
    ]);
    expect(coordinatorPlace(states, 9)).toEqual({ name: 'Casey', focus: { kind: 'section', id: 'wishes' }, bringHere: { kind: 'offer', id: 'o2', at: 7 }, peopleView: 'list' });
    expect(coordinatorPlace(states, 2)).toBeNull();
    expect(coordinatorPlace(new Map([[1, state('network', { focus: { kind: 'offer', id: 'o1' } })]]), 9)).toBeNull();
  });

  it('drops a malformed focus or ask instead of acting on it', () => {
    const states = new Map<number, Record<string, unknown>>([[2, state('coordinator', { focus: { kind: 'offer', id: 42 }, bringHere: { kind: 'offer', id: 'o2', at: 'soon' } })]]);
    expect(coordinatorPlace(states, 9)).toEqual({ name: 'Casey', focus: null, bringHere: null, peopleView: 'list' });
  });

  it('shows the people as the coordinator’s board does: the map only when they chose it', () => {
    const with_ = (peopleView: unknown) => coordinatorPlace(new Map([[2, state('coordinator', { peopleView })]]), 9)?.peopleView;
    expect(with_('map')).toBe('map');
    expect(with_('list')).toBe('list');
    expect(with_(undefined)).toBe('list');
    expect(with_({ evil: true })).toBe('list');
  });
});

describe('bringsToMap', () => {
  it('shows the map when brought to the people or one of them from the coordinator’s map, and only then', () => {
    expect(bringsToMap({ kind: 'person', id: 'p1' }, 'map')).toBe(true);
    expect(bringsToMap({ kind: 'section', id: 'people' }, 'map')).toBe(true);
    expect(bringsToMap({ kind: 'person', id: 'p1' }, 'list')).toBe(false);
    expect(bringsToMap({ kind: 'section', id: 'offers' }, 'map')).toBe(false);
    expect(bringsToMap({ kind: 'offer', id: 'o1' }, 'map')).toBe(false);
  });
});
