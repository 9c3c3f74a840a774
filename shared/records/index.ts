// The board's records, each declared once (field.ts says what a declaration holds).

import { OBJECTIVE_RECORD } from './objective.ts';
import { PERSON_RECORD } from './person.ts';
import { OFFER_RECORD } from './offer.ts';
import { RELATIONSHIP_RECORD } from './relationship.ts';
import type { FieldDecl, RecordDecl } from './field.ts';

export { OBJECTIVE_RECORD, PERSON_RECORD, OFFER_RECORD, RELATIONSHIP_RECORD };
export { fieldPath, fieldsWith, pathsOfRule, yjsShape } from './field.ts';
export type { FieldDecl, Party, PlanField, ReadFields, ReadRule, ReadType, RecordDecl, RecordName, ValueKind, YjsShape } from './field.ts';

/** Every declared record, by the root it lives under. */
export const RECORDS: Readonly<Record<'objectives' | 'people' | 'offers' | 'relationships', RecordDecl>> = {
  objectives: OBJECTIVE_RECORD,
  people: PERSON_RECORD,
  offers: OFFER_RECORD,
  relationships: RELATIONSHIP_RECORD,
};

/** The declared field at a rule path (`offers.*.frequency`), if there is one. */
export function declaredField(pattern: string): FieldDecl | undefined {
  const [root, star, key] = pattern.split('.');
  if (star !== '*' || key === undefined || root === undefined || !Object.hasOwn(RECORDS, root)) return undefined;
  const fields: Readonly<Record<string, FieldDecl>> = RECORDS[root as keyof typeof RECORDS].fields;
  return Object.hasOwn(fields, key) ? fields[key] : undefined;
}
