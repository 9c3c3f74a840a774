// One person's professional notes: safety notes, contact restrictions, contact details, what must
// not be told and whether the family's copy of the plan may name them — clearly marked, typed
// together live, and never sent to anyone else.
import { useEffect, useId, useMemo, useState } from 'react';
import * as Y from 'yjs';
import type { PersonId } from '../../shared/ids.ts';
import { NOT_NAMED, NOTE_KEYS, NOTE_LABELS, notesRoot, setNote, setNotNamed, type NoteKey } from '../../shared/notes.ts';
import { CollabTextarea } from './CollabTextarea.tsx';

const HINTS: Readonly<Record<NoteKey, string>> = {
  safety: 'Anything everyone working with the family must know to keep the young person safe.',
  restrictions: 'Contact that is not allowed, or only allowed supervised.',
  contactDetails: 'Address, phone numbers — never shown on the board.',
  mustNotBeTold: 'For example where the young person lives.',
};

/** The notes about `personId` in the private document `doc`. */
export function NotesPanel({ doc, personId, name }: { doc: Y.Doc; personId: PersonId; name: string }) {
  const id = useId();
  const [version, setVersion] = useState(0);
  useEffect(() => {
    // The person's notes are made the first time anyone opens them.
    if (!(notesRoot(doc).get(personId) instanceof Y.Map)) setNote(doc, personId, 'safety', '');
    const bump = () => setVersion((v) => v + 1);
    // Deep: the yes/no note is a value inside the person's entry.
    notesRoot(doc).observeDeep(bump);
    // The entry may have been made just above, before anyone was listening.
    bump();
    return () => notesRoot(doc).unobserveDeep(bump);
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
      {texts !== null && (
        <div className="field">
          <div className="field-check">
            <input
              id={`${id}-not-named`}
              type="checkbox"
              aria-describedby={`${id}-not-named-hint`}
              checked={texts.get(NOT_NAMED) === true}
              onChange={(event) => setNotNamed(doc, personId, event.target.checked)}
            />
            <label htmlFor={`${id}-not-named`}>Do not name {name} in the family’s copy of the plan</label>
          </div>
          <p className="hint" id={`${id}-not-named-hint`}>
            The family’s copy then leaves them off the list of people and the family map; their offers say “from someone this copy does not name”.
          </p>
        </div>
      )}
    </section>
  );
}
