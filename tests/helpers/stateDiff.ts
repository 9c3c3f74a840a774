// A second way to tell what an update changed, for testing the server's own (inspect.ts): compare
// the whole document before and after, as plain snapshots, instead of reading the transaction.
// Slow (it walks everything) and blind to writes that change nothing visible, but independent of
// Yjs's item structure — so the two are fuzzed against each other (AUTHORITY.md asks for this).

import * as Y from 'yjs';
import { isIdShaped } from '../../shared/ids.ts';
import { entryWriters } from '../../shared/yjsItems.ts';
import type { FieldShape, RootShape } from '../../shared/board-fields.ts';
import type { Refusal } from '../../shared/rules.ts';
import type { Change } from '../../server/sync/authority/inspect.ts';

type Shape = Readonly<Record<string, RootShape>>;

/** A plain picture of one shared type or value, with the identity of shared types. */
type Snap =
  | { t: 'map'; id: string; entries: Map<string, Snap> }
  | { t: 'text'; id: string; text: string; plain: boolean; live: Y.Text }
  | { t: 'array'; id: string; items: unknown[]; live: Y.Array<unknown> }
  | { t: 'other'; id: string }
  | { t: 'value'; value: unknown };

function typeId(type: { _item: Y.Item | null }): string {
  const item = type._item;
  return item ? `${item.id.client}:${item.id.clock}` : 'root';
}

function snap(value: unknown): Snap {
  if (value instanceof Y.Map) {
    const entries = new Map<string, Snap>();
    for (const [key, child] of value.entries()) entries.set(key, snap(child));
    return { t: 'map', id: typeId(value), entries };
  }
  if (value instanceof Y.Text) {
    const plain = value.toDelta().every((op: { insert?: unknown; attributes?: unknown }) => typeof op.insert === 'string' && op.attributes === undefined);
    return { t: 'text', id: typeId(value), text: value.toString(), plain, live: value };
  }
  if (value instanceof Y.Array) return { t: 'array', id: typeId(value), items: value.toArray(), live: value };
  if (value instanceof Y.AbstractType) return { t: 'other', id: typeId(value) };
  return { t: 'value', value };
}

