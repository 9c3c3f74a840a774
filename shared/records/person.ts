// The person record ("My people"), declared once: see field.ts for what each part means.

import { CIRCLES, CONNECTIONS } from '../vocabulary.ts';
import { removedField } from './field.ts';
import type { FieldDecl, RecordDecl } from './field.ts';

/** One of "My people": someone in the young person's life. */
export const PERSON_RECORD = {
  root: 'people',
  what: 'person',
  fields: {
    displayName: {
      value: { type: 'name' },
      required: true,
      read: { when: 'required' },
      label: "A person's name",
      words: "the person's name",
      rule: 'people',
      editable: true,
      plan: { key: 'name' },
    },
    relationship: {
      value: { type: 'short' },
      required: true,
      read: { when: 'missing', as: '' },
      label: 'The relationship',
      words: 'the relationship',
      rule: 'people',
      editable: true,
      plan: { key: 'relationship' },
    },
    circle: {
      value: { type: 'oneOf', values: CIRCLES },
      required: true,
      read: { when: 'required' },
      label: 'The circle',
      words: 'circle',
      rule: 'people',
      editable: true,
      plan: { key: 'circle' },
    },
    connection: {
      value: { type: 'oneOf', values: CONNECTIONS },
      required: true,
      read: { when: 'required' },
      label: 'The connection',
      words: 'connection',
      rule: 'people',
      editable: true,
      plan: { key: 'connection' },
    },
    atConference: {
      value: { type: 'boolean' },
      required: true,
      read: { when: 'missing', as: false },
      label: 'At the conference',
      words: 'at the conference',
      rule: 'people',
      editable: true,
      plan: { key: 'atConference' },
    },
    removed: removedField('removed'),
  },
} as const satisfies RecordDecl<Readonly<Record<string, FieldDecl>>>;
