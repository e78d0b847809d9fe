import { randomUUID } from "node:crypto";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { syncLessons } from "@/lib/lessons/sync";
import { runExercise } from "./run-exercise";

// Real sandbox, real SQLite database (data/test.db, migrated by the global setup).
beforeAll(async () => {
  await syncLessons(db, path.join(process.cwd(), "content"));
});

function submissionsOf(learnerId: string) {
  return db.submission.findMany({ where: { learnerId }, orderBy: { createdAt: "asc" } });
}

describe("runExercise", () => {
  it("passes a correct solution, fails a wrong one with a diff, and stores both", async () => {
    const learner = randomUUID();
    const passed = await runExercise({ exerciseId: "hello-world", code: 'IO.puts("Hello, world!")' }, learner);
    expect(passed).toMatchObject({ kind: "verdict", verdict: { status: "passed" }, attempts: 1, solved: true });

    const failed = await runExercise({ exerciseId: "hello-world", code: 'IO.puts("hello world")' }, learner);
    expect(failed).toMatchObject({
      kind: "verdict",
      verdict: { status: "wrong_output", expected: "Hello, world!", actual: "hello world\n" },
      attempts: 2,
      solved: true,
    });

    const rows = await submissionsOf(learner);
    expect(rows.map((r) => [r.verdict, r.outcome, r.passed])).toEqual([
      ["passed", "ok", true],
      ["wrong_output", "ok", false],
    ]);
    expect(rows[1]?.code).toBe('IO.puts("hello world")');
    expect(rows[1]?.stdout).toBe("hello world\n");
    expect(rows[0]?.durationMs).toBeGreaterThan(0);
  });

  it("reports a syntax error as a compile error at its line", async () => {
    const learner = randomUUID();
    const state = await runExercise({ exerciseId: "hello-arithmetic", code: "slices = 3 * 8\n\nIO.puts(div(slices 7))" }, learner);
    expect(state).toMatchObject({ kind: "verdict", verdict: { status: "compile_error", line: 3 }, attempts: 1, solved: false });
    const [row] = await submissionsOf(learner);
    expect(row).toMatchObject({ verdict: "compile_error", outcome: "compile_error", errorLine: 3 });
  });

  it("rejects bad input before the sandbox and stores nothing", async () => {
    const learner = randomUUID();
    const cases: [unknown, RegExp][] = [
      [{ exerciseId: "hello-world", code: "x".repeat(64 * 1024 + 1) }, /longer than 64 KiB/],
      [{ exerciseId: "hello-world", code: "IO.puts(1)\u0000" }, /NUL/],
      [{ exerciseId: "no-such-exercise", code: "IO.puts(1)" }, /no longer exists/],
      [{ exerciseId: "../etc", code: "IO.puts(1)" }, /Unknown exercise/],
      [{ exerciseId: "hello-world" }, /./],
    ];
    for (const [input, message] of cases) {
      const state = await runExercise(input, learner);
      expect(state.kind).toBe("invalid");
      if (state.kind === "invalid") expect(state.message).toMatch(message);
    }
    expect(await submissionsOf(learner)).toHaveLength(0);
  });

  it("refuses a run without a learner id", async () => {
    const state = await runExercise({ exerciseId: "hello-world", code: "IO.puts(1)" }, null);
    expect(state).toMatchObject({ kind: "invalid", message: expect.stringMatching(/cookie/) });
  });
});
