import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";
import { resolveSqliteUrl } from "./lib/database-url";

// The JavaScript schema engine with the better-sqlite3 adapter: Prisma 6 then needs no native
// engine download, which these machines cannot do.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    const url = resolveSqliteUrl();
    fs.mkdirSync(path.dirname(url.slice("file:".length)), { recursive: true });
    return new PrismaBetterSQLite3({ url });
  },
});
