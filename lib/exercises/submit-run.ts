// One learner run as a request, for POST /api/runs (which the exercise page and scripts call). It
// refuses a cross-origin browser request, takes the learner from the cookie (minting one if
// needed), runs through lib/exercises/run-exercise.ts (rate limits, admission, sandbox, grading,
// storage) and logs one line per refusal. The route maps the state to an HTTP status.
import "server-only";
import { headers } from "next/headers";
import { after } from "next/server";
import { ensureLearnerId } from "@/lib/auth/learner";
import { AppError, HTTP_ANSWER, USER_MESSAGES } from "@/lib/errors";
import { isCrossOrigin, logRefusal } from "@/lib/http/json";
import { requestClientAddress } from "@/lib/http/request";
import { env } from "@/lib/env";
import { getExerciseForGrading } from "./queries";
import { runExercise, type ExerciseRunState } from "./run-exercise";
import { codeInputSchema } from "./schema";
import { RunTiming } from "./run-timing";

export type SubmittedRun = Exclude<ExerciseRunState, { kind: "idle" }>;

/**
 * Runs what `read` gives ({ exerciseId, code }, checked here) for the requesting learner. Throws
 * AppError: "forbidden" for a cross-origin request (before `read`), or whatever `read` throws. An
 * unexpected failure is logged and becomes `error`. `timing` gets the run's phases (logged with
 * RUN_TIMING_LOG=1).
 */
export async function submitRun(read: () => Promise<unknown>, timing = new RunTiming()): Promise<SubmittedRun> {
  const address = await requestClientAddress();
  if (isCrossOrigin(await headers())) {
    logRefusal(403, "forbidden", null, address, "api: cross-origin");
    throw new AppError("forbidden");
  }
  const input = await read();
  timing.mark("request");
  // The exercise's lookup goes to the database alongside the learner's (runExercise awaits it).
  const parsed = codeInputSchema.safeParse(input);
  const exercise = parsed.success ? getExerciseForGrading(parsed.data.exerciseId) : undefined;
  exercise?.catch(() => undefined); // a failure surfaces where runExercise awaits it
  let learnerId: string | null = null;
  try {
    learnerId = await ensureLearnerId();
    timing.mark("learner");
    // The pool's cleanup (removing the used containers, booting their replacements) waits until
    // the answer is written, so the answer does not share the machine with it.
    const state = await runExercise(input, learnerId, address, { timing, exercise, housekeeping: after });
    if (state.kind === "idle") throw new Error("runExercise returned idle");
    if (env.RUN_TIMING_LOG) console.info(`run: timing (api) ${state.kind === "verdict" ? state.verdict.status : state.kind} ${timing.line()}`);
    if (state.kind !== "verdict") logRefusal(HTTP_ANSWER[state.kind].status, state.kind, learnerId, address, `api: ${state.message}`);
    return state;
  } catch (error) {
    console.error(`run: 500 error learner=${learnerId?.slice(0, 8) ?? "-"} address=${address} (api)`, error);
    return { kind: "error", message: USER_MESSAGES.error };
  }
}
