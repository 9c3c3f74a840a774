// What each field of the live documents may hold, as the server checks every write: the shape of
// each root (a map of fields, a collection of entries, or shared text) and a zod schema per plain
// value. readBoard stays lenient with what is already stored; these are the rules for what is new.

import { z } from 'zod';
import { isIdShaped } from './ids.ts';
import { isPlainText } from './plain-text.ts';
import { PHASES } from './phases.ts';
import { ROLES } from './roles.ts';
import { isOrderKey } from './order.ts';
import { OBJECTIVE_RECORD, OFFER_RECORD, PERSON_RECORD, RELATIONSHIP_RECORD } from './records/index.ts';
import type { RecordDecl, ValueKind } from './records/index.ts';
import {
  COLUMNS,
  MAX_CONNECTIONS,
  MAX_SHORT,
  MAX_TEXT,
  NOTE_KEYS,
  YOUNG_PERSON,
  type NoteKey,
} from './board-schema.ts';

/**
 * Longest a shared text may grow. One person's edit is held to MAX_TEXT by the named mutations,
 * but two people typing at once can merge past it; this is the hard stop for anything longer.
 */
export const MAX_MERGED_TEXT = 2 * MAX_TEXT;

export { isPlainText };

/** A short one-line text (names, relationship, how often…), possibly empty. */
export const shortField = z
  .string()
  .max(MAX_SHORT)
  .refine(isPlainText, 'must be plain text on one line');
/** A short one-line text that is not blank. */
export const nameField = shortField.refine((s) => s.trim() !== '', 'must not be empty');
/** An id this project makes. */
export const idField = z.string().refine(isIdShaped, 'must be an id');
/** One end of a relationship: a person's id, or the young person. */
export const partyField = z.union([z.literal(YOUNG_PERSON), idField]);
/** A calendar date YYYY-MM-DD. */
export const dateField = z.iso.date();
/** An ISO date and time with an offset. */
export const timestampField = z.iso.datetime({ offset: true });
/** A fractional order key. */
export const orderField = z.string().refine(isOrderKey, 'must be an order key');
/** The young person's yes (board-schema.ts YoungPersonYes). */
export const yesField = z.strictObject({ by: idField, at: timestampField, recorded: z.boolean() });
/** An offer's place: column, order and, in "Agreed", the young person's yes that put it there; one value. */
export const positionField = z.strictObject({ column: z.enum(COLUMNS), order: orderField, yes: yesField.optional() });
/** Most offers one agreement can name (a plan, not a catalogue). */
export const MAX_AGREED_OFFERS = 1000;

/** Who removed an entry and when (null: it is on the board). */
export const removalField = z.strictObject({ by: idField, at: timestampField }).nullable();

/** How a field holds its value: a plain value (with its schema), shared text, or a list of ids. */
export type FieldShape =
  | { kind: 'value'; schema: z.ZodType; required: boolean }
  | { kind: 'text' }
  | { kind: 'list'; item: z.ZodType };

/** The shape of a root: a map of named fields, a collection of entries keyed by id, or shared text. */
export type RootShape =
  | { kind: 'map'; fields: Readonly<Record<string, FieldShape>> }
  | { kind: 'collection'; fields: Readonly<Record<string, FieldShape>> }
  | { kind: 'text' };

const value = (schema: z.ZodType, required = true): FieldShape => ({ kind: 'value', schema, required });
const TEXT: FieldShape = { kind: 'text' };

/** The write check of a declared value kind (shared/records/field.ts). */
function writeShape(value: ValueKind): FieldShape {
  switch (value.type) {
    case 'text':
      return TEXT;
    case 'idList':
      return { kind: 'list', item: idField };
    case 'short':
      return { kind: 'value', schema: shortField, required: true };
    case 'name':
      return { kind: 'value', schema: nameField, required: true };
    case 'oneOf':
      return { kind: 'value', schema: value.orNull ? z.enum(value.values).nullable() : z.enum(value.values), required: true };
    case 'whole': {
      const whole = z.int().min(value.min).max(value.max);
      return { kind: 'value', schema: (value.orTrue ? z.union([whole, z.literal(true)]) : whole).nullable(), required: true };
    }
    case 'id':
    case 'ref':
      return { kind: 'value', schema: idField, required: true };
    case 'party':
      return { kind: 'value', schema: partyField, required: true };
    case 'idOrNull':
      return { kind: 'value', schema: idField.nullable(), required: true };
    case 'timestampOrNull':
      return { kind: 'value', schema: timestampField.nullable(), required: true };
    case 'boolean':
      return { kind: 'value', schema: z.boolean(), required: true };
    case 'order':
      return { kind: 'value', schema: orderField, required: true };
    case 'position':
      return { kind: 'value', schema: positionField, required: true };
    case 'removal':
      return { kind: 'value', schema: removalField, required: true };
    default:
      value satisfies never;
      throw new Error('A field of an unknown kind was declared.');
  }
}

/** The write checks of a declared record's fields, in their declared order. */
function declaredShapes(record: RecordDecl): Record<string, FieldShape> {
  const fields: Record<string, FieldShape> = {};
  for (const [key, field] of Object.entries(record.fields)) {
    const shape = writeShape(field.value);
    fields[key] = shape.kind === 'value' ? { ...shape, required: field.required } : shape;
  }
  return fields;
}

/** The board document (CONTRACT.md, "The board document's shape"). */
export const BOARD_SHAPE: Readonly<Record<string, RootShape>> = {
  meta: {
    kind: 'map',
    fields: {
      title: value(nameField),
      youngPersonName: value(nameField),
      scheduledFor: value(dateField.nullable(), false),
      place: value(shortField, false),
      phase: value(z.enum(PHASES)),
      reviewDate: value(dateField.nullable()),
      connectionsAtStart: value(z.int().min(0).max(MAX_CONNECTIONS)),
      contingencyNotNeeded: value(z.boolean(), false),
      locked: value(z.boolean()),
      version: value(z.int().min(0)),
    },
  },
  objectives: { kind: 'collection', fields: declaredShapes(OBJECTIVE_RECORD) },
  people: { kind: 'collection', fields: declaredShapes(PERSON_RECORD) },
  offers: { kind: 'collection', fields: declaredShapes(OFFER_RECORD) },
  relationships: { kind: 'collection', fields: declaredShapes(RELATIONSHIP_RECORD) },
  agreements: {
    kind: 'collection',
    fields: {
      displayName: value(nameField),
      role: value(z.enum(ROLES)),
      agreedAt: value(timestampField),
      offerIds: value(z.array(idField).max(MAX_AGREED_OFFERS), false),
    },
  },
  contingency: { kind: 'text' },
};

export { NOTE_KEYS, type NoteKey };

/** The private document: per person (keyed by the board's person id), four shared texts and whether the family's copy may name them. */
export const PRIVATE_SHAPE: Readonly<Record<string, RootShape>> = {
  notes: {
    kind: 'collection',
    fields: { safety: TEXT, restrictions: TEXT, contactDetails: TEXT, mustNotBeTold: TEXT, notNamedToFamily: value(z.boolean(), false) },
  },
};
