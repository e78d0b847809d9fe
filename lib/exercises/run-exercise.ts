// The whole path of one learner run: validate, run in the sandbox, grade, store. Server actions
// call this; it returns values for expected failures and throws only for the unexpected.
import "server-only";
import { z } from "zod";
import { grade } from "@/lib/grading/grade";
import type { RunState } from "@/lib/grading/types";
import { SLUG_PATTERN } from "@/lib/lessons/parse";
import { run, validateSource } from "@/lib/sandbox";
import { getExerciseForGrading, recordSubmission } from "./queries";

export const runInputSchema = z.object({
  exerciseId: z.string().regex(SLUG_PATTERN, "Unknown exercise.").max(100, "Unknown exercise."),
  code: z.string("The code must be text.").superRefine((code, ctx) => {
    const check = validateSource(code);
    if (!check.ok) ctx.addIssue({ code: "custom", message: check.message });
  }),
});

/** RunState plus what the exercise UI needs to unlock the solution. */
export type ExerciseRunState =
  | Exclude<RunState, { kind: "verdict" }>
  | (Extract<RunState, { kind: "verdict" }> & { failedAttempts: number });

export async function runExercise(input: unknown, learnerId: string | null): Promise<ExerciseRunState> {
  const parsed = runInputSchema.safeParse(input);
  if (!parsed.success) return { kind: "invalid", message: parsed.error.issues[0]?.message ?? "Invalid request." };
  if (!learnerId) return { kind: "invalid", message: "Your browser did not send the learner cookie; enable cookies for this site and reload." };

  const { exerciseId, code } = parsed.data;
  const exercise = await getExerciseForGrading(exerciseId);
  if (!exercise) return { kind: "invalid", message: "This exercise no longer exists; reload the page." };

  const result = await run(exercise.check.kind === "tests" && exercise.tests ? { code, tests: exercise.tests } : { code });
  const verdict = grade(result, exercise.check);
  const standing = await recordSubmission({ exerciseId, learnerId, code, result, verdict });
  return { kind: "verdict", verdict, ...standing };
}
