// What an accepted update changed, as the history will tell it ("Aunt Jo moved 'Tea on Sundays' to
// Agreed"): the place, a short label for the entry as it was, and the new word for a move or a
// choice. Made inside the update's transaction, while a removed entry's words are still readable
// (the server's document drops deleted content when the transaction ends).

import * as Y from 'yjs';
import type { ChangeNote } from '../../store/types.ts';
import { META_KEYS, PERSON_KEYS, ROOT, YOUNG_PERSON } from '../../../shared/board-schema.ts';
import { NOT_VISIBLE, type Change } from './inspect.ts';

/** Longest label kept for an entry, in characters. */
export const NOTE_LABEL_CHARS = 60;

/** Fields whose new value is a word from a closed set, worth telling ("changed the kind to Visit"). */
const WORD_FIELDS = new Set(['kind', 'supervision', 'circle', 'connection', 'category', 'status', 'phase']);

/** One note per change, with labels read from the document as it is inside the transaction. */
export function changeNotes(changes: readonly Change[]): ChangeNote[] {
  const notes: ChangeNote[] = [];
  for (const change of changes) {
    // An optional field going is only ever "removed" going: putting something back.
    if (change.op === 'unset' && change.path[2] !== 'removed') continue;
    const [root = '', second, third] = change.path;
    const note: ChangeNote = { op: change.op === 'unset' ? 'set' : change.op, root };
    if (root === 'meta') {
      if (second !== undefined) note.field = second;
    } else if (second !== undefined) {
      note.id = second;
      if (third !== undefined) note.field = third;
      const label = change.entry ? labelOf(root, change.entry) : '';
      if (label) note.label = label;
    }
    const to = root === 'relationships' && change.op === 'add' && change.entry ? rawValue(change.entry, 'kind') : toWord(note.field, change.value, change.previous);
    if (typeof to === 'string') note.to = to;
    notes.push(note);
  }
  return notes;
}

function toWord(field: string | undefined, value: unknown, previous: unknown): string | undefined {
  if (field === 'removed' && value !== NOT_VISIBLE) return value === undefined || value === null ? 'putBack' : 'removed';
  if (value === undefined || value === NOT_VISIBLE || field === undefined) return undefined;
  if (field === 'position' && typeof value === 'object' && value !== null) {
    const { column, yes } = value as { column?: unknown; yes?: unknown };
    // Coming into "Agreed" with a new yes: the young person's own, or recorded for them.
    const wasAgreed = typeof previous === 'object' && previous !== null && (previous as { column?: unknown }).column === 'agreed';
    if (column === 'agreed' && !wasAgreed && typeof yes === 'object' && yes !== null) return (yes as { recorded?: unknown }).recorded === true ? 'recordedYes' : 'saidYes';
    return typeof column === 'string' ? column : undefined;
  }
  if (field === 'approvedBy') return value === null ? 'cleared' : 'approved';
  if (field === 'removed') return value === null ? 'putBack' : 'removed';
  return WORD_FIELDS.has(field) && typeof value === 'string' ? value : undefined;
}

/** The words that name an entry: an offer's or a wish's text, a person's name, the two people a relationship joins. */
function labelOf(root: string, entry: Y.Map<unknown>): string {
  const words =
    root === 'people' ? rawValue(entry, 'displayName') : root === 'offers' || root === 'objectives' ? rawValue(entry, 'text') : root === 'relationships' ? between(entry) : null;
  const text = words instanceof Y.Text ? textOf(words) : typeof words === 'string' ? words : '';
  const flat = text.trim().replace(/\s+/g, ' ');
  return flat.length > NOTE_LABEL_CHARS ? `${flat.slice(0, NOTE_LABEL_CHARS - 1)}…` : flat;
}

/** "Jo and Sam": the names of the two people a relationship joins, as they are in the document now. */
function between(entry: Y.Map<unknown>): string {
  const doc = entry.doc;
  if (doc === null) return '';
  const name = (end: unknown): string => {
    if (end === YOUNG_PERSON) return String(doc.getMap(ROOT.meta).get(META_KEYS.youngPersonName) ?? 'the young person');
    const person = typeof end === 'string' ? doc.getMap(ROOT.people).get(end) : undefined;
    const words = person instanceof Y.Map ? rawValue(person, PERSON_KEYS.displayName) : undefined;
    return typeof words === 'string' ? words : 'someone';
  };
  return `${name(rawValue(entry, 'from'))} and ${name(rawValue(entry, 'to'))}`;
}

/** A map's value under `key`, even if the map was removed in this transaction. */
function rawValue(entry: Y.Map<unknown>, key: string): unknown {
  if (!entry._item?.deleted) return entry.get(key);
  const item = entry._map.get(key);
  if (!item) return undefined;
  const content = item.content;
  if (content instanceof Y.ContentAny) return content.arr[content.arr.length - 1];
  if (content instanceof Y.ContentType) return content.type;
  return undefined;
}

/** A text's words; for a text removed in this transaction, the words it had. */
function textOf(text: Y.Text): string {
  if (!text._item?.deleted) return text.toString();
  let words = '';
  for (let item = text._start; item !== null; item = item.right) {
    if (item.content instanceof Y.ContentString) words += item.content.str;
  }
  return words;
}
