// npm run restore -- <file>: puts a backup made by npm run backup in place of $DATA_DIR/board.sqlite
// while the server is stopped. The backup is checked first (whole, a board database, a schema this
// server understands); the database it replaces is kept beside it, never deleted.

import { chmodSync, constants, copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { checkDatabase, databaseFileFromEnv, describe, operatorPath, runTool, ToolError } from './database-file.ts';

/** How long the check for a running server waits for the database before calling it in use. */
export const IN_USE_WAIT_MS = 1_000;

/** Replaces the database with the backup named by `fileArg`, and says what it now holds. */
export async function restore(env: Record<string, string | undefined>, fileArg: string | undefined): Promise<void> {
  if (fileArg === undefined || fileArg === '') throw new ToolError('Usage: npm run restore -- <backup file>   (with the server stopped)');
  const target = databaseFileFromEnv(env, 'pg_restore');
  const backupFile = operatorPath(fileArg, env);
  if (!existsSync(backupFile)) throw new ToolError(`There is no file at ${backupFile}.`);

  process.umask(0o077);
  mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  // Checked as a copy inside DATA_DIR: the operator's backup is only read, and the swap is a rename.
  const incoming = `${target}.restoring-${process.pid}`;
  try {
    copyFileSync(backupFile, incoming, constants.COPYFILE_EXCL);
    chmodSync(incoming, 0o600);
    const summary = checkDatabase(incoming, backupFile);
    if (existsSync(target)) refuseIfInUse(target);
    // The -wal and -shm files go with their database: a WAL left beside the restored file (after a
    // crash) would be replayed into it.
    const kept = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    const keptAny = ['', '-wal', '-shm'].filter((suffix) => existsSync(`${target}${suffix}`));
    for (const suffix of keptAny) renameSync(`${target}${suffix}`, `${kept}${suffix}`);
    renameSync(incoming, target);
    const lines = [`Restored the board database in ${path.dirname(target)} from ${backupFile} (${describe(summary)}).`];
    if (keptAny.length > 0) lines.push(`The database it replaced is kept as ${kept}; delete it once the restored boards look right.`);
    lines.push('Start the server now.');
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${incoming}${suffix}`, { force: true });
  }
}

/**
 * Throws when another process (a running server) has the database open. Leaving WAL mode needs
 * the only connection to the file, and every open WAL connection holds a lock that prevents it.
 */
function refuseIfInUse(file: string): void {
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true });
  } catch {
    // reason: a database that cannot even be opened is nobody's to use; it is kept aside as it is
    return;
  }
  try {
    db.pragma(`busy_timeout = ${IN_USE_WAIT_MS}`);
    db.pragma('journal_mode = DELETE');
  } catch (err) {
    if (err instanceof Database.SqliteError && (err.code.startsWith('SQLITE_BUSY') || err.code.startsWith('SQLITE_LOCKED'))) {
      throw new ToolError(`The database ${file} is in use: stop the server first, then restore.`);
    }
    // reason: a damaged current database is what a restore replaces; it is kept aside as it is
  } finally {
    db.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  void runTool(() => restore(process.env, process.argv[2]));
}
