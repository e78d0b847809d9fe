// Reads and writes of exercises and submissions. Public reads return only what the browser may
// see; the expected output is read only for grading.
import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { isForeignKeyViolation, isUniqueViolation, retryWhileBusy } from "@/lib/db-errors";
import { env } from "@/lib/env";
import type { Check } from "@/lib/grading/grade";
import { NOT_AN_ATTEMPT, type Verdict } from "@/lib/grading/types";
import type { RunResult } from "@/lib/sandbox/types";
import { parseHints, solutionUnlocked } from "./unlock";

export interface ExerciseForLearner {
  id: string;
  title: string;
  starterCode: string;
  /** Hints as Markdown, in order; the page renders them, the learner reveals them one by one. */
  hints: string[];
  hintsRevealed: number;
  /** The test source, only when the author made it visible. */
  visibleTests: string | null;
  attempts: number;
  failedAttempts: number;
  solved: boolean;
  solutionUnlocked: boolean;
  /** The learner's saved draft, if any. */
  draft: string | null;
  /** The code of the learner's latest run, if any. */
  lastRunCode: string | null;
}

type Standing = { attempts: number; failedAttempts: number; solved: boolean };

/** Exercises of the given ids with this learner's standing, draft, last run and revealed hints. */
export async function getExercisesForLearner(ids: string[], learnerId: string | null): Promise<Map<string, ExerciseForLearner>> {
  const exercises = await db.exercise.findMany({
    where: { id: { in: ids }, archivedAt: null },
    select: { id: true, title: true, starterCode: true, hints: true, tests: true, testsVisible: true, check: true },
  });
  const [stats, drafts, reveals, lastRuns] = learnerId
    ? await Promise.all([
        learnerStats(ids, learnerId),
        db.draft.findMany({ where: { learnerId, exerciseId: { in: ids } }, select: { exerciseId: true, code: true } }),
        db.hintReveal.groupBy({ by: ["exerciseId"], where: { learnerId, exerciseId: { in: ids } }, _max: { hintIndex: true } }),
        lastRunCodes(ids, learnerId),
      ])
    : [new Map<string, Standing>(), [], [], new Map<string, string>()];
  const draftOf = new Map(drafts.map((d) => [d.exerciseId, d.code]));
  const revealedOf = new Map(reveals.map((r) => [r.exerciseId, (r._max.hintIndex ?? -1) + 1]));

  return new Map(
    exercises.map((e) => {
      const standing = stats.get(e.id) ?? { attempts: 0, failedAttempts: 0, solved: false };
      const hints = parseHints(e.hints);
      return [
        e.id,
        {
          id: e.id,
          title: e.title,
          starterCode: e.starterCode,
          hints,
          hintsRevealed: Math.min(hints.length, revealedOf.get(e.id) ?? 0),
          visibleTests: e.check === "tests" && e.testsVisible ? e.tests : null,
          ...standing,
          solutionUnlocked: solutionUnlocked(standing),
          draft: draftOf.get(e.id) ?? null,
          lastRunCode: lastRuns.get(e.id) ?? null,
        },
      ];
    }),
  );
}

async function learnerStats(ids: string[], learnerId: string): Promise<Map<string, Standing>> {
  const rows = await db.submission.groupBy({
    by: ["exerciseId", "passed"],
    where: { learnerId, exerciseId: { in: ids }, verdict: { notIn: [...NOT_AN_ATTEMPT] } },
    _count: { _all: true },
  });
  const stats = new Map<string, Standing>();
  for (const row of rows) {
    const s = stats.get(row.exerciseId) ?? { attempts: 0, failedAttempts: 0, solved: false };
    s.attempts += row._count._all;
    if (row.passed) s.solved = true;
    else s.failedAttempts += row._count._all;
    stats.set(row.exerciseId, s);
  }
  return stats;
}

async function lastRunCodes(ids: string[], learnerId: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  await Promise.all(
    ids.map(async (exerciseId) => {
      const last = await db.submission.findFirst({
        where: { learnerId, exerciseId },
        orderBy: { createdAt: "desc" },
        select: { code: true },
      });
      if (last) out.set(exerciseId, last.code);
    }),
  );
  return out;
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
  /**
   * The id to store the submission under, chosen by the caller before the run (in scale-out mode
   * it is the run's job id). Storing the same id again stores nothing and returns the standing.
   */
  submissionId?: string;
  exerciseId: string;
  learnerId: string;
  code: string;
  result: RunResult;
  verdict: Verdict;
}

/**
 * Stores one submission and returns its id and the learner's standing on that exercise afterwards.
 * The submission is one INSERT, so a failure stores nothing; only a learner's first submission,
 * whose learner row does not exist yet (the INSERT fails on the foreign key), stores the learner
 * and the submission together in one transaction. The standing is read right after. One statement
 * instead of a transaction of four is most of what storing costs (measured with SQLite on this
 * hardware: 3-5 ms instead of 10-25 ms), and it is on every verdict's path.
 * While another connection holds the write lock it retries, without blocking the event loop, for
 * DATABASE_BUSY_RETRY_MS; past that the error says "busy" (databaseFailure). The id is chosen
 * before the first attempt (or given by the caller), so a retry can never store the same run
 * twice: a second insert of it breaks the primary key, which is taken as "already stored" and
 * answered with the standing, without a second row.
 */
export async function recordSubmission(input: SubmissionInput): Promise<Standing & { submissionId: string }> {
  const { exerciseId, learnerId, code, result, verdict } = input;
  const submissionId = input.submissionId ?? randomUUID();
  const data = {
    id: submissionId,
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
  };
  try {
    return await retryWhileBusy(
      async () => {
        try {
          await db.submission.create({ select: { id: true }, data });
        } catch (error) {
          if (!isForeignKeyViolation(error)) throw error;
          await db.$transaction([
            db.learner.upsert({ where: { id: learnerId }, create: { id: learnerId }, update: {}, select: { id: true } }),
            db.submission.create({ select: { id: true }, data }),
          ]);
        }
        // A retry after this read failed finds the row stored and goes the "already stored" way below.
        return { submissionId, ...(await standingOn(learnerId, exerciseId)) };
      },
      { budgetMs: env.DATABASE_BUSY_RETRY_MS },
    );
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Stored already (the same run id twice): the standing as it is, if the row is this learner's.
    const [existing, standing] = await retryWhileBusy(
      () => Promise.all([db.submission.findUnique({ where: { id: submissionId }, select: { learnerId: true, exerciseId: true } }), standingOn(learnerId, exerciseId)]),
      { budgetMs: env.DATABASE_BUSY_RETRY_MS },
    );
    if (!existing || existing.learnerId !== learnerId || existing.exerciseId !== exerciseId) throw error;
    return { submissionId, ...standing };
  }
}

/** A learner's attempts, failed attempts and whether they solved one exercise, in one query. */
async function standingOn(learnerId: string, exerciseId: string): Promise<Standing> {
  return (await learnerStats([exerciseId], learnerId)).get(exerciseId) ?? { attempts: 0, failedAttempts: 0, solved: false };
}
