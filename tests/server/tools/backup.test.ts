// Backup and restore of the embedded SQLite database, as an operator runs them (npm run backup /
// restore): a backup taken from a live server while people edit, restored into a fresh data
// directory, served by a new server; and the refusals that keep a restore from doing harm.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPerson, readBoard } from '../../../shared/board.ts';
import { LATEST_SCHEMA_VERSION } from '../../../server/store/migrations.ts';
import { ApiClient, createConference, setupCoordinator } from '../../helpers/api.ts';
import { connect } from '../../helpers/client.ts';
import { startServer, type TestServer } from '../../helpers/server.ts';
import { joinBoard, waitConverged } from '../../helpers/sync.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** What a tool run printed and how it ended. */
interface ToolRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `npm run <script> -- <file>` from the project folder with DATA_DIR set, as an operator would
 * (a DATABASE_URL or REDIS_URL exported in the shell is left out, as startServer() leaves it out).
 */
function npmRun(script: 'backup' | 'restore', dataDir: string, file?: string, env: Record<string, string> = {}): Promise<ToolRun> {
  const { DATABASE_URL: _database, REDIS_URL: _redis, ...inherited } = process.env;
  const child = spawn('npm', ['run', '--silent', script, ...(file === undefined ? [] : ['--', file])], {
    cwd: ROOT,
    env: { ...inherited, DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

const tempDirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'llb-backup-'));
  tempDirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** The coordinator that setupCoordinator() made, signing in on another server. */
async function signIn(server: TestServer): Promise<ApiClient> {
  const api = new ApiClient(server.url);
  const res = await api.post('/api/login', { email: 'casey@example.org', password: 'a long invented password' });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${res.text}`);
  return api;
}

describe('npm run backup and npm run restore', () => {
  it('backs up a live server while people edit, and a server started on the restored copy shows the conference and its board', async () => {
    const server = await startServer();
    let restored: TestServer | null = null;
    try {
      const coordinator = await setupCoordinator(server);
      const conferenceId = await createConference(coordinator, 'Plan for Robin');
      const writer = await joinBoard(server, coordinator, conferenceId, { name: 'Writer' });
      const watcher = await joinBoard(server, coordinator, conferenceId, { role: 'carer', name: 'Watcher' });
      for (let i = 0; i < 20; i += 1) addPerson(writer.doc, { displayName: `Before ${i}`, relationship: 'aunt', circle: 'family', connection: 'none', atConference: false });
      // The watcher holding them proves they were stored: the server stores before it relays.
      await waitConverged([writer, watcher], 'the watcher to hold the first 20 people');
      const before = readBoard(watcher.doc).people.map((p) => p.displayName);

      // People keep adding while the backup runs: it copies the database as of one moment.
      const folder = tempDir();
      const file = path.join(folder, 'board-backup.sqlite');
      let during = 0;
      const typing = setInterval(() => {
        addPerson(writer.doc, { displayName: `During ${during}`, relationship: '', circle: 'friends', connection: 'none', atConference: false });
        during += 1;
      }, 10);
      const backup = await npmRun('backup', server.dataDir, file).finally(() => clearInterval(typing));
      expect(backup.stderr).toBe('');
      expect(backup.code).toBe(0);
      expect(backup.stdout).toMatch(/^Backed up the board database to .*board-backup\.sqlite \(1 conference, schema version \d+, [\d.]+ [kM]B\)\.\n$/);
      // Counts and paths only: nothing about the people in the boards.
      expect(backup.stdout).not.toMatch(/Robin|Before|During|Writer|casey/);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readdirSync(folder)).toEqual(['board-backup.sqlite']);
      expect(during).toBeGreaterThan(0);

      addPerson(writer.doc, { displayName: 'After the backup', relationship: '', circle: 'friends', connection: 'none', atConference: false });
      await waitConverged([writer, watcher], 'the watcher to hold everything');
      writer.destroy();
      watcher.destroy();
      expect(await server.stop()).toBe(0);

      const fresh = path.join(tempDir(), 'data');
      const restore = await npmRun('restore', fresh, file);
      expect(restore.stderr).toBe('');
      expect(restore.code).toBe(0);
      expect(restore.stdout).toMatch(/^Restored the board database in .* \(1 conference, schema version \d+, .*\)\.\nStart the server now\.\n$/);
      expect(statSync(path.join(fresh, 'board.sqlite')).mode & 0o777).toBe(0o600);

      restored = await startServer({ dataDir: fresh });
      expect((await fetch(`${restored.url}/readyz`)).status).toBe(200);
      const again = await signIn(restored);
      const list = await again.get('/api/conferences');
      expect(list.status).toBe(200);
      expect(list.json.map((c) => [c.id, c.title])).toEqual([[conferenceId, 'Plan for Robin']]);
      const reader = await connect(again, conferenceId);
      try {
        const board = readBoard(reader.doc);
        const names = board.people.map((p) => p.displayName);
        expect(board.meta.title).toBe('Plan for Robin');
        expect(names).toEqual(expect.arrayContaining(before));
        expect(names).not.toContain('After the backup');
        // Whatever the copy caught of the typing, it caught whole edits, in the order they were made.
        const caught = names.filter((n) => n.startsWith('During ')).map((n) => Number(n.slice('During '.length))).sort((a, b) => a - b);
        expect(caught).toEqual(caught.map((_, i) => i));
      } finally {
        reader.destroy();
      }
    } finally {
      await server.stop();
      await restored?.stop();
    }
  });

  describe('refusals', () => {
    let server: TestServer;
    let backupFile: string;

    beforeAll(async () => {
      server = await startServer();
      const coordinator = await setupCoordinator(server);
      await createConference(coordinator, 'Plan for Sam');
      backupFile = path.join(tempDir(), 'good.sqlite');
      const made = await npmRun('backup', server.dataDir, backupFile);
      if (made.code !== 0) throw new Error(`backup failed: ${made.stderr}`);
    });

    afterAll(async () => {
      await server.stop();
    });

    it('refuses to restore over the database of a running server, and changes nothing', async () => {
      const files = readdirSync(server.dataDir).sort();
      const run = await npmRun('restore', server.dataDir, backupFile);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/is in use: stop the server first, then restore\./);
      expect(run.stdout).toBe('');
      expect(readdirSync(server.dataDir).sort()).toEqual(files);
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    });

    it('refuses files that are not a board database this server understands, leaving the data directory as it was', async () => {
      const dataDir = path.join(tempDir(), 'data');
      expect((await npmRun('restore', dataDir, backupFile)).code).toBe(0);
      const target = path.join(dataDir, 'board.sqlite');
      const hash = sha256(target);
      const folder = tempDir();

      const junk = path.join(folder, 'junk.sqlite');
      writeFileSync(junk, Buffer.alloc(8192, 7));
      const other = path.join(folder, 'other.sqlite');
      const otherDb = new Database(other);
      otherDb.exec('CREATE TABLE notes (text TEXT)');
      otherDb.close();
      const newer = path.join(folder, 'newer.sqlite');
      copyFileSync(backupFile, newer);
      const newerDb = new Database(newer);
      newerDb.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
      newerDb.close();

      const cases: [string, RegExp][] = [
        [junk, /junk\.sqlite is not a database this server can read/],
        [other, /other\.sqlite is a database, but not a Lifelong Links Board database\./],
        [newer, new RegExp(`newer\\.sqlite was made by a newer version of the server \\(schema ${LATEST_SCHEMA_VERSION + 1}; this one understands up to ${LATEST_SCHEMA_VERSION}\\)`)],
        [path.join(folder, 'missing.sqlite'), /There is no file at .*missing\.sqlite\./],
      ];
      for (const [file, message] of cases) {
        const run = await npmRun('restore', dataDir, file);
        expect(run.code, file).toBe(1);
        expect(run.stderr).toMatch(message);
        expect(sha256(target)).toBe(hash);
        expect(readdirSync(dataDir)).toEqual(['board.sqlite']);
      }
    });

    it('refuses to write a backup over an existing file, or without a database to copy', async () => {
      const existing = path.join(tempDir(), 'taken.sqlite');
      writeFileSync(existing, 'keep me');
      const over = await npmRun('backup', server.dataDir, existing);
      expect(over.code).toBe(1);
      expect(over.stderr).toMatch(/taken\.sqlite already exists: choose a new name, or delete it first\./);
      expect(readFileSync(existing, 'utf8')).toBe('keep me');

      const empty = tempDir();
      const none = await npmRun('backup', empty, path.join(tempDir(), 'x.sqlite'));
      expect(none.code).toBe(1);
      expect(none.stderr).toMatch(/There is no database at .*board\.sqlite: is DATA_DIR set as it is for the server\?/);

      const usage = await npmRun('backup', server.dataDir);
      expect(usage.code).toBe(1);
      expect(usage.stderr).toMatch(/Usage: npm run backup -- <backup file to write>/);
    });

    it('sends an operator on PostgreSQL to its own tools, touching nothing', async () => {
      const postgres = { DATABASE_URL: 'postgres://board@127.0.0.1:1/board' };
      const file = path.join(tempDir(), 'never.sqlite');
      const backup = await npmRun('backup', server.dataDir, file, postgres);
      expect(backup.code).toBe(1);
      expect(backup.stderr).toMatch(/DATABASE_URL is set, so the boards are in PostgreSQL: use pg_dump -Fc \(see docs\/deploy\.md\)\./);
      const restore = await npmRun('restore', tempDir(), backupFile, postgres);
      expect(restore.code).toBe(1);
      expect(restore.stderr).toMatch(/use pg_restore/);
      // The URL may hold a password: it is never printed.
      expect(backup.stderr + restore.stderr).not.toContain('127.0.0.1:1');
      expect(readdirSync(path.dirname(file))).toEqual([]);
    });
  });
});
