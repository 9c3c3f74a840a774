// A database's schema as a comparable value — tables and their columns, indexes, foreign keys,
// constraints, triggers and functions — without its data or the text its tables were first
// created with (a column added later by ALTER TABLE and one created with its table are the same).

import Database from 'better-sqlite3';
import type { TestSchema } from '../../helpers/postgres.ts';

/** The SQLite file's catalogue (read-only). */
export function sqliteCatalogue(file: string): Record<string, unknown> {
  const db = new Database(file, { readonly: true });
  try {
    const objects = db
      .prepare<[], { type: string; name: string; tbl_name: string; sql: string | null }>(
        `SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`,
      )
      .all();
    const tables = Object.fromEntries(
      objects
        .filter((object) => object.type === 'table')
        .map((table) => [
          table.name,
          {
            columns: db.prepare(`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_xinfo(?) ORDER BY cid`).all(table.name),
            foreignKeys: db.prepare(`SELECT "table", "from", "to", on_update, on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq`).all(table.name),
            indexes: db.prepare(`SELECT name, "unique", origin, partial FROM pragma_index_list(?) ORDER BY name`).all(table.name),
          },
        ]),
    );
    // Indexes and triggers are kept as their own CREATE statements, which ALTER TABLE never rewrites.
    const definitions = objects.filter((object) => object.type !== 'table').map(({ type, name, tbl_name, sql }) => ({ type, name, tbl_name, sql }));
    return { tables, definitions };
  } finally {
    db.close();
  }
}

/** The PostgreSQL schema's catalogue, with the schema's own name taken out of every definition. */
export async function postgresCatalogue(schema: TestSchema): Promise<Record<string, unknown>> {
  const unnamed = <R extends Record<string, unknown>>(rows: R[]) => JSON.parse(JSON.stringify(rows).replaceAll(schema.name, '<schema>')) as R[];
  const columns = await schema.sql(
    `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
     WHERE table_schema = $1 ORDER BY table_name, ordinal_position`,
    [schema.name],
  );
  const indexes = await schema.sql(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = $1 ORDER BY tablename, indexname`, [
    schema.name,
  ]);
  const constraints = await schema.sql(
    `SELECT t.relname AS table_name, c.conname, pg_get_constraintdef(c.oid) AS definition
     FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = $1 ORDER BY t.relname, c.conname`,
    [schema.name],
  );
  const triggers = await schema.sql(
    `SELECT t.relname AS table_name, tg.tgname, pg_get_triggerdef(tg.oid) AS definition
     FROM pg_trigger tg JOIN pg_class t ON t.oid = tg.tgrelid JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = $1 AND NOT tg.tgisinternal ORDER BY t.relname, tg.tgname`,
    [schema.name],
  );
  const functions = await schema.sql(
    `SELECT p.proname, pg_get_function_identity_arguments(p.oid) AS arguments, pg_get_functiondef(p.oid) AS body
     FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1 ORDER BY p.proname, arguments`,
    [schema.name],
  );
  return { columns: unnamed(columns), indexes: unnamed(indexes), constraints: unnamed(constraints), triggers: unnamed(triggers), functions: unnamed(functions) };
}
