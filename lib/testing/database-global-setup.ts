// Vitest global setup for integration tests: a fresh SQLite database with every migration applied.
import { execFileSync } from "node:child_process";
import fs from "node:fs";

export const TEST_DATABASE_URL = "file:./data/test.db";

export function setup(): void {
  for (const suffix of ["", "-journal", "-wal", "-shm"]) fs.rmSync(`data/test.db${suffix}`, { force: true });
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: TEST_DATABASE_URL }, stdio: "pipe" });
}
