// Reads and writes of exercises and submissions. Public reads return only what the browser may
// see; the expected output is read only for grading.
import "server-only";
import { db } from "@/lib/db";
import type { Check } from "@/lib/grading/grade";
import type { Verdict } from "@/lib/grading/types";
import type { RunResult } from "@/lib/sandbox/types";

export interface ExerciseForLearner {
  id: string;
  title: string;
  starterCode: string;
  attempts: number;
  solved: boolean;
}

export interface LessonSummary {
  slug: string;
  title: string;
  summary: string;
  exercises: number;
}

export async function listLessons(): Promise<LessonSummary[]> {
  const lessons = await db.lesson.findMany({
    orderBy: { position: "asc" },
    select: { slug: true, title: true, summary: true, _count: { select: { exercises: { where: { archivedAt: null } } } } },
  });
  return lessons
    .filter((l) => l._count.exercises > 0)
    .map(({ _count, ...lesson }) => ({ ...lesson, exercises: _count.exercises }));
}

/** Exercises of the given ids with this learner's attempt count and whether they solved it. */
export async function getExercisesForLearner(ids: string[], learnerId: string | null): Promise<Map<string, ExerciseForLearner>> {
  const exercises = await db.exercise.findMany({
    where: { id: { in: ids }, archivedAt: null },
    select: { id: true, title: true, starterCode: true },
  });
  const stats = learnerId ? await learnerStats(ids, learnerId) : new Map<string, { attempts: number; solved: boolean }>();
  return new Map(exercises.map((e) => [e.id, { ...e, attempts: stats.get(e.id)?.attempts ?? 0, solved: stats.get(e.id)?.solved ?? false }]));
}

async function learnerStats(ids: string[], learnerId: string): Promise<Map<string, { attempts: number; solved: boolean }>> {
  const [attempts, passes] = await Promise.all([
    db.submission.groupBy({ by: ["exerciseId"], where: { learnerId, exerciseId: { in: ids }, verdict: { not: "unavailable" } }, _count: { _all: true } }),
    db.submission.groupBy({ by: ["exerciseId"], where: { learnerId, exerciseId: { in: ids }, passed: true }, _count: { _all: true } }),
  ]);
  const solved = new Set(passes.map((p) => p.exerciseId));
  return new Map(attempts.map((a) => [a.exerciseId, { attempts: a._count._all, solved: solved.has(a.exerciseId) }]));
}

export interface ExerciseForGrading {
  id: string;
  check: Check;
  /** The hidden ExUnit tests, for check.kind === "tests". */
  tests: string | null;
}

export async function getExerciseForGrading(id: string): Promise<ExerciseForGrading | null> {
  const row = await db.exercise.findFirst({
    where: { id, archivedAt: null },
    select: { id: true, check: true, expectedOutput: true, tests: true },
  });
  if (!row) return null;
  const check: Check = row.check === "tests" ? { kind: "tests" } : { kind: "output", expectedOutput: row.expectedOutput ?? "" };
  return { id: row.id, check, tests: row.tests };
}

export interface SubmissionInput {
  exerciseId: string;
  learnerId: string;
  code: string;
  result: RunResult;
  verdict: Verdict;
}

/** Stores one submission and returns the learner's standing on that exercise afterwards. */
export async function recordSubmission(input: SubmissionInput): Promise<{ attempts: number; solved: boolean }> {
  const { exerciseId, learnerId, code, result, verdict } = input;
  return db.$transaction(async (tx) => {
    await tx.learner.upsert({ where: { id: learnerId }, create: { id: learnerId }, update: {} });
    await tx.submission.create({
      data: {
        exerciseId,
        learnerId,
        code,
        outcome: result.outcome,
        verdict: verdict.status,
        passed: verdict.status === "passed",
        stdout: result.stdout,
        stderr: result.stderr,
        message: "message" in result ? result.message : null,
        errorLine: "line" in result ? result.line : null,
        exitCode: result.outcome === "crashed" ? result.exitCode : null,
        truncated: result.truncated,
        testResults: "tests" in result && result.tests ? JSON.stringify(result.tests) : null,
        durationMs: Math.round(result.durationMs),
      },
    });
    const [attempts, passes] = await Promise.all([
      tx.submission.count({ where: { learnerId, exerciseId, verdict: { not: "unavailable" } } }),
      tx.submission.count({ where: { learnerId, exerciseId, passed: true } }),
    ]);
    return { attempts, solved: passes > 0 };
  });
}