/** Every root of a document as a snapshot; roots the shape does not know are kept as they are found. */
function snapshotRoots(doc: Y.Doc, shape: Shape): Map<string, Snap> {
  const roots = new Map<string, Snap>();
  for (const [name, type] of doc.share) {
    const known = Object.hasOwn(shape, name) ? shape[name] : undefined;
    if (known?.kind === 'text') roots.set(name, snap(doc.getText(name)));
    else if (known) roots.set(name, snap(doc.getMap(name)));
    else {
      // An unknown root only counts once something is in it.
      const used = type._start !== null || type._map.size > 0;
      roots.set(name, used ? { t: 'other', id: `root:${name}` } : { t: 'value', value: undefined });
    }
  }
  return roots;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const shapeRefusal = (message: string): Refusal => ({ rule: 'shape', message });

/**
 * The changes between two snapshots, in the form judge() takes, or the shape refusal. Texts count
 * as edited when their words differ, with `inserted` the growth in length.
 */
export function diffSnapshots(before: Map<string, Snap>, after: Map<string, Snap>, shape: Shape): Change[] | Refusal {
  const changes: Change[] = [];
  for (const [name, now] of after) {
    const root = Object.hasOwn(shape, name) ? shape[name] : undefined;
    const was = before.get(name);
    if (root === undefined) {
      if (now.t !== 'value') return shapeRefusal('unknown root');
      continue;
    }
    if (root.kind === 'text') {
      if (now.t !== 'text') return shapeRefusal('root text is not text');
      if (!now.plain) return shapeRefusal('formatted text');
      const old = was?.t === 'text' ? was.text : '';
      if (old !== now.text) changes.push({ op: 'edit', path: [name], pattern: name, entry: null, inserted: Math.max(0, now.text.length - old.length) });
      continue;
    }
    if (now.t !== 'map') return shapeRefusal('root is not a map');
    const oldEntries = was?.t === 'map' ? was.entries : new Map<string, Snap>();
    if (root.kind === 'map') {
      for (const [key, value] of now.entries) {
        const field = Object.hasOwn(root.fields, key) ? root.fields[key] : undefined;
        if (field === undefined || value.t !== 'value') return shapeRefusal(`unknown or nested meta ${key}`);
        const old = oldEntries.get(key);
        if (old === undefined || old.t !== 'value' || !same(old.value, value.value)) {
          changes.push({ op: 'set', path: [name, key], pattern: `${name}.${key}`, entry: null, value: value.value });
        }
      }
      for (const key of oldEntries.keys()) if (!now.entries.has(key)) changes.push({ op: 'unset', path: [name, key], pattern: `${name}.${key}`, entry: null });
      continue;
    }
    // A collection of entries.
    for (const [id, entry] of now.entries) {
      const old = oldEntries.get(id);
      if (!isIdShaped(id)) return shapeRefusal('entry key is not an id');
      if (entry.t !== 'map') return shapeRefusal('entry is not a map');
      const live = liveMapOf(entry);
      if (old === undefined) {
        const bad = checkNewEntry(entry, root.fields);
        if (bad) return bad;
        changes.push({ op: 'add', path: [name, id], pattern: `${name}.*`, entry: live, value: live });
        continue;
      }
      if (old.t !== 'map' || old.id !== entry.id) return shapeRefusal('entry replaced');
      for (const [key, value] of entry.entries) {
        const field = Object.hasOwn(root.fields, key) ? root.fields[key] : undefined;
        if (field === undefined) return shapeRefusal(`unknown field ${key}`);
        const previous = old.entries.get(key);
        const path = [name, id, key];
        const pattern = `${name}.*.${key}`;
        if (field.kind === 'value') {
          if (value.t !== 'value') return shapeRefusal('nested value');
          if (previous === undefined || previous.t !== 'value' || !same(previous.value, value.value)) {
            changes.push({ op: 'set', path, pattern, entry: live, value: value.value, ...(previous?.t === 'value' ? { previous: previous.value } : {}) });
          }
        } else if (field.kind === 'text') {
          if (value.t !== 'text' || (previous !== undefined && (previous.t !== 'text' || previous.id !== value.id))) return shapeRefusal('text replaced');
          if (!value.plain) return shapeRefusal('formatted text');
          const oldText = previous?.t === 'text' ? previous.text : '';
          if (oldText !== value.text) changes.push({ op: 'edit', path, pattern, entry: live, inserted: Math.max(0, value.text.length - oldText.length) });
        } else {
          if (value.t !== 'array') return shapeRefusal('list is not a list');
          if (value.items.some((item) => !field.item.safeParse(item).success)) return shapeRefusal('list holds more than ids');
          if (previous === undefined || previous.t !== 'array' || previous.id !== value.id) changes.push({ op: 'set', path, pattern, entry: live, value: value.live });
          else if (!same(previous.items, value.items)) changes.push({ op: 'edit', path, pattern, entry: live, inserted: Math.max(0, value.items.length - previous.items.length) });
        }
      }
      for (const key of old.entries.keys()) if (!entry.entries.has(key)) changes.push({ op: 'unset', path: [name, id, key], pattern: `${name}.*.${key}`, entry: live });
    }
    for (const [id, old] of oldEntries) {
      if (now.entries.has(id)) continue;
      const live = old.t === 'map' ? liveMapOf(old) : null;
      // Who wrote it comes from its items (shared/yjsItems.ts); whether it was in "Removed", from the snapshot.
      const removal = old.t === 'map' ? old.entries.get('removed') : undefined;
      const deletion = { writers: writersOf.get(old) ?? new Set<number>(), wasRemoved: removal?.t === 'value' && (removal.value ?? null) !== null };
      changes.push({ op: 'remove', path: [name, id], pattern: `${name}.*`, entry: live, deletion });
    }
  }
  return changes;
}

// The live Y.Map of an entry snapshot: kept beside the snapshot so judge() can read owner fields.
const liveMaps = new WeakMap<Snap, Y.Map<unknown>>();
// Who had written each entry when its snapshot was taken (once deleted, its parts are collected).
const writersOf = new WeakMap<Snap, Set<number>>();

function liveMapOf(entry: Snap): Y.Map<unknown> | null {
  return liveMaps.get(entry) ?? null;
}

/** A snapshot of the whole document that remembers the live map of each entry (for owner fields). */
export function snapshotDoc(doc: Y.Doc, shape: Shape): Map<string, Snap> {
  const roots = snapshotRoots(doc, shape);
  for (const [name, root] of roots) {
    if (shape[name]?.kind !== 'collection' || root.t !== 'map') continue;
    const live = doc.getMap(name);
    for (const [id, entry] of root.entries) {
      const map = live.get(id);
      if (!(map instanceof Y.Map)) continue;
      liveMaps.set(entry, map as Y.Map<unknown>);
      if (map._item) writersOf.set(entry, entryWriters(map._item));
    }
  }
  return roots;
}

function checkNewEntry(entry: Extract<Snap, { t: 'map' }>, fields: Readonly<Record<string, FieldShape>>): Refusal | null {
  for (const [key, value] of entry.entries) {
    const field = Object.hasOwn(fields, key) ? fields[key] : undefined;
    if (field === undefined) return shapeRefusal(`unknown field ${key}`);
    if (field.kind === 'value' && value.t !== 'value') return shapeRefusal('nested value');
    if (field.kind === 'text' && (value.t !== 'text' || !value.plain)) return shapeRefusal('text field is not plain text');
    if (field.kind === 'list' && value.t !== 'array') return shapeRefusal('list field is not a list');
  }
  return null;
}
