// The one Prisma client of the process, on SQLite through the better-sqlite3 driver adapter.
// Every connection it opens runs in WAL mode (readers never wait for the writer) with a short busy
// timeout: better-sqlite3 is synchronous, so a long wait inside the driver would freeze every
// request of the process. Writes that must not be lost retry asynchronously instead
// (retryWhileBusy in lib/db-errors.ts).
import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { resolveSqliteUrl } from "./database-url";
import { env } from "./env";

/** Run on every new connection. WAL is stored in the file, but a restored backup may lack it. */
export const CONNECTION_PRAGMAS = "PRAGMA journal_mode = WAL;";

class ConfiguredSqlite extends PrismaBetterSQLite3 {
  override async connect(): ReturnType<PrismaBetterSQLite3["connect"]> {
    const adapter = await super.connect();
    await adapter.executeScript(CONNECTION_PRAGMAS);
    return adapter;
  }
}

function createClient(): PrismaClient {
  const adapter = new ConfiguredSqlite({ url: resolveSqliteUrl(env.DATABASE_URL), timeout: env.DATABASE_BUSY_TIMEOUT_MS });
  return new PrismaClient({ adapter });
}

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

// Reused across hot reloads in development so each edit does not open another connection.
export const db: PrismaClient = globalForPrisma.prisma ?? createClient();
if (env.NODE_ENV !== "production") globalForPrisma.prisma = db;
