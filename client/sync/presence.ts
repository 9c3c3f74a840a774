// "Here now": who is looking at the board, from y-protocols awareness.
import { useMemo, useSyncExternalStore } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type { Actor } from '../../shared/roles.ts';

/** What each browser shares about itself in awareness. */
export interface PresenceUser { name: string; role: Actor; color: string }

/** One person here now. */
export interface HereNow extends PresenceUser { clientId: number; isMe: boolean }

// Dark enough for white text (contrast ≥ 4.5:1); colour is never the only cue, the name is shown too.
const COLORS = ['#1d4f91', '#8a1c5b', '#0b6b3a', '#7a3e00', '#5b2a86', '#8c1d18', '#005a66', '#4a4a4a'];

/** A stable colour for a name. */
export function colorFor(name: string): string {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return COLORS[hash % COLORS.length] ?? '#4a4a4a';
}

function isPresenceUser(value: unknown): value is PresenceUser {
  if (typeof value !== 'object' || value === null) return false;
  const user = value as Record<string, unknown>;
  return typeof user.name === 'string' && typeof user.role === 'string' && typeof user.color === 'string';
}

/** Everyone's presence states by Yjs client id, as plain records (their contents are not trusted). */
export type PresenceStates = ReadonlyMap<number, Record<string, unknown>>;

/**
 * A view of everyone's presence, read again on every change and kept as the same object while it
 * reads the same (compared as JSON), so React re-renders only when something shown changed.
 * `read` gets the states and this browser's own client id.
 */
export function usePresenceView<T>(awareness: Awareness | null, read: (states: PresenceStates, selfId: number) => T): T {
  const store = useMemo(() => {
    const readNow = (): T => read(awareness ? (awareness.getStates() as Map<number, Record<string, unknown>>) : new Map(), awareness?.clientID ?? -1);
    let snapshot = readNow();
    let key = JSON.stringify(snapshot, replacer);
    return {
      subscribe(onChange: () => void) {
        if (!awareness) return () => undefined;
        const handler = () => {
          const next = readNow();
          const nextKey = JSON.stringify(next, replacer);
          if (nextKey === key) return;
          key = nextKey;
          snapshot = next;
          onChange();
        };
        awareness.on('change', handler);
        return () => awareness.off('change', handler);
      },
      get: () => snapshot,
    };
    // `read` is a module-level function at every call site; the view is per awareness.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [awareness]);
  return useSyncExternalStore(store.subscribe, store.get);
}

/** Maps become arrays of entries, so two views holding maps compare by content. */
function replacer(_key: string, value: unknown): unknown {
  return value instanceof Map ? [...value] : value;
}

/** Everyone in awareness with a user field, me first, then by name. */
function hereNowFrom(states: PresenceStates, selfId: number): HereNow[] {
  const people: HereNow[] = [];
  states.forEach((state, clientId) => {
    const user: unknown = state.user;
    if (isPresenceUser(user)) {
      people.push({ name: user.name.slice(0, 80), role: user.role, color: user.color, clientId, isMe: clientId === selfId });
    }
  });
  return people.sort((a, b) => Number(b.isMe) - Number(a.isMe) || a.name.localeCompare(b.name) || a.clientId - b.clientId);
}

/** Everyone looking at the board now, me first, then by name; re-renders on change. */
export function useHereNow(awareness: Awareness | null): HereNow[] {
  return usePresenceView(awareness, hereNowFrom);
}
