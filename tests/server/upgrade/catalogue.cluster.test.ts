// A PostgreSQL schema restored from an earlier main's dump, once this server has opened it, has
// exactly the schema of one this server makes fresh: columns, indexes, constraints, triggers and
// functions (llb_append and the guards), compared with the schemas' own names taken out.

import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../../server/store/postgres.ts';
import { freshSchema, TEST_DATABASE_URL, type TestSchema } from '../../helpers/postgres.ts';
import { postgresCatalogue } from './catalogue.ts';
import { earlierMains } from './earlierMains.ts';

const schemas: TestSchema[] = [];

afterEach(async () => {
  for (const schema of schemas.splice(0)) await schema.drop();
});

async function openedOnce(schema: TestSchema): Promise<TestSchema> {
  const store = await openPostgresStore({ url: schema.url });
  await store.close();
  return schema;
}

async function schemaFor(): Promise<TestSchema> {
  const schema = await freshSchema();
  schemas.push(schema);
  return schema;
}

describe('the PostgreSQL schema of an upgraded database', () => {
  it.each(earlierMains())('is the fresh schema, for the one made by $name', async ({ dir }) => {
    const upgraded = await schemaFor();
    // psql, as an operator restores a plain dump; the schema is chosen the libpq way (PGOPTIONS).
    execFileSync('psql', ['-q', '-v', 'ON_ERROR_STOP=1', '-f', path.join(dir, 'postgres.sql'), TEST_DATABASE_URL], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, PGOPTIONS: `-c search_path=${upgraded.name}` },
    });
    const fresh = await postgresCatalogue(await openedOnce(await schemaFor()));
    expect(fresh['columns']).toEqual(expect.arrayContaining([expect.objectContaining({ table_name: 'plan_links', column_name: 'token_hash' })]));
    expect(fresh['functions']).toEqual(expect.arrayContaining([expect.objectContaining({ proname: 'llb_append' })]));
    expect(await postgresCatalogue(await openedOnce(upgraded))).toEqual(fresh);
  });
});
