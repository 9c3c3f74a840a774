// One person's professional notes: safety notes, contact restrictions, contact details and what
// must not be told — clearly marked, typed together live, and never sent to anyone else.
import { useEffect, useMemo, useState } from 'react';
import * as Y from 'yjs';
import type { PersonId } from '../../shared/ids.ts';
import { NOTE_KEYS, NOTE_LABELS, notesRoot, setNote, type NoteKey } from '../../shared/notes.ts';
import { CollabTextarea } from './CollabTextarea.tsx';

const HINTS: Readonly<Record<NoteKey, string>> = {
  safety: 'Anything everyone working with the family must know to keep the young person safe.',
  restrictions: 'Contact that is not allowed, or only allowed supervised.',
  contactDetails: 'Address, phone numbers — never shown on the board.',
  mustNotBeTold: 'For example where the young person lives.',
};

/** The notes about `personId` in the private document `doc`. */
export function NotesPanel({ doc, personId, name }: { doc: Y.Doc; personId: PersonId; name: string }) {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    // The person's notes are made the first time anyone opens them.
    if (!(notesRoot(doc).get(personId) instanceof Y.Map)) setNote(doc, personId, 'safety', '');
    const bump = () => setVersion((v) => v + 1);
    notesRoot(doc).observe(bump);
    // The entry may have been made just above, before anyone was listening.
    bump();
    return () => notesRoot(doc).unobserve(bump);
  }, [doc, personId]);
  const texts = useMemo(() => {
    const entry = notesRoot(doc).get(personId);
    return entry instanceof Y.Map ? (entry as Y.Map<unknown>) : null;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc, personId, version]);
  return (
    <section className="notes-panel" aria-label={`Professionals’ notes about ${name}`}>
      <h4 className="notes-title">
        <span className="badge badge-private">Professionals only</span> Professionals’ notes about {name}
      </h4>
      <p className="hint">Only professionals and the coordinator can see these. They are never shown to the family.</p>
      {texts === null && <p>Opening the notes…</p>}
      {texts !== null &&
        (Object.keys(NOTE_KEYS) as NoteKey[]).map((key) => {
          const ytext = texts.get(key);
          return ytext instanceof Y.Text ? <CollabTextarea key={key} ytext={ytext} label={NOTE_LABELS[key]} hint={HINTS[key]} rows={2} /> : null;
        })}
    </section>
  );
}
