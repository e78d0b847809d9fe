// The one Prisma client of the process, on the database DATABASE_URL names.
// SQLite (the embedded default), through the better-sqlite3 driver adapter: every connection it
// opens runs in WAL mode (readers never wait for the writer) with a short busy timeout:
// better-sqlite3 is synchronous, so a long wait inside the driver would freeze every request of
// the process. Writes that must not be lost retry asynchronously instead (retryWhileBusy in
// lib/db-errors.ts).
// PostgreSQL (scale-out), through the pg driver adapter: a pool of DATABASE_POOL_SIZE connections,
// each with a lock timeout (a write waiting for a row lock fails as "busy" and is retried the same
// way) and a statement timeout, so nothing waits forever. Its client is generated from
// prisma/postgres/schema.prisma, which is generated from prisma/schema.prisma: the models, and so
// the client's API, are the same, and `db` keeps the SQLite client's type.
import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { PrismaClient as PostgresClient } from "@/lib/generated/prisma-pg/client";
import { databaseKind, resolveSqliteUrl } from "./database-url";
import { env } from "./env";
import { processSingleton } from "./server/singleton.mjs";
import { postgresPoolConfig } from "./postgres-adapter";

/** Run on every new connection. WAL is stored in the file, but a restored backup may lack it. */
export const CONNECTION_PRAGMAS = "PRAGMA journal_mode = WAL;";

class ConfiguredSqlite extends PrismaBetterSQLite3 {
  override async connect(): ReturnType<PrismaBetterSQLite3["connect"]> {
    const adapter = await super.connect();
    await adapter.executeScript(CONNECTION_PRAGMAS);
    return adapter;
  }
}

/** Which database this process uses. */
export const DATABASE_KIND = databaseKind(env.DATABASE_URL);

function createClient(): PrismaClient {
  if (DATABASE_KIND === "postgres") {
    const adapter = new PrismaPg(
      postgresPoolConfig(env.DATABASE_URL, {
        poolSize: env.DATABASE_POOL_SIZE,
        lockTimeoutMs: env.DATABASE_LOCK_TIMEOUT_MS,
        statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
      }),
    );
    // Same models, same generated API: only the provider differs (see the header).
    return new PostgresClient({ adapter }) as unknown as PrismaClient;
  }
  const adapter = new ConfiguredSqlite({ url: resolveSqliteUrl(env.DATABASE_URL), timeout: env.DATABASE_BUSY_TIMEOUT_MS });
  return new PrismaClient({ adapter });
}

// One client per process, whichever bundle asks, and reused across hot reloads in development so
// each edit does not open another connection.
export const db: PrismaClient = processSingleton("db.client", createClient);
