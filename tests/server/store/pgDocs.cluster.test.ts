// The PostgreSQL document store's appends through llb_append() (migrations.ts, its second
// migration): the common append in one round trip, refusals that leave a held head's transaction
// usable, and the migration that brings it to a database written by the version before it.

import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { conferenceId, coordinatorId, newId, participantId } from '../../../shared/ids.ts';
import type { ConferenceId } from '../../../shared/ids.ts';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import { MIGRATION_NAMES, migrationProvider } from '../../../server/store/migrations.ts';
import type { Author, BoardSummary, Store } from '../../../server/store/types.ts';
import { boardRecords } from '../../../server/store/boardRecords.ts';
import { pgPerTest } from '../../helpers/postgres.ts';
import { storeError } from '../../helpers/storeError.ts';

const T0 = 1_700_000_000_000;
const SERVER: Author = { kind: 'server' };

const { schema, open } = pgPerTest();

afterEach(() => {
  vi.restoreAllMocks();
});

async function givenConference(store: Store): Promise<ConferenceId> {
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
  return id;
}

/** `count` real Yjs updates, one edit each. */
function edits(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < count; i++) doc.getArray<number>('edits').push([i]);
  return updates;
}

/**
 * Counts the statements this process sends to PostgreSQL while `work` runs: node-postgres sends
 * each query's messages and its Sync together, so one query is one round trip.
 */
async function roundTrips(work: () => Promise<unknown>): Promise<{ count: number; texts: string[] }> {
  const spy = vi.spyOn(pg.Client.prototype, 'query');
  try {
    await work().catch(() => {
      // reason: the caller checks the outcome itself; this counts what it took
    });
    const texts = spy.mock.calls.map(([query]) => (typeof query === 'string' ? query : (query as { text: string }).text));
    return { count: spy.mock.calls.length, texts };
  } finally {
    spy.mockRestore();
  }
}

const LOCKED: BoardSummary = { title: 'Conference', youngPersonName: 'Jordan', scheduledFor: null, place: '', connectionsAtStart: 0, reviewDate: null, phase: 'agreed', locked: true };

