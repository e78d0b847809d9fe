import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";

// The committed migrations must build exactly the schema that schema.prisma describes. Prisma's
// own drift check needs a shadow database its JavaScript engine cannot make for SQLite, so the
// test builds both databases itself and compares them structurally: columns (in any order, since
// ALTER TABLE appends), their types, defaults and keys, indexes and foreign keys.
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

describe("migrations", () => {
  it("match schema.prisma", () => {
    const fromMigrations = new Database(":memory:");
    const dir = path.join(process.cwd(), "prisma", "migrations");
    for (const name of fs.readdirSync(dir).filter((n) => fs.statSync(path.join(dir, n)).isDirectory()).sort()) {
      fromMigrations.exec(fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8"));
    }

    const script = execFileSync("npx", ["prisma", "migrate", "diff", "--from-empty", "--to-schema-datamodel", "prisma/schema.prisma", "--script"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    const fromSchema = new Database(":memory:");
    fromSchema.exec(script);

    expect(schemaOf(fromMigrations)).toEqual(schemaOf(fromSchema));
    expect(Object.keys(schemaOf(fromSchema)).length).toBeGreaterThan(4);
  });
});
