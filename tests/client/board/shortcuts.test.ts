// The board's keyboard shortcuts: which key means what, for whom, and never while typing.
import { describe, expect, it } from 'vitest';
import { shortcutFor, SHORTCUTS } from '../../../client/board/shortcuts.ts';

const key = (k: string, extra: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  target: null,
  ...extra,
});

describe('shortcutFor', () => {
  it('maps the single keys to their moves, the coordinator’s only for the coordinator', () => {
    const coordinator = { singleKeys: true, coordinator: true };
    const family = { singleKeys: true, coordinator: false };
    expect(shortcutFor(key('?', { shiftKey: true }), family)).toBe('help');
    expect(shortcutFor(key('3'), family)).toBe('offers');
    expect(shortcutFor(key('N', { shiftKey: true }), coordinator)).toBe('nextStage');
    expect(shortcutFor(key('n'), coordinator)).toBe('nextStage');
    expect(shortcutFor(key('n'), family)).toBeNull();
    expect(shortcutFor(key('i'), family)).toBeNull();
  });

  it('does nothing when single keys are turned off or a modifier is held', () => {
    expect(shortcutFor(key('3'), { singleKeys: false, coordinator: true })).toBeNull();
    expect(shortcutFor(key('3', { altKey: true }), { singleKeys: true, coordinator: true })).toBeNull();
    expect(shortcutFor(key('n', { ctrlKey: true }), { singleKeys: true, coordinator: true })).toBeNull();
  });

  it('lists every shortcut it acts on, each once', () => {
    const actions = SHORTCUTS.map((s) => s.action);
    expect(new Set(actions).size).toBe(actions.length);
    for (const k of ['?', '1', '2', '3', '4', 'n', 'i', 'h']) {
      const action = shortcutFor(key(k), { singleKeys: true, coordinator: true });
      expect(actions).toContain(action);
    }
  });
});
