// "Aunt Jo is changing this": each board shares in presence which card its person has open to edit
// (`editing`: a focus marker such as "offer:<id>"), and every card shows who else is changing it.
import { useEffect } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { usePresenceView, type PresenceStates } from '../sync/presence.ts';
import { parseFocus, focusMarker, type FocusTarget } from './follow.ts';

/** Who (by name) has each card open, leaving out this board's own person. */
export type Editors = ReadonlyMap<string, readonly string[]>;

/** Everyone else's open card, by marker, from presence. */
export function editorsFrom(states: PresenceStates, selfClientId: number): Editors {
  const editors = new Map<string, string[]>();
  for (const [clientId, state] of states) {
    if (clientId === selfClientId) continue;
    const target = typeof state.editing === 'string' ? parseFocus(state.editing) : null;
    const user = state.user as Record<string, unknown> | undefined;
    if (target === null || target.kind === 'section' || typeof user?.name !== 'string') continue;
    const marker = focusMarker(target);
    const names = editors.get(marker) ?? [];
    if (!names.includes(user.name)) names.push(user.name.slice(0, 80));
    editors.set(marker, names);
  }
  return editors;
}

/** Who else is changing which card, live. */
export function useEditors(awareness: Awareness): Editors {
  return usePresenceView(awareness, editorsFrom);
}

/** While `open`, tells everyone this person is changing `target`. */
export function useShareEditing(awareness: Awareness | null, target: FocusTarget, open: boolean): void {
  const marker = focusMarker(target);
  useEffect(() => {
    if (!open || awareness === null) return undefined;
    awareness.setLocalStateField('editing', marker);
    return () => {
      if (awareness.getLocalState()?.editing === marker) awareness.setLocalStateField('editing', null);
    };
  }, [awareness, marker, open]);
}

/** "Aunt Jo is changing this" / "Aunt Jo and Sam are changing this", or null. */
export function editingWords(names: readonly string[] | undefined): string | null {
  if (!names || names.length === 0) return null;
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${list} ${names.length === 1 ? 'is' : 'are'} changing this now`;
}

/** "✎ Aunt Jo is changing this now" on a card, when anyone else has it open. */
export function EditingNow({ names }: { names: readonly string[] | undefined }) {
  const words = editingWords(names);
  if (words === null) return null;
  return (
    <p className="editing-now">
      <span aria-hidden="true">✎ </span>
      {words}
    </p>
  );
}
