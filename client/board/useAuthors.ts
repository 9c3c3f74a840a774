// Who added and who last changed each card, from the server's record of authors
// (GET /api/conferences/:id/authors), asked again a little after the board changes.
import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { api, type EntryAuthors } from '../api.ts';

/** How long after the last change the authors are asked for again (typing sends many changes). */
const REFRESH_AFTER_MS = 2_500;

/** Card id → who added and last changed it; empty until loaded (or if it cannot be loaded). */
export function useAuthors(conferenceId: string, doc: Y.Doc): Readonly<Record<string, EntryAuthors>> {
  const [authors, setAuthors] = useState<Readonly<Record<string, EntryAuthors>>>({});
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const load = () => {
      timer = null;
      api.authors(conferenceId).then(
        (found) => live && setAuthors(found),
        // reason: who changed what is extra information; the board works without it.
        () => undefined,
      );
    };
    const onUpdate = () => {
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(load, REFRESH_AFTER_MS);
    };
    load();
    doc.on('update', onUpdate);
    return () => {
      live = false;
      if (timer !== null) clearTimeout(timer);
      doc.off('update', onUpdate);
    };
  }, [conferenceId, doc]);
  return authors;
}
