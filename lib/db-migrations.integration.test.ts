import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { databaseKind } from "@/lib/database-url";
import { recreatePostgresDatabase } from "@/test/database-global-setup";

// The committed migrations must build exactly the schema that the Prisma schemas describe, and the
// SQLite and PostgreSQL databases must have the same structure. Prisma's own drift check needs a
// shadow database its JavaScript engine cannot make for SQLite, so the test builds the databases
// itself and compares them structurally: columns (in any order, since ALTER TABLE appends), their
// types, nullability, defaults and keys, indexes and foreign keys.
// SQLite runs in memory in both projects; the PostgreSQL comparisons run in the integration-pg
// project, on scratch databases next to its test database.

const ROOT = process.cwd();

function migrationScripts(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((n) => fs.statSync(path.join(dir, n)).isDirectory())
    .sort()
    .map((name) => fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8"));
}

function schemaScript(schema: string): string {
  return execFileSync("npx", ["prisma", "migrate", "diff", "--from-empty", "--to-schema-datamodel", schema, "--script"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

// ------------------------------------------------------------------ SQLite, as the engine reports it

function schemaOf(db: Database.Database): Record<string, unknown> {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '_prisma%' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { name: string }[];
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  return Object.fromEntries(
    tables.map(({ name }) => {
      const quoted = `"${name.replace(/"/g, '""')}"`;
      const columns = (db.prepare(`PRAGMA table_info(${quoted})`).all() as { name: string; type: string; notnull: number; dflt_value: unknown; pk: number }[])
        .map((c) => ({ name: c.name, type: c.type, notnull: c.notnull, default: c.dflt_value, pk: c.pk }))
        .sort(byName);
      const indexes = (db.prepare(`PRAGMA index_list(${quoted})`).all() as { name: string; unique: number; origin: string }[])
        .map((i) => ({
          name: i.name,
          unique: i.unique,
          origin: i.origin,
          columns: (db.prepare(`PRAGMA index_info("${i.name.replace(/"/g, '""')}")`).all() as { name: string }[]).map((c) => c.name),
        }))
        .sort(byName);
      const foreignKeys = (db.prepare(`PRAGMA foreign_key_list(${quoted})`).all() as { table: string; from: string; to: string; on_update: string; on_delete: string }[])
        .map((fk) => ({ table: fk.table, from: fk.from, to: fk.to, onUpdate: fk.on_update, onDelete: fk.on_delete }))
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      return [name, { columns, indexes, foreignKeys }];
    }),
  );
}

// ------------------------------------------------------------------ one shape for both databases

interface Structure {
  [table: string]: {
    columns: { name: string; type: string; nullable: boolean; default: string | null; nativeType?: string }[];
    primaryKey: string[];
    indexes: { name: string; unique: boolean; columns: string[] }[];
    foreignKeys: { name?: string; columns: string[]; table: string; references: string[]; onDelete: string; onUpdate: string }[];
  };
}

const TYPES: Record<string, string> = {
  text: "text", integer: "int", int: "int", bigint: "bigint", boolean: "boolean", datetime: "timestamp",
  "timestamp without time zone": "timestamp", real: "float", "double precision": "float", decimal: "decimal",
  numeric: "decimal", blob: "bytes", bytea: "bytes", jsonb: "json",
};

function normaliseType(type: string): string {
  const t = TYPES[type.toLowerCase()];
  if (!t) throw new Error(`no normalised type for column type "${type}": add it to TYPES`);
  return t;
}

/** 'x'::text -> 'x'; nextval('…'::regclass) -> autoincrement; numbers, booleans and CURRENT_TIMESTAMP as they are. */
function normaliseDefault(value: string | null): string | null {
  if (value === null) return null;
  if (/^nextval\(/i.test(value)) return "autoincrement";
  return value.replace(/::[a-z ]+(\(\d+\))?$/i, "").trim();
}

const byKey = <T>(key: (t: T) => string) => (a: T, b: T) => key(a).localeCompare(key(b));

function sqliteStructure(db: Database.Database): Structure {
  const tables = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '_prisma%' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { name: string; sql: string }[];
  const out: Structure = {};
  for (const { name, sql } of tables) {
    const q = `"${name.replace(/"/g, '""')}"`;
    const columns = db.prepare(`PRAGMA table_info(${q})`).all() as { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }[];
    const autoincrement = /AUTOINCREMENT/i.test(sql);
    const indexes = (db.prepare(`PRAGMA index_list(${q})`).all() as { name: string; unique: number; origin: string }[])
      .filter((i) => i.origin !== "pk")
      .map((i) => ({ name: i.name, unique: i.unique === 1, columns: (db.prepare(`PRAGMA index_info("${i.name}")`).all() as { name: string }[]).map((c) => c.name) }));
    const fkRows = db.prepare(`PRAGMA foreign_key_list(${q})`).all() as { id: number; seq: number; table: string; from: string; to: string; on_update: string; on_delete: string }[];
    const fks = new Map<number, Structure[string]["foreignKeys"][number]>();
    for (const fk of fkRows.sort((a, b) => a.id - b.id || a.seq - b.seq)) {
      const entry = fks.get(fk.id) ?? { columns: [], table: fk.table, references: [], onDelete: fk.on_delete, onUpdate: fk.on_update };
      entry.columns.push(fk.from);
      entry.references.push(fk.to);
      fks.set(fk.id, entry);
    }
    out[name] = {
      columns: columns
        .map((c) => ({
          name: c.name,
          type: normaliseType(c.type),
          nullable: c.notnull === 0 && c.pk === 0,
          default: c.pk > 0 && autoincrement ? "autoincrement" : normaliseDefault(c.dflt_value),
        }))
        .sort(byKey((c) => c.name)),
      primaryKey: columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
      indexes: indexes.sort(byKey((i) => i.name)),
      foreignKeys: [...fks.values()].sort(byKey((f) => f.columns.join())),
    };
  }
  return out;
}

const FK_ACTIONS: Record<string, string> = { a: "NO ACTION", r: "RESTRICT", c: "CASCADE", n: "SET NULL", d: "SET DEFAULT" };

async function postgresStructure(url: string): Promise<Structure> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = await client.query<{ table: string; name: string; type: string; native: string; nullable: boolean; default: string | null }>(`
      SELECT c.relname AS table, a.attname AS name, t.typname AS type_name, format_type(a.atttypid, NULL) AS type,
             format_type(a.atttypid, a.atttypmod) AS native, NOT a.attnotnull AS nullable, pg_get_expr(d.adbin, d.adrelid) AS default
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped AND c.relname NOT LIKE '\\_prisma%'`);
    const indexes = await client.query<{ table: string; name: string; unique: boolean; primary: boolean; columns: string[] }>(`
      SELECT t.relname AS table, i.relname AS name, x.indisunique AS unique, x.indisprimary AS primary,
             ARRAY(SELECT a.attname::text FROM unnest(x.indkey) WITH ORDINALITY k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord) AS columns
      FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = current_schema() AND t.relname NOT LIKE '\\_prisma%'`);
    const fks = await client.query<{ table: string; name: string; target: string; columns: string[]; references: string[]; del: string; upd: string }>(`
      SELECT t.relname AS table, con.conname AS name, f.relname AS target,
             ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord) JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
             ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord) JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS references,
             con.confdeltype AS del, con.confupdtype AS upd
      FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid JOIN pg_class f ON f.oid = con.confrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE con.contype = 'f' AND n.nspname = current_schema()`);
    const out: Structure = {};
    for (const c of columns.rows) {
      const table = (out[c.table] ??= { columns: [], primaryKey: [], indexes: [], foreignKeys: [] });
      table.columns.push({ name: c.name, type: normaliseType(c.type), nullable: c.nullable, default: normaliseDefault(c.default), nativeType: c.native });
    }
    for (const i of indexes.rows) {
      const table = out[i.table];
      if (!table) continue;
      if (i.primary) table.primaryKey = i.columns;
      else table.indexes.push({ name: i.name, unique: i.unique, columns: i.columns });
    }
    for (const f of fks.rows) {
      out[f.table]?.foreignKeys.push({ name: f.name, columns: f.columns, table: f.target, references: f.references, onDelete: FK_ACTIONS[f.del] ?? f.del, onUpdate: FK_ACTIONS[f.upd] ?? f.upd });
    }
    for (const table of Object.values(out)) {
      table.columns.sort(byKey((c) => c.name));
      table.indexes.sort(byKey((i) => i.name));
      table.foreignKeys.sort(byKey((f) => f.columns.join()));
    }
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
  } finally {
    await client.end();
  }
}

/** What SQLite and PostgreSQL can both say: no native types, no constraint names. */
function portable(structure: Structure): Structure {
  return Object.fromEntries(
    Object.entries(structure).map(([name, t]) => [
      name,
      {
        ...t,
        columns: t.columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable, default: c.default })),
        foreignKeys: t.foreignKeys.map((f) => ({ columns: f.columns, table: f.table, references: f.references, onDelete: f.onDelete, onUpdate: f.onUpdate })),
      },
    ]),
  );
}

