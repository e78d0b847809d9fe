// Resolves DATABASE_URL to an absolute SQLite file URL. Shared by prisma.config.ts (the CLI)
// and lib/db.ts (the app) so both always open the same file, whatever the working directory.
import path from "node:path";

export const DEFAULT_DATABASE_URL = "file:./data/app.db";

export function resolveSqliteUrl(url: string | undefined = process.env.DATABASE_URL, root: string = process.cwd()): string {
  const value = url && url.length > 0 ? url : DEFAULT_DATABASE_URL;
  if (!value.startsWith("file:")) {
    throw new Error(`DATABASE_URL must be a SQLite file URL such as ${DEFAULT_DATABASE_URL} (got "${value}")`);
  }
  const file = value.slice("file:".length);
  return `file:${path.isAbsolute(file) ? file : path.resolve(root, file)}`;
}
