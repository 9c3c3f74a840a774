// The one behaviour suite every Store implementation must pass (SQLite now, PostgreSQL later).
// An implementation's test file calls storeContract() with a factory for a fresh, empty store.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { conferenceId, coordinatorId, inviteId, newId, participantId } from '../../../shared/ids.ts';
import type { ConferenceId, CoordinatorId } from '../../../shared/ids.ts';
import type { DocName } from '../../../shared/roles.ts';
import { StoreConflictError } from '../../../server/store/types.ts';
import type {
  Author,
  ConferenceRecord,
  CoordinatorRecord,
  InviteRecord,
  SessionRecord,
  Store,
} from '../../../server/store/types.ts';

/** A fresh empty store; `reopen` closes the last store handed out and opens the same data again. */
export interface OpenedStore {
  store: Store;
  reopen: () => Promise<Store>;
  cleanup: () => Promise<void>;
}

const T0 = 1_700_000_000_000;
const HOUR_MS = 3_600_000;

/** Registers the shared Store behaviour suite under `name`. */
export function storeContract(name: string, open: () => Promise<OpenedStore>): void {
  describe(`${name} store (contract)`, () => {
    let opened: OpenedStore;
    let store: Store;

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });
    afterEach(async () => {
      await opened.cleanup();
    });

    async function reopen(): Promise<Store> {
      store = await opened.reopen();
      return store;
    }

    async function givenCoordinator(overrides: Partial<CoordinatorRecord> = {}): Promise<CoordinatorRecord> {
      const id = coordinatorId(newId());
      const record: CoordinatorRecord = {
        id,
        name: 'Sam Coordinator',
        email: `${id}@example.org`,
        passwordHash: '$scrypt$n=16384,r=8,p=1$c2FsdA$aGFzaA',
        createdAt: T0,
        ...overrides,
      };
      await store.createCoordinator(record);
      return record;
    }

    async function givenConference(
      createdBy?: CoordinatorId,
      overrides: Partial<ConferenceRecord> = {},
    ): Promise<ConferenceRecord> {
      const record: ConferenceRecord = {
        id: conferenceId(newId()),
        title: 'Jordan’s family group conference',
        youngPersonName: 'Jordan',
        scheduledFor: '2025-03-14T10:00',
        connectionsAtStart: 3,
        createdBy: createdBy ?? (await givenCoordinator()).id,
        createdAt: T0,
        phase: 'preparing',
        locked: false,
        ...overrides,
      };
      await store.createConference(record);
      return record;
    }

    async function givenInvite(conference?: ConferenceId, overrides: Partial<InviteRecord> = {}): Promise<InviteRecord> {
      const id = newId();
      const record: InviteRecord = {
        id: inviteId(id),
        participantId: participantId(id),
        conferenceId: conference ?? (await givenConference()).id,
        displayName: 'Auntie Pat',
        role: 'network',
        tokenHash: `hash-${newId()}`,
        createdAt: T0,
        expiresAt: T0 + 24 * HOUR_MS,
        usedAt: null,
        revokedAt: null,
        ...overrides,
      };
      await store.createInvite(record);
      return record;
    }

    describe('coordinators', () => {
      it('counts coordinators, starting from none', async () => {
        expect(await store.countCoordinators()).toBe(0);
        await givenCoordinator();
        await givenCoordinator();
        expect(await store.countCoordinators()).toBe(2);
      });

      it('finds a coordinator by id and by email', async () => {
        const sam = await givenCoordinator();
        expect(await store.getCoordinator(sam.id)).toEqual(sam);
        expect(await store.findCoordinatorByEmail(sam.email)).toEqual(sam);
      });

      it('matches emails whatever their case and keeps them lower-cased', async () => {
        const sam = await givenCoordinator({ email: 'Sam.Smith@Example.ORG' });
        const found = await store.findCoordinatorByEmail('SAM.SMITH@example.org');
        expect(found).toEqual({ ...sam, email: 'sam.smith@example.org' });
      });

      it('refuses a second account with the same email in another case', async () => {
        await givenCoordinator({ email: 'sam@example.org' });
        await expect(givenCoordinator({ email: 'SAM@example.org' })).rejects.toBeInstanceOf(StoreConflictError);
        expect(await store.countCoordinators()).toBe(1);
      });

      it('refuses a second account with the same id', async () => {
        const sam = await givenCoordinator();
        await expect(givenCoordinator({ id: sam.id, email: 'other@example.org' })).rejects.toBeInstanceOf(
          StoreConflictError,
        );
      });

      it('returns null for an unknown coordinator', async () => {
        expect(await store.getCoordinator(coordinatorId(newId()))).toBeNull();
        expect(await store.findCoordinatorByEmail('nobody@example.org')).toBeNull();
      });
    });

    describe('sessions', () => {
      it('round-trips coordinator and participant sessions', async () => {
        const sam = await givenCoordinator();
        const invite = await givenInvite();
        const coordinatorSession: SessionRecord = {
          idHash: 'a'.repeat(64),
          kind: 'coordinator',
          coordinatorId: sam.id,
          createdAt: T0,
          expiresAt: T0 + HOUR_MS,
        };
        const participantSession: SessionRecord = {
          idHash: 'b'.repeat(64),
          kind: 'participant',
          participantId: invite.participantId,
          conferenceId: invite.conferenceId,
          createdAt: T0,
          expiresAt: T0 + HOUR_MS,
        };
        await store.createSession(coordinatorSession);
        await store.createSession(participantSession);
        expect(await store.findSession(coordinatorSession.idHash, T0)).toEqual(coordinatorSession);
        expect(await store.findSession(participantSession.idHash, T0)).toEqual(participantSession);
      });

      it('treats a session as gone from the moment it expires', async () => {
        const sam = await givenCoordinator();
        const session: SessionRecord = {
          idHash: 'c'.repeat(64),
          kind: 'coordinator',
          coordinatorId: sam.id,
          createdAt: T0,
          expiresAt: T0 + HOUR_MS,
        };
        await store.createSession(session);
        expect(await store.findSession(session.idHash, T0 + HOUR_MS - 1)).toEqual(session);
        expect(await store.findSession(session.idHash, T0 + HOUR_MS)).toBeNull();
      });

      it('returns null for an unknown session', async () => {
        expect(await store.findSession('d'.repeat(64), T0)).toBeNull();
      });

      it('refuses a second session with the same id hash', async () => {
        const sam = await givenCoordinator();
        const session: SessionRecord = {
          idHash: 'e'.repeat(64),
          kind: 'coordinator',
          coordinatorId: sam.id,
          createdAt: T0,
          expiresAt: T0 + HOUR_MS,
        };
        await store.createSession(session);
        await expect(store.createSession(session)).rejects.toBeInstanceOf(StoreConflictError);
      });

      it('deletes one session, or every session of one participant', async () => {
        const conference = await givenConference();
        const pat = await givenInvite(conference.id);
        const lee = await givenInvite(conference.id);
        const session = (idHash: string, participant: InviteRecord): SessionRecord => ({
          idHash,
          kind: 'participant',
          participantId: participant.participantId,
          conferenceId: conference.id,
          createdAt: T0,
          expiresAt: T0 + HOUR_MS,
        });
        await store.createSession(session('pat-phone', pat));
        await store.createSession(session('pat-laptop', pat));
        await store.createSession(session('lee-phone', lee));

        await store.deleteSession('pat-phone');
        expect(await store.findSession('pat-phone', T0)).toBeNull();
        expect(await store.findSession('pat-laptop', T0)).not.toBeNull();

        await store.deleteParticipantSessions(pat.participantId);
        expect(await store.findSession('pat-laptop', T0)).toBeNull();
        expect(await store.findSession('lee-phone', T0)).not.toBeNull();
      });

      it('purges exactly the sessions that have expired', async () => {
        const sam = await givenCoordinator();
        const session = (idHash: string, expiresAt: number): SessionRecord => ({
          idHash,
          kind: 'coordinator',
          coordinatorId: sam.id,
          createdAt: T0,
          expiresAt,
        });
        await store.createSession(session('gone', T0 - 1));
        await store.createSession(session('ends-now', T0));
        await store.createSession(session('still-open', T0 + HOUR_MS));
        expect(await store.deleteExpiredSessions(T0)).toBe(2);
        expect(await store.findSession('still-open', T0)).not.toBeNull();
        expect(await store.deleteExpiredSessions(T0)).toBe(0);
      });
    });

    describe('conferences', () => {
      it('round-trips every field of a conference', async () => {
        const sam = await givenCoordinator();
        const planned = await givenConference(sam.id);
        const agreed = await givenConference(sam.id, { scheduledFor: null, phase: 'agreed', locked: true });
        expect(await store.getConference(planned.id)).toEqual(planned);
        expect(await store.getConference(agreed.id)).toEqual(agreed);
      });

      it('lists only the conferences a coordinator created, newest first', async () => {
        const sam = await givenCoordinator();
        const alex = await givenCoordinator();
        const older = await givenConference(sam.id, { createdAt: T0 });
        const newer = await givenConference(sam.id, { createdAt: T0 + 1 });
        await givenConference(alex.id);
        expect(await store.listConferences(sam.id)).toEqual([newer, older]);
        expect(await store.listConferences(coordinatorId(newId()))).toEqual([]);
      });

      it('refuses a second conference with the same id', async () => {
        const conference = await givenConference();
        await expect(store.createConference(conference)).rejects.toBeInstanceOf(StoreConflictError);
      });

      it('returns null for an unknown conference', async () => {
        expect(await store.getConference(conferenceId(newId()))).toBeNull();
      });
    });

    describe('invites', () => {
      it('finds an invite by id and by token hash, and lists a conference’s invites in order', async () => {
        const conference = await givenConference();
        const first = await givenInvite(conference.id, { createdAt: T0, role: 'youngPerson' });
        const second = await givenInvite(conference.id, { createdAt: T0 + 1, role: 'professional' });
        await givenInvite();
        expect(await store.getInvite(first.id)).toEqual(first);
        expect(await store.findInviteByTokenHash(second.tokenHash)).toEqual(second);
        expect(await store.listInvites(conference.id)).toEqual([first, second]);
        expect(await store.getInvite(inviteId(newId()))).toBeNull();
        expect(await store.findInviteByTokenHash('no-such-hash')).toBeNull();
      });

      it('refuses a second invite with the same token hash', async () => {
        const first = await givenInvite();
        await expect(givenInvite(first.conferenceId, { tokenHash: first.tokenHash })).rejects.toBeInstanceOf(
          StoreConflictError,
        );
      });

      it('lets an invite be claimed once only', async () => {
        const invite = await givenInvite();
        expect(await store.claimInvite(invite.id, T0 + 10)).toBe(true);
        expect(await store.claimInvite(invite.id, T0 + 20)).toBe(false);
        expect((await store.getInvite(invite.id))?.usedAt).toBe(T0 + 10);
      });

      it('lets exactly one of two simultaneous claims win', async () => {
        const invite = await givenInvite();
        const results = await Promise.all([store.claimInvite(invite.id, T0 + 1), store.claimInvite(invite.id, T0 + 2)]);
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it('refuses to claim a revoked invite', async () => {
        const invite = await givenInvite();
        await store.revokeInvite(invite.id, T0 + 5);
        expect(await store.claimInvite(invite.id, T0 + 10)).toBe(false);
        expect(await store.getInvite(invite.id)).toEqual({ ...invite, revokedAt: T0 + 5 });
      });

      it('keeps the first revocation time when revoked twice', async () => {
        const invite = await givenInvite();
        await store.revokeInvite(invite.id, T0 + 5);
        await store.revokeInvite(invite.id, T0 + 9);
        expect((await store.getInvite(invite.id))?.revokedAt).toBe(T0 + 5);
      });

      it('refuses to claim an invite from the moment it expires', async () => {
        const expired = await givenInvite(undefined, { expiresAt: T0 + HOUR_MS });
        expect(await store.claimInvite(expired.id, T0 + HOUR_MS)).toBe(false);
        const justInTime = await givenInvite(undefined, { expiresAt: T0 + HOUR_MS });
        expect(await store.claimInvite(justInTime.id, T0 + HOUR_MS - 1)).toBe(true);
      });

      it('refuses to claim an unknown invite', async () => {
        expect(await store.claimInvite(inviteId(newId()), T0)).toBe(false);
      });
    });

    describe('documents', () => {
      const coordinatorAuthor = (id: CoordinatorId): Author => ({ kind: 'coordinator', id });

      /** A real Yjs document edited `count` times, with each edit's update and the state after it. */
      function editedDoc(count: number): { doc: Y.Doc; updates: Uint8Array[]; stateAfter: Uint8Array[] } {
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
      function content(doc: Y.Doc): { offers: unknown; notes: string } {
        return { offers: doc.getMap('offers').toJSON(), notes: doc.getText('notes').toString() };
      }

      function rebuild(loaded: { snapshot: Uint8Array | null; updates: Uint8Array[] }): Y.Doc {
        const doc = new Y.Doc();
        if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot);
        for (const update of loaded.updates) Y.applyUpdate(doc, update);
        return doc;
      }

      it('loads a document never written as empty', async () => {
        const conference = await givenConference();
        expect(await store.loadDoc(conference.id, 'board')).toEqual({ snapshot: null, updates: [], lastSeq: 0 });
        expect(await store.pendingUpdateCount(conference.id, 'board')).toBe(0);
        expect(await store.updateLog(conference.id, 'board')).toEqual([]);
      });

      it('numbers updates from 1 and loads them back byte for byte, in order', async () => {
        const conference = await givenConference();
        const { updates } = editedDoc(5);
        const seqs: number[] = [];
        for (const update of updates) {
          seqs.push(await store.appendUpdate(conference.id, 'board', update, coordinatorAuthor(conference.createdBy), T0));
        }
        expect(seqs).toEqual([1, 2, 3, 4, 5]);
        expect(await store.loadDoc(conference.id, 'board')).toEqual({ snapshot: null, updates, lastSeq: 5 });
        expect(await store.pendingUpdateCount(conference.id, 'board')).toBe(5);
      });

      it('gives simultaneous appends distinct consecutive sequence numbers', async () => {
        const conference = await givenConference();
        const { updates } = editedDoc(20);
        const seqs = await Promise.all(
          updates.map((update) => store.appendUpdate(conference.id, 'board', update, { kind: 'server' }, T0)),
        );
        expect([...seqs].sort((a, b) => a - b)).toEqual(updates.map((_, i) => i + 1));
      });

      it('keeps acknowledged updates across a reopen', async () => {
        const conference = await givenConference();
        const { doc, updates } = editedDoc(8);
        for (const update of updates) await store.appendUpdate(conference.id, 'board', update, { kind: 'server' }, T0);
        const reopened = await reopen();
        const loaded = await reopened.loadDoc(conference.id, 'board');
        expect(loaded).toEqual({ snapshot: null, updates, lastSeq: 8 });
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
          await store.appendUpdate(conference.id, 'board', update, authors[i] ?? { kind: 'server' }, T0 + i);
        }
        expect(await store.updateLog(conference.id, 'board')).toEqual(
          updates.map((update, i) => ({ seq: i + 1, author: authors[i], at: T0 + i, byteLength: update.byteLength })),
        );
      });

      it('pages through the update log with afterSeq and limit', async () => {
        const conference = await givenConference();
        for (const update of editedDoc(10).updates) {
          await store.appendUpdate(conference.id, 'board', update, { kind: 'server' }, T0);
        }
        const page = await store.updateLog(conference.id, 'board', { afterSeq: 3, limit: 4 });
        expect(page.map((entry) => entry.seq)).toEqual([4, 5, 6, 7]);
        const rest = await store.updateLog(conference.id, 'board', { afterSeq: 7 });
        expect(rest.map((entry) => entry.seq)).toEqual([8, 9, 10]);
      });

      it('keeps the document’s state and every attribution row through compaction', async () => {
        const conference = await givenConference();
        const { doc, updates, stateAfter } = editedDoc(12);
        for (const [i, update] of updates.entries()) {
          await store.appendUpdate(conference.id, 'board', update, coordinatorAuthor(conference.createdBy), T0 + i);
        }
        const logBefore = await store.updateLog(conference.id, 'board');

        await store.compactDoc(conference.id, 'board', stateAfter[7] ?? new Uint8Array(), 8);

        const loaded = await store.loadDoc(conference.id, 'board');
        expect(loaded.snapshot).toEqual(stateAfter[7]);
        expect(loaded.updates).toEqual(updates.slice(8));
        expect(loaded.lastSeq).toBe(12);
        expect(content(rebuild(loaded))).toEqual(content(doc));
        expect(await store.pendingUpdateCount(conference.id, 'board')).toBe(4);
        expect(await store.updateLog(conference.id, 'board')).toEqual(logBefore);
        expect(logBefore).toHaveLength(12);
      });

      it('keeps a compacted document across a reopen', async () => {
        const conference = await givenConference();
        const { doc, updates, stateAfter } = editedDoc(6);
        for (const update of updates) await store.appendUpdate(conference.id, 'board', update, { kind: 'server' }, T0);
        await store.compactDoc(conference.id, 'board', stateAfter[5] ?? new Uint8Array(), 6);
        const reopened = await reopen();
        const loaded = await reopened.loadDoc(conference.id, 'board');
        expect(loaded.updates).toEqual([]);
        expect(loaded.lastSeq).toBe(6);
        expect(content(rebuild(loaded))).toEqual(content(doc));
        expect(await reopened.updateLog(conference.id, 'board')).toHaveLength(6);
      });

      it('loads updates appended after compaction after the snapshot, continuing the sequence', async () => {
        const conference = await givenConference();
        const { doc, updates, stateAfter } = editedDoc(10);
        for (const update of updates.slice(0, 6)) {
          await store.appendUpdate(conference.id, 'board', update, { kind: 'server' }, T0);
        }
        await store.compactDoc(conference.id, 'board', stateAfter[5] ?? new Uint8Array(), 6);
        const later: number[] = [];
        for (const update of updates.slice(6)) {
          later.push(await store.appendUpdate(conference.id, 'board', update, { kind: 'server' }, T0));
        }
        expect(later).toEqual([7, 8, 9, 10]);
        const loaded = await store.loadDoc(conference.id, 'board');
        expect(loaded).toEqual({ snapshot: stateAfter[5], updates: updates.slice(6), lastSeq: 10 });
        expect(content(rebuild(loaded))).toEqual(content(doc));

        // A second compaction replaces the first snapshot.
        await store.compactDoc(conference.id, 'board', stateAfter[9] ?? new Uint8Array(), 10);
        expect(await store.loadDoc(conference.id, 'board')).toEqual({ snapshot: stateAfter[9], updates: [], lastSeq: 10 });
        expect(await store.pendingUpdateCount(conference.id, 'board')).toBe(0);
      });

      it('refuses to compact beyond the last update or behind the current snapshot', async () => {
        const conference = await givenConference();
        const { updates, stateAfter } = editedDoc(4);
        for (const update of updates) await store.appendUpdate(conference.id, 'board', update, { kind: 'server' }, T0);
        await expect(store.compactDoc(conference.id, 'board', stateAfter[3] ?? new Uint8Array(), 5)).rejects.toThrow(
          RangeError,
        );
        await store.compactDoc(conference.id, 'board', stateAfter[2] ?? new Uint8Array(), 3);
        await expect(store.compactDoc(conference.id, 'board', stateAfter[1] ?? new Uint8Array(), 2)).rejects.toThrow(
          RangeError,
        );
        const loaded = await store.loadDoc(conference.id, 'board');
        expect(loaded).toEqual({ snapshot: stateAfter[2], updates: updates.slice(3), lastSeq: 4 });
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
            expect(await store.appendUpdate(conference, name, update, { kind: 'server' }, T0)).toBe(j + 1);
          }
        }
        const aBoard = written.get(`${a.id}/board`) ?? [];
        await store.compactDoc(a.id, 'board', aBoard[0] ?? new Uint8Array(), 1);

        for (const [conference, name] of docs) {
          const updates = written.get(`${conference}/${name}`) ?? [];
          const loaded = await store.loadDoc(conference, name);
          const compacted = conference === a.id && name === 'board';
          expect(loaded).toEqual({
            snapshot: compacted ? updates[0] : null,
            updates: compacted ? updates.slice(1) : updates,
            lastSeq: updates.length,
          });
          expect(await store.updateLog(conference, name)).toHaveLength(updates.length);
        }
      });
    });
  });
}
