// A relationship on the family map, declared once: see field.ts for what each part means. It joins
// two people, or a person and the young person; who it joins is fixed when it is added (to change
// that, remove it and add another), what it is may change.

import { RELATIONSHIP_KINDS } from '../vocabulary.ts';
import { removedField } from './field.ts';
import type { FieldDecl, RecordDecl } from './field.ts';

/** A line on the family map: a parent, a brother, a partner… between two of the young person's people. */
export const RELATIONSHIP_RECORD = {
  root: 'relationships',
  what: 'relationship',
  fields: {
    from: {
      value: { type: 'party' },
      required: true,
      read: { when: 'required' },
      label: 'Who the relationship is from',
      words: 'who it is from',
      rule: 'relationships.ends',
      editable: false,
      plan: { key: 'from', describe: 'A person’s id, or "youngPerson"; for a parent or carer, the parent or carer' },
    },
    to: {
      value: { type: 'party' },
      required: true,
      read: { when: 'required' },
      label: 'Who the relationship is to',
      words: 'who it is to',
      rule: 'relationships.ends',
      editable: false,
      plan: { key: 'to', describe: 'A person’s id, or "youngPerson"; for a parent or carer, their child or the one they care for' },
    },
    kind: {
      value: { type: 'oneOf', values: RELATIONSHIP_KINDS },
      required: true,
      read: { when: 'required' },
      label: 'The kind of relationship',
      words: 'the kind of relationship',
      rule: 'relationships',
      editable: true,
      plan: { key: 'kind', diffLabel: 'Relationship' },
    },
    removed: removedField('removed'),
  },
} as const satisfies RecordDecl<Readonly<Record<string, FieldDecl>>>;
