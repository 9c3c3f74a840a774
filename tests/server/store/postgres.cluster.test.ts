// The PostgreSQL store against a real server (TEST_DATABASE_URL), each test in a schema of its own:
// the shared contract, then what only several instances on one database bring (migrations racing,
// appends from two pools, an append racing the lock, compactions racing), the guards in SQL, and
// surviving SIGKILL.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { conferenceId, coordinatorId, inviteId, newId, participantId } from '../../../shared/ids.ts';
import type { ConferenceId, CoordinatorId } from '../../../shared/ids.ts';
import { MIGRATION_NAMES } from '../../../server/store/migrations.ts';
import { openPostgresStore } from '../../../server/store/postgres.ts';
import { newDeliveryId } from '../../../server/store/types.ts';
import type { Author, BoardSummary, PlanVersionRecord, SessionRecord, Store } from '../../../server/store/types.ts';
import { boardRecords } from '../../../server/store/boardRecords.ts';
import { freshSchema, pgPerTest } from '../../helpers/postgres.ts';
import { waitFor } from '../../helpers/wait.ts';
import { accountStoreContract } from './accounts.contract.ts';
import { auditStoreContract } from './audit.contract.ts';
import { conferenceStoreContract } from './conferences.contract.ts';
import { docStoreContract } from './docs.contract.ts';
import { outboxStoreContract } from './outbox.contract.ts';
import { turnsContract } from './turns.contract.ts';
import type { OpenStore } from './fixtures.ts';
import { storeError } from '../../helpers/storeError.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const STORE_MODULE_URL = pathToFileURL(join(REPO_ROOT, 'server/store/postgres.ts')).href;
const T0 = 1_700_000_000_000;

/** Schemas and stores made by the PostgreSQL-only tests, dropped and closed after each. */
const { schema, open } = pgPerTest();

const openPostgres: OpenStore = async () => {
  const fresh = await freshSchema();
  let current = await openPostgresStore({ url: fresh.url });
  return {
    store: current,
    reopen: async () => {
      await current.close();
      current = await openPostgresStore({ url: fresh.url });
      return current;
    },
    cleanup: async () => {
      await current.close();
      await fresh.drop();
    },
  };
};
accountStoreContract('postgres', openPostgres);
conferenceStoreContract('postgres', openPostgres);
docStoreContract('postgres', openPostgres);
auditStoreContract('postgres', openPostgres);
outboxStoreContract('postgres', openPostgres);
turnsContract('postgres', openPostgres);

async function givenConference(store: Store): Promise<{ id: ConferenceId; createdBy: CoordinatorId }> {
  const createdBy = coordinatorId(newId());
  await store.accounts.createCoordinator({ id: createdBy, name: 'Sam', email: `${createdBy}@example.org`, passwordHash: 'x', createdAt: T0 });
  const id = conferenceId(newId());
  await store.conferences.create({
    id,
    title: 'Conference',
    youngPersonName: 'Jordan',
    scheduledFor: null,
    place: '',
    connectionsAtStart: 0,
    reviewDate: null,
    createdBy,
    createdAt: T0,
    phase: 'planning',
    locked: false,
  });
  return { id, createdBy };
}

/** `count` real Yjs updates, one edit each, and the state after each. */
function edits(count: number): { doc: Y.Doc; updates: Uint8Array[]; stateAfter: Uint8Array[] } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  const stateAfter: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => {
    updates.push(update);
    stateAfter.push(Y.encodeStateAsUpdate(doc));
  });
  for (let i = 0; i < count; i++) doc.getArray<number>('edits').push([i]);
  return { doc, updates, stateAfter };
}

function rebuild(loaded: { snapshot: Uint8Array | null; updates: Uint8Array[] }): Y.Doc {
  const doc = new Y.Doc();
  if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot);
  for (const update of loaded.updates) Y.applyUpdate(doc, update);
  return doc;
}

const LOCKED: BoardSummary = { title: 'Conference', youngPersonName: 'Jordan', scheduledFor: null, place: '', connectionsAtStart: 0, reviewDate: null, phase: 'agreed', locked: true };

