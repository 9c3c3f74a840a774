// What one applied update changed, in the document's own terms: "set offers.<id>.kind", "add
// offers.<id>", "edit contingency"… Read from the Yjs transaction that applied it (the structs it
// created and the items it deleted), so the answer follows Yjs's own semantics exactly, including
// the parent and key of items that carry neither on the wire (AUTHORITY.md, "Yjs 13 facts").
// Anything that does not fit the document's shape is reported as a refusal: this fails closed.

import * as Y from 'yjs';
import { isIdShaped } from '../../../shared/ids.ts';
import { entryWriters, itemsIn } from '../../../shared/yjsItems.ts';
import { OBJECTIVE_KEYS, OFFER_KEYS, PERSON_KEYS } from '../../../shared/board-schema.ts';
import type { FieldShape, RootShape } from '../../../shared/board-fields.ts';
import type { ChangeOp, Refusal } from '../../../shared/rules.ts';

/** One change an update makes, at a concrete path (`['offers', id, 'kind']`) and its rule pattern. */
export interface Change {
  op: ChangeOp;
  path: readonly string[];
  /** The path with the entry id as `*`, as the rules table names it. */
  pattern: string;
  /** The entry of a collection this change is in or on (for owner fields and final checks). */
  entry: Y.Map<unknown> | null;
  /** For `set`: the value written (a plain value or a new shared type); NOT_VISIBLE if it was overwritten at once. */
  value?: unknown;
  /** For `set`: the plain value it replaced, when the update overwrote one that was there before it. */
  previous?: unknown;
  /** For `edit`: characters or list items inserted. */
  inserted?: number;
  /** For `remove`: the Yjs client ids that wrote any part of the entry, and whether it was in "Removed". */
  deletion?: { writers: ReadonlySet<number>; wasRemoved: boolean };
}

/** The field that holds an entry's removal (`{by, at}`): the same key in wishes, people and offers. */
const REMOVED = OFFER_KEYS.removed satisfies typeof OBJECTIVE_KEYS.removed & typeof PERSON_KEYS.removed;

/** The value of a `set` whose item was deleted in the same update (it never became visible). */
export const NOT_VISIBLE: unique symbol = Symbol('not visible');

/** What inspecting a transaction found. */
export type Inspection = { ok: true; changes: Change[]; clients: Set<number> } | { ok: false; refusal: Refusal };

type Shape = Readonly<Record<string, RootShape>>;
type Content = Y.Item['content'];

/** Where a shared type sits in the document. */
type TypeLocation =
  | { at: 'root'; root: string; shape: RootShape }
  | { at: 'entry'; root: string; id: string; entry: Y.Map<unknown>; entryItem: Y.Item; fields: Readonly<Record<string, FieldShape>> }
  | { at: 'field'; root: string; id: string; field: string; shape: FieldShape; entry: Y.Map<unknown>; entryItem: Y.Item }
  | { at: 'unknown' };

class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
  }
}

function refuse(message: string): never {
  throw new Refused({ rule: 'shape', message });
}

/**
 * Describes the transaction `tr` that has just applied an update to `doc` (call it inside the
 * transaction, before it ends). Every struct the update created and every item it deleted is
 * mapped to a change; anything outside `shape` refuses the whole update.
 */
export function inspectTransaction(doc: Y.Doc, tr: Y.Transaction, shape: Shape): Inspection {
  try {
    return { ok: true, ...new Inspector(doc, tr, shape).run() };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, refusal: error.refusal };
    // reason: an inspector bug must refuse the update, never let it through
    return { ok: false, refusal: { rule: 'shape', message: `The change could not be understood (${String(error)}).` } };
  }
}

class Inspector {
  private readonly locations = new Map<Y.AbstractType<unknown>, TypeLocation>();
  private readonly changes: Change[] = [];
  private readonly clients = new Set<number>();
  /** Paths given a new value in this update (so the deletion of the old value is an overwrite). */
  private readonly written = new Set<string>();
  /** Entries added in this update, by `root/id`. */
  private readonly added = new Set<string>();
  private readonly edits = new Map<string, Change>();
  /** The plain values this update overwrote, by path (`root/id/key`). */
  private readonly overwritten = new Map<string, unknown>();

