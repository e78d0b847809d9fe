// db:backup and db:restore on a database of the project's kind (SQLite here, PostgreSQL in the
// integration-pg project), a fresh one of this test's own: learners' work is written without a
// pause while the backup runs; then the database is destroyed and restored, and every learner,
// submission, draft, hint reveal and solution view committed before the backup began must be
// back, none committed after it ended, and no learner's work half there.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recreatePostgresDatabase } from "@/test/database-global-setup";
import { databaseKind, resolveSqliteUrl } from "./database-url";
import { backupDatabase, restoreDatabase } from "./db-backup";

const kind = databaseKind(process.env.DATABASE_URL);
const url = kind === "postgres" ? withDatabase(process.env.DATABASE_URL ?? "", "elixir_test_backup") : "file:./data/backup-test.db";
const sqliteFile = kind === "sqlite" ? resolveSqliteUrl(url).slice("file:".length) : "";
const WORK_TABLES = ["Submission", "Draft", "HintReveal", "SolutionView"] as const;

function withDatabase(base: string, name: string): string {
  const target = new URL(base);
  target.pathname = `/${name}`;
  return target.toString();
}

/** The same few statements on either database: `?` placeholders, quoted identifiers. */
interface Store {
  exec(sql: string, params?: unknown[]): Promise<void>;
  column(sql: string): Promise<string[]>;
  transaction(statements: [string, unknown[]][]): Promise<void>;
  close(): Promise<void>;
}

