// Checks on the arguments of board mutations. Each returns the cleaned value or throws a BoardError
// whose message is a sentence a person can act on; callers are typed, but JavaScript callers and
// form input are not, so nothing is trusted.

import * as Y from 'yjs';
import { isIdShaped, newId } from './ids.ts';
import { BoardError, MAX_CONNECTIONS, MAX_SHORT, MAX_TEXT, type YoungPersonYes } from './board-schema.ts';
import * as z from 'zod/mini';
import { isPlainText } from './plain-text.ts';
import type { FieldDecl } from './records/field.ts';

/** An ISO 8601 date and time with its offset (the same rule as board-fields.ts's timestampField). */
const timestampText = z.iso.datetime({ offset: true });

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** An id-shaped string, or a BoardError naming what it should have been. */
export function checkId(value: unknown, what: string): string {
  if (!isIdShaped(value)) throw new BoardError(`The ${what} id ${describe(value)} is not a valid id.`);
  return value;
}

/** One of a closed set of words. */
export function checkOneOf<T extends string>(value: unknown, set: readonly T[], what: string): T {
  const found = set.find((member) => member === value);
  if (found === undefined) {
    const choices = set.join(', ');
    throw new BoardError(`${describe(value)} is not ${article(what)} ${what}; choose one of: ${choices}.`);
  }
  return found;
}

/** A short single-line field, trimmed; empty only when `allowEmpty`. */
export function checkShort(value: unknown, what: string, allowEmpty = false): string {
  const text = checkString(value, what, MAX_SHORT, allowEmpty, true);
  if (!isPlainText(text)) {
    throw new BoardError(`${capitalise(what)} must be plain text on one line, without hidden or control characters.`);
  }
  return text;
}

/**
 * A longer text. `trim` is false for edits of collaborative text: the editor sends every keystroke,
 * and trimming would swallow the space someone has just typed between two words.
 */
export function checkLongText(value: unknown, what: string, allowEmpty: boolean, trim: boolean): string {
  return checkString(value, what, MAX_TEXT, allowEmpty, trim);
}

/** A whole number from `min` to `max`, null for not said, or (`orTrue`) true: a death whose year is not known. */
export function checkWhole(value: unknown, kind: { min: number; max: number; orTrue?: true }, what: string): number | true | null {
  if (value === null || (kind.orTrue && value === true)) return value;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < kind.min || value > kind.max) {
    throw new BoardError(`${capitalise(what)} must be a whole number from ${kind.min} to ${kind.max}${kind.orTrue ? ', or yes when the year is not known' : ''}.`);
  }
  return value;
}

/** true or false. */
export function checkBoolean(value: unknown, what: string): boolean {
  if (typeof value !== 'boolean') throw new BoardError(`${capitalise(what)} must be yes or no.`);
  return value;
}

/** A whole count of people, 0 to MAX_CONNECTIONS. */
export function checkCount(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_CONNECTIONS) {
    throw new BoardError(`${capitalise(what)} must be a whole number from 0 to ${MAX_CONNECTIONS}.`);
  }
  return value;
}

/** A calendar date as YYYY-MM-DD (what `<input type="date">` gives), or null for none. */
export function checkDateOrNull(value: unknown, what: string): string | null {
  if (value === null) return null;
  const match = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (typeof value !== 'string' || match === null || !isCalendarDate(match)) {
    throw new BoardError(`${capitalise(what)} must be a date written as YYYY-MM-DD.`);
  }
  return value;
}

/** An ISO 8601 date and time with its offset, e.g. `new Date().toISOString()`. */
export function checkTimestamp(value: unknown, what: string): string {
  if (typeof value !== 'string' || !timestampText.safeParse(value).success || Number.isNaN(Date.parse(value))) {
    throw new BoardError(`${capitalise(what)} must be a date and time such as 2025-03-01T14:30:00Z.`);
  }
  return value;
}

/** The young person's yes: who said or recorded it (an id), when, and whether it was recorded for them. */
export function checkYes(value: unknown): YoungPersonYes {
  const yes = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  if (yes === null || typeof yes.recorded !== 'boolean') {
    throw new BoardError('An offer goes to “Agreed” only with the young person’s yes.');
  }
  return { by: checkId(yes.by, 'person saying yes'), at: checkTimestamp(yes.at, 'the time of the yes'), recorded: yes.recorded };
}