  constructor(
    private readonly doc: Y.Doc,
    private readonly tr: Y.Transaction,
    private readonly shape: Shape,
  ) {}

  run(): { changes: Change[]; clients: Set<number> } {
    for (const [client, structs] of this.doc.store.clients) {
      const before = this.tr.beforeState.get(client) ?? 0;
      const last = structs[structs.length - 1];
      if (last === undefined || last.id.clock + last.length <= before) continue;
      this.clients.add(client);
      for (let i = Y.findIndexSS(structs, before); i < structs.length; i += 1) {
        const struct = structs[i];
        if (struct instanceof Y.Item) this.created(struct);
        // GC structs carry no content: a client's own garbage-collected deletions.
      }
    }
    for (const item of itemsIn(this.doc, this.tr.deleteSet)) if (!this.isNew(item)) this.deleted(item);
    for (const change of this.changes) {
      const key = change.path.join('/');
      if (change.op === 'set' && this.overwritten.has(key)) change.previous = this.overwritten.get(key);
    }
    return { changes: this.changes, clients: this.clients };
  }

  private isNew(item: Y.Item): boolean {
    return item.id.clock >= (this.tr.beforeState.get(item.id.client) ?? 0);
  }

  /** A struct this update created. */
  private created(item: Y.Item): void {
    const where = this.locate(this.parentOf(item));
    const key = item.parentSub;
    const content = item.content;
    const gone = content instanceof Y.ContentDeleted;
    // Written and deleted again by this same update (or the loser of a concurrent write): its value
    // is still judged, but it does not hide the removal of what was there before.
    const visible = !gone && !item.deleted;
    switch (where.at) {
      case 'root': {
        const { root, shape } = where;
        if (shape.kind === 'text') {
          if (key !== null) refuse(`The ${root} text has no fields.`);
          if (!gone && !(content instanceof Y.ContentString)) refuse(`The ${root} holds plain text only.`);
          this.edit([root], null, gone ? 0 : item.length);
          return;
        }
        if (key === null) refuse(`The ${root} of the board is not a list.`);
        if (shape.kind === 'map') {
          const field = shape.fields[key];
          if (field === undefined || field.kind !== 'value') refuse(`The board has no ${root} field ${JSON.stringify(key.slice(0, 40))}.`);
          this.set([root, key], `${root}.${key}`, null, gone ? NOT_VISIBLE : plainValue(content, `${root}.${key}`), visible);
          return;
        }
        if (!isIdShaped(key)) refuse(`An entry of ${root} must have an id for its key.`);
        if (!gone && !(content instanceof Y.ContentType && content.type instanceof Y.Map)) refuse(`Each entry of ${root} must be a map.`);
        if (visible) {
          this.added.add(`${root}/${key}`);
          this.written.add(`${root}/${key}`);
        }
        const entry = gone ? null : (content as Y.ContentType).type as Y.Map<unknown>;
        this.changes.push({ op: 'add', path: [root, key], pattern: `${root}.*`, entry, value: entry ?? NOT_VISIBLE });
        return;
      }
      case 'entry': {
        const { root, id, entry, entryItem, fields } = where;
        if (key === null) refuse(`An entry of ${root} is not a list.`);
        const field = fields[key];
        if (field === undefined) refuse(`An entry of ${root} has no field ${JSON.stringify(key.slice(0, 40))}.`);
        const pattern = `${root}.*.${key}`;
        if (!gone) checkContentFits(field, content, pattern);
        // Fields of an entry added by this same update are checked with the whole entry.
        if (this.isNew(entryItem)) return;
        if (field.kind === 'text') refuse(`The text of ${pattern} cannot be replaced, only edited.`);
        const value = gone ? NOT_VISIBLE : field.kind === 'value' ? plainValue(content, pattern) : (content as Y.ContentType).type;
        this.set([root, id, key], pattern, entry, value, visible);
        return;
      }
      case 'field': {
        const { root, id, field, shape, entry, entryItem } = where;
        const pattern = `${root}.*.${field}`;
        if (key !== null || shape.kind === 'value') refuse(`${pattern} cannot hold anything inside it.`);
        if (!gone) {
          if (shape.kind === 'text' && !(content instanceof Y.ContentString)) refuse(`${pattern} holds plain text only.`);
          if (shape.kind === 'list') {
            if (!(content instanceof Y.ContentAny)) refuse(`${pattern} holds a list of ids only.`);
            for (const value of (content as Y.ContentAny).arr) if (!shape.item.safeParse(value).success) refuse(`${pattern} holds a list of ids only.`);
          }
        }
        if (this.isNew(entryItem)) return;
        this.edit([root, id, field], entry, gone ? 0 : item.length);
        return;
      }
      case 'unknown':
        refuse('The change writes to a part the board does not have.');
        return;
      default:
        where satisfies never;
    }
  }

