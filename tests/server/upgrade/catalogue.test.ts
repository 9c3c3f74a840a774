// A SQLite database made by an earlier main, once this server has opened it, has exactly the schema
// of a database this server makes fresh: tables, columns, indexes, foreign keys and triggers.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../server/store/sqlite.ts';
import { sqliteCatalogue } from './catalogue.ts';
import { earlierMains } from './earlierMains.ts';

const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Opens (and so migrates) the database at `file` with this server's store, then closes it. */
async function openedOnce(file: string): Promise<string> {
  const store = await openSqliteStore({ file });
  await store.close();
  return file;
}

function tempFile(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llb-catalogue-'));
  dirs.push(dir);
  return path.join(dir, name);
}

describe('the SQLite schema of an upgraded database', () => {
  it.each(earlierMains())('is the fresh schema, for the one made by $name', async ({ dir }) => {
    const upgraded = tempFile('board.sqlite');
    fs.copyFileSync(path.join(dir, 'board.sqlite'), upgraded);
    const fresh = sqliteCatalogue(await openedOnce(tempFile('board.sqlite')));
    expect(Object.keys(fresh['tables'] ?? {})).toEqual(expect.arrayContaining(['conferences', 'invites', 'plan_links', 'outbox']));
    expect(sqliteCatalogue(await openedOnce(upgraded))).toEqual(fresh);
  });
});
