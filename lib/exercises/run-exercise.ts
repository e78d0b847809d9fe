// The whole path of one learner run: validate, run in the sandbox, grade, store. POST /api/runs
// calls this (lib/exercises/submit-run.ts); it returns values for expected failures and throws only
// for the unexpected. Only a graded run is stored: "busy" and "unavailable" say nothing about the
// learner's code, so they come back to the learner (to retry) and leave no Submission row.
// The submission id is chosen before the run: in scale-out mode it is the job's id on the run
// queue, so a job retried on another worker still ends in exactly one row.
import "server-only";
import { randomUUID } from "node:crypto";
import { databaseFailure, databaseFailureMessage } from "@/lib/db-errors";
import { grade } from "@/lib/grading/grade";
import { forLearner } from "@/lib/grading/learner-view";
import type { RunState } from "@/lib/grading/types";
import { runSandbox } from "@/lib/runs/dispatch";
import type { Housekeeping } from "@/lib/sandbox";
import { UNAVAILABLE_RETRY_MS, admitSandboxWork, isSandboxRefusal, retryableAnswer } from "@/lib/runs/gate";
import type { QueueSettings } from "@/lib/runs/queue-settings";
import { USER_MESSAGES } from "@/lib/errors";
import { type ExerciseForGrading, getExerciseForGrading, recordSubmission } from "./queries";
import type { RunTiming } from "./run-timing";
import { codeInputSchema } from "./schema";
import { solutionUnlocked } from "./unlock";

/** RunState plus what the exercise UI needs to unlock the solution, and the stored submission's id. */
export type ExerciseRunState =
  | Exclude<RunState, { kind: "verdict" }>
  | (Extract<RunState, { kind: "verdict" }> & { failedAttempts: number; submissionId: string });

export interface RunExerciseOptions {
  /** Where runs go; default from the environment (tests point at their own queue). */
  queue?: QueueSettings | null;
  /** Marks each phase of the run (lib/exercises/run-timing.ts). */
  timing?: RunTiming;
  /** The exercise's lookup, when the caller started it already (alongside the learner's). */
  exercise?: Promise<ExerciseForGrading | null>;
  /** When the sandbox cleans up after the run (lib/sandbox/pool.ts): POST /api/runs passes Next's `after`. */
  housekeeping?: Housekeeping;
}

/** `address` is the client's (lib/http/client-address.ts), for the per-address rate limit. */
export async function runExercise(input: unknown, learnerId: string | null, address = "unknown", options: RunExerciseOptions = {}): Promise<ExerciseRunState> {
  const parsed = codeInputSchema.safeParse(input);
  if (!parsed.success) return { kind: "invalid", message: parsed.error.issues[0]?.message ?? "Invalid request." };
  if (!learnerId) return { kind: "invalid", message: USER_MESSAGES.no_cookie };

  const { exerciseId, code } = parsed.data;
  const timing = options.timing;
  try {
    const exercise = await (options.exercise ?? getExerciseForGrading(exerciseId));
    timing?.mark("exercise");
    if (!exercise) return { kind: "invalid", message: "This exercise no longer exists; reload the page." };

    const submissionId = randomUUID();
    const request = exercise.check.kind === "tests" && exercise.tests ? { code, tests: exercise.tests } : { code };
    const admitted = await admitSandboxWork(learnerId, address, () => {
      timing?.mark("gate");
      return runSandbox(request, submissionId, options.queue, options.housekeeping);
    });
    if (!admitted.ok) return { kind: admitted.kind, message: admitted.message, retryAfterMs: admitted.retryAfterMs };
    const result = admitted.value;
    timing?.mark("sandbox");
    timing?.note("vm", result.durationMs);
    if (isSandboxRefusal(result)) return retryableAnswer(result);
    if (result.outcome === "rejected") return { kind: "invalid", message: result.message };
    const verdict = grade(result, exercise.check);
    timing?.mark("grade");
    const standing = await recordSubmission({ submissionId, exerciseId, learnerId, code, result, verdict });
    timing?.mark("store");
    return { kind: "verdict", verdict: forLearner(verdict, solutionUnlocked(standing)), ...standing };
  } catch (error) {
    const failure = databaseFailure(error);
    if (!failure) throw error;
    return { kind: "unavailable", message: databaseFailureMessage(failure), retryAfterMs: UNAVAILABLE_RETRY_MS };
  }
}