  /** An item that existed before this update and that it deleted. */
  private deleted(item: Y.Item): void {
    const where = this.locate(this.parentOf(item));
    const key = item.parentSub;
    switch (where.at) {
      case 'root': {
        const { root, shape } = where;
        if (shape.kind === 'text') this.edit([root], null, 0);
        else if (key === null) return;
        else if (shape.kind === 'map') {
          // Overwritten by a new value (a `set`), or removed outright.
          if (!this.written.has(`${root}/${key}`)) this.unset([root, key], `${root}.${key}`, null);
        } else if (this.written.has(`${root}/${key}`)) {
          refuse(`An entry of ${root} cannot be replaced by another with the same id.`);
        } else {
          const entry = contentMap(item);
          this.changes.push({ op: 'remove', path: [root, key], pattern: `${root}.*`, entry, deletion: this.deletion(item, entry) });
        }
        return;
      }
      case 'entry': {
        const { root, id, entry, entryItem } = where;
        // Taking an entry apart because the entry itself is removed is part of removing it.
        if (key === null || entryItem.deleted) return;
        if (this.written.has(`${root}/${id}/${key}`)) {
          // Overwritten by the new value: the rules may ask what it was (an offer's place and yes).
          if (item.content instanceof Y.ContentAny && item.content.arr.length === 1) this.overwritten.set(`${root}/${id}/${key}`, item.content.arr[0]);
          return;
        }
        this.unset([root, id, key], `${root}.*.${key}`, entry);
        return;
      }
      case 'field': {
        const { root, id, field, entry, entryItem } = where;
        if (!entryItem.deleted) this.edit([root, id, field], entry, 0);
        return;
      }
      case 'unknown':
        // Removing what the shape does not know (left by an older server) only tidies up.
        return;
      default:
        where satisfies never;
    }
  }

  /** Who wrote any part of an entry this update deletes, and whether it was in "Removed" before the update. */
  private deletion(entryItem: Y.Item, entry: Y.Map<unknown> | null): NonNullable<Change['deletion']> {
    return { writers: entryWriters(entryItem), wasRemoved: this.removedBefore(entry) };
  }

  /**
   * Whether the entry held a removal before this update: the newest value of `removed` from before
   * it, if that value still stood when the update came. Read inside the transaction, while the
   * items this update deleted still hold their content.
   */
  private removedBefore(entry: Y.Map<unknown> | null): boolean {
    for (let item = entry?._map.get(REMOVED) ?? null; item !== null; item = item.left) {
      if (this.isNew(item)) continue;
      const stood = !item.deleted || this.deletedNow(item);
      return stood && item.content instanceof Y.ContentAny && (item.content.arr[0] ?? null) !== null;
    }
    return false;
  }

  /** True when this update deleted `item` (its delete set is not sorted until the transaction ends). */
  private deletedNow(item: Y.Item): boolean {
    const { client, clock } = item.id;
    return (this.tr.deleteSet.clients.get(client) ?? []).some((range) => clock >= range.clock && clock < range.clock + range.len);
  }

