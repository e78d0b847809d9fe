// The benchmark data set is deterministic and lands where it says: same options, same rows.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";

const FILE = "data/test-seed.db";
const remove = () => {
  for (const suffix of ["", "-journal", "-wal", "-shm"]) fs.rmSync(`${FILE}${suffix}`, { force: true });
};

function seed(): void {
  execFileSync("npx", ["tsx", "--conditions=react-server", "test/scripts/seed-submissions.ts", "--learners", "40", "--submissions", "600", "--days", "5", "--end", "2026-01-31"], {
    env: { ...process.env, DATABASE_URL: `file:./${FILE}` },
    stdio: "pipe",
    timeout: 120_000,
  });
}

function snapshot(): { submissions: number; learners: number; first: string; last: string; hash: string; verdicts: number } {
  const db = new Database(FILE, { readonly: true });
  try {
    const rows = db.prepare("SELECT id, learnerId, exerciseId, verdict, passed, createdAt, message, stdout FROM Submission ORDER BY id").all();
    const range = db.prepare("SELECT MIN(createdAt) AS first, MAX(createdAt) AS last FROM Submission").get() as { first: string; last: string };
    const verdicts = (db.prepare("SELECT COUNT(DISTINCT verdict) AS n FROM Submission").get() as { n: number }).n;
    const learners = (db.prepare("SELECT COUNT(*) AS n FROM Learner WHERE id LIKE 'seed-%'").get() as { n: number }).n;
    return { submissions: rows.length, learners, ...range, verdicts, hash: createHash("sha256").update(JSON.stringify(rows)).digest("hex") };
  } finally {
    db.close();
  }
}

afterAll(remove);

describe("db:seed-submissions", () => {
  it("writes exactly the asked-for data inside the date range, the same on every run", () => {
    remove();
    seed();
    const first = snapshot();
    expect(first).toMatchObject({ submissions: 600, learners: 40 });
    expect(first.first >= "2026-01-27T00:00:00").toBe(true);
    expect(first.last < "2026-02-01T00:00:00").toBe(true);
    expect(first.verdicts).toBeGreaterThan(5);
    seed(); // replaces its own rows
    expect(snapshot()).toEqual(first);
  });
});
