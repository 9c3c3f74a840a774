// The board's keyboard shortcuts: one list, used by the key handler and shown on the help panel.
// Single keys work only outside text fields and can be turned off (WCAG 2.2 SC 2.1.4); undo and
// redo use Ctrl (⌘ on a Mac) and work everywhere on the board but in the forms' own boxes.

/** What a shortcut does. */
export type ShortcutAction = 'help' | 'wishes' | 'people' | 'offers' | 'backup' | 'nextStage' | 'invites' | 'history' | 'undo' | 'redo';

export interface Shortcut {
  action: ShortcutAction;
  /** The keys as a person presses them, in words. */
  keys: string;
  what: string;
  coordinatorOnly?: boolean;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'undo', keys: 'Ctrl + Z (⌘ + Z on a Mac)', what: 'Undo your last change' },
  { action: 'redo', keys: 'Ctrl + Shift + Z or Ctrl + Y', what: 'Redo what you undid' },
  { action: 'help', keys: '?', what: 'Show these shortcuts' },
  { action: 'wishes', keys: '1', what: 'Go to “What I’d like”' },
  { action: 'people', keys: '2', what: 'Go to the people' },
  { action: 'offers', keys: '3', what: 'Go to the offers of support' },
  { action: 'backup', keys: '4', what: 'Go to “If something doesn’t work out”' },
  { action: 'nextStage', keys: 'N', what: 'Move to the next stage', coordinatorOnly: true },
  { action: 'invites', keys: 'I', what: 'Open people and invites', coordinatorOnly: true },
  { action: 'history', keys: 'H', what: 'Open who did what', coordinatorOnly: true },
];

const SINGLE_KEYS: Readonly<Record<string, ShortcutAction>> = {
  '?': 'help',
  '1': 'wishes',
  '2': 'people',
  '3': 'offers',
  '4': 'backup',
  n: 'nextStage',
  i: 'invites',
  h: 'history',
};

/** Where single-key shortcuts being off is remembered on this device (not personal data). */
export const SINGLE_KEYS_OFF = 'llb.singleKeyShortcutsOff';

/** True when the key went to something a person types in (where single keys must type). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(type);
}

/** True for a box bound to the board's shared text (its undo is the board's). */
function isSharedText(target: EventTarget | null): boolean {
  return typeof HTMLElement !== 'undefined' && target instanceof HTMLElement && target.dataset.collab === 'true';
}

/** The shortcut a key press means, or null. */
export function shortcutFor(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'target'>,
  opts: { singleKeys: boolean; coordinator: boolean },
): ShortcutAction | null {
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  if ((event.ctrlKey || event.metaKey) && !event.altKey) {
    // A form's own box (not shared text) keeps the browser's undo of what is typed in it.
    if (isTypingTarget(event.target) && !isSharedText(event.target)) return null;
    if (key === 'z') return event.shiftKey ? 'redo' : 'undo';
    if (key === 'y' && event.ctrlKey && !event.shiftKey) return 'redo';
    return null;
  }
  if (!opts.singleKeys || event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target)) return null;
  const action = SINGLE_KEYS[key] ?? null;
  if (action === null) return null;
  const shortcut = SHORTCUTS.find((s) => s.action === action);
  if (shortcut?.coordinatorOnly && !opts.coordinator) return null;
  return action;
}
