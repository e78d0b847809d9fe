// DATABASE_URL's meaning: which database it names (SQLite file or PostgreSQL server), and for SQLite
// the absolute file URL. Shared by prisma.config.ts (the CLI) and lib/db.ts (the app) so both
// always open the same database, whatever the working directory.
import path from "node:path";

export const DEFAULT_DATABASE_URL = "file:./data/app.db";

export type DatabaseKind = "sqlite" | "postgres";

/** True for a postgres:// or postgresql:// URL. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** "postgres" for postgres:// and postgresql:// URLs, "sqlite" for file: URLs (and the default). */
export function databaseKind(url: string | undefined): DatabaseKind {
  const value = url && url.length > 0 ? url : DEFAULT_DATABASE_URL;
  if (isPostgresUrl(value)) return "postgres";
  if (value.startsWith("file:")) return "sqlite";
  throw new Error(`DATABASE_URL must be a SQLite file URL such as ${DEFAULT_DATABASE_URL} or a PostgreSQL URL such as postgresql://user@host:5432/db (got "${redactUrl(value)}")`);
}

export function resolveSqliteUrl(url: string | undefined, root: string = process.cwd()): string {
  const value = url && url.length > 0 ? url : DEFAULT_DATABASE_URL;
  if (!value.startsWith("file:")) {
    throw new Error(`DATABASE_URL must be a SQLite file URL such as ${DEFAULT_DATABASE_URL} (got "${redactUrl(value)}")`);
  }
  const file = value.slice("file:".length);
  return `file:${path.isAbsolute(file) ? file : path.resolve(root, file)}`;
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, "$1:***@");
}
