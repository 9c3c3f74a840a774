// Writes a prepared history into each server's storage while the server is stopped, the way each
// server itself would have stored it: ours through its SQLite store API (with the compaction its
// rooms do every COMPACT_EVERY_UPDATES updates), the relay through y-leveldb's storeUpdate.

import path from 'node:path';
import * as Y from 'yjs';
import { LeveldbPersistence } from 'y-leveldb';
import { conferenceId as toConferenceId, participantId } from '../shared/ids.ts';
import { openSqliteStore } from '../server/store/sqlite.ts';
import { COMPACT_EVERY_UPDATES } from '../server/sync/writer.ts';

/** Appends `updates` to a conference's board in DATA_DIR; returns how long it took (ms). */
export async function seedOurs(dataDir: string, conference: string, author: string, updates: readonly Uint8Array[]): Promise<number> {
  const started = performance.now();
  const store = await openSqliteStore({ file: path.join(dataDir, 'board.sqlite') });
  try {
    const id = toConferenceId(conference);
    const loaded = await store.docs.load(id, 'board');
    const mirror = new Y.Doc();
    const parts = loaded.snapshot ? [loaded.snapshot, ...loaded.updates] : loaded.updates;
    if (parts.length > 0) Y.applyUpdate(mirror, Y.mergeUpdates(parts));
    let pending = loaded.updates.length;
    const claimed = new Set(loaded.owners.keys());
    const who = { kind: 'participant' as const, id: participantId(author) };
    for (const update of updates) {
      // As the room stores a client's update: its new client ids become the author's.
      const claims = [...Y.parseUpdateMeta(update).to.keys()].filter((client) => !claimed.has(client));
      for (const client of claims) claimed.add(client);
      const seq = await store.docs.append(id, 'board', update, { author: who, at: Date.now(), claims });
      Y.applyUpdate(mirror, update);
      pending += 1;
      if (pending >= COMPACT_EVERY_UPDATES) {
        await store.docs.compact(id, 'board', Y.encodeStateAsUpdate(mirror), seq);
        pending = 0;
      }
    }
    mirror.destroy();
  } finally {
    await store.close();
  }
  return performance.now() - started;
}

/** Stores `updates` in a y-leveldb directory under `room`; returns how long it took (ms). */
export async function seedBaseline(dir: string, room: string, updates: readonly Uint8Array[]): Promise<number> {
  const started = performance.now();
  const ldb = new LeveldbPersistence(dir);
  try {
    for (const update of updates) await ldb.storeUpdate(room, update);
  } finally {
    await ldb.destroy();
  }
  return performance.now() - started;
}
