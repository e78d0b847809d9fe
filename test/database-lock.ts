// For fault tests: another connection to the test database holding a write lock, as another
// process (a script, a backup, a long transaction) would. SQLite: an EXCLUSIVE or IMMEDIATE
// transaction on the file. PostgreSQL: a transaction holding EXCLUSIVE locks on the given tables
// (reads go on, writes to them wait).
import Database from "better-sqlite3";
import pg from "pg";
import { databaseKind, resolveSqliteUrl } from "@/lib/database-url";

export interface HeldLock {
  /** Ends the other connection's transaction (commits it) and closes the connection. */
  release(): Promise<void>;
}

export async function holdWriteLock(url: string, options: { tables: string[]; mode?: "EXCLUSIVE" | "IMMEDIATE" }): Promise<HeldLock> {
  if (databaseKind(url) === "postgres") {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("BEGIN");
    await client.query(`LOCK TABLE ${options.tables.map((t) => `"${t.replace(/"/g, '""')}"`).join(", ")} IN EXCLUSIVE MODE`);
    let done = false;
    return {
      async release() {
        if (done) return;
        done = true;
        await client.query("COMMIT").finally(() => client.end());
      },
    };
  }
  const other = new Database(resolveSqliteUrl(url).slice("file:".length));
  other.exec(`BEGIN ${options.mode ?? "EXCLUSIVE"}`);
  return {
    async release() {
      if (!other.open) return;
      if (other.inTransaction) other.exec("COMMIT");
      other.close();
    },
  };
}
