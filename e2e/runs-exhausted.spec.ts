// More concurrent runs than the admission bound, for real, over HTTP against the built server:
// every answer is a 200 verdict or a 503 busy (no hang, no 500), every 200 is stored exactly once
// under its submissionId, and no busy run is stored.
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
const RUNS = 40;

test.describe.configure({ timeout: 120_000 });

test("pool exhausted: 200 or 503 busy for each of 40 simultaneous runs, and only the 200s are stored", async () => {
  const learners = Array.from({ length: RUNS }, () => randomUUID());
  const started = Date.now();
  const answers = await Promise.all(
    learners.map(async (learner) => {
      const response = await fetch(`http://127.0.0.1:${port}/api/runs`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: `learner=${learner}` },
        // Each run holds its sandbox for a second, so the bound is certainly reached.
        body: JSON.stringify({ exerciseId: "hello-world", code: 'Process.sleep(1_000)\nIO.puts("Hello, world!")' }),
        signal: AbortSignal.timeout(90_000),
      });
      return { learner, status: response.status, retryAfter: response.headers.get("retry-after"), body: (await response.json()) as Record<string, unknown> };
    }),
  );
  const ok = answers.filter((a) => a.status === 200);
  const busy = answers.filter((a) => a.status === 503);
  console.log(`exhausted: ${ok.length} verdicts, ${busy.length} busy of ${RUNS} in ${Date.now() - started} ms`);

  expect(ok.length + busy.length).toBe(RUNS);
  expect(ok.length).toBeGreaterThan(0);
  expect(busy.length).toBeGreaterThan(0);
  for (const a of ok) expect(a.body).toMatchObject({ kind: "verdict", verdict: { status: "passed" }, submissionId: expect.any(String) });
  for (const a of busy) {
    expect(a.body).toMatchObject({ kind: "busy", message: expect.any(String), retryAfterMs: expect.any(Number) });
    expect(Number(a.retryAfter)).toBeGreaterThanOrEqual(1);
  }

  const db = new Database("data/e2e.db", { readonly: true });
  try {
    const rows = db
      .prepare(`SELECT id, learnerId FROM Submission WHERE learnerId IN (${learners.map(() => "?").join(",")})`)
      .all(...learners) as { id: string; learnerId: string }[];
    expect(rows.map((r) => r.id).sort()).toEqual(ok.map((a) => a.body.submissionId as string).sort());
    const stored = new Set(rows.map((r) => r.learnerId));
    for (const a of busy) expect(stored.has(a.learner)).toBe(false);
  } finally {
    db.close();
  }
});
