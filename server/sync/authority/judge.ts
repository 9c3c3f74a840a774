// Deciding an inspected update: every change against the rules table (who, when, what value) and
// every new or changed entry against the document's shape, as it stands after the update.

import * as Y from 'yjs';
import type { z } from 'zod';
import { MAX_MERGED_TEXT } from '../../../shared/board-fields.ts';
import type { FieldShape, RootShape } from '../../../shared/board-fields.ts';
import { MAX_TEXT } from '../../../shared/board-schema.ts';
import type { DocName } from '../../../shared/roles.ts';
import { APPROVED_CONTENT, YES_CONTENT } from '../../../shared/board.ts';
import { declaredField } from '../../../shared/records/index.ts';
import { familyOf, familyProblem } from '../../../shared/board-relationships.ts';
import { GENERAL_RULES, VALUE_REFUSALS, YES_SAYERS, checkValue, permits, ruleFor } from '../../../shared/rules.ts';
import type { Deletion, Refusal, RuleContext } from '../../../shared/rules.ts';
import { NOT_VISIBLE, type Change } from './inspect.ts';

/** Most ids one offer may link (its "What I'd like" wishes). */
export const MAX_LIST_ITEMS = 200;

type Shape = Readonly<Record<string, RootShape>>;

const shapeRefusal = (message: string): Refusal => ({ rule: 'shape', message });

/** The first rule the changes break, or null when the whole update may stand. */
export function judge(doc: Y.Doc, docName: DocName, shape: Shape, changes: readonly Change[], ctx: RuleContext): Refusal | null {
  const touched = new Set<Y.Map<unknown>>();
  /** Offers whose content (what an approval is for) this update changes. */
  const reworded = new Set<Y.Map<unknown>>();
  /** Offers whose approval this update gives or takes away. */
  const reapproved = new Set<Y.Map<unknown>>();
  /** Offers whose content the young person said yes to this update changes. */
  const changedSinceYes = new Set<Y.Map<unknown>>();
  /** Relationships this update adds, changes or puts back; and whether it removes or puts back a person. */
  const familyLines = new Set<string>();
  let familyChanged = false;
  for (const change of changes) {
    const refusal = judgeOne(doc, docName, shape, change, ctx);
    if (refusal) return refusal;
    if (docName === 'board' && change.op !== 'edit') {
      const [root, id] = change.path;
      if (root === 'relationships' && id !== undefined) familyLines.add(id);
      familyChanged ||= root === 'relationships' || (root === 'people' && change.path[2] === 'removed');
    }
    if (change.entry && (change.op === 'set' || change.op === 'add')) touched.add(change.entry);
    if (change.entry && docName === 'board' && change.op !== 'add') {
      if (APPROVED_PATTERNS.has(change.pattern)) reworded.add(change.entry);
      if (YES_PATTERNS.has(change.pattern)) changedSinceYes.add(change.entry);
      if (change.pattern === 'offers.*.approvedBy') reapproved.add(change.entry);
    }
  }
  for (const entry of touched) {
    const refusal = entryInvariants(entry);
    if (refusal) return refusal;
  }
  // The family map as a whole: every line it gains joins two people on the board, and nobody becomes
  // their own ancestor (read only when the update touches relationships or who is on the board).
  if (familyChanged) {
    const message = familyProblem(familyOf(doc), familyLines);
    if (message !== null) return { rule: 'relationships', message };
  }
  // An approval is for what the offer says: changing that takes it away in the same update, so no
  // one ever sees (or agrees) an approved offer its approver has not read.
  for (const entry of reworded) {
    if (entry._item?.deleted || reapproved.has(entry)) continue;
    if ((entry.get('approvedBy') ?? null) !== null) return { rule: 'offers.approval', message: VALUE_REFUSALS.approvalStale };
  }
  // "Agreed" holds only what the young person said yes to: others move an offer back before changing it.
  if (!YES_SAYERS.includes(ctx.writer)) {
    for (const entry of changedSinceYes) {
      if (!entry._item?.deleted && columnOf(entry) === 'agreed') return { rule: 'offers.agreed', message: VALUE_REFUSALS.agreedChange };
    }
  }
  return null;
}

const APPROVED_PATTERNS: ReadonlySet<string> = new Set(APPROVED_CONTENT.map((key) => `offers.*.${key}`));
const YES_PATTERNS: ReadonlySet<string> = new Set(YES_CONTENT.map((key) => `offers.*.${key}`));

/** The column an offer entry is in now, read as plainly as the rules read it. */
function columnOf(entry: Y.Map<unknown>): unknown {
  const position: unknown = entry.get('position');
  return typeof position === 'object' && position !== null ? (position as Record<string, unknown>).column : undefined;
}

