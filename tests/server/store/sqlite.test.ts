// The SQLite store against real files in temp dirs: the shared contract, then what only SQLite has
// (migrations, WAL, surviving SIGKILL, a 100,000-update document).

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { conferenceId, coordinatorId, newId } from '../../../shared/ids.ts';
import type { ConferenceId } from '../../../shared/ids.ts';
import { LATEST_SCHEMA_VERSION, MIGRATION_NAMES } from '../../../server/store/migrations.ts';
import { openSqliteStore } from '../../../server/store/sqlite.ts';
import { newDeliveryId } from '../../../server/store/types.ts';
import type { Store } from '../../../server/store/types.ts';
import { boardRecords } from '../../../server/store/boardRecords.ts';
import { accountStoreContract } from './accounts.contract.ts';
import { auditStoreContract } from './audit.contract.ts';
import { conferenceStoreContract } from './conferences.contract.ts';
import { docStoreContract } from './docs.contract.ts';
import { outboxStoreContract } from './outbox.contract.ts';
import { turnsContract } from './turns.contract.ts';
import type { OpenStore } from './fixtures.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const STORE_MODULE_URL = pathToFileURL(join(REPO_ROOT, 'server/store/sqlite.ts')).href;
const T0 = 1_700_000_000_000;

const tempDirs: string[] = [];

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'llb-store-'));
  tempDirs.push(dir);
  // A directory that does not exist yet: the store must create it.
  return join(dir, 'data', 'board.sqlite');
}

afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const openSqlite: OpenStore = async () => {
  const file = tempFile();
  let current = await openSqliteStore({ file });
  return {
    store: current,
    reopen: async () => {
      await current.close();
      current = await openSqliteStore({ file });
      return current;
    },
    cleanup: async () => {
      await current.close();
    },
  };
};
accountStoreContract('sqlite', openSqlite);
conferenceStoreContract('sqlite', openSqlite);
docStoreContract('sqlite', openSqlite);
auditStoreContract('sqlite', openSqlite);
outboxStoreContract('sqlite', openSqlite);
turnsContract('sqlite', openSqlite);

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

function rebuild(loaded: { snapshot: Uint8Array | null; updates: Uint8Array[] }): Y.Doc {
  const doc = new Y.Doc();
  if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot);
  for (const update of loaded.updates) Y.applyUpdate(doc, update);
  return doc;
}