describe('PostgreSQL appends', () => {
  it('stores the common append in one round trip, with or without an expected seq or claims, and refuses one in one round trip too', async () => {
    const store = await open((await schema()).url);
    const conference = await givenConference(store);
    const person: Author = { kind: 'participant', id: participantId(newId()) };
    const updates = edits(6);

    const once = async (work: () => Promise<unknown>) => {
      const { count, texts } = await roundTrips(work);
      expect(count).toBe(1);
      expect(texts[0]).toMatch(/llb_append\(/);
    };
    await once(() => store.docs.append(conference, 'board', updates[0]!, { author: person, at: T0 }));
    await once(() => store.docs.append(conference, 'board', updates[1]!, { author: person, at: T0, expectSeq: 1 }));
    await once(() => store.docs.append(conference, 'board', updates[2]!, { author: person, at: T0, expectSeq: 2, claims: [7], changes: [{ op: 'add', root: 'offers' }] }));
    await once(() => expect(store.docs.append(conference, 'board', updates[3]!, { author: person, at: T0, expectSeq: 1 })).rejects.toMatchObject({ expected: 1, actual: 3 }));
    await once(() => expect(store.docs.append(conference, 'board', updates[3]!, { author: SERVER, at: T0, claims: [7] })).rejects.toMatchObject(storeError('clientIdTaken')));
    await once(() => expect(store.docs.append(conferenceId(newId()), 'board', updates[3]!, { author: SERVER, at: T0 })).rejects.toMatchObject(storeError('notFound')));

    // Locking writes the summary with the update, in a transaction: BEGIN, the append, the summary, COMMIT.
    const locking = await roundTrips(() => store.docs.append(conference, 'board', updates[3]!, { author: SERVER, at: T0, ...boardRecords(conference, { summary: LOCKED }) }));
    expect(locking.count).toBe(4);
    await once(() => expect(store.docs.append(conference, 'board', updates[4]!, { author: person, at: T0 })).rejects.toMatchObject(storeError('locked')));

    const loaded = await store.docs.load(conference, 'board');
    expect(loaded.lastSeq).toBe(4);
    expect(loaded.updates).toEqual(updates.slice(0, 4));
    expect(loaded.owners.get(7)).toEqual(person);
  });

  it('keeps a writer holding the head able to go on after a refused append, which used up no seq', async () => {
    const store = await open((await schema()).url);
    const conference = await givenConference(store);
    const pat: Author = { kind: 'participant', id: participantId(newId()) };
    const lee: Author = { kind: 'participant', id: participantId(newId()) };
    const updates = edits(3);
    await store.docs.append(conference, 'board', updates[0]!, { author: pat, at: T0, claims: [7] });

    const seqs = await store.docs.withHead(conference, 'board', async (held) => {
      await expect(held.append(updates[1]!, { author: lee, at: T0, claims: [7] })).rejects.toMatchObject(storeError('clientIdTaken'));
      await expect(held.append(updates[1]!, { author: lee, at: T0, expectSeq: 0 })).rejects.toMatchObject(storeError('seqConflict'));
      const second = await held.append(updates[1]!, { author: lee, at: T0, claims: [8], expectSeq: 1 });
      const third = await held.append(updates[2]!, { author: lee, at: T0 });
      return [second, third];
    });
    expect(seqs).toEqual([2, 3]);
    const loaded = await store.docs.load(conference, 'board');
    expect(loaded.updates).toEqual(updates);
    expect((await store.docs.log(conference, 'board')).map((entry) => entry.seq)).toEqual([1, 2, 3]);
    expect(loaded.owners.get(8)).toEqual(lee);
  });

  it('brings a database written by the version before llb_append() up to date, and appends to the documents it holds', async () => {
    const fresh = await schema();
    // The server before this migration: the same history up to the one before it.
    const db = new Kysely<Record<string, never>>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: fresh.url, max: 1 }) }) });
    try {
      const provider = migrationProvider('postgres', { upTo: MIGRATION_NAMES[0] });
      expect((await new Migrator({ db, provider, migrationTableSchema: fresh.name }).migrateToLatest()).error).toBeUndefined();
    } finally {
      await db.destroy();
    }
    expect(await fresh.sql('SELECT name FROM kysely_migration ORDER BY name')).toEqual([{ name: MIGRATION_NAMES[0] }]);

    // What that version stored: a board at seq 2, Pat owning client id 7.
    const pat: Author = { kind: 'participant', id: participantId(newId()) };
    const lee: Author = { kind: 'participant', id: participantId(newId()) };
    const conference = conferenceId(newId());
    const updates = edits(4);
    await fresh.sql(`INSERT INTO coordinators (id, name, email, password_hash, created_at) VALUES ('sam', 'Sam', 'sam@example.org', 'x', $1)`, [T0]);
    await fresh.sql(
      `INSERT INTO conferences (id, title, young_person_name, scheduled_for, connections_at_start, created_by, created_at, phase, locked)
       VALUES ($1, 'Conference', 'Jordan', NULL, 0, 'sam', $2, 'planning', false)`,
      [conference, T0],
    );
    await fresh.sql(`INSERT INTO doc_heads (conference_id, doc, last_seq) VALUES ($1, 'board', 2)`, [conference]);
    for (const [i, update] of updates.slice(0, 2).entries()) {
      await fresh.sql(
        `INSERT INTO doc_updates (conference_id, doc, seq, "update", author_kind, author_id, at, byte_length, changes)
         VALUES ($1, 'board', $2, $3, 'participant', $4, $5, $6, NULL)`,
        [conference, i + 1, update, pat.kind === 'participant' ? pat.id : null, T0, update.byteLength],
      );
    }
    await fresh.sql(`INSERT INTO doc_clients (conference_id, doc, client_id, author_kind, author_id) VALUES ($1, 'board', 7, 'participant', $2)`, [
      conference,
      pat.kind === 'participant' ? pat.id : null,
    ]);

    const store = await open(fresh.url);
    expect(await fresh.sql('SELECT name FROM kysely_migration ORDER BY name')).toEqual(MIGRATION_NAMES.map((name) => ({ name })));
    await expect(store.docs.append(conference, 'board', updates[2]!, { author: lee, at: T0, expectSeq: 2, claims: [7] })).rejects.toMatchObject(storeError('clientIdTaken'));
    await expect(store.docs.append(conference, 'board', updates[2]!, { author: lee, at: T0, expectSeq: 1 })).rejects.toMatchObject({
      expected: 1,
      actual: 2,
    });
    expect(await store.docs.append(conference, 'board', updates[2]!, { author: lee, at: T0, expectSeq: 2, claims: [9] })).toBe(3);
    expect(await store.docs.append(conference, 'board', updates[3]!, { author: pat, at: T0, claims: [7] })).toBe(4);
    const loaded = await store.docs.load(conference, 'board');
    expect(loaded.updates).toEqual(updates);
    expect(loaded.owners).toEqual(new Map([[7, pat], [9, lee]]));
    expect((await store.docs.log(conference, 'board')).map((entry) => entry.author)).toEqual([pat, pat, lee, pat]);
  });
});