function judgeOne(doc: Y.Doc, docName: DocName, shape: Shape, change: Change, ctx: RuleContext): Refusal | null {
  if (ctx.locked && ctx.writer !== 'server' && docName === 'board') return GENERAL_RULES.locked;
  const fieldShape = fieldOf(shape, change.path);
  if (change.op === 'unset') {
    // Only an optional field may go (reading as its empty value): "removed" going is putting back,
    // which is what undoing a first removal does. Everything else an entry must keep.
    if (fieldShape?.kind !== 'value' || fieldShape.required) return shapeRefusal('Part of an entry cannot be removed on its own.');
    const setOwner = ruleFor(docName, 'set', change.pattern)?.owner;
    return (
      permits(docName, 'set', change.pattern, ctx, setOwner && change.entry ? change.entry.get(setOwner) : undefined) ??
      checkValue(docName, 'set', change.pattern, null, ctx)
    );
  }
  const owner = ruleFor(docName, change.op, change.pattern)?.owner;
  const ownerId = owner && change.entry ? change.entry.get(owner) : undefined;
  const refusal = permits(docName, change.op, change.pattern, ctx, ownerId);
  if (refusal) return refusal;
  switch (change.op) {
    case 'set': {
      if (change.value === NOT_VISIBLE) return null;
      if (fieldShape?.kind === 'value') {
        const parsed = fieldShape.schema.safeParse(change.value);
        if (!parsed.success) return shapeRefusal(`${label(change.pattern)} ${firstIssue(parsed.error)}.`);
      } else if (fieldShape?.kind === 'list') {
        const bad = listProblem(change.value, fieldShape, change.pattern);
        if (bad) return bad;
      } else {
        return GENERAL_RULES.unknown;
      }
      return checkValue(docName, 'set', change.pattern, change.value, ctx, ownerId, change.previous);
    }
    case 'add': {
      const entry = change.entry;
      // Added and removed again within the same update: nothing of it is left to check.
      if (entry === null || entry._item?.deleted) return null;
      const root = shape[change.path[0] ?? ''];
      if (root?.kind !== 'collection') return GENERAL_RULES.unknown;
      const plain = entryAsPlainData(entry, root.fields, change.pattern);
      if ('rule' in plain) return plain;
      return checkValue(docName, 'add', change.pattern, plain.data, ctx);
    }
    case 'edit': {
      if ((change.inserted ?? 0) > MAX_TEXT) return GENERAL_RULES.tooLong;
      const target = change.path.length === 1 ? doc.share.get(change.path[0] ?? '') : change.entry?.get(change.path[2] ?? '');
      if (change.entry?._item?.deleted) return null;
      if (target instanceof Y.Text && target.length > MAX_MERGED_TEXT) return GENERAL_RULES.tooLong;
      if (target instanceof Y.Array && target.length > MAX_LIST_ITEMS) return shapeRefusal(`${label(change.pattern)} links too many wishes.`);
      return null;
    }
    case 'remove': {
      const facts = change.deletion;
      const ownUntouched = facts !== undefined && ctx.ownClient !== undefined && [...facts.writers].every(ctx.ownClient);
      const deletion: Deletion = { ownUntouched, wasRemoved: facts?.wasRemoved ?? false };
      return checkValue(docName, 'remove', change.pattern, deletion, ctx);
    }
    default:
      change.op satisfies never;
      return GENERAL_RULES.unknown;
  }
}

/** A new entry as plain data, every field present and of its shape; or the refusal. */
function entryAsPlainData(
  entry: Y.Map<unknown>,
  fields: Readonly<Record<string, FieldShape>>,
  pattern: string,
): { data: Record<string, unknown> } | Refusal {
  const data: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(fields)) {
    const value: unknown = entry.get(key);
    const where = `${pattern}.${key}`;
    if (field.kind === 'value') {
      if (value === undefined) {
        if (field.required) return shapeRefusal(`A new entry needs ${label(where)}.`);
        continue;
      }
      const parsed = field.schema.safeParse(value);
      if (!parsed.success) return shapeRefusal(`${label(where)} ${firstIssue(parsed.error)}.`);
      data[key] = value;
    } else if (field.kind === 'text') {
      if (!(value instanceof Y.Text)) return shapeRefusal(`A new entry needs ${label(where)}.`);
      if (value.length > MAX_TEXT) return GENERAL_RULES.tooLong;
      data[key] = value.toString();
    } else if (value !== undefined) {
      const bad = listProblem(value, field, where);
      if (bad) return bad;
      data[key] = (value as Y.Array<unknown>).toArray();
    }
  }
  return { data };
}

function listProblem(value: unknown, field: Extract<FieldShape, { kind: 'list' }>, pattern: string): Refusal | null {
  if (!(value instanceof Y.Array)) return shapeRefusal(`${label(pattern)} must be a list.`);
  if (value.length > MAX_LIST_ITEMS) return shapeRefusal(`${label(pattern)} links too many wishes.`);
  for (const item of value.toArray()) if (!field.item.safeParse(item).success) return shapeRefusal(`${label(pattern)} holds ids only.`);
  return null;
}

/** Rules across the fields of one entry, checked on its state after the update. */
function entryInvariants(entry: Y.Map<unknown>): Refusal | null {
  if (entry._item?.deleted) return null;
  if (entry.has('approvedBy') || entry.has('approvedAt')) {
    const by = entry.get('approvedBy') ?? null;
    const at = entry.get('approvedAt') ?? null;
    if ((by === null) !== (at === null)) return { rule: 'offers.approval', message: 'An approval needs both who gave it and when.' };
  }
  return null;
}

function fieldOf(shape: Shape, path: readonly string[]): FieldShape | undefined {
  const root = shape[path[0] ?? ''];
  if (root === undefined || root.kind === 'text') return undefined;
  const key = root.kind === 'map' ? path[1] : path[2];
  return key !== undefined && Object.hasOwn(root.fields, key) ? root.fields[key] : undefined;
}

function firstIssue(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'is not allowed';
}

/** The conference's details have no record declaration (they are one map, not entries). */
const META_LABELS: Readonly<Record<string, string>> = {
  'meta.title': 'The title',
  'meta.youngPersonName': "The young person's name",
  'meta.reviewDate': 'The review date',
  'meta.connectionsAtStart': 'Connections at the start',
};

/** Plain words for a field pattern: a record field's declared label (shared/records/). */
function label(pattern: string): string {
  return declaredField(pattern)?.label ?? META_LABELS[pattern] ?? pattern;
}
