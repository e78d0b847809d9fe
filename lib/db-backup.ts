// Backups of the database DATABASE_URL names, for `npm run db:backup` and `npm run db:restore`
// (docs/operations.md "Backups"). Both take a consistent snapshot while the site serves:
// SQLite through its online backup API (better-sqlite3's backup(), the whole file copied in one
// step, so inside one read transaction: a snapshot, and the site's writers never wait in WAL
// mode), PostgreSQL through pg_dump (one repeatable-read transaction). A restore replaces the
// database with the snapshot: stop the site first.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseKind, redactUrl, resolveSqliteUrl } from "./database-url";
import { liveEnv } from "./env";

const exec = promisify(execFile);

/** A name for a new backup of `url` in `dir`: <kind>-<UTC date and time>.db (SQLite) or .dump (pg_dump's custom format). */
export function backupFileName(url: string | undefined, dir: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\..*$/, "Z");
  return databaseKind(url) === "postgres" ? path.join(dir, `postgres-${stamp}.dump`) : path.join(dir, `sqlite-${stamp}.db`);
}

export interface BackupResult {
  file: string;
  bytes: number;
  ms: number;
}

/** Writes a consistent snapshot of the database `url` names to `file` (which must not exist yet). */
export async function backupDatabase(url: string | undefined, file: string): Promise<BackupResult> {
  const started = Date.now();
  if (fs.existsSync(file)) throw new Error(`${file} exists already; a backup never overwrites one`);
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const partial = `${file}.partial`;
  const removePartial = () => {
    for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(partial + suffix, { force: true });
  };
  removePartial();
  try {
    if (databaseKind(url) === "postgres") {
      await run(postgresProgram("pg_dump"), ["--format=custom", "--no-owner", "--no-privileges", "--file", partial, postgresUrl(url)]);
    } else {
      const source = sqliteFile(url);
      if (!fs.existsSync(source)) throw new Error(`no SQLite database at ${source}`);
      const db = new Database(source, { readonly: true, fileMustExist: true });
      try {
        // The first step opens the backup; the second copies every page at once (see the header).
        await db.backup(partial, { progress: () => 0x7fffffff });
      } finally {
        db.close();
      }
      // One self-contained file: out of WAL mode, so no -wal or -shm file goes with it (the
      // site switches it back to WAL when it opens a restored database).
      const copy = new Database(partial, { fileMustExist: true });
      try {
        copy.pragma("journal_mode = DELETE");
      } finally {
        copy.close();
      }
      checkSqlite(partial);
    }
    fs.renameSync(partial, file);
  } finally {
    removePartial();
  }
  return { file, bytes: fs.statSync(file).size, ms: Date.now() - started };
}

/**
 * Replaces the database `url` names with the backup in `file`. SQLite: the backup is checked,
 * the current database (with its -wal and -shm files) is kept beside it as
 * <name>.before-restore-<time>, and the backup takes its place. PostgreSQL: the database is
 * created if it is gone, its objects are dropped and the dump is restored in one transaction.
 */
export async function restoreDatabase(url: string | undefined, file: string): Promise<{ kept: string | null; ms: number }> {
  const started = Date.now();
  if (!fs.existsSync(file)) throw new Error(`no backup at ${file}`);
  if (databaseKind(url) === "postgres") {
    await ensurePostgresDatabase(postgresUrl(url));
    await run(postgresProgram("pg_restore"), ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--dbname", postgresUrl(url), file]);
    return { kept: null, ms: Date.now() - started };
  }
  checkSqlite(file);
  const target = sqliteFile(url);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const incoming = `${target}.restoring`;
  fs.copyFileSync(file, incoming);
  let kept: string | null = null;
  if (fs.existsSync(target)) {
    kept = `${target}.before-restore-${new Date().toISOString().replace(/[-:]/g, "").replace(/\..*$/, "Z")}`;
    fs.renameSync(target, kept);
  }
  for (const suffix of ["-wal", "-shm"]) {
    if (fs.existsSync(target + suffix)) {
      if (kept) fs.renameSync(target + suffix, kept + suffix);
      else fs.rmSync(target + suffix);
    }
  }
  fs.renameSync(incoming, target);
  return { kept, ms: Date.now() - started };
}

function sqliteFile(url: string | undefined): string {
  return resolveSqliteUrl(url).slice("file:".length);
}

/** PRAGMA integrity_check must answer "ok", or the file is no backup to trust. */
function checkSqlite(file: string): void {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma("integrity_check") as { integrity_check: string }[];
    const answer = rows.map((r) => r.integrity_check).join("; ");
    if (answer !== "ok") throw new Error(`${file} fails SQLite's integrity check: ${answer}`);
  } finally {
    db.close();
  }
}

function postgresUrl(url: string | undefined): string {
  if (!url) throw new Error("DATABASE_URL names no PostgreSQL database");
  return url;
}

/** pg_dump and pg_restore from PATH, else the newest of Debian's /usr/lib/postgresql/<version>/bin. */
function postgresProgram(name: "pg_dump" | "pg_restore"): string {
  for (const dir of liveEnv.executablePath()) {
    if (fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  const versions = fs.existsSync("/usr/lib/postgresql") ? fs.readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const candidate = path.join("/usr/lib/postgresql", version, "bin", name);
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`${name} is not installed (Debian: apt-get install postgresql-client); it must be as new as the server`);
}

async function ensurePostgresDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

async function run(program: string, args: string[]): Promise<void> {
  try {
    await exec(program, args, { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const failed = error as { stderr?: string; message: string };
    throw new Error(`${path.basename(program)} failed: ${redactUrl((failed.stderr || failed.message).trim())}`);
  }
}
