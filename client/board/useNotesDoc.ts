// The professionals' notes (the private document), opened only while someone asks to see them:
// each opening is on the record, so the board does not open them by itself.
import { useEffect, useState, useSyncExternalStore } from 'react';
import { LiveDoc, type LiveState } from '../sync/liveDoc.ts';
import { wsOrigin } from '../sync/useBoardConnection.ts';

const CLOSED: LiveState = { doc: null, provider: null, link: 'connecting', loaded: false, closed: null, waiting: false, notice: null, generation: 0, unsent: false, keptOnDevice: false, saved: true };

/** The private document while `open` is true (null before it has loaded). */
export function useNotesDoc(conferenceId: string, open: boolean): LiveState {
  const [live, setLive] = useState<LiveDoc | null>(null);
  useEffect(() => {
    if (!open) return undefined;
    const made = new LiveDoc({ url: `${wsOrigin()}/sync/${encodeURIComponent(conferenceId)}`, docName: 'private', user: null });
    setLive(made);
    return () => {
      made.destroy();
      setLive(null);
    };
  }, [conferenceId, open]);
  return useSyncExternalStore(
    (onChange) => (live ? live.subscribe(onChange) : () => undefined),
    () => (live ? live.state : CLOSED),
  );
}
