// A declared record's fields in the canonical plan (shared/plan.ts): each field with a `plan` key
// becomes that key of the plan's entry, with its value as read from the board, and (for the diff)
// its label. The plan uses full zod, as it did: its JSON Schema is published.

import { z } from 'zod';
import type { FieldDecl, PlanField, PlanKey, ReadType, RecordDecl, ValueKind } from './field.ts';

type Fields = Readonly<Record<string, FieldDecl>>;


/** The plan schema of each plan field: the value as read, optional for fields added since version 2. */
export type PlanShape<F extends Fields> = {
  -readonly [K in keyof F as PlanKey<F[K]>]: F[K] extends { plan: { since: number } }
    ? z.ZodOptional<z.ZodType<ReadType<F[K]['value']>>>
    : z.ZodType<ReadType<F[K]['value']>>;
};

/** The plan values of an entry, keyed by their plan keys. */
export type PlanValues<F extends Fields> = { -readonly [K in keyof PlanShape<F>]: z.infer<PlanShape<F>[K]> };

function planValueSchema(value: ValueKind): z.ZodType {
  switch (value.type) {
    case 'oneOf':
      return value.orNull ? z.enum(value.values).nullable() : z.enum(value.values);
    case 'whole': {
      const whole = z.int().min(value.min).max(value.max);
      return (value.orTrue ? z.union([whole, z.literal(true)]) : whole).nullable();
    }
    case 'boolean':
      return z.boolean();
    case 'idOrNull':
    case 'timestampOrNull':
      return z.string().nullable();
    case 'idList':
      return z.array(z.string());
    case 'text':
    case 'short':
    case 'name':
    case 'id':
    case 'ref':
    case 'party':
    case 'order':
      return z.string();
    case 'position':
    case 'removal':
      throw new Error('A position or removal is said in the plan another way, not as a plan field.');
    default:
      value satisfies never;
      throw new Error('A field of an unknown kind was declared.');
  }
}

function planSchemaOf(plan: PlanField, value: ValueKind): z.ZodType {
  const schema = planValueSchema(value);
  if (plan.since === undefined) return plan.describe === undefined ? schema : schema.describe(plan.describe);
  const since = `${plan.describe ?? plan.diffLabel ?? plan.key} (from schema version ${plan.since}; absent before it).`;
  return schema.optional().describe(since);
}

/** The plan fields of a record as zod schemas, in declared order. */
export function planShapeOf<F extends Fields>(record: RecordDecl<F>): PlanShape<F> {
  const shape: Record<string, z.ZodType> = {};
  for (const field of Object.values<FieldDecl>(record.fields)) {
    if (field.plan !== undefined) shape[field.plan.key] = planSchemaOf(field.plan, field.value);
  }
  // reason: built field by field from the declaration; PlanShape<F> is its type from the same declaration.
  return shape as PlanShape<F>;
}

/** An entry's plan values, in declared order: the values as read, under their plan keys. */
export function planValuesOf<F extends Fields>(record: RecordDecl<F>, entry: { readonly [K in keyof F]?: unknown }): PlanValues<F> {
  const values: Record<string, unknown> = {};
  for (const [key, field] of Object.entries<FieldDecl>(record.fields)) {
    if (field.plan !== undefined) values[field.plan.key] = entry[key];
  }
  // reason: each value is the entry's read value (ReadType), copied under its plan key.
  return values as PlanValues<F>;
}
