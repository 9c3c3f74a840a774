// What backup and restore share: where the embedded database is, whether a file is a whole board
// database this server can open, and a plain summary of one (counts only, nothing personal).

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { configFromEnv } from '../config.ts';
import { LATEST_SCHEMA_VERSION } from '../store/migrations.ts';
import { sqliteFile } from '../store/sqlite.ts';

/** A reason the tool stops, in words for the operator; the tool prints it and exits with 1. */
export class ToolError extends Error {
  override readonly name = 'ToolError';
}

/** What a checked database holds, for the tools' last line. */
export interface DatabaseSummary {
  schemaVersion: number;
  conferences: number;
  bytes: number;
}

/** The live database file from the server's own settings (DATA_DIR); refuses when PostgreSQL is set. */
export function databaseFileFromEnv(env: Record<string, string | undefined>, postgresTool: string): string {
  let config;
  try {
    config = configFromEnv(env);
  } catch (err) {
    throw new ToolError(err instanceof Error ? err.message : String(err));
  }
  if (config.databaseUrl !== null) {
    throw new ToolError(`DATABASE_URL is set, so the boards are in PostgreSQL: use ${postgresTool} (see docs/deploy.md).`);
  }
  return sqliteFile(config.dataDir);
}

/**
 * A path the operator typed, taken from where they typed it: `npm run` moves to the project folder
 * but says where it was started in INIT_CWD.
 */
export function operatorPath(value: string, env: Record<string, string | undefined>): string {
  return path.resolve(env.INIT_CWD ?? process.cwd(), value);
}

/**
 * Opens `file` and checks that it is a whole, undamaged board database with a schema this server
 * understands (SQLite's quick_check, then the schema version); throws a ToolError saying what is
 * wrong otherwise, naming it `shownAs`. Opened read-write: call it on a copy, never on a database a
 * server is using.
 */
export function checkDatabase(file: string, shownAs = file): DatabaseSummary {
  if (!existsSync(file)) throw new ToolError(`There is no file at ${shownAs}.`);
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true });
  } catch (err) {
    throw new ToolError(`${shownAs} cannot be opened as a database (${String(err)}).`);
  }
  try {
    let verdict: unknown;
    try {
      verdict = db.pragma('quick_check', { simple: true });
    } catch (err) {
      // reason: SQLite only reads the header on the first query; "file is not a database" comes here
      throw new ToolError(`${shownAs} is not a database this server can read (${String(err)}).`);
    }
    if (verdict !== 'ok') throw new ToolError(`${shownAs} is damaged: SQLite's check says ${String(verdict)}.`);
    const schemaVersion = Number(db.pragma('user_version', { simple: true }));
    const hasConferences = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'conferences'").get() !== undefined;
    if (schemaVersion < 1 || !hasConferences) throw new ToolError(`${shownAs} is a database, but not a Lifelong Links Board database.`);
    if (schemaVersion > LATEST_SCHEMA_VERSION) {
      throw new ToolError(
        `${shownAs} was made by a newer version of the server (schema ${schemaVersion}; this one understands up to ${LATEST_SCHEMA_VERSION}). Restore it with that version or a newer one.`,
      );
    }
    const conferences = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM conferences').get()?.n ?? 0;
    return { schemaVersion, conferences, bytes: statSync(file).size };
  } finally {
    db.close();
  }
}

/** "3 conferences, schema version 8, 1.2 MB". */
export function describe(summary: DatabaseSummary): string {
  const conferences = summary.conferences === 1 ? '1 conference' : `${summary.conferences} conferences`;
  const mb = summary.bytes / 1_048_576;
  const size = mb >= 0.1 ? `${mb.toFixed(1)} MB` : `${Math.max(1, Math.round(summary.bytes / 1024))} kB`;
  return `${conferences}, schema version ${summary.schemaVersion}, ${size}`;
}

/** Runs a tool's body: prints a ToolError's words (anything else as it is) and sets the exit code. */
export async function runTool(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    process.stderr.write(`${err instanceof ToolError ? err.message : `Failed: ${String(err)}`}\n`);
    process.exitCode = 1;
  }
}