  private set(path: string[], pattern: string, entry: Y.Map<unknown> | null, value: unknown, visible: boolean): void {
    if (visible) this.written.add(path.join('/'));
    this.changes.push({ op: 'set', path, pattern, entry, value });
  }

  private unset(path: string[], pattern: string, entry: Y.Map<unknown> | null): void {
    this.changes.push({ op: 'unset', path, pattern, entry });
  }

  /** One `edit` change per shared text or list, counting what the update inserted into it. */
  private edit(path: string[], entry: Y.Map<unknown> | null, inserted: number): void {
    const key = path.join('/');
    const known = this.edits.get(key);
    if (known) {
      known.inserted = (known.inserted ?? 0) + inserted;
      return;
    }
    const pattern = path.length === 3 ? `${path[0]}.*.${path[2]}` : path.join('.');
    const change: Change = { op: 'edit', path, pattern, entry, inserted };
    this.edits.set(key, change);
    this.changes.push(change);
  }

  private parentOf(item: Y.Item): Y.AbstractType<unknown> | null {
    return item.parent instanceof Y.AbstractType ? (item.parent as Y.AbstractType<unknown>) : null;
  }

  /** Where a type sits: a root of the shape, an entry of a collection, or a field of an entry. */
  private locate(type: Y.AbstractType<unknown> | null): TypeLocation {
    if (type === null) return { at: 'unknown' };
    const known = this.locations.get(type);
    if (known) return known;
    const found = this.find(type);
    this.locations.set(type, found);
    return found;
  }

  private find(type: Y.AbstractType<unknown>): TypeLocation {
    // Every shape is at most root → entry → field: a type nested deeper is unknown, found without
    // recursing (a crafted update can nest thousands of maps).
    let depth = 0;
    for (let up = type._item; up !== null; up = this.parentOf(up)?._item ?? null) {
      depth += 1;
      if (depth > 2) return { at: 'unknown' };
    }
    const holder = type._item;
    if (holder === null) {
      const root = Y.findRootTypeKey(type);
      const shape = Object.hasOwn(this.shape, root) ? this.shape[root] : undefined;
      return shape === undefined ? { at: 'unknown' } : { at: 'root', root, shape };
    }
    const key = holder.parentSub;
    const container = this.locate(this.parentOf(holder));
    if (key === null) return { at: 'unknown' };
    if (container.at === 'root' && container.shape.kind === 'collection' && type instanceof Y.Map) {
      return { at: 'entry', root: container.root, id: key, entry: type as Y.Map<unknown>, entryItem: holder, fields: container.shape.fields };
    }
    if (container.at === 'entry') {
      const shape = Object.hasOwn(container.fields, key) ? container.fields[key] : undefined;
      if (shape === undefined) return { at: 'unknown' };
      return { at: 'field', root: container.root, id: container.id, field: key, shape, entry: container.entry, entryItem: container.entryItem };
    }
    return { at: 'unknown' };
  }
}

/** The one plain value a map item holds. */
function plainValue(content: Content, pattern: string): unknown {
  if (!(content instanceof Y.ContentAny) || content.arr.length !== 1) return refuse(`${pattern} must hold one plain value.`);
  return content.arr[0];
}

/** Refuses content of the wrong kind for a field: plain values, shared text, or a list. */
function checkContentFits(field: FieldShape, content: Content, pattern: string): void {
  const ok =
    field.kind === 'value'
      ? content instanceof Y.ContentAny && content.arr.length === 1
      : content instanceof Y.ContentType && (field.kind === 'text' ? content.type instanceof Y.Text : content.type instanceof Y.Array);
  if (!ok) refuse(`${pattern} cannot hold that kind of value.`);
}

function contentMap(item: Y.Item): Y.Map<unknown> | null {
  return item.content instanceof Y.ContentType && item.content.type instanceof Y.Map ? (item.content.type as Y.Map<unknown>) : null;
}
