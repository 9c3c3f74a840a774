// npm run backup -- <file>: a consistent copy of the embedded SQLite database ($DATA_DIR/board.sqlite),
// taken with SQLite's online backup while the server keeps serving, readable by this user only.
// npm run restore -- <file> puts one back (docs/deploy.md).

import { chmodSync, existsSync, linkSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { checkDatabase, databaseFileFromEnv, describe, operatorPath, runTool, ToolError } from './database-file.ts';

/** Pages per backup step: all of them, so a busy server's writes never restart the copy halfway. */
const ALL_PAGES = 0x7fff_ffff;

/** Copies the live database to a new file named by `destinationArg`, and says what it holds. */
export async function backup(env: Record<string, string | undefined>, destinationArg: string | undefined): Promise<void> {
  if (destinationArg === undefined || destinationArg === '') throw new ToolError('Usage: npm run backup -- <backup file to write>');
  const source = databaseFileFromEnv(env, 'pg_dump -Fc');
  if (!existsSync(source)) throw new ToolError(`There is no database at ${source}: is DATA_DIR set as it is for the server?`);
  const destination = operatorPath(destinationArg, env);
  if (existsSync(destination)) throw new ToolError(`${destination} already exists: choose a new name, or delete it first.`);
  if (!existsSync(path.dirname(destination))) throw new ToolError(`The folder ${path.dirname(destination)} does not exist.`);

  // The copy holds everything the database does (plans, private notes, hashed secrets).
  process.umask(0o077);
  // Written beside the destination under another name, so a copy cut short never looks finished.
  const partial = `${destination}.partial-${process.pid}`;
  try {
    // Read-only: the server keeps writing (WAL), and the copy is the database as of one moment.
    const db = new Database(source, { readonly: true, fileMustExist: true });
    try {
      await db.backup(partial, { progress: () => ALL_PAGES });
    } finally {
      db.close();
    }
    chmodSync(partial, 0o600);
    // One self-contained file: in rollback mode, opening it never leaves -wal or -shm files beside it.
    const copy = new Database(partial, { fileMustExist: true });
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    const summary = checkDatabase(partial);
    // A hard link never replaces a file that appeared meanwhile (rename would).
    linkSync(partial, destination);
    process.stdout.write(`Backed up the board database to ${destination} (${describe(summary)}).\n`);
  } finally {
    rmSync(partial, { force: true });
    rmSync(`${partial}-journal`, { force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  void runTool(() => backup(process.env, process.argv[2]));
}
