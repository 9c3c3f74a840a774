// Names for the ids the board stores (who added a wish or an offer, who approved it).
import { useEffect, useState } from 'react';
import { api, type Participant } from '../api.ts';

/** Everyone in the conference by id; empty until loaded (or if it cannot be loaded). */
export function useParticipants(conferenceId: string | null, refresh = 0): ReadonlyMap<string, Participant> {
  const [byId, setById] = useState<ReadonlyMap<string, Participant>>(new Map());
  useEffect(() => {
    if (conferenceId === null) return undefined;
    let live = true;
    api.participants(conferenceId).then(
      (list) => live && setById(new Map(list.map((p) => [p.id, p]))),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [conferenceId, refresh]);
  return byId;
}
