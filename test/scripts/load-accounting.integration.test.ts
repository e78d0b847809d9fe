import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { isPostgresUrl, resolveSqliteUrl } from "@/lib/database-url";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { recordSubmission } from "@/lib/exercises/queries";
import { syncLessons } from "@/lib/lessons/sync";
import { classifyRunAnswer, percentile, reconcile, storedSubmissions } from "./load-accounting";

// The load test's database check on the real test database: submissions stored by the app's own
// write path, then a duplicate and a missing row planted behind its back must be caught.
const dbFile = resolveSqliteUrl(env.DATABASE_URL).slice("file:".length);

beforeAll(async () => {
  await syncLessons(db, path.join(process.cwd(), "content"));
});

async function store(learnerId: string): Promise<string> {
  const { submissionId } = await recordSubmission({
    exerciseId: "hello-world",
    learnerId,
    code: 'IO.puts("Hello, world!")',
    result: { outcome: "ok", stdout: "Hello, world!\n", stderr: "", truncated: false, durationMs: 5 },
    verdict: { status: "passed", stdout: "Hello, world!\n", durationMs: 5 },
  });
  return submissionId;
}

describe("the load test's database check", () => {
  it("accepts exactly the accepted submissions, and catches a planted duplicate and a missing row", async () => {
    const learners = [randomUUID(), randomUUID()];
    const accepted: string[] = [];
    for (const learner of learners) for (let i = 0; i < 3; i++) accepted.push(await store(learner));
    // Another learner's rows are not this run's business.
    await store(randomUUID());

    const clean = reconcile(accepted, await storedSubmissions(dbFile, learners));
    expect(clean).toMatchObject({ accepted: 6, stored: 6, missing: [], extra: [], duplicates: [], ok: true });

    // The same run stored twice (a copy under another id).
    const original = await db.submission.findUniqueOrThrow({ where: { id: accepted[0] ?? "" } });
    const copy = await db.submission.create({ data: { ...original, id: randomUUID() } });
    const doubled = reconcile(accepted, await storedSubmissions(dbFile, learners));
    expect(doubled.ok).toBe(false);
    expect(doubled.extra).toEqual([copy.id]);
    expect(doubled.stored).toBe(7);

    // An accepted run that is not in the database.
    await db.submission.delete({ where: { id: copy.id } });
    await db.submission.delete({ where: { id: accepted[4] ?? "" } });
    const lost = reconcile(accepted, await storedSubmissions(dbFile, learners));
    expect(lost).toMatchObject({ ok: false, missing: [accepted[4]], extra: [], stored: 5 });

    // The site answering one id twice.
    expect(reconcile([...accepted.slice(0, 4), accepted[5] ?? "", accepted[0] ?? ""], await storedSubmissions(dbFile, learners))).toMatchObject({
      ok: false,
      duplicates: [accepted[0]],
    });
  });

  it("reads answers by the contract, counting anything else as an error", () => {
    expect(classifyRunAnswer(200, JSON.stringify({ kind: "verdict", submissionId: "s1", verdict: { status: "passed" } }))).toEqual({ kind: "verdict", submissionId: "s1", status: "passed" });
    expect(classifyRunAnswer(503, JSON.stringify({ kind: "busy", message: "m", retryAfterMs: 1500 }))).toEqual({ kind: "busy", retryAfterMs: 1500 });
    expect(classifyRunAnswer(503, JSON.stringify({ kind: "unavailable", message: "m" }), "3")).toEqual({ kind: "unavailable", retryAfterMs: 3000 });
    expect(classifyRunAnswer(429, JSON.stringify({ kind: "rate_limited", message: "m", retryAfterMs: 10 }))).toEqual({ kind: "rate_limited", retryAfterMs: 10 });
    expect(classifyRunAnswer(400, JSON.stringify({ kind: "invalid", message: "m" }))).toEqual({ kind: "invalid" });
    // A 200 without an id cannot be accounted for; a 503 that is not busy/unavailable is a failure.
    expect(classifyRunAnswer(200, JSON.stringify({ kind: "verdict" })).kind).toBe("error");
    expect(classifyRunAnswer(503, "<html>Service Unavailable</html>")).toEqual({ kind: "error", reason: "503 non-contract body" });
    expect(classifyRunAnswer(500, JSON.stringify({ kind: "error", message: "m" }))).toEqual({ kind: "error", reason: "500 error" });
    expect(classifyRunAnswer(502, "")).toEqual({ kind: "error", reason: "502 non-contract body" });
  });

  it("takes percentiles by nearest rank", () => {
    expect(percentile([], 95)).toBeNull();
    expect(percentile([5], 50)).toBe(5);
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile(hundred, 100)).toBe(100);
  });
});

describe("the load test's database check on PostgreSQL", () => {
  // The scale-out accounting (`--db postgresql://…`) reads the same columns through `pg`. Its own
  // database on the test server (scripts/ensure-postgres.sh starts one on loopback if needed),
  // holding the table as Prisma names it on PostgreSQL (quoted, case-sensitive).
  it("finds exactly the learners' rows, a planted copy and a missing row", async () => {
    const base = execFileSync("bash", ["scripts/ensure-postgres.sh", "cluster_accounting"], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
    const url = `${base}/cluster_accounting`;
    expect(isPostgresUrl(url)).toBe(true);
    expect(isPostgresUrl(dbFile)).toBe(false);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('DROP TABLE IF EXISTS "Submission"');
      await client.query('CREATE TABLE "Submission" ("id" TEXT PRIMARY KEY, "learnerId" TEXT NOT NULL)');
      const learners = [randomUUID(), randomUUID()];
      const accepted = Array.from({ length: 1_200 }, () => randomUUID()); // more than one chunk of 500
      await client.query('INSERT INTO "Submission" SELECT * FROM unnest($1::text[], $2::text[])', [accepted, accepted.map((_, i) => learners[i % 2])]);
      await client.query('INSERT INTO "Submission" VALUES ($1, $2)', [randomUUID(), randomUUID()]);

      expect(reconcile(accepted, await storedSubmissions(url, learners))).toMatchObject({ accepted: 1_200, stored: 1_200, missing: [], extra: [], duplicates: [], ok: true });

      const copy = randomUUID();
      await client.query('INSERT INTO "Submission" VALUES ($1, $2)', [copy, learners[0]]);
      await client.query('DELETE FROM "Submission" WHERE "id" = $1', [accepted[7]]);
      expect(reconcile(accepted, await storedSubmissions(url, learners))).toMatchObject({ ok: false, missing: [accepted[7]], extra: [copy], stored: 1_200 });
    } finally {
      await client.query('DROP TABLE IF EXISTS "Submission"').catch(() => {});
      await client.end();
    }
  });
});
