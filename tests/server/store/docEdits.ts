// Real Yjs documents for the document store suites: edits made one update at a time, and the
// documents rebuilt from what a store hands back.

import * as Y from 'yjs';
import type { LoadedDoc } from '../../../server/store/types.ts';

/** The parts of a loaded document that rebuild it. */
export function parts(loaded: LoadedDoc): Pick<LoadedDoc, 'snapshot' | 'updates' | 'lastSeq'> {
  return { snapshot: loaded.snapshot, updates: loaded.updates, lastSeq: loaded.lastSeq };
}

/** A real Yjs document edited `count` times, with each edit's update and the state after it. */
export function editedDoc(count: number): { doc: Y.Doc; updates: Uint8Array[]; stateAfter: Uint8Array[] } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  const stateAfter: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => {
    updates.push(update);
    stateAfter.push(Y.encodeStateAsUpdate(doc));
  });
  for (let i = 0; i < count; i++) {
    // One transaction per edit, so one edit is exactly one update.
    doc.transact(() => {
      if (i % 3 === 2) doc.getMap('offers').delete(`offer-${i - 1}`);
      else doc.getMap('offers').set(`offer-${i}`, { title: `Offer ${i}`, order: i });
      doc.getText('notes').insert(0, `${i};`);
    });
  }
  return { doc, updates, stateAfter };
}

/** What a person would see: Y.Doc.toJSON() skips types the doc has not asked for by name yet. */
export function content(doc: Y.Doc): { offers: unknown; notes: string } {
  return { offers: doc.getMap('offers').toJSON(), notes: doc.getText('notes').toString() };
}

/** A document built from a snapshot (if any) and the updates after it, in order. */
export function rebuild(loaded: { snapshot: Uint8Array | null; updates: Uint8Array[] }): Y.Doc {
  const doc = new Y.Doc();
  if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot);
  for (const update of loaded.updates) Y.applyUpdate(doc, update);
  return doc;
}