function seal(conference: { id: ConferenceId; createdBy: CoordinatorId }, state: Uint8Array): PlanVersionRecord {
  return {
    conferenceId: conference.id,
    version: 1,
    lockedAt: T0,
    lockedBy: conference.createdBy,
    state,
    planJson: '{}\n',
    sha256: 'b'.repeat(64),
    overrideReason: null,
    professionalJson: null,
  };
}

describe('PostgreSQL store', () => {
  describe('migrations', () => {
    it('records each migration once, and reopens without migrating again', async () => {
      const fresh = await schema();
      await (await openPostgresStore({ url: fresh.url })).close();
      const read = () => fresh.sql('SELECT name, timestamp FROM kysely_migration ORDER BY name');
      const first = await read();
      expect(first).toEqual(MIGRATION_NAMES.map((name) => ({ name, timestamp: expect.any(String) })));
      await (await openPostgresStore({ url: fresh.url })).close();
      await (await openPostgresStore({ url: fresh.url })).close();
      expect(await read()).toEqual(first);
    });

    it('lets two instances migrate the same empty schema at once, applying each migration once', async () => {
      const fresh = await schema();
      const [a, b, c] = await Promise.all([open(fresh.url), open(fresh.url), open(fresh.url)]);
      expect(await fresh.sql('SELECT name FROM kysely_migration ORDER BY name')).toEqual(MIGRATION_NAMES.map((name) => ({ name })));
      // All three work on the one schema.
      const conference = await givenConference(a);
      expect((await b.conferences.get(conference.id))?.id).toBe(conference.id);
      expect(await c.accounts.countCoordinators()).toBe(1);
    });

    it('refuses a schema written by a newer version, leaving it untouched', async () => {
      const fresh = await schema();
      await (await openPostgresStore({ url: fresh.url })).close();
      await fresh.sql("INSERT INTO kysely_migration (name, timestamp) VALUES ('99 from the future', '2030-01-01T00:00:00.000Z')");
      const before = await fresh.sql('SELECT * FROM kysely_migration ORDER BY name');

      await expect(openPostgresStore({ url: fresh.url })).rejects.toThrow(/schema version with “99 from the future” is newer than this server/);
      expect(await fresh.sql('SELECT * FROM kysely_migration ORDER BY name')).toEqual(before);
    });

    it('names the database it could not reach, without its password', async () => {
      const error = await openPostgresStore({ url: 'postgres://someone:hunter2-secret@127.0.0.1:1/nowhere' }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Error);
      const message = error instanceof Error ? error.message : '';
      expect(message).toMatch(/^Could not open the PostgreSQL database at postgres:\/\/someone:\*\*\*@127\.0\.0\.1:1\/nowhere: /);
      expect(message).not.toMatch(/hunter2/);
    });
  });

  it('answers a ping while PostgreSQL is reachable, and refuses one once closed', async () => {
    const fresh = await schema();
    const store = await openPostgresStore({ url: fresh.url });
    await expect(store.ping?.()).resolves.toBeUndefined();
    await store.close();
    await expect(store.ping?.()).rejects.toThrow();
  });

  describe('several instances on one database', () => {
    it('numbers 50 appends from two instances 1..50, with no gap and no duplicate', async () => {
      const fresh = await schema();
      const [a, b] = [await open(fresh.url), await open(fresh.url)];
      const conference = await givenConference(a);
      const { doc, updates } = edits(50);
      const author: Author = { kind: 'server' };
      const seqs = await Promise.all(
        updates.map((update, i) => (i % 2 === 0 ? a : b).docs.append(conference.id, 'board', update, { author, at: T0 + i })),
      );
      expect([...seqs].sort((x, y) => x - y)).toEqual(updates.map((_, i) => i + 1));
      const loaded = await b.docs.load(conference.id, 'board');
      expect(loaded.lastSeq).toBe(50);
      expect((await a.docs.log(conference.id, 'board')).map((entry) => entry.seq)).toEqual(updates.map((_, i) => i + 1));
      // Each seq holds the update that was acknowledged with it.
      const bySeq = new Map(seqs.map((seq, i) => [seq, updates[i]]));
      expect(loaded.updates).toEqual([...bySeq.keys()].sort((x, y) => x - y).map((seq) => bySeq.get(seq)));
      expect(rebuild(loaded).getArray('edits').toArray()).toEqual(doc.getArray('edits').toArray());
    });

    it('takes an append racing the lock from another instance before the lock, or refuses it — never after', async () => {
      const fresh = await schema();
      const [locker, writer] = [await open(fresh.url), await open(fresh.url)];
      const person: Author = { kind: 'participant', id: participantId(newId()) };
      let before = 0;
      let refused = 0;
      for (let round = 0; round < 10; round++) {
        const conference = await givenConference(locker);
        const { updates } = edits(9);
        await writer.docs.append(conference.id, 'board', updates[0]!, { author: { kind: 'server' }, at: T0 });
        const racing = updates.slice(1, 8).map((update) =>
          writer.docs.append(conference.id, 'board', update, { author: { kind: 'server' }, at: T0 }).then(
            (seq) => ({ seq }),
            (error: unknown) => ({ error }),
          ),
        );
        const lockSeq = await locker.docs.append(conference.id, 'board', updates[8]!, {
          author: { kind: 'server' },
          at: T0,
          ...boardRecords(conference.id, { summary: LOCKED, seal: seal(conference, updates[8]!) }),
        });
        for (const outcome of await Promise.all(racing)) {
          if ('seq' in outcome) {
            expect(outcome.seq).toBeLessThan(lockSeq);
            before++;
          } else {
            expect(outcome.error).toMatchObject(storeError('locked'));
            refused++;
          }
        }
        const loaded = await writer.docs.load(conference.id, 'board');
        expect(loaded.lastSeq).toBe(lockSeq);
        await expect(writer.docs.append(conference.id, 'board', updates[1]!, { author: person, at: T0 })).rejects.toMatchObject(storeError('locked'));
      }
      expect(before + refused).toBe(70);
    });

    it('makes an append that waited for the lock’s transaction check again, and refuse', async () => {
      const fresh = await schema();
      const store = await open(fresh.url);
      const conference = await givenConference(store);
      const { updates } = edits(2);
      await store.docs.append(conference.id, 'board', updates[0]!, { author: { kind: 'server' }, at: T0 });

      // A lock in progress elsewhere: the board's head row taken and the conference marked locked,
      // not yet committed.
      const other = new pg.Client({ connectionString: fresh.url });
      await other.connect();
      try {
        await other.query('BEGIN');
        await other.query(`SELECT last_seq FROM doc_heads WHERE conference_id = $1 AND doc = 'board' FOR UPDATE`, [conference.id]);
        await other.query('UPDATE conferences SET locked = true WHERE id = $1', [conference.id]);
        const otherPid = (await other.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;

        const append = store.docs.append(conference.id, 'board', updates[1]!, { author: { kind: 'server' }, at: T0 }).then(
          (seq) => ({ seq }),
          (error: unknown) => ({ error }),
        );
        // The append is waiting on the lock's transaction (checked in pg_stat_activity, not guessed).
        await waitFor('the append to wait for the lock', async () => {
          const { rows } = await other.query<{ n: string }>(
            'SELECT count(*) AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))',
            [otherPid],
          );
          return rows[0]?.n === '1';
        });
        await other.query('COMMIT');
        const outcome = await append;
        expect('error' in outcome && outcome.error).toMatchObject(storeError('locked'));
      } finally {
        await other.end();
      }
      expect((await store.docs.load(conference.id, 'board')).lastSeq).toBe(1);
      expect(await store.docs.log(conference.id, 'board')).toHaveLength(1);
    });

    it('lets two instances compact one document at once without losing an update', async () => {
      const fresh = await schema();
      const [a, b] = [await open(fresh.url), await open(fresh.url)];
      for (let round = 0; round < 5; round++) {
        const conference = await givenConference(a);
        const { doc, updates, stateAfter } = edits(30);
        for (const update of updates) await a.docs.append(conference.id, 'board', update, { author: { kind: 'server' }, at: T0 });
        const outcomes = await Promise.allSettled([
          a.docs.compact(conference.id, 'board', stateAfter[24]!, 25),
          b.docs.compact(conference.id, 'board', stateAfter[19]!, 20),
        ]);
        expect(outcomes[0]?.status).toBe('fulfilled');
        // The one behind the other's snapshot is refused; taking turns, it may also have gone first.
        if (outcomes[1]?.status === 'rejected') expect(outcomes[1].reason).toBeInstanceOf(RangeError);
        const loaded = await b.docs.load(conference.id, 'board');
        expect(loaded.lastSeq).toBe(30);
        expect(rebuild(loaded).getArray('edits').toArray()).toEqual(doc.getArray('edits').toArray());
      }
    });

    it('holds every other instance’s append while a writer decides holding the head, then commits the writer’s append with it', async () => {
      const fresh = await schema();
      const [a, b] = [await open(fresh.url), await open(fresh.url)];
      const author: Author = { kind: 'server' };
      const conference = await givenConference(a);
      const { updates } = edits(4);
      await a.docs.append(conference.id, 'board', updates[0]!, { author, at: T0 });
      let release: () => void = () => undefined;
      const decided = new Promise<void>((resolve) => (release = resolve));
      let seen: number | null = null;
      const holder = a.docs.withHead(conference.id, 'board', async (held) => {
        // It reads the latest (seq 1), takes its time deciding, and appends from there.
        seen = (await held.loadAfter(0)).lastSeq;
        await decided;
        return held.append(updates[1]!, { author, at: T0, expectSeq: 1 });
      });
      await waitFor('the head to be held', () => seen === 1);
      // Another instance's append waits for the head instead of going ahead.
      let otherSeq: number | null = null;
      const other = b.docs.append(conference.id, 'board', updates[2]!, { author, at: T0 }).then((seq) => (otherSeq = seq));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(otherSeq).toBeNull();
      expect((await b.docs.load(conference.id, 'board')).lastSeq).toBe(1);
      release();
      expect(await holder).toBe(2);
      await other;
      expect(otherSeq).toBe(3);
      expect((await b.docs.load(conference.id, 'board')).updates).toEqual([updates[0], updates[1], updates[2]]);
    });

    it('keeps nothing a writer holding the head appended when its work then fails', async () => {
      const fresh = await schema();
      const store = await open(fresh.url);
      const author: Author = { kind: 'server' };
      const conference = await givenConference(store);
      const { updates } = edits(2);
      await expect(
        store.docs.withHead(conference.id, 'board', async (held) => {
          await held.append(updates[0]!, { author, at: T0 });
          throw new Error('changed its mind');
        }),
      ).rejects.toThrow('changed its mind');
      expect((await store.docs.load(conference.id, 'board')).lastSeq).toBe(0);
      expect(await store.docs.append(conference.id, 'board', updates[1]!, { author, at: T0 })).toBe(1);
    });

    it('lets exactly one of several appends from the same seq through, from two instances at once, refusing the others', async () => {
      const fresh = await schema();
      const [a, b] = [await open(fresh.url), await open(fresh.url)];
      const author: Author = { kind: 'server' };
      for (let round = 0; round < 10; round++) {
        const conference = await givenConference(a);
        const { updates } = edits(7);
        // Both pools have a connection open before the race.
        for (const [i, update] of updates.slice(0, 3).entries()) await (i % 2 ? b : a).docs.append(conference.id, 'board', update, { author, at: T0 });
        const contenders = updates.slice(3);
        const outcomes = await Promise.allSettled(
          contenders.map((update, i) => (i % 2 ? b : a).docs.append(conference.id, 'board', update, { author, at: T0, expectSeq: 3 })),
        );
        const won = outcomes.flatMap((outcome, i) => (outcome.status === 'fulfilled' ? [{ seq: outcome.value, update: contenders[i] }] : []));
        expect(won.map((w) => w.seq)).toEqual([4]);
        for (const outcome of outcomes) {
          if (outcome.status === 'fulfilled') continue;
          expect(outcome.reason).toMatchObject(storeError('seqConflict'));
          expect(outcome.reason).toMatchObject({ expected: 3, actual: 4 });
        }
        const loaded = await b.docs.load(conference.id, 'board');
        expect(loaded.lastSeq).toBe(4);
        expect(loaded.updates).toEqual([...updates.slice(0, 3), won[0]?.update]);
        expect(await a.docs.log(conference.id, 'board')).toHaveLength(4);
      }
    });

    it('compacts from stored updates on two instances at once while a third appends, and a fourth catching up never misses an update', async () => {
      const fresh = await schema();
      const [writer, first, second, reader] = [await open(fresh.url), await open(fresh.url), await open(fresh.url), await open(fresh.url)];
      const TOTAL = 60;
      const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      let compactions = 0;
      let snapshotsCaughtUpWith = 0;
      for (let round = 0; round < 3; round++) {
        const conference = await givenConference(writer);
        const { doc, updates } = edits(TOTAL);
        for (const update of updates.slice(0, 10)) await writer.docs.append(conference.id, 'board', update, { author: { kind: 'server' }, at: T0 });
        let acked = 10;
        let compactedTo = 0;
        let writing = true;
        const write = (async () => {
          try {
            for (const update of updates.slice(10)) acked = await writer.docs.append(conference.id, 'board', update, { author: { kind: 'server' }, at: T0 });
          } finally {
            writing = false;
          }
        })();
        // Each compacts up to the newest acknowledged seq, again and again, racing the other.
        const compactor = async (store: Store) => {
          while (writing) {
            const uptoSeq = acked;
            await store.docs.compactStored(conference.id, 'board', uptoSeq);
            compactedTo = Math.max(compactedTo, uptoSeq);
            compactions++;
          }
        };
        // A replica that started from a load and follows with loadAfter alone: every other read
        // once a compaction has passed its seq (so the snapshot comes too), the others at once
        // (racing the compactions).
        const follow = async () => {
          const loaded = await reader.docs.load(conference.id, 'board');
          const replica = rebuild(loaded);
          let seq = loaded.lastSeq;
          for (let read = 0; writing || seq < TOTAL; read++) {
            if (read % 2 === 1) while (writing && compactedTo <= seq) await pause(1);
            const after = await reader.docs.loadAfter(conference.id, 'board', seq);
            expect(after.lastSeq).toBeGreaterThanOrEqual(seq);
            if (after.snapshot) {
              Y.applyUpdate(replica, after.snapshot);
              snapshotsCaughtUpWith++;
            }
            for (const update of after.updates) Y.applyUpdate(replica, update);
            seq = after.lastSeq;
            // Every edit up to the seq is there, and none waits for one that was missed.
            expect(replica.getArray('edits').toArray()).toEqual(Array.from({ length: seq }, (_, i) => i));
            expect(replica.store.pendingStructs).toBeNull();
          }
        };
        await Promise.all([write, compactor(first), compactor(second), follow()]);

        const loaded = await reader.docs.load(conference.id, 'board');
        expect(loaded.lastSeq).toBe(TOTAL);
        const rebuilt = rebuild(loaded);
        expect(rebuilt.getArray('edits').toArray()).toEqual(doc.getArray('edits').toArray());
        expect(Y.encodeStateVector(rebuilt)).toEqual(Y.encodeStateVector(doc));
        expect((await writer.docs.log(conference.id, 'board')).map((entry) => entry.seq)).toEqual(updates.map((_, i) => i + 1));
        const storedBytes = await first.docs.compactStored(conference.id, 'board', TOTAL);
        expect(storedBytes).toBe((await reader.docs.load(conference.id, 'board')).storedBytes);
      }
      expect(compactions).toBeGreaterThan(0);
      expect(snapshotsCaughtUpWith).toBeGreaterThan(0);
    });

    it('deletes a conference while another instance appends to and compacts it: each append stored before, or refused as having no conference', async () => {
      const fresh = await schema();
      const [a, b] = [await open(fresh.url), await open(fresh.url)];
      for (let round = 0; round < 5; round++) {
        const conference = await givenConference(a);
        const { updates, stateAfter } = edits(30);
        for (const update of updates.slice(0, 10)) await b.docs.append(conference.id, 'board', update, { author: { kind: 'server' }, at: T0 });
        const settle = <T>(task: Promise<T>) => task.then((value) => ({ value }), (error: unknown) => ({ error }));
        const appends = updates.slice(10).map((update, i) =>
          settle(b.docs.append(conference.id, i % 2 ? 'board' : 'private', update, { author: { kind: 'server' }, at: T0, claims: [i] })),
        );
        const compaction = settle(b.docs.compact(conference.id, 'board', stateAfter[4]!, 5));
        expect(await a.conferences.delete(conference.id)).toBe(true);
        for (const outcome of await Promise.all(appends)) {
          if ('error' in outcome) expect(outcome.error).toMatchObject(storeError('notFound'));
        }
        const compacted = await compaction;
        if ('error' in compacted) expect(compacted.error).toBeInstanceOf(RangeError);
        for (const doc of ['board', 'private'] as const) expect((await b.docs.load(conference.id, doc)).lastSeq).toBe(0);
      }
      for (const table of ['doc_heads', 'doc_updates', 'doc_snapshots', 'doc_clients']) {
        expect(await fresh.sql(`SELECT count(*)::int AS n FROM ${table}`), table).toEqual([{ n: 0 }]);
      }
    });

    it('leaves exactly one session when four devices move one participant at once', async () => {
      const fresh = await schema();
      const [a, b] = [await open(fresh.url), await open(fresh.url)];
      const conference = await givenConference(a);
      const id = newId();
      await a.conferences.createInvite({
        id: inviteId(id),
        participantId: participantId(id),
        conferenceId: conference.id,
        displayName: 'Pat',
        role: 'network',
        tokenHash: `hash-${id}`,
        createdAt: T0,
        expiresAt: T0 + 1_000,
        usedAt: null,
        revokedAt: null,
        lastSeenAt: null,
        familySide: false,
        relationship: '',
      });
      const session = (device: number): SessionRecord => ({
        idHash: `device-${device}`,
        kind: 'participant',
        participantId: participantId(id),
        conferenceId: conference.id,
        createdAt: T0,
        expiresAt: T0 + 1_000,
      });
      await Promise.all([1, 2, 3, 4].map((device) => (device % 2 ? a : b).accounts.createSession(session(device), { replaceParticipantSessions: true })));
      const left = await fresh.sql('SELECT id_hash FROM sessions');
      expect(left).toHaveLength(1);
    });
  });

  describe('guards in the database itself', () => {
    it('never changes a stored agreed version, even by hand in SQL', async () => {
      const fresh = await schema();
      const store = await open(fresh.url);
      const conference = await givenConference(store);
      const doc = new Y.Doc();
      doc.getMap('meta').set('locked', true);
      const update = Y.encodeStateAsUpdate(doc);
      await store.docs.append(conference.id, 'board', update, { author: { kind: 'server' }, at: T0, ...boardRecords(conference.id, { summary: LOCKED, seal: seal(conference, update) }) });
      await expect(fresh.sql(`UPDATE plan_versions SET plan_json = '{"changed":true}'`)).rejects.toThrow(/an agreed plan version never changes/);
      expect((await store.conferences.getPlanVersion(conference.id, 1))?.planJson).toBe('{}\n');
    });

    it('never changes a delivery’s body nor a finished delivery, even by hand in SQL, and deletes everything with the conference', async () => {
      const fresh = await schema();
      const store = await open(fresh.url);
      const conference = await givenConference(store);
      const queued = newDeliveryId();
      const delivered = newDeliveryId();
      for (const [id, version] of [[queued, 1], [delivered, 2]] as const) {
        await store.outbox.enqueue({ id, conferenceId: conference.id, version, copy: 'full', body: '{"v":1}', createdAt: T0, giveUpAt: T0 + 1_000 });
      }
      await store.outbox.claim(delivered, T0, T0 + 1_000);
      await store.outbox.recordAttempt(delivered, 1, { kind: 'delivered', at: T0 + 1, responseStatus: 200, responseExcerpt: '' });
      await store.docs.append(conference.id, 'board', new Uint8Array([0, 0]), { author: { kind: 'server' }, at: T0, claims: [7] });
      await store.docs.compact(conference.id, 'board', new Uint8Array([0, 0]), 1);
      await store.audit.record({ conferenceId: conference.id, at: T0, actor: null, action: 'conference.created', detail: {} });

      await expect(fresh.sql(`UPDATE outbox SET body = '{"v":2}' WHERE id = $1`, [queued])).rejects.toThrow(/body never changes/);
      await expect(fresh.sql('UPDATE outbox SET response_status = 500 WHERE id = $1', [delivered])).rejects.toThrow(/never changes/);
      // A queued delivery's progress may change (that is how attempts are recorded).
      await fresh.sql('UPDATE outbox SET attempts = 3 WHERE id = $1', [queued]);

      await fresh.sql('DELETE FROM conferences WHERE id = $1', [conference.id]);
      for (const table of ['outbox', 'doc_heads', 'doc_updates', 'doc_snapshots', 'doc_clients', 'audit_events', 'plan_versions', 'invites', 'sessions']) {
        expect(await fresh.sql(`SELECT count(*)::int AS n FROM ${table}`), table).toEqual([{ n: 0 }]);
      }
    });
  });

  it('loses no acknowledged update when its process is killed with SIGKILL', async () => {
    const fresh = await schema();
    const setup = await openPostgresStore({ url: fresh.url });
    const conference = await givenConference(setup);
    await setup.close();

    // The child appends one real Yjs update at a time, flat out, and prints each seq once the
    // store has acknowledged it (committed); stdout to a pipe is synchronous on POSIX.
    const script = `
      import * as Y from 'yjs';
      import { openPostgresStore } from ${JSON.stringify(STORE_MODULE_URL)};
      const store = await openPostgresStore({ url: process.env.DB_URL });
      const doc = new Y.Doc();
      let last = new Uint8Array();
      doc.on('update', (update) => { last = update; });
      for (let i = 1; ; i++) {
        doc.getArray('acked').push([i]);
        const seq = await store.docs.append(process.env.CONFERENCE_ID, 'board', last, { author: { kind: 'server' }, at: Date.now() });
        process.stdout.write(seq + '\\n');
      }
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], {
      cwd: REPO_ROOT,
      env: { ...process.env, DB_URL: fresh.url, CONFERENCE_ID: conference.id },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

    const KILL_AFTER_ACKS = 300;
    const acked: number[] = await new Promise((resolve, reject) => {
      let buffered = '';
      const seqs: number[] = [];
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        seqs.push(...lines.map(Number));
        if (seqs.length >= KILL_AFTER_ACKS && child.exitCode === null && !child.killed) child.kill('SIGKILL');
      });
      child.on('exit', (_code, signal) => {
        if (signal === 'SIGKILL') resolve(seqs);
        else reject(new Error(`child exited before being killed: ${stderr}`));
      });
    });

    expect(acked.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(acked).toEqual(acked.map((_, i) => i + 1));

    const store = await open(fresh.url);
    const loaded = await store.docs.load(conference.id, 'board');
    const logged = new Set((await store.docs.log(conference.id, 'board')).map((entry) => entry.seq));
    const values = new Set(rebuild(loaded).getArray<number>('acked').toArray());
    for (const seq of acked) {
      expect(logged.has(seq)).toBe(true);
      expect(values.has(seq)).toBe(true);
    }
    expect(loaded.lastSeq).toBeGreaterThanOrEqual(acked.length);
    // The transaction cut off by the kill left no hole: the log is 1..lastSeq.
    expect([...logged]).toEqual(Array.from({ length: loaded.lastSeq }, (_, i) => i + 1));
  });
});
