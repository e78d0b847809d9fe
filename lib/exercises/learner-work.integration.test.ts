import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { holdWriteLock } from "@/test/database-lock";
import { getExercisesForLearner } from "./queries";
import { revealHint, saveDraft, viewSolution } from "./learner-work";

// Real database (SQLite, or PostgreSQL in the integration-pg project); the exercise is seeded here
// so the test does not depend on content/.
const ID = "work-test";

beforeAll(async () => {
  const lesson = await db.lesson.upsert({
    where: { slug: "work-test" },
    create: { slug: "work-test", title: "T", summary: "S", position: 901, sourcePath: "w.mdx", contentHash: "h" },
    update: {},
  });
  await db.exercise.upsert({
    where: { id: ID },
    create: {
      id: ID,
      lessonId: lesson.id,
      title: "Work",
      position: 0,
      starterCode: "# start",
      solution: 'IO.puts("secret solution")',
      expectedOutput: "x",
      hints: JSON.stringify(["First `hint`.", "Second hint."]),
    },
    update: {},
  });
});

async function submit(learnerId: string, verdict: string, passed = false) {
  await db.learner.upsert({ where: { id: learnerId }, create: { id: learnerId }, update: {} });
  await db.submission.create({
    data: { learnerId, exerciseId: ID, code: `code ${verdict}`, outcome: "ok", verdict, passed, stdout: "", stderr: "", durationMs: 1 },
  });
}

describe("drafts", () => {
  it("saves, replaces and restores a draft per learner, and clears it on the starter code", async () => {
    const learner = randomUUID();
    expect(await saveDraft({ exerciseId: ID, code: "IO.puts(1)" }, learner)).toMatchObject({ ok: true });
    expect(await saveDraft({ exerciseId: ID, code: "IO.puts(2)" }, learner)).toMatchObject({ ok: true });
    expect((await getExercisesForLearner([ID], learner)).get(ID)?.draft).toBe("IO.puts(2)");
    expect((await getExercisesForLearner([ID], randomUUID())).get(ID)?.draft).toBeNull();
    await saveDraft({ exerciseId: ID, code: "# start" }, learner);
    expect((await getExercisesForLearner([ID], learner)).get(ID)?.draft).toBeNull();
  });

  it("refuses oversized code, NUL bytes and unknown exercises", async () => {
    const learner = randomUUID();
    expect(await saveDraft({ exerciseId: ID, code: "x".repeat(64 * 1024 + 1) }, learner)).toMatchObject({ ok: false });
    expect(await saveDraft({ exerciseId: ID, code: "a\u0000" }, learner)).toMatchObject({ ok: false });
    expect(await saveDraft({ exerciseId: "nope-nope", code: "a" }, learner)).toMatchObject({ ok: false });
    expect(await saveDraft({ exerciseId: "../x", code: "a" }, learner)).toMatchObject({ ok: false });
  });
});

describe("drafts while another process holds the database lock", () => {
  it("waits the lock out in the background and saves the draft once it is released", async () => {
    const learner = randomUUID();
    // Another connection, as a script or a backup in another process would hold it.
    const other = await holdWriteLock(env.DATABASE_URL, { tables: ["Draft"] });
    try {
      // Far longer than SQLite's busy timeout (50 ms) and PostgreSQL's lock timeout (1 s), well
      // inside the retry budget.
      const release = setTimeout(() => void other.release(), Math.max(1_000, env.DATABASE_LOCK_TIMEOUT_MS * 1.5));
      const saved = await saveDraft({ exerciseId: ID, code: "IO.puts(:locked)" }, learner);
      clearTimeout(release);
      expect(saved.ok).toBe(true);
      expect(await db.draft.findUnique({ where: { learnerId_exerciseId: { learnerId: learner, exerciseId: ID } } })).toMatchObject({ code: "IO.puts(:locked)" });
    } finally {
      await other.release();
    }
  });
});

describe("hints", () => {
  it("reveals hints in order, records each once, and reports how many are revealed", async () => {
    const learner = randomUUID();
    expect(await revealHint({ exerciseId: ID, index: 1 }, learner)).toMatchObject({ ok: false, message: /earlier/ });
    expect(await revealHint({ exerciseId: ID, index: 0 }, learner)).toEqual({ ok: true, revealed: 1, markdown: "First `hint`." });
    expect(await revealHint({ exerciseId: ID, index: 0 }, learner)).toEqual({ ok: true, revealed: 1, markdown: "First `hint`." });
    expect(await revealHint({ exerciseId: ID, index: 1 }, learner)).toEqual({ ok: true, revealed: 2, markdown: "Second hint." });
    expect(await revealHint({ exerciseId: ID, index: 2 }, learner)).toMatchObject({ ok: false });
    expect(await db.hintReveal.count({ where: { learnerId: learner } })).toBe(2);
    const view = (await getExercisesForLearner([ID], learner)).get(ID);
    expect(view).toMatchObject({ hints: ["First `hint`.", "Second hint."], hintsRevealed: 2 });
    // Another learner has revealed nothing.
    expect((await getExercisesForLearner([ID], randomUUID())).get(ID)).toMatchObject({ hintsRevealed: 0 });
  });
});

describe("solution", () => {
  it("stays locked until three failed attempts (busy and unavailable runs do not count), then is recorded", async () => {
    const learner = randomUUID();
    await submit(learner, "wrong_output");
    await submit(learner, "compile_error");
    await submit(learner, "unavailable");
    await submit(learner, "busy");
    expect(await viewSolution(ID, learner)).toMatchObject({ ok: false });
    expect((await getExercisesForLearner([ID], learner)).get(ID)).toMatchObject({ attempts: 2, failedAttempts: 2, solutionUnlocked: false });
    await submit(learner, "timeout");
    expect((await getExercisesForLearner([ID], learner)).get(ID)).toMatchObject({ solutionUnlocked: true, lastRunCode: "code timeout" });
    expect(await viewSolution(ID, learner)).toEqual({ ok: true, solution: 'IO.puts("secret solution")' });
    expect(await db.solutionView.count({ where: { learnerId: learner, exerciseId: ID } })).toBe(1);
  });

  it("opens right after a pass", async () => {
    const learner = randomUUID();
    expect(await viewSolution(ID, learner)).toMatchObject({ ok: false });
    await submit(learner, "passed", true);
    expect(await viewSolution(ID, learner)).toMatchObject({ ok: true });
    expect(await db.solutionView.count({ where: { learnerId: learner } })).toBe(1);
  });
});
