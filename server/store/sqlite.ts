// The default store: one SQLite file (better-sqlite3, WAL) holding accounts, sessions, conferences,
// invites, every conference's Yjs update log with its snapshots, the record of who did what, and
// the outbox of agreed plans pushed to the care record, behind the five store interfaces.

import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { accountStore } from './accounts.ts';
import { auditStore } from './audit.ts';
import { conferenceStore } from './conferences.ts';
import { migrate } from './migrations.ts';
import { outboxStore } from './outbox.ts';
import { sqliteRecords } from './records.ts';
import { sqliteDocs } from './sqliteDocs.ts';
import type { Store } from './types.ts';

const BUSY_TIMEOUT_MS = 5_000;

/** The database file in a data directory (DATA_DIR): the server, backup and restore agree on it. */
export function sqliteFile(dataDir: string): string {
  return join(dataDir, 'board.sqlite');
}

/** Opens (creating if needed) the SQLite database at `file`, migrated to the latest schema. */
export async function openSqliteStore(options: { file: string }): Promise<Store> {
  // The data folder and its files are the server user's alone: they hold the plans, the
  // professionals' notes and the hashed secrets. Tightened on every start, whoever made them.
  mkdirSync(dirname(options.file), { recursive: true, mode: 0o700 });
  chmodSync(dirname(options.file), 0o700);
  const db = new Database(options.file);
  try {
    for (const file of [options.file, `${options.file}-wal`, `${options.file}-shm`]) if (existsSync(file)) chmodSync(file, 0o600);
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    // In WAL mode, NORMAL writes every commit into the WAL file before the commit returns and only
    // fsyncs at checkpoints: a committed transaction survives a process crash or SIGKILL (it is in
    // the OS page cache), though the newest ones may be lost if the machine itself loses power.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // One connection for both: the records over Kysely, the document log on the raw handle.
    const records = sqliteRecords(db);
    await migrate(records);
    // WAL mode made its -wal and -shm files just now, with the process umask.
    for (const file of [`${options.file}-wal`, `${options.file}-shm`]) if (existsSync(file)) chmodSync(file, 0o600);
    return {
      kind: 'sqlite',
      docs: sqliteDocs(db, records),
      accounts: accountStore(records),
      conferences: conferenceStore(records),
      audit: auditStore(records),
      outbox: outboxStore(records),
      async ping() {
        // Reads the first page (a read transaction on the file), so a closed handle or an
        // unreadable file fails here rather than on someone's next edit.
        db.prepare('SELECT 1 FROM sqlite_schema LIMIT 1').get();
      },
      async close() {
        if (db.open) db.close();
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}
