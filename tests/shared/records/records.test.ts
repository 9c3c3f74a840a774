// The board's record declarations (shared/records/): each field declared once, and the rules
// table, the server's shape checks and the labels all finding it there.

import { describe, expect, it } from 'vitest';
import { BOARD_SHAPE } from '../../../shared/board-fields.ts';
import { RECORDS, declaredField, fieldPath, yjsShape } from '../../../shared/records/index.ts';
import { BOARD_RULES, ruleFor } from '../../../shared/rules.ts';

const records = Object.values(RECORDS);

describe('the record declarations', () => {
  it('give every field a rule row that covers changing it, under the id the field names', () => {
    for (const record of records) {
      for (const [key, field] of Object.entries(record.fields)) {
        const path = fieldPath(record, key);
        const op = yjsShape(field.value) === 'value' ? 'set' : 'edit';
        const rule = ruleFor('board', op, path);
        expect(rule?.id, `${op} ${path}`).toBe(field.rule);
        expect(BOARD_RULES.some((row) => row.id === field.rule)).toBe(true);
      }
    }
  });

  it('give every field plain words: a label and the words a refusal uses', () => {
    for (const record of records) {
      for (const [key, field] of Object.entries(record.fields)) {
        expect(field.label.trim(), key).not.toBe('');
        expect(field.words.trim(), key).not.toBe('');
        expect(declaredField(fieldPath(record, key))).toBe(field);
      }
    }
    expect(declaredField('offers.*.frequency')?.label).toBe('How often');
    expect(declaredField('offers.*.nothing')).toBeUndefined();
    expect(declaredField('meta.title')).toBeUndefined();
  });

  it('make the server check each entry field by field, in the declared order and Yjs shape', () => {
    for (const record of records) {
      const root = BOARD_SHAPE[record.root];
      expect(root?.kind).toBe('collection');
      if (root?.kind !== 'collection') continue;
      expect(Object.keys(root.fields)).toEqual(Object.keys(record.fields));
      for (const [key, field] of Object.entries(record.fields)) {
        const shape = root.fields[key];
        expect(shape?.kind, key).toBe(yjsShape(field.value));
        if (shape?.kind === 'value') expect(shape.required, key).toBe(field.required);
      }
    }
  });
});