async function runScripts(url: string, scripts: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const script of scripts) await client.query(script);
  } finally {
    await client.end();
  }
}

function sqliteFromMigrations(): Database.Database {
  const db = new Database(":memory:");
  for (const script of migrationScripts(path.join(ROOT, "prisma", "migrations"))) db.exec(script);
  return db;
}

// ------------------------------------------------------------------ tests

describe("SQLite migrations", () => {
  it("match schema.prisma", () => {
    const fromMigrations = sqliteFromMigrations();
    const fromSchema = new Database(":memory:");
    fromSchema.exec(schemaScript("prisma/schema.prisma"));

    expect(schemaOf(fromMigrations)).toEqual(schemaOf(fromSchema));
    expect(sqliteStructure(fromMigrations)).toEqual(sqliteStructure(fromSchema));
    expect(Object.keys(schemaOf(fromSchema)).length).toBeGreaterThan(4);
  });
});

const postgresUrl = process.env.DATABASE_URL ?? "";
const onPostgres = databaseKind(postgresUrl) === "postgres";

describe.runIf(onPostgres)("PostgreSQL migrations", () => {
  const scratch = (suffix: string) => {
    const url = new URL(postgresUrl);
    url.pathname = `${url.pathname}_${suffix}`;
    return url.toString();
  };
  const fromMigrationsUrl = scratch("mig_m");
  const fromSchemaUrl = scratch("mig_s");
  const dropped: string[] = [];

  afterAll(async () => {
    const admin = new URL(postgresUrl);
    admin.pathname = "/postgres";
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    for (const url of dropped) await client.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}"`);
    await client.end();
  });

  async function build(url: string, scripts: string[]): Promise<Structure> {
    await recreatePostgresDatabase(url);
    dropped.push(url);
    await runScripts(url, scripts);
    return postgresStructure(url);
  }

  it("match postgres/schema.prisma, and the SQLite migrations give the same structure", async () => {
    const fromMigrations = await build(fromMigrationsUrl, migrationScripts(path.join(ROOT, "prisma", "postgres", "migrations")));
    const fromSchema = await build(fromSchemaUrl, [schemaScript("prisma/postgres/schema.prisma")]);
    // PostgreSQL against its schema, native types and constraint names included.
    expect(fromMigrations).toEqual(fromSchema);
    expect(Object.keys(fromMigrations).length).toBeGreaterThan(4);
    // SQLite against PostgreSQL, in what both can say.
    expect(sqliteStructure(sqliteFromMigrations())).toEqual(portable(fromMigrations));
  });
});
