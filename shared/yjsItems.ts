// Reading a Yjs document's items as they are, never splitting one: the items a delete set names (a
// transaction's deletions, an undo step's insertions), and who wrote an entry of the board (a wish,
// a person, an offer). The server lets a person delete for good only their own addition that nobody
// else has changed; the client keeps Undo from trying anything else.

import * as Y from 'yjs';

/** A set of item ranges by client (Yjs does not export its class's type). */
type DeleteSet = Y.Transaction['deleteSet'];

/** The items of `doc` that `set` names, in the store's order. */
export function* itemsIn(doc: Y.Doc, set: DeleteSet): Generator<Y.Item> {
  for (const [client, ranges] of set.clients) {
    const structs = doc.store.clients.get(client) ?? [];
    for (const range of ranges) {
      for (let i = Y.findIndexSS(structs, range.clock); i < structs.length; i += 1) {
        const struct = structs[i];
        if (struct === undefined || struct.id.clock >= range.clock + range.len) break;
        // GC structs carry no content: a client's own garbage-collected deletions.
        if (struct instanceof Y.Item) yield struct;
      }
    }
  }
}

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
