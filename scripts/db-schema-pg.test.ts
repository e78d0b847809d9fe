import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { POSTGRES_SCHEMA, postgresSchema, SQLITE_SCHEMA } from "./db-schema-pg";

describe("prisma/postgres/schema.prisma", () => {
  it("is exactly what `npm run db:schema-pg` makes from prisma/schema.prisma", () => {
    const committed = fs.readFileSync(POSTGRES_SCHEMA, "utf8");
    expect(committed, "run `npm run db:schema-pg` and add a PostgreSQL migration").toBe(postgresSchema(fs.readFileSync(SQLITE_SCHEMA, "utf8")));
  });

  it("keeps every model and changes only the provider, the client's folder and the header", () => {
    const sqlite = fs.readFileSync(SQLITE_SCHEMA, "utf8");
    const generated = postgresSchema(sqlite);
    expect(generated).toMatch(/^\/\/ GENERATED from prisma\/schema\.prisma/);
    expect(generated).toContain('provider = "postgresql"');
    expect(generated).toContain('output     = "../../lib/generated/prisma-pg"');
    const models = (text: string) => text.slice(text.indexOf("\nmodel "));
    expect(models(generated)).toBe(models(sqlite));
    // A model added to the SQLite schema shows up in the generated one, so the check fails until it is regenerated.
    expect(postgresSchema(`${sqlite}\nmodel Extra {\n  id String @id\n}\n`)).not.toBe(generated);
  });

  it("refuses a schema it cannot translate", () => {
    expect(() => postgresSchema("model A {\n  id String @id\n}\n")).toThrow(/generator client/);
  });
});
