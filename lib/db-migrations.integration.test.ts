import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";

// The committed migrations must build exactly the schema that schema.prisma describes. Prisma's
// own drift check needs a shadow database its JavaScript engine cannot make for SQLite, so the
// test builds both databases itself and compares their tables and indexes.
function schemaOf(db: Database.Database): string[] {
  const rows = db
    .prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE '_prisma%' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { sql: string }[];
  return rows.map((r) => r.sql.replace(/\s+/g, " ").trim());
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
    expect(schemaOf(fromSchema).length).toBeGreaterThan(4);
  });
});
