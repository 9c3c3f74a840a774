// How a board record's field is declared, once, in the style of tldraw's record types: its value
// kind, how it is held in Yjs, how it reads when missing or damaged, its words, its rule row and its
// place in the canonical plan. The declarations are plain data: each part of the project turns a
// value kind into its own check (zod on the server, zod/mini in the board's reader, the named
// writes' BoardError checks), so declaring a field pulls no validator into the phone's bundle.

import type { ObjectiveId, OfferId, PersonId, RelationshipId } from '../ids.ts';
import type { YOUNG_PERSON } from '../vocabulary.ts';

/** Who removed an entry and when: kept on the entry, so anyone can put it back ("Removed" list). */
export interface Removal {
  by: string;
  at: string;
}

/** A record another record's field refers to by id. */
export type RecordName = 'objective' | 'person' | 'offer' | 'relationship';

/** The id type of each record. */
export interface RecordIds {
  objective: ObjectiveId;
  person: PersonId;
  offer: OfferId;
  relationship: RelationshipId;
}

/** One end of a relationship: a person on the board, or the young person. */
export type Party = PersonId | typeof YOUNG_PERSON;

/**
 * What a field holds. `text` is a Y.Text and `idList` a Y.Array of ids; every other kind is one
 * plain value, replaced as a whole. `name` is a short text that must not be blank. `oneOf` with
 * `orNull` may also be null (not said); `whole` is a whole number from min to max, or null (not
 * said), or with `orTrue` also true (a death whose year is not known). `party` is one end of a
 * relationship: a person's id or "youngPerson".
 */
export type ValueKind =
  | { readonly type: 'text' }
  | { readonly type: 'short' }
  | { readonly type: 'name' }
  | { readonly type: 'oneOf'; readonly values: readonly string[]; readonly orNull?: true }
  | { readonly type: 'whole'; readonly min: number; readonly max: number; readonly orTrue?: true }
  | { readonly type: 'id' }
  | { readonly type: 'ref'; readonly to: RecordName }
  | { readonly type: 'party' }
  | { readonly type: 'idList'; readonly of: RecordName }
  | { readonly type: 'idOrNull' }
  | { readonly type: 'timestampOrNull' }
  | { readonly type: 'boolean' }
  | { readonly type: 'order' }
  | { readonly type: 'position' }
  | { readonly type: 'removal' };

/** How the field is held in the entry's Y.Map. */
export type YjsShape = 'value' | 'text' | 'list';

/** The Yjs shape of each value kind. */
export function yjsShape(value: ValueKind): YjsShape {
  return value.type === 'text' ? 'text' : value.type === 'idList' ? 'list' : 'value';
}

/**
 * How a stored value reads (board-read.ts), leniently: `required` leaves the entry out when the
 * field is missing or wrong; `missing` reads a missing field as the given value (a wrong one still
 * leaves the entry out); `anyBad` reads a missing or wrong one as the given value.
 */
export type ReadRule =
  | { readonly when: 'required' }
  | { readonly when: 'missing'; readonly as: unknown }
  | { readonly when: 'anyBad'; readonly as: unknown };

/** The field in the canonical plan: its key there, and its label when a diff reports it changed. */
export interface PlanField {
  readonly key: string;
  /** Its label when a diff of two plans reports it changed (absent: the diff says it another way). */
  readonly diffLabel?: string;
  /** Its description in the plan's JSON Schema. */
  readonly describe?: string;
  /** The plan schema version that added it: optional in the plan, so plans agreed before keep their bytes. */
  readonly since?: number;
}

/** One field of a board record. */
export interface FieldDecl {
  readonly value: ValueKind;
  /** A new entry must have it (false: it may be absent, reading as its `read` value). */
  readonly required: boolean;
  readonly read: ReadRule;
  /** Plain words: a label on screen and in refusals ("How often"). */
  readonly label: string;
  /** The words a named write's refusal uses ("how often must be…"). */
  readonly words: string;
  /** The rules table's row (shared/rules.ts) that covers setting or editing it. */
  readonly rule: string;
  /** Its value when a named write adds an entry without it (absent: the write must give it). */
  readonly initial?: unknown;
  /** A named write may change it (the edit's patch takes it). */
  readonly editable: boolean;
  /** In the canonical plan (absent: not in the plan, or the plan says it another way). */
  readonly plan?: PlanField;
  /** Changing it takes an offer's approval away (what the approver read). */
  readonly approved?: boolean;
  /** The young person said yes to it: only they and the coordinator change it in "Agreed". */
  readonly saidYesTo?: boolean;
}

/** A board record: the root it lives under, what one entry is called, and its fields in order. */
export interface RecordDecl<F extends Readonly<Record<string, FieldDecl>> = Readonly<Record<string, FieldDecl>>> {
  readonly root: string;
  readonly what: RecordName;
  readonly fields: F;
}

