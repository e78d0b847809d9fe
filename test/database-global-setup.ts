// Vitest global setup for integration tests: a fresh database with every migration applied, of
// the kind the project's DATABASE_URL names. SQLite: data/test.db is deleted and recreated.
// PostgreSQL (the integration-pg project): the database is dropped and created again on the
// server (scripts/ensure-postgres.sh starts a throwaway one on loopback), then migrated.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { databaseKind, redactUrl } from "../lib/database-url";

const TEST_DATABASE_URL = "file:./data/test.db";

/** Drops and creates the database `url` names, through the server's `postgres` database. */
export async function recreatePostgresDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a test database name: "${name}"`);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL at ${redactUrl(admin.origin)} does not answer (${(error as Error).message}). Start the test server with \`bash scripts/ensure-postgres.sh\`, or set TEST_POSTGRES_URL.`,
    );
  }
  try {
    await client.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [name]);
    await client.query(`DROP DATABASE IF EXISTS "${name}"`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

export async function setup(project?: TestProject): Promise<void> {
  const url = String(project?.config.env?.DATABASE_URL ?? TEST_DATABASE_URL);
  if (databaseKind(url) === "postgres") {
    await recreatePostgresDatabase(url);
  } else {
    const file = url.slice("file:".length);
    for (const suffix of ["", "-journal", "-wal", "-shm"]) fs.rmSync(`${file}${suffix}`, { force: true });
  }
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
}
