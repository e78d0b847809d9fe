import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";
import { databaseKind, resolveSqliteUrl } from "./lib/database-url";
import { postgresPoolConfig } from "./lib/postgres-adapter";

// The JavaScript schema engine with a driver adapter: Prisma 6 then needs no native engine
// download, which these machines cannot do. DATABASE_URL picks the database: a file: URL is
// SQLite (prisma/schema.prisma, prisma/migrations), a postgresql:// URL is PostgreSQL
// (prisma/postgres/schema.prisma, generated from the SQLite one, and prisma/postgres/migrations).
const postgres = databaseKind(process.env.DATABASE_URL) === "postgres";
const folder = postgres ? path.join("prisma", "postgres") : "prisma";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(folder, "schema.prisma"),
  migrations: { path: path.join(folder, "migrations") },
  async adapter() {
    if (postgres) return new PrismaPg(postgresPoolConfig(process.env.DATABASE_URL ?? "", { poolSize: 2 }));
    const url = resolveSqliteUrl(process.env.DATABASE_URL);
    fs.mkdirSync(path.dirname(url.slice("file:".length)), { recursive: true });
    return new PrismaBetterSQLite3({ url });
  },
});
