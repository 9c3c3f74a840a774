// The private document: the professionals' notes about each person on the board (safety notes,
// contact restrictions, contact details, what must not be told, and whether the family's copy of
// the plan may name them), which only the coordinator and professionals may open. Its shape is in board-fields.ts (PRIVATE_SHAPE); these are its named writes.

import * as Y from 'yjs';
import { personId as toPersonId } from './ids.ts';
import type { PersonId } from './ids.ts';
import { checkId, checkLongText } from './board-input.ts';
import { NOTE_KEYS } from './board-schema.ts';
import type { NoteKey } from './board-schema.ts';
import { editText } from './text.ts';

export { NOTE_KEYS, type NoteKey } from './board-schema.ts';

/** Name of the private document's one root. */
export const NOTES_ROOT = 'notes';

/** Plain words for each kind of note. */
export const NOTE_LABELS: Readonly<Record<NoteKey, string>> = {
  safety: 'Safety notes',
  restrictions: 'Contact restrictions',
  contactDetails: 'Contact details',
  mustNotBeTold: 'Must not be told',
};

/** The key of the yes/no note: this person must not be named in the family's copy of the plan. */
export const NOT_NAMED = 'notNamedToFamily';

/** One person's notes as plain data. */
export type PersonNotes = { personId: PersonId } & Record<NoteKey, string> & {
  /** The family's copy of the plan leaves this person out (their offers are from "someone the plan does not name"). */
  notNamedToFamily: boolean;
};

/** The notes root (created empty on first access). */
export function notesRoot(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(NOTES_ROOT);
}

/** Sets one note about a person (as the smallest text edit), creating their notes if needed. */
export function setNote(doc: Y.Doc, person: PersonId, key: NoteKey, text: string, origin?: unknown): void {
  const id = checkId(person, 'person');
  if (!Object.hasOwn(NOTE_KEYS, key)) throw new TypeError(`Not a kind of note: ${String(key)}`);
  const next = checkLongText(text, NOTE_LABELS[key].toLowerCase(), true, false);
  const root = notesRoot(doc);
  doc.transact(() => {
    let entry = root.get(id);
    if (!(entry instanceof Y.Map)) {
      const made = new Y.Map<unknown>();
      root.set(id, made);
      for (const noteKey of Object.keys(NOTE_KEYS)) made.set(noteKey, new Y.Text());
      entry = made;
    }
    const ytext = (entry as Y.Map<unknown>).get(key);
    if (ytext instanceof Y.Text) editText(ytext, next);
  }, origin);
}

/** Says whether the family's copy of the plan may name a person, creating their notes if needed. */
export function setNotNamed(doc: Y.Doc, person: PersonId, notNamed: boolean, origin?: unknown): void {
  const id = checkId(person, 'person');
  if (typeof notNamed !== 'boolean') throw new TypeError('Whether a person is named must be yes or no.');
  doc.transact(() => {
    if (!(notesRoot(doc).get(id) instanceof Y.Map)) setNote(doc, toPersonId(id), 'safety', '');
    const entry = notesRoot(doc).get(id) as Y.Map<unknown>;
    if ((entry.get(NOT_NAMED) ?? false) !== notNamed) entry.set(NOT_NAMED, notNamed);
  }, origin);
}

/** Every person's notes as plain data, for people whose entry is well formed. */
export function readNotes(doc: Y.Doc): PersonNotes[] {
  const notes: PersonNotes[] = [];
  for (const [key, entry] of notesRoot(doc).entries()) {
    if (!(entry instanceof Y.Map)) continue;
    const text = (noteKey: NoteKey): string => {
      const value: unknown = entry.get(noteKey);
      return value instanceof Y.Text ? value.toString() : '';
    };
    try {
      notes.push({
        personId: toPersonId(key),
        safety: text('safety'),
        restrictions: text('restrictions'),
        contactDetails: text('contactDetails'),
        mustNotBeTold: text('mustNotBeTold'),
        notNamedToFamily: entry.get(NOT_NAMED) === true,
      });
    } catch {
      // reason: an entry whose key is not an id is left out, as readBoard does
    }
  }
  return notes;
}
