// Following the coordinator: the coordinator's board shares in presence which section or card they
// are on (`focus`) and, when they ask, "bring everyone here" (`bringHere`). The room's shared screen
// highlights what they focus; everyone's board goes where they bring it. Only presence the server
// stamped with the coordinator's role is followed (server/sync/presence.ts vouches for the role).
import { useEffect } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { isIdShaped } from '../../shared/ids.ts';
import { usePresenceView, type PresenceStates } from '../sync/presence.ts';

/** Where on the board: a section, or a card in one. */
export interface FocusTarget {
  kind: 'section' | 'offer' | 'wish' | 'person';
  /** The section's name (wishes, people, offers, backup) or the card's id. */
  id: string;
}

/** The coordinator's "bring everyone here": where, and when (so each ask is acted on once). */
export interface BringHere extends FocusTarget {
  at: number;
}

/** What the coordinator's presence says about where they are. */
export interface CoordinatorPlace {
  name: string;
  focus: FocusTarget | null;
  bringHere: BringHere | null;
  /** How their board shows "My people" (the room's screen shows the same). */
  peopleView: 'list' | 'map' | 'tree';
}

const KINDS = new Set(['section', 'offer', 'wish', 'person']);
const SECTIONS = new Set(['wishes', 'people', 'offers', 'backup']);

/** Reads a `data-focus` marker ("offer:<id>", "section:offers"); null when it is not one. */
export function parseFocus(marker: string | null | undefined): FocusTarget | null {
  if (!marker) return null;
  const at = marker.indexOf(':');
  return asTarget({ kind: marker.slice(0, at), id: marker.slice(at + 1) });
}

/** The `data-focus` marker of a target, for finding its element. */
export function focusMarker(target: FocusTarget): string {
  return `${target.kind}:${target.id}`;
}

/** A target from untrusted presence JSON, or null. */
function asTarget(value: unknown): FocusTarget | null {
  if (typeof value !== 'object' || value === null) return null;
  const { kind, id } = value as Record<string, unknown>;
  if (typeof kind !== 'string' || typeof id !== 'string' || !KINDS.has(kind) || !isIdShaped(id)) return null;
  if (kind === 'section' && !SECTIONS.has(id)) return null;
  return { kind: kind as FocusTarget['kind'], id };
}

function asBringHere(value: unknown): BringHere | null {
  const target = asTarget(value);
  const at = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).at : undefined;
  return target !== null && typeof at === 'number' && Number.isFinite(at) ? { ...target, at } : null;
}

/** The coordinator's place from everyone's presence (the first coordinator by client id), or null. */
export function coordinatorPlace(states: PresenceStates, selfId: number): CoordinatorPlace | null {
  const ids = [...states.keys()].filter((id) => id !== selfId).sort((a, b) => a - b);
  for (const id of ids) {
    const state = states.get(id);
    const user = state?.user as Record<string, unknown> | undefined;
    if (user?.role !== 'coordinator' || typeof user.name !== 'string') continue;
    return { name: user.name, focus: asTarget(state?.focus), bringHere: asBringHere(state?.bringHere), peopleView: state?.peopleView === 'map' || state?.peopleView === 'tree' ? state.peopleView : 'list' };
  }
  return null;
}

/** The coordinator's place, live. */
export function useCoordinatorPlace(awareness: Awareness): CoordinatorPlace | null {
  return usePresenceView(awareness, coordinatorPlace);
}

/** While `enabled`, shares in presence the section or card that has keyboard focus or was last pressed. */
export function useShareFocus(awareness: Awareness, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return undefined;
    let last = '';
    const share = (event: Event) => {
      const element = event.target instanceof Element ? event.target.closest('[data-focus]') : null;
      const target = parseFocus(element?.getAttribute('data-focus'));
      if (target === null) return;
      const marker = focusMarker(target);
      if (marker === last) return;
      last = marker;
      awareness.setLocalStateField('focus', target);
    };
    document.addEventListener('focusin', share);
    document.addEventListener('pointerdown', share);
    return () => {
      document.removeEventListener('focusin', share);
      document.removeEventListener('pointerdown', share);
      awareness.setLocalStateField('focus', null);
    };
  }, [awareness, enabled]);
}

/** The coordinator asks everyone's board to go where they are now (or to the offers if nowhere yet). */
export function bringEveryoneHere(awareness: Awareness): void {
  const focus = asTarget(awareness.getLocalState()?.focus) ?? { kind: 'section', id: 'offers' };
  awareness.setLocalStateField('bringHere', { ...focus, at: Date.now() });
}

/** The event that asks "My people" on this page to show the map, or the family tree when its detail is "tree" (PeopleSection listens). */
export const SHOW_PEOPLE_MAP = 'llb:show-people-map';
/** The event, sent to a person on the map, that pans the map to them (FamilyMap listens). */
export const REVEAL_ON_MAP = 'llb:reveal-on-map';

/**
 * Whether going to a target on this board should first show the people as a map: the coordinator
 * brought everyone to the people, or to one of them, while their own board showed the map or the family tree.
 */
export function bringsToMap(target: FocusTarget, peopleView: CoordinatorPlace['peopleView']): boolean {
  return peopleView !== 'list' && (target.kind === 'person' || (target.kind === 'section' && target.id === 'people'));
}

/** The element showing a target on this page, if any. */
export function elementFor(target: FocusTarget): HTMLElement | null {
  return document.querySelector<HTMLElement>(`[data-focus="${focusMarker(target)}"]`);
}

/** Plain words for where a target is, for notices ("the offers of support"). */
export function placeWords(target: FocusTarget): string {
  switch (target.kind) {
    case 'section':
      return SECTION_WORDS[target.id] ?? 'the board';
    case 'offer':
      return 'an offer of support';
    case 'wish':
      return 'one of the wishes';
    case 'person':
      return 'one of the people';
    default:
      return target.kind satisfies never;
  }
}

const SECTION_WORDS: Readonly<Record<string, string>> = {
  wishes: '“What I’d like”',
  people: 'the people',
  offers: 'the offers of support',
  backup: '“If something doesn’t work out”',
};
