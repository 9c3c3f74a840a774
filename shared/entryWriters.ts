// Who wrote an entry of the board (a wish, a person, an offer): the Yjs client ids of the entry
// itself, of every value each of its fields has held, and of the items of its texts and lists. The
// server lets a person delete for good only their own addition that nobody else has changed; the
// client keeps Undo from trying anything else.

import * as Y from 'yjs';

/** The client ids that wrote any part of the entry that `entryItem` holds. */
export function entryWriters(entryItem: Y.Item): Set<number> {
  const writers = new Set<number>([entryItem.id.client]);
  const entry = entryItem.content instanceof Y.ContentType ? entryItem.content.type : null;
  if (!(entry instanceof Y.Map)) return writers;
  for (const newest of entry._map.values()) {
    // A field's earlier values are the items to the left of its newest one.
    for (let item: Y.Item | null = newest; item !== null; item = item.left) {
      writers.add(item.id.client);
      const inner = item.content instanceof Y.ContentType ? item.content.type : null;
      for (let part = inner?._start ?? null; part !== null; part = part.right) writers.add(part.id.client);
    }
  }
  return writers;
}