/** Each field's key in the record's Yjs map, which is its name: `{ text: 'text', … }`. */
export function keysOf<F extends Readonly<Record<string, FieldDecl>>>(record: RecordDecl<F>): { readonly [K in keyof F & string]: K } {
  return Object.fromEntries(Object.keys(record.fields).map((key) => [key, key])) as { readonly [K in keyof F & string]: K };
}

/** The type a value kind reads as (board-read.ts). */
export type ReadType<V extends ValueKind> = V extends { type: 'text' | 'short' | 'name' | 'id' | 'order' }
  ? string
  : V extends { type: 'oneOf'; values: readonly (infer W)[]; orNull: true }
    ? W | null
  : V extends { type: 'oneOf'; values: readonly (infer W)[] }
    ? W
  : V extends { type: 'whole'; orTrue: true }
    ? number | true | null
  : V extends { type: 'whole' }
    ? number | null
    : V extends { type: 'party' }
      ? Party
    : V extends { type: 'ref'; to: infer R extends RecordName }
      ? RecordIds[R]
      : V extends { type: 'idList'; of: infer R extends RecordName }
        ? RecordIds[R][]
        : V extends { type: 'idOrNull' | 'timestampOrNull' }
          ? string | null
          : V extends { type: 'boolean' }
            ? boolean
            : never;

/** The plain fields of a record as read, leaving out those read another way (position, removal). */
export type ReadFields<F extends Readonly<Record<string, FieldDecl>>> = {
  -readonly [K in keyof F as ReadType<F[K]['value']> extends never ? never : K]: ReadType<F[K]['value']>;
};

/** The names of a record's fields that have `flag` set, in declaration order. */
export function fieldsWith<F extends Readonly<Record<string, FieldDecl>>>(
  record: RecordDecl<F>,
  test: (field: FieldDecl) => boolean,
): Array<keyof F & string> {
  return Object.keys(record.fields).filter((key) => {
    const field = record.fields[key];
    return field !== undefined && test(field);
  });
}

/** The rule path of a field (`offers.*.frequency`), as the rules table and the judge name it. */
export function fieldPath(record: RecordDecl, key: string): string {
  return `${record.root}.*.${key}`;
}

/** The paths of a record's fields covered by the rules table's row `rule`. */
export function pathsOfRule(record: RecordDecl, rule: string): string[] {
  return fieldsWith(record, (field) => field.rule === rule).map((key) => fieldPath(record, key));
}

/** The plan key of a field, or never when it is not in the plan. */
export type PlanKey<D> = D extends { plan: { key: infer P extends string } } ? P : never;

/** The diff labels of the plan fields that have one. */
export type DiffLabels<F extends Readonly<Record<string, FieldDecl>>> = {
  -readonly [K in keyof F as F[K] extends { plan: { diffLabel: string } } ? PlanKey<F[K]> : never]: string;
};

/** The diff labels of a record's plan fields, in declared order (shared/planDiff.ts). */
export function diffLabelsOf<F extends Readonly<Record<string, FieldDecl>>>(record: RecordDecl<F>): DiffLabels<F> {
  const labels: Record<string, string> = {};
  for (const field of Object.values<FieldDecl>(record.fields)) {
    if (field.plan?.diffLabel !== undefined) labels[field.plan.key] = field.plan.diffLabel;
  }
  // reason: built from the declaration, whose plan keys DiffLabels<F> lists.
  return labels as DiffLabels<F>;
}

type Fields = Readonly<Record<string, FieldDecl>>;
/** The fields a named write may change. */
type EditableKey<F extends Fields> = { [K in keyof F]: F[K] extends { editable: true } ? K : never }[keyof F] & keyof ReadFields<F>;
/** The fields a named write fills in when the caller leaves them out. */
type InitialKey<F extends Fields> = { [K in keyof F]: F[K] extends { initial: unknown } ? K : never }[keyof F];

/** What a named edit takes: any of the editable fields. */
export type PatchOf<F extends Fields> = Partial<Pick<ReadFields<F>, EditableKey<F>>>;
/** What a named add takes of the editable fields: those with an initial value may be left out. */
export type InputOf<F extends Fields> = Pick<ReadFields<F>, Exclude<EditableKey<F>, InitialKey<F>>> &
  Partial<Pick<ReadFields<F>, EditableKey<F> & InitialKey<F>>>;

/**
 * Who removed an entry and when (null: it is on the board), the same on every record that can be
 * removed and put back; `rule` is the rules table's row for removing it.
 */
export function removedField<R extends string>(rule: R) {
  return {
    value: { type: 'removal' },
    required: false,
    read: { when: 'anyBad', as: null },
    label: 'Removed',
    words: 'removal',
    rule,
    editable: false,
  } as const satisfies FieldDecl;
}
