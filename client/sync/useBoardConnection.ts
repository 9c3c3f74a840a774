// The live board for React: one LiveDoc per open board, read through useSyncExternalStore.
import { useEffect, useState, useSyncExternalStore } from 'react';
import { api } from '../api.ts';
import { boardCopyName, noteBoardCopy } from '../offline/deviceCopy.ts';
import { LiveDoc, type LiveState } from './liveDoc.ts';
import type { PresenceUser } from './presence.ts';

export type { LinkState, LiveState, ClosedBy, LiveNotice } from './liveDoc.ts';

/** The live board document and what to show about its connection. */
export interface BoardConnection extends LiveState {
  dismissNotice: () => void;
}

/** ws(s)://this-origin, so the live document goes to the same server as the page. */
export function wsOrigin(): string {
  return location.origin.replace(/^http/, 'ws');
}

const NOT_OPEN: LiveState = { doc: null, provider: null, link: 'connecting', loaded: false, closed: null, waiting: false, notice: null, generation: 0, unsent: false, keptOnDevice: false, saved: true };

function keyOf(user: PresenceUser): string {
  return `${user.name}\u0000${user.role}\u0000${user.color}`;
}

function openBoard(conferenceId: string, user: PresenceUser, keepOnDevice: boolean): LiveDoc {
  if (keepOnDevice) noteBoardCopy(conferenceId);
  return new LiveDoc({
    ...(keepOnDevice ? { keepOnDevice: boardCopyName(conferenceId) } : {}),
    url: `${wsOrigin()}/sync/${encodeURIComponent(conferenceId)}`,
    docName: 'board',
    user,
    // Back on the board once private family time is over.
    mayReturn: async () => (await api.conference(conferenceId)).phase !== 'private',
  });
}

/** A board opened ahead of its page (right after joining), for the page to take over. */
let opened: { conferenceId: string; key: string; doc: LiveDoc } | null = null;

/** Starts connecting to a board before its page is shown (the join page does, as it navigates there). */
export function openBoardEarly(conferenceId: string, user: PresenceUser): void {
  opened?.doc.destroy();
  // Only participants join through a link: their phones keep nothing.
  opened = { conferenceId, key: keyOf(user), doc: openBoard(conferenceId, user, false) };
}

/**
 * Opens /sync/:conferenceId/board while mounted; null until `user` is known. With `keepOnDevice`
 * (the coordinator's own signed-in device), the board is also kept in the browser's storage.
 */
export function useBoardConnection(conferenceId: string, user: PresenceUser | null, keepOnDevice = false): BoardConnection | null {
  const [live, setLive] = useState<LiveDoc | null>(null);
  const userKey = user ? keyOf(user) : '';

  useEffect(() => {
    if (!user) return undefined;
    const early = opened !== null && opened.conferenceId === conferenceId && opened.key === userKey ? opened.doc : null;
    opened = null;
    const made = early ?? openBoard(conferenceId, user, keepOnDevice);
    const goOffline = () => made.state.provider?.disconnect();
    const goOnline = () => made.state.provider?.connect();
    window.addEventListener('offline', goOffline);
    window.addEventListener('online', goOnline);
    setLive(made);
    return () => {
      window.removeEventListener('offline', goOffline);
      window.removeEventListener('online', goOnline);
      made.destroy();
      setLive(null);
    };
    // userKey stands for `user`: a new object with the same fields must not reconnect.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [conferenceId, userKey, keepOnDevice]);

  const state = useSyncExternalStore(
    (onChange) => (live ? live.subscribe(onChange) : () => undefined),
    () => (live ? live.state : NOT_OPEN),
  );
  if (!live || !user) return null;
  return { ...state, dismissNotice: () => live.dismissNotice() };
}