function openStore(): Store {
  if (kind === "sqlite") {
    const db = new Database(sqliteFile, { fileMustExist: true, timeout: 5_000 });
    db.pragma("journal_mode = WAL");
    return {
      exec: async (sql, params = []) => void db.prepare(sql).run(...params),
      column: async (sql) => (db.prepare(sql).pluck().all() as unknown[]).map(String),
      transaction: async (statements) => db.transaction(() => statements.forEach(([sql, params]) => db.prepare(sql).run(...params)))(),
      close: async () => void db.close(),
    };
  }
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const numbered = (sql: string) => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  };
  return {
    exec: async (sql, params = []) => void (await pool.query(numbered(sql), params)),
    column: async (sql) => (await pool.query(sql)).rows.map((row: Record<string, unknown>) => String(Object.values(row)[0])),
    transaction: async (statements) => {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        for (const [sql, params] of statements) await client.query(numbered(sql), params);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

const now = () => (kind === "sqlite" ? Date.now() : new Date());

/** One learner's work, in one transaction, as the site writes it. */
function learnersWork(learner: string): [string, unknown[]][] {
  return [
    [`INSERT INTO "Learner" ("id", "createdAt") VALUES (?, ?)`, [learner, now()]],
    [
      `INSERT INTO "Submission" ("id", "exerciseId", "learnerId", "code", "outcome", "verdict", "passed", "stdout", "stderr", "durationMs", "createdAt") VALUES (?, 'backup-ex', ?, 'IO.puts 1', 'ok', 'passed', ?, '1', '', 12, ?)`,
      [`sub-${learner}`, learner, kind === "sqlite" ? 1 : true, now()],
    ],
    [`INSERT INTO "Draft" ("learnerId", "exerciseId", "code", "updatedAt") VALUES (?, 'backup-ex', ?, ?)`, [learner, `# draft of ${learner}`, now()]],
    [`INSERT INTO "HintReveal" ("learnerId", "exerciseId", "hintIndex", "createdAt") VALUES (?, 'backup-ex', 0, ?)`, [learner, now()]],
    [`INSERT INTO "SolutionView" ("learnerId", "exerciseId", "createdAt") VALUES (?, 'backup-ex', ?)`, [learner, now()]],
  ];
}

const backupDir = fs.mkdtempSync(path.join(os.tmpdir(), "elixir-lessons-backup-test-"));

function removeSqlite(): void {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(sqliteFile + suffix, { force: true });
  for (const leftover of fs.readdirSync(path.dirname(sqliteFile)).filter((f) => f.startsWith(`${path.basename(sqliteFile)}.before-restore-`))) {
    fs.rmSync(path.join(path.dirname(sqliteFile), leftover), { force: true });
  }
}

describe(`db:backup and db:restore (${kind})`, () => {
  beforeAll(async () => {
    if (kind === "postgres") await recreatePostgresDatabase(url);
    else removeSqlite();
    if (kind === "sqlite") fs.mkdirSync(path.dirname(sqliteFile), { recursive: true });
    execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
    const store = openStore();
    try {
      await store.exec(
        `INSERT INTO "Lesson" ("id", "slug", "title", "summary", "position", "sourcePath", "contentHash", "updatedAt") VALUES ('backup-lesson', 'backup-lesson', 'Backups', 'A lesson for the backup test', 1, 'content/backup.mdx', 'x', ?)`,
        [now()],
      );
      await store.exec(`INSERT INTO "Exercise" ("id", "lessonId", "title", "position", "starterCode", "solution", "updatedAt") VALUES ('backup-ex', 'backup-lesson', 'Print one', 1, '', 'IO.puts 1', ?)`, [now()]);
    } finally {
      await store.close();
    }
  }, 180_000);

  afterAll(async () => {
    fs.rmSync(backupDir, { recursive: true, force: true });
    if (kind === "sqlite") removeSqlite();
  });

  it("restores every row a backup taken under load covered, and none written after it", async () => {
    let store = openStore();
    const committed: string[] = [];
    let writing = true;
    let sequence = 0;
    // Writers that never pause: four at once on PostgreSQL; on SQLite one (its writes are
    // synchronous), yielding to the event loop between transactions so the backup runs beside it.
    let failure: unknown = null;
    const writer = async () => {
      while (writing && failure === null) {
        const learner = `learner-${++sequence}-${Math.random().toString(36).slice(2, 8)}`;
        try {
          await store.transaction(learnersWork(learner));
        } catch (error) {
          failure = error;
          throw error;
        }
        committed.push(learner);
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    const writers = Array.from({ length: kind === "postgres" ? 4 : 1 }, writer);
    const waitFor = async (count: number) => {
      while (committed.length < count && failure === null) await new Promise((resolve) => setTimeout(resolve, 20));
      if (failure !== null) throw failure;
    };
    await waitFor(200);

    const before = committed.length;
    const file = path.join(backupDir, kind === "postgres" ? "backup.dump" : "backup.db");
    const backup = await backupDatabase(url, file);
    const after = committed.length;
    await waitFor(after + 100);
    writing = false;
    await Promise.all(writers);
    expect(backup.bytes).toBeGreaterThan(0);
    expect(after, "writes went on while the backup ran").toBeGreaterThan(before);
    expect(await store.column(`SELECT count(*) FROM "Submission"`)).toEqual([String(committed.length)]);
    await store.close();

    // Destroy the database, then bring the backup back.
    if (kind === "postgres") {
      const admin = withDatabase(url, "postgres");
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      await client.query(`DROP DATABASE "elixir_test_backup" WITH (FORCE)`);
      await client.end();
      await expect(openStore().column(`SELECT 1`)).rejects.toThrow(/does not exist/);
    } else {
      removeSqlite();
      expect(fs.existsSync(sqliteFile)).toBe(false);
    }
    await restoreDatabase(url, file);

    store = openStore();
    try {
      const learners = new Set(await store.column(`SELECT "id" FROM "Learner"`));
      const missing = committed.slice(0, before).filter((id) => !learners.has(id));
      expect(missing, "learners committed before the backup began").toEqual([]);
      const late = committed.slice(after).filter((id) => learners.has(id));
      expect(late, "learners committed after the backup ended").toEqual([]);
      for (const table of WORK_TABLES) {
        const owners = await store.column(`SELECT "learnerId" FROM "${table}"`);
        expect(new Set(owners).size, `${table}: one row per learner`).toBe(owners.length);
        expect([...owners].sort(), `${table}: exactly the restored learners' rows`).toEqual([...learners].sort());
      }
      const [lessons] = await store.column(`SELECT count(*) FROM "Lesson"`);
      expect(lessons).toBe("1");
      // The schema came back too: the migrations table says every migration is applied.
      const applied = await store.column(`SELECT count(*) FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL`);
      const folder = path.join("prisma", ...(kind === "postgres" ? ["postgres"] : []), "migrations");
      const migrations = fs.readdirSync(folder).filter((f) => fs.statSync(path.join(folder, f)).isDirectory());
      expect(applied).toEqual([String(migrations.length)]);
    } finally {
      await store.close();
    }
  }, 120_000);
});