describe('SQLite store', () => {
  it('creates its directory, records each migration once, and reopens without migrating again', async () => {
    const file = tempFile();
    await (await openSqliteStore({ file })).close();
    const read = () => {
      const db = new Database(file, { readonly: true });
      try {
        return {
          version: db.pragma('user_version', { simple: true }),
          rows: db.prepare('SELECT name, timestamp FROM kysely_migration ORDER BY name').all(),
        };
      } finally {
        db.close();
      }
    };
    const first = read();
    expect(first.version).toBe(LATEST_SCHEMA_VERSION);
    expect(first.rows).toEqual(MIGRATION_NAMES.map((name) => ({ name, timestamp: expect.any(String) })));

    await (await openSqliteStore({ file })).close();
    await (await openSqliteStore({ file })).close();
    expect(read()).toEqual(first);
  });

  it('refuses a database from before the oldest schema it can adopt, leaving it untouched', async () => {
    const file = tempFile();
    mkdirSync(dirname(file), { recursive: true });
    const raw = new Database(file);
    raw.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
    for (let version = 1; version <= 7; version++) raw.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(version, `step ${version}`, T0);
    raw.pragma('user_version = 7');
    raw.close();

    await expect(openSqliteStore({ file })).rejects.toThrow(/schema version 7 was made by a server from before December 2026 .*open it once with a server from November 2026/);

    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(7);
    expect(check.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all()).toEqual([{ name: 'schema_migrations' }]);
    check.close();
  });

  it('prepares each of its queries once, however often it runs them', async () => {
    const store = await openSqliteStore({ file: tempFile() });
    const conference = await givenConference(store);
    const prepare = vi.spyOn(Database.prototype, 'prepare');
    try {
      const once = async () => {
        await store.conferences.get(conference);
        await store.conferences.listInvites(conference);
        await store.docs.load(conference, 'board');
      };
      await once();
      const first = prepare.mock.calls.length;
      expect(first).toBeGreaterThan(0);
      for (let i = 0; i < 50; i++) await once();
      expect(prepare.mock.calls.length).toBe(first);
    } finally {
      prepare.mockRestore();
      await store.close();
    }
  });

  it('refuses a database written by a newer version, leaving it untouched', async () => {
    const file = tempFile();
    const future = LATEST_SCHEMA_VERSION + 1;
    await (await openSqliteStore({ file })).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${future}`);
    raw.prepare("INSERT INTO kysely_migration (name, timestamp) VALUES ('99 from the future', '2030-01-01T00:00:00.000Z')").run();
    raw.close();

    await expect(openSqliteStore({ file })).rejects.toThrow(/schema version \d+ is newer than this server/);

    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(future);
    expect(check.prepare('SELECT count(*) AS n FROM kysely_migration').get()).toEqual({ n: MIGRATION_NAMES.length + 1 });
    check.close();
  });

  it('refuses to hand out a record whose row was corrupted by hand, instead of passing on a bad phase, role or id', async () => {
    const file = tempFile();
    const store = await openSqliteStore({ file });
    const conference = await givenConference(store);
    const sound = await store.conferences.get(conference);
    await store.close();
    const db = new Database(file);
    db.prepare("UPDATE conferences SET phase = 'lunch' WHERE id = ?").run(conference);
    db.close();
    const again = await openSqliteStore({ file });
    await expect(again.conferences.get(conference)).rejects.toThrow(/phase/);
    await expect(again.conferences.list(sound!.createdBy)).rejects.toThrow(/phase/);
    await again.close();
    const fixed = new Database(file);
    // A hand edit that breaks the reference too: only the store's parse stands in the way.
    fixed.pragma('foreign_keys = OFF');
    fixed.prepare("UPDATE conferences SET phase = 'planning', created_by = 'not an id!' WHERE id = ?").run(conference);
    fixed.close();
    const third = await openSqliteStore({ file });
    await expect(third.conferences.get(conference)).rejects.toThrow(/Not a valid coordinator id/);
    await third.close();
  });

  it('never changes a stored agreed version, even by hand in SQL', async () => {
    const file = tempFile();
    const store = await openSqliteStore({ file });
    const conference = await givenConference(store);
    const doc = new Y.Doc();
    doc.getMap('meta').set('locked', true);
    const update = Y.encodeStateAsUpdate(doc);
    await store.docs.append(conference, 'board', update, {
      author: { kind: 'server' },
      at: T0,
      ...boardRecords(conference, {
        summary: { title: 'Plan', youngPersonName: 'Robin', scheduledFor: null, place: '', connectionsAtStart: 0, reviewDate: null, phase: 'agreed', locked: true },
        seal: { conferenceId: conference, version: 1, lockedAt: T0, lockedBy: (await store.conferences.get(conference))!.createdBy, state: update, planJson: '{}\n', sha256: 'b'.repeat(64), overrideReason: null, professionalJson: null },
      }),
    });
    await store.close();
    const db = new Database(file);
    expect(() => db.prepare("UPDATE plan_versions SET plan_json = '{\"changed\":true}'").run()).toThrow(/an agreed plan version never changes/);
    db.close();
    const again = await openSqliteStore({ file });
    expect((await again.conferences.getPlanVersion(conference, 1))?.planJson).toBe('{}\n');
    await again.close();
  });

  it('never changes a delivery’s body nor a finished delivery, even by hand in SQL, and deletes deliveries with their conference', async () => {
    const file = tempFile();
    const store = await openSqliteStore({ file });
    const conference = await givenConference(store);
    const queued = newDeliveryId();
    const delivered = newDeliveryId();
    for (const [id, version] of [[queued, 1], [delivered, 2]] as const) {
      await store.outbox.enqueue({ id, conferenceId: conference, version, copy: 'full', body: '{"v":1}', createdAt: T0, giveUpAt: T0 + 1_000 });
    }
    await store.outbox.claim(delivered, T0, T0 + 1_000);
    await store.outbox.recordAttempt(delivered, 1, { kind: 'delivered', at: T0 + 1, responseStatus: 200, responseExcerpt: '' });
    await store.close();
    const db = new Database(file);
    db.pragma('foreign_keys = ON');
    expect(() => db.prepare(`UPDATE outbox SET body = '{"v":2}' WHERE id = ?`).run(queued)).toThrow(/body never changes/);
    expect(() => db.prepare(`UPDATE outbox SET response_status = 500 WHERE id = ?`).run(delivered)).toThrow(/never changes/);
    db.prepare('DELETE FROM conferences WHERE id = ?').run(conference);
    expect(db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 0 });
    db.close();
  });

  it('keeps its journal in WAL mode', async () => {
    const file = tempFile();
    const store = await openSqliteStore({ file });
    const conference = await givenConference(store);
    await store.docs.append(conference, 'board', new Uint8Array([0, 0]), { author: { kind: 'server' }, at: T0 });
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
    expect(existsSync(`${file}-wal`)).toBe(true);
    await store.close();
  });

  it('keeps its WAL short while only board updates are appended (SQLite checkpoints it as it goes)', async () => {
    const file = tempFile();
    const store = await openSqliteStore({ file });
    const conference = await givenConference(store);
    // Each append commits a page or more: several thousand pages in all, where SQLite's own
    // checkpoint (every 1,000 pages, each page 4 KiB in the WAL) keeps the file near 4 MiB.
    for (let i = 0; i < 3_000; i++) {
      await store.docs.append(conference, 'board', new Uint8Array(200).fill(i % 256), { author: { kind: 'server' }, at: T0 });
    }
    expect(statSync(`${file}-wal`).size).toBeLessThan(2 * 1_000 * (4_096 + 24));
    await store.close();
  });

  it('loses no acknowledged update when its process is killed with SIGKILL', async () => {
    const file = tempFile();
    const setup = await openSqliteStore({ file });
    const conference = await givenConference(setup);
    await setup.close();

    // The child appends one real Yjs update at a time, flat out, and prints each seq once the
    // store has acknowledged it; stdout to a pipe is synchronous on POSIX, so a printed seq was acked.
    const script = `
      import * as Y from 'yjs';
      import { openSqliteStore } from ${JSON.stringify(STORE_MODULE_URL)};
      const store = await openSqliteStore({ file: process.env.DB_FILE });
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
      env: { ...process.env, DB_FILE: file, CONFERENCE_ID: conference },
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

    const store = await openSqliteStore({ file });
    const loaded = await store.docs.load(conference, 'board');
    const logged = new Set((await store.docs.log(conference, 'board')).map((entry) => entry.seq));
    const values = new Set(rebuild(loaded).getArray<number>('acked').toArray());
    for (const seq of acked) {
      expect(logged.has(seq)).toBe(true);
      expect(values.has(seq)).toBe(true);
    }
    expect(loaded.lastSeq).toBeGreaterThanOrEqual(acked.length);
    await store.close();
  });

  it('appends 100,000 small updates, compacts them, and loads the same document back', async () => {
    const TOTAL = 100_000;
    const SNAPSHOT_AT = 99_000;
    const BATCH = 1_000;

    const original = new Y.Doc();
    const updates: Uint8Array[] = [];
    let snapshot: Uint8Array = new Uint8Array();
    original.on('update', (update: Uint8Array) => updates.push(update));
    const offers = original.getMap<number>('offers');
    const notes = original.getText('notes');
    for (let i = 1; i <= TOTAL; i++) {
      if (i % 4 === 0) notes.insert(notes.length, 'x');
      else offers.set(`offer-${i % 500}`, i);
      if (i === SNAPSHOT_AT) snapshot = Y.encodeStateAsUpdate(original);
    }
    expect(updates).toHaveLength(TOTAL);

    const file = tempFile();
    const store = await openSqliteStore({ file });
    const conference = await givenConference(store);
    const author = { kind: 'server' } as const;
    for (let start = 0; start < TOTAL; start += BATCH) {
      await Promise.all(
        updates.slice(start, start + BATCH).map((update) => store.docs.append(conference, 'board', update, { author, at: T0 })),
      );
    }
    await store.docs.compact(conference, 'board', snapshot, SNAPSHOT_AT);

    const loaded = await store.docs.load(conference, 'board');
    expect(loaded.lastSeq).toBe(TOTAL);
    expect(loaded.updates).toHaveLength(TOTAL - SNAPSHOT_AT);
    const rebuilt = rebuild(loaded);
    expect(rebuilt.getMap('offers').toJSON()).toEqual(offers.toJSON());
    expect(rebuilt.getText('notes').toString()).toBe(notes.toString());
    expect(Y.encodeStateVector(rebuilt)).toEqual(Y.encodeStateVector(original));
        expect(await store.docs.log(conference, 'board')).toHaveLength(TOTAL);
    await store.close();
  });
});
