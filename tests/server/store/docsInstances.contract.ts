// What every DocStore must give several server instances on one database: appends that go ahead only
// from the seq the writer has seen, catching up after a seq, and compaction from what is stored.

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { conferenceId, newId } from '../../../shared/ids.ts';
import type { ConferenceId } from '../../../shared/ids.ts';
import type { DocName } from '../../../shared/roles.ts';
import { isStoreError } from '../../../server/store/types.ts';
import type { Author, BoardSummary } from '../../../server/store/types.ts';
import { boardRecords } from '../../../server/store/boardRecords.ts';
import { content, editedDoc, parts, rebuild } from './docEdits.ts';
import { contractSuite, T0, type OpenStore } from './fixtures.ts';
import { storeError } from '../../helpers/storeError.ts';

const SERVER: Author = { kind: 'server' };

/** The seqs a seq conflict names, failing the test on any other outcome. */
async function conflict(append: Promise<number>): Promise<{ expected: number; actual: number }> {
  const error: unknown = await append.then(
    (seq) => new Error(`appended as seq ${seq}`),
    (e: unknown) => e,
  );
  if (!isStoreError(error, 'seqConflict')) throw new Error('expected a seq conflict', { cause: error });
  return { expected: error.expected ?? -1, actual: error.actual ?? -1 };
}

const sumBytes = (list: readonly Uint8Array[]) => list.reduce((n, u) => n + u.byteLength, 0);

