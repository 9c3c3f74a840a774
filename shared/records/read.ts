// How a declared record reads from the document, leniently (board-read.ts): each value kind becomes
// a zod/mini schema (the tree-shakable form: this is in every browser's first download), and each
// field's read rule says what a missing or damaged value reads as.

import * as Y from 'yjs';
import * as z from 'zod/mini';
import { isIdShaped, objectiveId, offerId, personId, relationshipId } from '../ids.ts';
import { COLUMNS, MAX_SHORT, YOUNG_PERSON } from '../vocabulary.ts';
import type { FieldDecl, Party, ReadFields, RecordDecl, RecordIds, RecordName, Removal, ValueKind } from './field.ts';

const shortText = z.string().check(z.maxLength(MAX_SHORT));
const idText = z.string().check(z.refine(isIdShaped, 'is not an id'));
// Y.Text is not length-limited on read: two people typing at once can legally merge past MAX_TEXT.
const yText = z.pipe(
  z.instanceof(Y.Text),
  z.transform((text: Y.Text) => text.toString()),
);

/** The young person's yes in an offer's position; anything malformed reads as none. */
const yesSchema = z._default(z.catch(z.nullable(z.object({ by: shortText, at: shortText, recorded: z.boolean() })), null), null);

/** An offer's `position`: one plain value, so a move is one write. */
export const positionSchema = z.object({ column: z.enum(COLUMNS), order: z.string(), yes: yesSchema });
export type Position = z.infer<typeof positionSchema>;

const removalSchema = z.nullable(z.object({ by: shortText, at: shortText }));

const BRANDS: { readonly [R in RecordName]: (id: string) => RecordIds[R] } = {
  objective: objectiveId,
  person: personId,
  offer: offerId,
  relationship: relationshipId,
};

/** A reference to another record: id-shaped, read as that record's id type. */
const refSchema = (to: RecordName) => z.pipe(idText, z.transform((id: string) => BRANDS[to](id)));

function valueSchema(value: ValueKind): z.ZodMiniType {
  switch (value.type) {
    case 'text':
      return yText;
    case 'short':
    case 'name':
    case 'id':
      return shortText;
    case 'oneOf':
      return value.orNull ? z.nullable(z.enum(value.values)) : z.enum(value.values);
    case 'whole': {
      const whole = z.int().check(z.minimum(value.min), z.maximum(value.max));
      return z.nullable(value.orTrue ? z.union([whole, z.literal(true)]) : whole);
    }
    case 'ref':
      return refSchema(value.to);
    case 'party':
      return z.union([z.literal(YOUNG_PERSON), z.pipe(idText, z.transform((id: string): Party => personId(id)))]);
    case 'idList':
      return z.pipe(
        z.pipe(
          z.instanceof(Y.Array),
          z.transform((array: Y.Array<unknown>): unknown[] => array.toArray()),
        ),
        z.array(refSchema(value.of)),
      );
    case 'idOrNull':
    case 'timestampOrNull':
      return z.nullable(shortText);
    case 'boolean':
      return z.boolean();
    case 'order':
      return z.string();
    case 'position':
      return positionSchema;
    case 'removal':
      return removalSchema;
    default:
      value satisfies never;
      throw new Error('A field of an unknown kind was declared.');
  }
}

function fieldSchema(field: FieldDecl): z.ZodMiniType {
  const schema = valueSchema(field.value);
  switch (field.read.when) {
    case 'required':
      return schema;
    case 'missing':
      return z._default(schema, field.read.as);
    case 'anyBad':
      return z._default(z.catch(schema, field.read.as), field.read.as);
    default:
      field.read satisfies never;
      throw new Error('A field with an unknown read rule was declared.');
  }
}

/** An entry as read: its plain fields, and its position and removal where the record has them. */
export type EntryRead<F extends Readonly<Record<string, FieldDecl>>> = ReadFields<F> &
  (F extends { position: FieldDecl } ? { position: Position } : unknown) &
  (F extends { removed: FieldDecl } ? { removed: Removal | null } : unknown);

/** The lenient reader of a declared record's entries. */
export function readSchemaOf<F extends Readonly<Record<string, FieldDecl>>>(record: RecordDecl<F>): z.ZodMiniType<EntryRead<F>> {
  const shape: Record<string, z.ZodMiniType> = {};
  for (const [key, field] of Object.entries<FieldDecl>(record.fields)) shape[key] = fieldSchema(field);
  // reason: the object is built field by field from the declaration, so zod cannot infer its type;
  // EntryRead<F> is that type, derived from the same declaration (tests/shared/records/ read each field back).
  return z.object(shape) as unknown as z.ZodMiniType<EntryRead<F>>;
}