/** Whether a named write checks this declared field by its kind alone (a plain value with no links). */
export function isPlainField(field: FieldDecl): boolean {
  const { type } = field.value;
  return type === 'short' || type === 'name' || type === 'oneOf' || type === 'whole' || type === 'boolean';
}

/** A declared plain field's value (isPlainField), checked as its kind says, in its declared words. */
export function checkField(field: FieldDecl, value: unknown): unknown {
  switch (field.value.type) {
    case 'short':
      return checkShort(value, field.words, true);
    case 'name':
      return checkShort(value, field.words);
    case 'oneOf':
      return field.value.orNull && value === null ? null : checkOneOf(value, field.value.values, field.words);
    case 'whole':
      return checkWhole(value, field.value, field.words);
    case 'boolean':
      return checkBoolean(value, field.words);
    default:
      throw new BoardError(`${capitalise(field.words)} is not changed this way.`);
  }
}

/** Refuses patch keys a mutation does not know, so a typo never passes silently. */
export function checkPatchKeys(patch: object, allowed: readonly string[], what: string): void {
  const unknown = Object.keys(patch).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    throw new BoardError(`Cannot change ${unknown.join(', ')} of ${what}; only ${allowed.join(', ')}.`);
  }
}

/** The entry `root[id]`, or a BoardError saying there is no such thing on the board. */
export function existing(root: Y.Map<unknown>, id: unknown, what: string): Y.Map<unknown> {
  const entry = root.get(checkId(id, what));
  if (!(entry instanceof Y.Map)) {
    throw new BoardError(`There is no ${what} with id ${describe(id)} on the board.`);
  }
  return entry;
}

/** The id for a new entry: the caller's (checked, and not yet taken) or a new random one. */
export function freshId(root: Y.Map<unknown>, wanted: unknown, what: string): string {
  if (wanted === undefined) return newId();
  const id = checkId(wanted, what);
  if (root.has(id)) {
    throw new BoardError(`There is already ${article(what)} ${what} with id ${describe(id)}.`);
  }
  return id;
}

/** A list of ids of objectives that are on the board, without repeats. */
export function checkObjectiveIds(objectives: Y.Map<unknown>, ids: unknown): string[] {
  if (!Array.isArray(ids)) throw new BoardError('The linked objectives must be a list of objective ids.');
  const checked = ids.map((id: unknown) => {
    existing(objectives, id, 'objective');
    return checkId(id, 'objective');
  });
  return [...new Set(checked)];
}

/** The Y.Text under `key` of an entry, or a BoardError when a bad client replaced it. */
export function textOf(entry: Y.Map<unknown>, key: string, what: string): Y.Text {
  const text = entry.get(key);
  if (!(text instanceof Y.Text)) throw new BoardError(`This ${what}'s text is damaged and cannot be edited.`);
  return text;
}

/** The string values under `key` of every entry of `root`. */
export function childStrings(root: Y.Map<unknown>, key: string): string[] {
  const values: string[] = [];
  for (const entry of root.values()) {
    const value: unknown = entry instanceof Y.Map ? entry.get(key) : undefined;
    if (typeof value === 'string') values.push(value);
  }
  return values;
}

function checkString(value: unknown, what: string, max: number, allowEmpty: boolean, trim: boolean): string {
  if (typeof value !== 'string') throw new BoardError(`${capitalise(what)} must be text.`);
  const cleaned = trim ? value.trim() : value;
  if (!allowEmpty && cleaned.trim() === '') throw new BoardError(`${capitalise(what)} cannot be empty.`);
  if (cleaned.length > max) {
    throw new BoardError(`${capitalise(what)} is too long: at most ${max} characters.`);
  }
  return cleaned;
}

function isCalendarDate(match: RegExpExecArray): boolean {
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function describe(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  }
  if (typeof value === 'object' && value !== null) return 'that value';
  return String(value);
}

function article(noun: string): string {
  return /^[aeiou]/i.test(noun) ? 'an' : 'a';
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
