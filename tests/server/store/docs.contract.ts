// The behaviour every DocStore implementation must pass: each live document's update log, its
// snapshots, the owners of its Yjs client ids, and the conference summary stored with an update.

import { describe, expect, it } from 'vitest';
import { conferenceId, newId } from '../../../shared/ids.ts';
import type { ConferenceId, CoordinatorId } from '../../../shared/ids.ts';
import type { DocName } from '../../../shared/roles.ts';
import type { Author, BoardSummary, PlanVersionRecord } from '../../../server/store/types.ts';
import { boardRecords } from '../../../server/store/boardRecords.ts';
import { content, editedDoc, parts, rebuild } from './docEdits.ts';
import { docStoreInstancesContract } from './docsInstances.contract.ts';
import { contractSuite, T0, type OpenStore } from './fixtures.ts';
import { storeError } from '../../helpers/storeError.ts';

/** Registers the document store suite for one implementation (with what several instances need). */
export function docStoreContract(name: string, open: OpenStore): void {
  contractSuite(`${name} document store (contract)`, open, (fx) => {
    const { givenCoordinator, givenConference, givenInvite } = fx;

    describe('documents', () => {
      const coordinatorAuthor = (id: CoordinatorId): Author => ({ kind: 'coordinator', id });

      it('loads a document never written as empty', async () => {
        const conference = await givenConference();
        expect(parts(await fx.store.docs.load(conference.id, 'board'))).toEqual({ snapshot: null, updates: [], lastSeq: 0 });
        expect(await fx.store.docs.log(conference.id, 'board')).toEqual([]);
      });

      it('numbers updates from 1 and loads them back byte for byte, in order', async () => {
        const conference = await givenConference();
        const { updates } = editedDoc(5);
        const seqs: number[] = [];
        for (const update of updates) {
          seqs.push(await fx.store.docs.append(conference.id, 'board', update, { author: coordinatorAuthor(conference.createdBy), at: T0 }));
        }
        expect(seqs).toEqual([1, 2, 3, 4, 5]);
        expect(parts(await fx.store.docs.load(conference.id, 'board'))).toEqual({ snapshot: null, updates, lastSeq: 5 });
      });

      it('gives simultaneous appends distinct consecutive sequence numbers', async () => {
        const conference = await givenConference();
        const { updates } = editedDoc(20);
        const seqs = await Promise.all(
          updates.map((update) => fx.store.docs.append(conference.id, 'board', update, { author: { kind: 'server' }, at: T0 })),
        );
        expect([...seqs].sort((a, b) => a - b)).toEqual(updates.map((_, i) => i + 1));
      });

      it('keeps acknowledged updates across a reopen', async () => {
        const conference = await givenConference();
        const { doc, updates } = editedDoc(8);
        for (const update of updates) await fx.store.docs.append(conference.id, 'board', update, { author: { kind: 'server' }, at: T0 });
        const reopened = await fx.reopen();
        const loaded = await reopened.docs.load(conference.id, 'board');
        expect(parts(loaded)).toEqual({ snapshot: null, updates, lastSeq: 8 });
        expect(content(rebuild(loaded))).toEqual(content(doc));
      });

      it('records who sent each update, when, and how big it was', async () => {
        const conference = await givenConference();
        const invite = await givenInvite(conference.id);
        const authors: Author[] = [
          { kind: 'coordinator', id: conference.createdBy },
          { kind: 'participant', id: invite.participantId },
          { kind: 'server' },
        ];
        const { updates } = editedDoc(3);
        for (const [i, update] of updates.entries()) {
          await fx.store.docs.append(conference.id, 'board', update, { author: authors[i] ?? { kind: 'server' }, at: T0 + i });
        }
        expect(await fx.store.docs.log(conference.id, 'board')).toEqual(
          updates.map((update, i) => ({ seq: i + 1, author: authors[i], at: T0 + i, byteLength: update.byteLength, changes: [] })),
        );
      });

      it('pages through the update log with afterSeq and limit', async () => {
        const conference = await givenConference();
        for (const update of editedDoc(10).updates) {
          await fx.store.docs.append(conference.id, 'board', update, { author: { kind: 'server' }, at: T0 });
        }
        const page = await fx.store.docs.log(conference.id, 'board', { afterSeq: 3, limit: 4 });
        expect(page.map((entry) => entry.seq)).toEqual([4, 5, 6, 7]);
        const rest = await fx.store.docs.log(conference.id, 'board', { afterSeq: 7 });
        expect(rest.map((entry) => entry.seq)).toEqual([8, 9, 10]);
      });

      it('keeps the document’s state and every attribution row through compaction', async () => {
        const conference = await givenConference();
        const { doc, updates, stateAfter } = editedDoc(12);
        for (const [i, update] of updates.entries()) {
          await fx.store.docs.append(conference.id, 'board', update, { author: coordinatorAuthor(conference.createdBy), at: T0 + i });
        }
        const logBefore = await fx.store.docs.log(conference.id, 'board');

        await fx.store.docs.compact(conference.id, 'board', stateAfter[7] ?? new Uint8Array(), 8);

        const loaded = await fx.store.docs.load(conference.id, 'board');
        expect(loaded.snapshot).toEqual(stateAfter[7]);
        expect(loaded.updates).toEqual(updates.slice(8));
        expect(loaded.lastSeq).toBe(12);
        expect(content(rebuild(loaded))).toEqual(content(doc));
        expect(await fx.store.docs.log(conference.id, 'board')).toEqual(logBefore);
        expect(logBefore).toHaveLength(12);
      });

      it('keeps a compacted document across a reopen', async () => {
        const conference = await givenConference();
        const { doc, updates, stateAfter } = editedDoc(6);
        for (const update of updates) await fx.store.docs.append(conference.id, 'board', update, { author: { kind: 'server' }, at: T0 });
        await fx.store.docs.compact(conference.id, 'board', stateAfter[5] ?? new Uint8Array(), 6);
        const reopened = await fx.reopen();
        const loaded = await reopened.docs.load(conference.id, 'board');
        expect(loaded.updates).toEqual([]);
        expect(loaded.lastSeq).toBe(6);
        expect(content(rebuild(loaded))).toEqual(content(doc));
        expect(await reopened.docs.log(conference.id, 'board')).toHaveLength(6);
      });

      it('loads updates appended after compaction after the snapshot, continuing the sequence', async () => {
        const conference = await givenConference();
        const { doc, updates, stateAfter } = editedDoc(10);
        for (const update of updates.slice(0, 6)) {
          await fx.store.docs.append(conference.id, 'board', update, { author: { kind: 'server' }, at: T0 });
        }
        await fx.store.docs.compact(conference.id, 'board', stateAfter[5] ?? new Uint8Array(), 6);
        const later: number[] = [];
        for (const update of updates.slice(6)) {
          later.push(await fx.store.docs.append(conference.id, 'board', update, { author: { kind: 'server' }, at: T0 }));
        }
        expect(later).toEqual([7, 8, 9, 10]);
        const loaded = await fx.store.docs.load(conference.id, 'board');
        expect(parts(loaded)).toEqual({ snapshot: stateAfter[5], updates: updates.slice(6), lastSeq: 10 });
        expect(content(rebuild(loaded))).toEqual(content(doc));

        // A second compaction replaces the first snapshot.
        await fx.store.docs.compact(conference.id, 'board', stateAfter[9] ?? new Uint8Array(), 10);
        expect(parts(await fx.store.docs.load(conference.id, 'board'))).toEqual({ snapshot: stateAfter[9], updates: [], lastSeq: 10 });
      });

      it('refuses to compact beyond the last update or behind the current snapshot', async () => {
        const conference = await givenConference();
        const { updates, stateAfter } = editedDoc(4);
        for (const update of updates) await fx.store.docs.append(conference.id, 'board', update, { author: { kind: 'server' }, at: T0 });
        await expect(fx.store.docs.compact(conference.id, 'board', stateAfter[3] ?? new Uint8Array(), 5)).rejects.toThrow(
          RangeError,
        );
        await fx.store.docs.compact(conference.id, 'board', stateAfter[2] ?? new Uint8Array(), 3);
        await expect(fx.store.docs.compact(conference.id, 'board', stateAfter[1] ?? new Uint8Array(), 2)).rejects.toThrow(
          RangeError,
        );
        const loaded = await fx.store.docs.load(conference.id, 'board');
        expect(parts(loaded)).toEqual({ snapshot: stateAfter[2], updates: updates.slice(3), lastSeq: 4 });
      });

      it('counts the bytes a document takes: its snapshot plus the updates after it', async () => {
        const conference = await givenConference();
        const { updates, stateAfter } = editedDoc(6);
        for (const update of updates) await fx.store.docs.append(conference.id, 'board', update, { author: { kind: 'server' }, at: T0 });
        const sum = (list: Uint8Array[]) => list.reduce((n, u) => n + u.byteLength, 0);
        expect((await fx.store.docs.load(conference.id, 'board')).storedBytes).toBe(sum(updates));
        const snapshot = stateAfter[3] ?? new Uint8Array();
        await fx.store.docs.compact(conference.id, 'board', snapshot, 4);
        expect((await fx.store.docs.load(conference.id, 'board')).storedBytes).toBe(snapshot.byteLength + sum(updates.slice(4)));
      });

      it('gives each claimed client id to the author who claimed it first, across a reopen and compaction', async () => {
        const conference = await givenConference();
        const pat = await givenInvite(conference.id);
        const patAuthor: Author = { kind: 'participant', id: pat.participantId };
        const { updates, stateAfter } = editedDoc(3);
        await fx.store.docs.append(conference.id, 'board', updates[0] ?? new Uint8Array(), { author: patAuthor, at: T0, claims: [11, 12] });
        await fx.store.docs.append(conference.id, 'board', updates[1] ?? new Uint8Array(), { author: { kind: 'server' }, at: T0, claims: [99] });
        // Claiming an id one already owns changes nothing.
        await fx.store.docs.append(conference.id, 'board', updates[2] ?? new Uint8Array(), { author: patAuthor, at: T0, claims: [12] });
        await fx.store.docs.compact(conference.id, 'board', stateAfter[2] ?? new Uint8Array(), 3);
        const reopened = await fx.reopen();
        const { owners } = await reopened.docs.load(conference.id, 'board');
        expect([...owners.entries()].sort((a, b) => a[0] - b[0])).toEqual([
          [11, patAuthor],
          [12, patAuthor],
          [99, { kind: 'server' }],
        ]);
        expect((await reopened.docs.load(conference.id, 'private')).owners.size).toBe(0);
      });

      it('refuses a whole update that claims an id another author owns, storing none of it', async () => {
        const conference = await givenConference();
        const pat = await givenInvite(conference.id);
        const lee = await givenInvite(conference.id);
        const { updates } = editedDoc(2);
        await fx.store.docs.append(conference.id, 'board', updates[0] ?? new Uint8Array(), {
          author: { kind: 'participant', id: pat.participantId },
          at: T0,
          claims: [7],
        });
        const summary: BoardSummary = { title: 'Changed', youngPersonName: 'Jo', scheduledFor: null, place: '', connectionsAtStart: 9, reviewDate: null, phase: 'planning', locked: false };
        await expect(
          fx.store.docs.append(conference.id, 'board', updates[1] ?? new Uint8Array(), {
            author: { kind: 'participant', id: lee.participantId },
            at: T0,
            claims: [8, 7],
            ...boardRecords(conference.id, { summary }),
          }),
        ).rejects.toMatchObject(storeError('clientIdTaken'));
        const loaded = await fx.store.docs.load(conference.id, 'board');
        expect(parts(loaded)).toEqual({ snapshot: null, updates: updates.slice(0, 1), lastSeq: 1 });
        expect(loaded.owners.has(8)).toBe(false);
        expect(await fx.store.docs.log(conference.id, 'board')).toHaveLength(1);
        expect(await fx.store.conferences.get(conference.id)).toEqual(conference);
      });

      it('stores the conference summary with the update that changed it', async () => {
        const conference = await givenConference();
        const { updates } = editedDoc(2);
        const summary: BoardSummary = { title: 'Robin’s plan', youngPersonName: 'Robin', scheduledFor: null, place: '', connectionsAtStart: 4, reviewDate: null, phase: 'sharing', locked: false };
        await fx.store.docs.append(conference.id, 'board', updates[0] ?? new Uint8Array(), { author: { kind: 'server' }, at: T0, ...boardRecords(conference.id, { summary }) });
        expect(await fx.store.conferences.get(conference.id)).toEqual({ ...conference, ...summary });
        // An update without a summary leaves the record as it was.
        await fx.store.docs.append(conference.id, 'board', updates[1] ?? new Uint8Array(), { author: { kind: 'server' }, at: T0 });
        expect(await fx.store.conferences.get(conference.id)).toEqual({ ...conference, ...summary });
      });

      it('keeps an agreed version with the update that locks the board, and then refuses every other append to the board', async () => {
        const conference = await givenConference();
        const { updates, stateAfter } = editedDoc(6);
        const server: Author = { kind: 'server' };
        await fx.store.docs.append(conference.id, 'board', updates[0] ?? new Uint8Array(), { author: server, at: T0 });
        const locked: BoardSummary = { title: conference.title, youngPersonName: conference.youngPersonName, scheduledFor: null, place: '', connectionsAtStart: 0, reviewDate: null, phase: 'agreed', locked: true };
        const seal: PlanVersionRecord = {
          conferenceId: conference.id,
          version: 1,
          lockedAt: T0 + 1,
          lockedBy: conference.createdBy,
          state: stateAfter[1] ?? new Uint8Array(),
          planJson: '{"version":1}\n',
          sha256: 'a'.repeat(64),
          overrideReason: null,
          professionalJson: '[{"personId":"p-1"}]',
        };
        await fx.store.docs.append(conference.id, 'board', updates[1] ?? new Uint8Array(), { author: server, at: T0 + 1, ...boardRecords(conference.id, { summary: locked, seal }) });
        expect(await fx.store.conferences.getPlanVersion(conference.id, 1)).toEqual(seal);
        expect(await fx.store.conferences.listPlanVersions(conference.id)).toEqual([{ version: 1, lockedAt: T0 + 1, sha256: 'a'.repeat(64) }]);
        expect(await fx.store.conferences.getPlanVersion(conference.id, 2)).toBeNull();

        // Nothing more, from anyone, by either path (a plain append, or one with claims or a summary)…
        const person: Author = coordinatorAuthor(conference.createdBy);
        await expect(fx.store.docs.append(conference.id, 'board', updates[2] ?? new Uint8Array(), { author: person, at: T0 + 2 })).rejects.toMatchObject(storeError('locked'));
        await expect(fx.store.docs.append(conference.id, 'board', updates[2] ?? new Uint8Array(), { author: person, at: T0 + 2, claims: [42] })).rejects.toMatchObject(storeError('locked'));
        await expect(fx.store.docs.append(conference.id, 'board', updates[2] ?? new Uint8Array(), { author: server, at: T0 + 2 })).rejects.toMatchObject(storeError('locked'));
        await expect(
          fx.store.docs.append(conference.id, 'board', updates[2] ?? new Uint8Array(), { author: server, at: T0 + 2, ...boardRecords(conference.id, { summary: { ...locked, title: 'Renamed' } }) }),
        ).rejects.toMatchObject(storeError('locked'));
        expect((await fx.store.docs.load(conference.id, 'board')).lastSeq).toBe(2);
        // …but the professionals' notes stay open, and the server's own update that reopens the board goes through.
        await fx.store.docs.append(conference.id, 'private', updates[0] ?? new Uint8Array(), { author: person, at: T0 + 3 });
        await fx.store.docs.append(conference.id, 'board', updates[2] ?? new Uint8Array(), { author: server, at: T0 + 3, ...boardRecords(conference.id, { summary: { ...locked, phase: 'review', locked: false } }) });
        await fx.store.docs.append(conference.id, 'board', updates[3] ?? new Uint8Array(), { author: person, at: T0 + 4 });
        expect((await fx.store.docs.load(conference.id, 'board')).lastSeq).toBe(4);
        // The agreed version is exactly as it was, across a reopen.
        const reopened = await fx.reopen();
        expect(await reopened.conferences.getPlanVersion(conference.id, 1)).toEqual(seal);
      });

      it('keeps what each update changed for the history, through compaction', async () => {
        const conference = await givenConference();
        const { updates, stateAfter } = editedDoc(2);
        const notes = [
          { op: 'add' as const, root: 'offers', id: 'o1', label: 'Tea on Sundays' },
          { op: 'set' as const, root: 'offers', id: 'o1', field: 'position', label: 'Tea on Sundays', to: 'agreed' },
        ];
        await fx.store.docs.append(conference.id, 'board', updates[0] ?? new Uint8Array(), { author: { kind: 'server' }, at: T0, changes: notes });
        await fx.store.docs.append(conference.id, 'board', updates[1] ?? new Uint8Array(), { author: { kind: 'server' }, at: T0, claims: [5], changes: [] });
        await fx.store.docs.compact(conference.id, 'board', stateAfter[1] ?? new Uint8Array(), 2);
        expect((await fx.store.docs.log(conference.id, 'board')).map((entry) => entry.changes)).toEqual([notes, []]);
      });

      it('refuses an update to a conference that does not exist', async () => {
        const { updates } = editedDoc(1);
        await expect(
          fx.store.docs.append(conferenceId(newId()), 'board', updates[0] ?? new Uint8Array(), { author: { kind: 'server' }, at: T0 }),
        ).rejects.toMatchObject(storeError('notFound'));
      });

      it('keeps the documents of different conferences and doc names apart', async () => {
        const sam = await givenCoordinator();
        const a = await givenConference(sam.id);
        const b = await givenConference(sam.id);
        const docs: [ConferenceId, DocName][] = [
          [a.id, 'board'],
          [a.id, 'private'],
          [b.id, 'board'],
          [b.id, 'private'],
        ];
        const written = new Map<string, Uint8Array[]>();
        for (const [i, [conference, name]] of docs.entries()) {
          const { updates } = editedDoc(i + 2);
          written.set(`${conference}/${name}`, updates);
          for (const [j, update] of updates.entries()) {
            expect(await fx.store.docs.append(conference, name, update, { author: { kind: 'server' }, at: T0 })).toBe(j + 1);
          }
        }
        const aBoard = written.get(`${a.id}/board`) ?? [];
        await fx.store.docs.compact(a.id, 'board', aBoard[0] ?? new Uint8Array(), 1);

        for (const [conference, name] of docs) {
          const updates = written.get(`${conference}/${name}`) ?? [];
          const loaded = await fx.store.docs.load(conference, name);
          const compacted = conference === a.id && name === 'board';
          expect(parts(loaded)).toEqual({
            snapshot: compacted ? updates[0] : null,
            updates: compacted ? updates.slice(1) : updates,
            lastSeq: updates.length,
          });
          expect(await fx.store.docs.log(conference, name)).toHaveLength(updates.length);
        }
      });
    });
  });
  docStoreInstancesContract(name, open);
}
