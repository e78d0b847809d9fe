// The one Prisma client of the process, on SQLite through the better-sqlite3 driver adapter.
import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { resolveSqliteUrl } from "./database-url";
import { env } from "./env";

function createClient(): PrismaClient {
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: resolveSqliteUrl(env.DATABASE_URL) }) });
}

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

// Reused across hot reloads in development so each edit does not open another connection.
export const db: PrismaClient = globalForPrisma.prisma ?? createClient();
if (env.NODE_ENV !== "production") globalForPrisma.prisma = db;