/** Registers the suite for one implementation (docStoreContract does, wherever it runs). */
export function docStoreInstancesContract(name: string, open: OpenStore): void {
  contractSuite(`${name} document store for several instances (contract)`, open, (fx) => {
    const { givenConference, givenInvite } = fx;

    async function appendAll(conference: ConferenceId, updates: readonly Uint8Array[], doc: DocName = 'board'): Promise<void> {
      for (const update of updates) await fx.store.docs.append(conference, doc, update, { author: SERVER, at: T0 });
    }

    /** Everything a refused append must leave as it was. */
    async function everything(conference: ConferenceId) {
      return {
        loaded: await fx.store.docs.load(conference, 'board'),
        log: await fx.store.docs.log(conference, 'board'),
        record: await fx.store.conferences.get(conference),
      };
    }

    describe('appending from an expected seq', () => {
      it('appends when the document is at the expected seq, from 0 when it is empty', async () => {
        const conference = await givenConference();
        const { updates } = editedDoc(4);
        const summary: BoardSummary = { title: 'Robin’s plan', youngPersonName: 'Robin', scheduledFor: null, place: '', connectionsAtStart: 2, reviewDate: null, phase: 'sharing', locked: false };
        expect(await fx.store.docs.append(conference.id, 'board', updates[0]!, { author: SERVER, at: T0, expectSeq: 0 })).toBe(1);
        expect(await fx.store.docs.append(conference.id, 'board', updates[1]!, { author: SERVER, at: T0, expectSeq: 1 })).toBe(2);
        // With claims and a summary too (SQLite writes those in a transaction of their own).
        expect(
          await fx.store.docs.append(conference.id, 'board', updates[2]!, { author: SERVER, at: T0, expectSeq: 2, claims: [5], ...boardRecords(conference.id, { summary }) }),
        ).toBe(3);
        // Each document counts its own seqs.
        expect(await fx.store.docs.append(conference.id, 'private', updates[3]!, { author: SERVER, at: T0, expectSeq: 0 })).toBe(1);

        const loaded = await fx.store.docs.load(conference.id, 'board');
        expect(parts(loaded)).toEqual({ snapshot: null, updates: updates.slice(0, 3), lastSeq: 3 });
        expect(loaded.owners.get(5)).toEqual(SERVER);
        expect(await fx.store.conferences.get(conference.id)).toEqual({ ...conference, ...summary });
      });

      it('refuses an append when the document is not at the expected seq, naming both seqs and storing nothing', async () => {
        const conference = await givenConference();
        const { updates } = editedDoc(4);
        await appendAll(conference.id, updates.slice(0, 3));
        const before = await everything(conference.id);
        const summary: BoardSummary = { title: 'Changed', youngPersonName: 'Jo', scheduledFor: null, place: '', connectionsAtStart: 9, reviewDate: null, phase: 'planning', locked: false };

        for (const expectSeq of [0, 2, 4]) {
          expect(await conflict(fx.store.docs.append(conference.id, 'board', updates[3]!, { author: SERVER, at: T0, expectSeq }))).toEqual({
            expected: expectSeq,
            actual: 3,
          });
          expect(
            await conflict(fx.store.docs.append(conference.id, 'board', updates[3]!, { author: SERVER, at: T0, expectSeq, claims: [9], ...boardRecords(conference.id, { summary }) })),
          ).toEqual({ expected: expectSeq, actual: 3 });
        }
        expect(await everything(conference.id)).toEqual(before);
        expect(before.loaded.owners.has(9)).toBe(false);
        // No seq was used up by the refusals.
        expect(await fx.store.docs.append(conference.id, 'board', updates[3]!, { author: SERVER, at: T0, expectSeq: 3 })).toBe(4);
      });

      it('checks for a missing conference first, then the expected seq, then the lock, then the client ids claimed', async () => {
        const { updates } = editedDoc(3);
        await expect(
          fx.store.docs.append(conferenceId(newId()), 'board', updates[0]!, { author: SERVER, at: T0, expectSeq: 7, claims: [1] }),
        ).rejects.toMatchObject(storeError('notFound'));

        const conference = await givenConference();
        const pat: Author = { kind: 'participant', id: (await givenInvite(conference.id)).participantId };
        const lee: Author = { kind: 'participant', id: (await givenInvite(conference.id)).participantId };
        await fx.store.docs.append(conference.id, 'board', updates[0]!, { author: pat, at: T0, claims: [7] });
        // Lee claims Pat's id: from a seq Lee has not caught up to, the seq is what is refused…
        expect(await conflict(fx.store.docs.append(conference.id, 'board', updates[1]!, { author: lee, at: T0, expectSeq: 0, claims: [7] }))).toEqual({
          expected: 0,
          actual: 1,
        });
        // …and once caught up, the claim.
        await expect(
          fx.store.docs.append(conference.id, 'board', updates[1]!, { author: lee, at: T0, expectSeq: 1, claims: [7] }),
        ).rejects.toMatchObject(storeError('clientIdTaken'));

        const locked: BoardSummary = { title: conference.title, youngPersonName: conference.youngPersonName, scheduledFor: null, place: '', connectionsAtStart: 0, reviewDate: null, phase: 'agreed', locked: true };
        await fx.store.docs.append(conference.id, 'board', updates[1]!, { author: SERVER, at: T0, ...boardRecords(conference.id, { summary: locked }) });
        // A writer that missed the lock is told to catch up (and will see the lock); one that saw it is refused by the lock, before its claim.
        expect(await conflict(fx.store.docs.append(conference.id, 'board', updates[2]!, { author: lee, at: T0, expectSeq: 1, claims: [7] }))).toEqual({
          expected: 1,
          actual: 2,
        });
        await expect(
          fx.store.docs.append(conference.id, 'board', updates[2]!, { author: lee, at: T0, expectSeq: 2, claims: [7] }),
        ).rejects.toMatchObject(storeError('locked'));
        await expect(fx.store.docs.append(conference.id, 'board', updates[2]!, { author: lee, at: T0, expectSeq: 2 })).rejects.toMatchObject(storeError('locked'));
        expect((await fx.store.docs.load(conference.id, 'board')).lastSeq).toBe(2);
      });
    });

    describe('catching up after a seq', () => {
      it('loads nothing after the newest seq, with the whole document’s owners and stored bytes', async () => {
        const conference = await givenConference();
        const { updates } = editedDoc(5);
        await fx.store.docs.append(conference.id, 'board', updates[0]!, { author: SERVER, at: T0, claims: [3, 4] });
        await appendAll(conference.id, updates.slice(1));
        const full = await fx.store.docs.load(conference.id, 'board');
        const after = await fx.store.docs.loadAfter(conference.id, 'board', 5);
        expect(parts(after)).toEqual({ snapshot: null, updates: [], lastSeq: 5 });
        expect(after.owners).toEqual(full.owners);
        expect(after.owners.size).toBe(2);
        expect(after.storedBytes).toBe(full.storedBytes);
        expect(after.storedBytes).toBe(sumBytes(updates));
      });

      it('loads the updates after a seq, in order, which bring a document at that seq up to date', async () => {
        const conference = await givenConference();
        const { doc, updates } = editedDoc(8);
        await appendAll(conference.id, updates);
        const after = await fx.store.docs.loadAfter(conference.id, 'board', 3);
        expect(parts(after)).toEqual({ snapshot: null, updates: updates.slice(3), lastSeq: 8 });
        expect(after.storedBytes).toBe(sumBytes(updates));

        const caughtUp = rebuild({ snapshot: null, updates: updates.slice(0, 3) });
        for (const update of after.updates) Y.applyUpdate(caughtUp, update);
        expect(Y.encodeStateVector(caughtUp)).toEqual(Y.encodeStateVector(doc));
        expect(content(caughtUp)).toEqual(content(doc));
      });

      it('loads after seq 0 exactly as load does, with or without a snapshot', async () => {
        const conference = await givenConference();
        const { updates } = editedDoc(6);
        await appendAll(conference.id, updates);
        expect(await fx.store.docs.loadAfter(conference.id, 'board', 0)).toEqual(await fx.store.docs.load(conference.id, 'board'));
        await fx.store.docs.compactStored(conference.id, 'board', 4);
        const loaded = await fx.store.docs.load(conference.id, 'board');
        expect(loaded.snapshot).not.toBeNull();
        expect(await fx.store.docs.loadAfter(conference.id, 'board', 0)).toEqual(loaded);
      });

      it('puts the snapshot first when a compaction covered part of what came after the seq, and catching up with it gives the document a full load gives', async () => {
        const conference = await givenConference();
        const { doc, updates } = editedDoc(12);
        await appendAll(conference.id, updates.slice(0, 4));
        const earlier = rebuild(await fx.store.docs.load(conference.id, 'board'));
        await appendAll(conference.id, updates.slice(4));
        await fx.store.docs.compactStored(conference.id, 'board', 8);

        const full = await fx.store.docs.load(conference.id, 'board');
        const after = await fx.store.docs.loadAfter(conference.id, 'board', 4);
        expect(parts(after)).toEqual({ snapshot: full.snapshot, updates: updates.slice(8), lastSeq: 12 });
        expect(after.snapshot).not.toBeNull();
        expect(after.storedBytes).toBe(full.storedBytes);

        if (after.snapshot) Y.applyUpdate(earlier, after.snapshot);
        for (const update of after.updates) Y.applyUpdate(earlier, update);
        const fromFull = rebuild(full);
        expect(Y.encodeStateVector(earlier)).toEqual(Y.encodeStateVector(fromFull));
        expect(content(earlier)).toEqual(content(fromFull));
        expect(content(earlier)).toEqual(content(doc));

        // From the snapshot's seq on, the updates are all there: no snapshot.
        expect(parts(await fx.store.docs.loadAfter(conference.id, 'board', 8))).toEqual({ snapshot: null, updates: updates.slice(8), lastSeq: 12 });
        expect(parts(await fx.store.docs.loadAfter(conference.id, 'board', 10))).toEqual({ snapshot: null, updates: updates.slice(10), lastSeq: 12 });
        expect((await fx.store.docs.loadAfter(conference.id, 'board', 10)).storedBytes).toBe(full.storedBytes);
      });

      it('answers the seq it has when asked after one it never had', async () => {
        const conference = await givenConference();
        await appendAll(conference.id, editedDoc(3).updates);
        expect(parts(await fx.store.docs.loadAfter(conference.id, 'board', 7))).toEqual({ snapshot: null, updates: [], lastSeq: 3 });
        expect(parts(await fx.store.docs.loadAfter(conference.id, 'private', 2))).toEqual({ snapshot: null, updates: [], lastSeq: 0 });
      });

      it('refuses a seq that is not a whole number ≥ 0', async () => {
        const conference = await givenConference();
        for (const afterSeq of [-1, 1.5, Number.NaN]) {
          await expect(fx.store.docs.loadAfter(conference.id, 'board', afterSeq)).rejects.toThrow(RangeError);
        }
      });
    });

    describe('compacting from what is stored', () => {
      it('folds the stored updates up to a seq into a snapshot of the same document, keeping later updates, owners and every log row', async () => {
        const conference = await givenConference();
        const { doc, updates } = editedDoc(12);
        await fx.store.docs.append(conference.id, 'board', updates[0]!, { author: SERVER, at: T0, claims: [21] });
        await appendAll(conference.id, updates.slice(1));
        const logBefore = await fx.store.docs.log(conference.id, 'board');

        const storedBytes = await fx.store.docs.compactStored(conference.id, 'board', 8);

        const loaded = await fx.store.docs.load(conference.id, 'board');
        expect(loaded.updates).toEqual(updates.slice(8));
        expect(loaded.lastSeq).toBe(12);
        expect(loaded.snapshot).not.toBeNull();
        expect(storedBytes).toBe(loaded.storedBytes);
        expect(storedBytes).toBe((loaded.snapshot?.byteLength ?? 0) + sumBytes(updates.slice(8)));
        // The snapshot alone is the document the first eight updates make.
        const snapshotDoc = rebuild({ snapshot: loaded.snapshot, updates: [] });
        const fromLog = rebuild({ snapshot: null, updates: updates.slice(0, 8) });
        expect(Y.encodeStateVector(snapshotDoc)).toEqual(Y.encodeStateVector(fromLog));
        expect(content(snapshotDoc)).toEqual(content(fromLog));
        // With the later updates, it is the whole document.
        const rebuilt = rebuild(loaded);
        expect(Y.encodeStateVector(rebuilt)).toEqual(Y.encodeStateVector(doc));
        expect(content(rebuilt)).toEqual(content(doc));
        expect(loaded.owners.get(21)).toEqual(SERVER);
        expect(await fx.store.docs.log(conference.id, 'board')).toEqual(logBefore);
        expect(logBefore).toHaveLength(12);
      });

      it('builds each snapshot on the one before, whoever made it', async () => {
        const conference = await givenConference();
        const { doc, updates, stateAfter } = editedDoc(12);
        await appendAll(conference.id, updates.slice(0, 10));
        await fx.store.docs.compact(conference.id, 'board', stateAfter[3]!, 4);
        await fx.store.docs.compactStored(conference.id, 'board', 7);
        await appendAll(conference.id, updates.slice(10));
        const storedBytes = await fx.store.docs.compactStored(conference.id, 'board', 12);

        const loaded = await fx.store.docs.load(conference.id, 'board');
        expect(loaded.updates).toEqual([]);
        expect(storedBytes).toBe(loaded.snapshot?.byteLength);
        const rebuilt = rebuild(loaded);
        expect(Y.encodeStateVector(rebuilt)).toEqual(Y.encodeStateVector(doc));
        expect(content(rebuilt)).toEqual(content(doc));
        // compact() still refuses to go behind a snapshot compactStored made.
        await expect(fx.store.docs.compact(conference.id, 'board', stateAfter[9]!, 10)).rejects.toThrow(RangeError);
      });

      it('does nothing when the snapshot already covers the seq, resolving the bytes stored', async () => {
        const conference = await givenConference();
        const { updates } = editedDoc(6);
        expect(await fx.store.docs.compactStored(conference.id, 'board', 0)).toBe(0);
        expect(parts(await fx.store.docs.load(conference.id, 'board'))).toEqual({ snapshot: null, updates: [], lastSeq: 0 });

        await appendAll(conference.id, updates);
        const storedBytes = await fx.store.docs.compactStored(conference.id, 'board', 4);
        const before = await fx.store.docs.load(conference.id, 'board');
        for (const uptoSeq of [4, 2, 0]) expect(await fx.store.docs.compactStored(conference.id, 'board', uptoSeq)).toBe(storedBytes);
        expect(await fx.store.docs.load(conference.id, 'board')).toEqual(before);
      });

      it('refuses a seq beyond the last update, or not a whole number ≥ 0, changing nothing', async () => {
        const conference = await givenConference();
        await expect(fx.store.docs.compactStored(conference.id, 'board', 1)).rejects.toThrow(RangeError);
        const { updates } = editedDoc(4);
        await appendAll(conference.id, updates);
        for (const uptoSeq of [5, -1, 2.5, Number.NaN]) {
          await expect(fx.store.docs.compactStored(conference.id, 'board', uptoSeq)).rejects.toThrow(RangeError);
        }
        expect(parts(await fx.store.docs.load(conference.id, 'board'))).toEqual({ snapshot: null, updates, lastSeq: 4 });
      });
    });
  });
}
