// A learner's work around one exercise besides runs: the autosaved draft, hints revealed one at
// a time, and the reference solution once earned. Every function validates its input and
// returns a value for expected failures.
import "server-only";
import { db } from "@/lib/db";
import { databaseFailure, databaseFailureNotice, databaseFailureReason, retryWhileBusy } from "@/lib/db-errors";
import { env } from "@/lib/env";
import { NOT_AN_ATTEMPT } from "@/lib/grading/types";
import { codeInputSchema, exerciseIdSchema, hintInputSchema, type DraftResult, type Failure, type SolutionResult } from "./schema";
import { parseHints, solutionUnlocked } from "./unlock";

/** Saves the learner's draft; the starter code itself is not a draft, so saving it clears the draft. */
export async function saveDraft(input: unknown, learnerId: string): Promise<DraftResult> {
  const parsed = codeInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "Invalid draft." };
  const { exerciseId, code } = parsed.data;
  const exercise = await db.exercise.findFirst({ where: { id: exerciseId, archivedAt: null }, select: { starterCode: true } });
  if (!exercise) return { ok: false, message: "This exercise no longer exists; reload the page." };

  const key = { learnerId_exerciseId: { learnerId, exerciseId } };
  const write = async (): Promise<DraftResult> => {
    if (code === exercise.starterCode) {
      await db.draft.deleteMany({ where: { learnerId, exerciseId } });
      return { ok: true, savedAt: new Date().toISOString() };
    }
    await db.learner.upsert({ where: { id: learnerId }, create: { id: learnerId }, update: {} });
    const saved = await db.draft.upsert({ where: key, create: { learnerId, exerciseId, code }, update: { code } });
    return { ok: true, savedAt: saved.updatedAt.toISOString() };
  };
  // A database locked by another process is waited out in the background, as for submissions;
  // past the budget the editor keeps the draft and tries again after `retryAfterMs`.
  try {
    return await retryWhileBusy(write, { budgetMs: env.DATABASE_BUSY_RETRY_MS });
  } catch (error) {
    const failure = databaseFailure(error);
    if (!failure) throw error;
    console.warn(`draft: not saved, the database is ${databaseFailureReason(failure)} (learner=${learnerId.slice(0, 8)})`);
    return {
      ok: false,
      message: failure === "full" ? "the server's disk is full; your draft is only in this page" : `the database is ${failure === "busy" ? "busy" : "not answering"}; retrying`,
      retryAfterMs: DRAFT_RETRY_MS,
    };
  }
}

const DRAFT_RETRY_MS = 5_000;

export type HintResult = { ok: true; revealed: number; markdown: string } | Failure;

/** Reveals hint `index` and returns its Markdown; hints come in order, so only the next one (or an already seen one) is allowed. */
export async function revealHint(input: unknown, learnerId: string): Promise<HintResult> {
  const parsed = hintInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: "Unknown hint." };
  const { exerciseId, index } = parsed.data;
  const exercise = await db.exercise.findFirst({ where: { id: exerciseId, archivedAt: null }, select: { hints: true } });
  if (!exercise) return { ok: false, message: "This exercise no longer exists; reload the page." };
  const hints = parseHints(exercise.hints);
  if (index >= hints.length) return { ok: false, message: "There is no further hint." };

  const markdown = hints[index] as string;
  // One transaction, so it is safe to run again while the database is locked.
  const reveal = () =>
    db.$transaction(async (tx): Promise<HintResult> => {
      const revealed = await tx.hintReveal.count({ where: { learnerId, exerciseId } });
      if (index > revealed) return { ok: false, message: "Reveal the earlier hints first." };
      if (index === revealed) {
        await tx.learner.upsert({ where: { id: learnerId }, create: { id: learnerId }, update: {} });
        await tx.hintReveal.create({ data: { learnerId, exerciseId, hintIndex: index } });
        return { ok: true, revealed: revealed + 1, markdown };
      }
      return { ok: true, revealed, markdown };
    });
  return retriedWrite(reveal, "hint", learnerId, "the hint was not revealed");
}

/** The reference solution, only once the learner has earned it; the view is recorded. */
export async function viewSolution(input: unknown, learnerId: string): Promise<SolutionResult> {
  const parsed = exerciseIdSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: "Unknown exercise." };
  const exerciseId = parsed.data;
  const exercise = await db.exercise.findFirst({ where: { id: exerciseId, archivedAt: null }, select: { solution: true } });
  if (!exercise) return { ok: false, message: "This exercise no longer exists; reload the page." };

  const counted = { learnerId, exerciseId, verdict: { notIn: [...NOT_AN_ATTEMPT] } };
  const [passes, failedAttempts] = await Promise.all([
    db.submission.count({ where: { ...counted, passed: true } }),
    db.submission.count({ where: { ...counted, passed: false } }),
  ]);
  if (!solutionUnlocked({ solved: passes > 0, failedAttempts })) {
    return { ok: false, message: "The solution opens after you pass, or after a few attempts." };
  }
  const record = async (): Promise<SolutionResult> => {
    await db.solutionView.upsert({
      where: { learnerId_exerciseId: { learnerId, exerciseId } },
      create: { learnerId, exerciseId },
      update: {},
    });
    return { ok: true, solution: exercise.solution };
  };
  return retriedWrite(record, "solution view", learnerId, "the solution was not opened");
}

/**
 * Runs a write the learner waits for through retryWhileBusy, as submissions do; a database still
 * locked (or full, or not answering) past the budget becomes a "try again" answer, not an error.
 */
async function retriedWrite<T>(write: () => Promise<T>, what: string, learnerId: string, outcome: string): Promise<T | Failure> {
  try {
    return await retryWhileBusy(write);
  } catch (error) {
    const failure = databaseFailure(error);
    if (!failure) throw error;
    console.warn(`${what}: not recorded, the database is ${databaseFailureReason(failure)} (learner=${learnerId.slice(0, 8)})`);
    return { ok: false, message: databaseFailureNotice(failure, outcome) };
  }
}
