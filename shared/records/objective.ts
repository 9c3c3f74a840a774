// The objective record ("What I'd like", a wish), declared once: see field.ts for each part.

import { CATEGORIES, OBJECTIVE_STATUSES } from '../vocabulary.ts';
import { removedField } from './field.ts';
import type { FieldDecl, RecordDecl } from './field.ts';

/** A "What I'd like" objective: the young person's wish, in one of five categories. */
export const OBJECTIVE_RECORD = {
  root: 'objectives',
  what: 'objective',
  fields: {
    text: {
      value: { type: 'text' },
      required: true,
      read: { when: 'required' },
      label: "The wish's text",
      words: "the objective's text",
      rule: 'objectives.change',
      editable: true,
      plan: { key: 'text' },
    },
    category: {
      value: { type: 'oneOf', values: CATEGORIES },
      required: true,
      read: { when: 'required' },
      label: 'The category',
      words: 'category',
      rule: 'objectives.change',
      editable: true,
    },
    raisedBy: {
      value: { type: 'id' },
      required: true,
      read: { when: 'required' },
      label: 'Who added the wish',
      words: 'raiser',
      rule: 'objectives.raisedBy',
      editable: false,
    },
    status: {
      value: { type: 'oneOf', values: OBJECTIVE_STATUSES },
      required: true,
      read: { when: 'missing', as: 'open' },
      label: 'Whether it happened',
      words: 'objective status',
      rule: 'objectives.status',
      initial: 'open',
      editable: true,
      plan: { key: 'status' },
    },
    order: {
      value: { type: 'order' },
      required: true,
      read: { when: 'required' },
      label: "The wish's place",
      words: 'order',
      rule: 'objectives.change',
      editable: false,
    },
    removed: removedField('objectives.removed'),
  },
} as const satisfies RecordDecl<Readonly<Record<string, FieldDecl>>>;
