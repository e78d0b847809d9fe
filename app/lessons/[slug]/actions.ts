"use server";
// The lesson page's server actions: autosave an exercise's draft, reveal a hint, view the
// solution, run a lesson's example (as written, or as the learner edited it), format code. Each is
// a public endpoint: validatedAction checks the arguments against lib/exercises/schema.ts first,
// the learner comes from the cookies, and the work is done in lib/. An exercise's Run is not an
// action: the page posts it to POST /api/runs (components/exercise/post-run.ts).
import { after } from "next/server";
import { z } from "zod";
import { currentLearnerId, ensureLearnerId } from "@/lib/auth/learner";
import { USER_MESSAGES } from "@/lib/errors";
import { revealHint, saveDraft, viewSolution } from "@/lib/exercises/learner-work";
import { codeRequestSchema, hintRequestSchema, solutionRequestSchema, sourceSchema, type DraftResult, type RevealedHint, type SolutionResult } from "@/lib/exercises/schema";
import { formatCode, type FormatResult } from "@/lib/format/format-code";
import { runCode } from "@/lib/playground/run-code";
import { logRefusal } from "@/lib/http/json";
import { requestClientAddress } from "@/lib/http/request";
import type { ExampleRunState } from "@/lib/lessons/example-types";
import { exampleRequestSchema } from "@/lib/lessons/schema";
import { renderMarkdown } from "@/lib/lessons/render";
import { runExample } from "@/lib/lessons/run-example";
import { admitDraftSave } from "@/lib/runs/gate";
import { validatedAction } from "@/lib/security/action-input";

/** The first issue's message when it is about one argument (the schemas word those), else "malformed". */
function firstMessage(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue && issue.path.length > 0 && issue.message ? issue.message : USER_MESSAGES.malformed;
}

/** A draft save the server refused for now carries `retryAfterMs`; the editor retries after it. */
export const saveDraftAction = validatedAction(
  "saveDraft",
  codeRequestSchema,
  { invalid: (_args, error): DraftResult => ({ ok: false, message: firstMessage(error) }) },
  async ([exerciseId, code]): Promise<DraftResult> => {
    const learnerId = await ensureLearnerId();
    const address = await requestClientAddress();
    const admitted = await admitDraftSave(learnerId, address);
    if (!admitted.ok) {
      logRefusal(429, "rate_limited", learnerId, address, "draft save");
      return { ok: false, message: admitted.message, retryAfterMs: admitted.retryAfterMs };
    }
    return saveDraft({ exerciseId, code }, learnerId);
  },
);

/** Records the reveal and only then sends the hint, rendered from Markdown on the server. */
export const revealHintAction = validatedAction(
  "revealHint",
  hintRequestSchema,
  { invalid: (): RevealedHint => ({ ok: false, message: "Unknown hint." }) },
  async ([exerciseId, index]): Promise<RevealedHint> => {
    const result = await revealHint({ exerciseId, index }, await ensureLearnerId());
    if (!result.ok) return result;
    return { ok: true, revealed: result.revealed, hint: await renderMarkdown(result.markdown) };
  },
);

export const viewSolutionAction = validatedAction(
  "viewSolution",
  solutionRequestSchema,
  { invalid: (): SolutionResult => ({ ok: false, message: "Unknown exercise." }) },
  async ([exerciseId]) => viewSolution(exerciseId, await ensureLearnerId()),
);

/** "Run this" on a lesson's example: takes the example's id only, never code. */
export const runExampleAction = validatedAction(
  "runExample",
  exampleRequestSchema,
  { invalid: (): ExampleRunState => ({ kind: "invalid", message: USER_MESSAGES.malformed }) },
  async ([exampleId]) => {
    const address = await requestClientAddress();
    const learnerId = await currentLearnerId();
    const state = await runExample({ exampleId }, learnerId, { address, housekeeping: after });
    if (state.kind === "invalid") logRefusal(400, "invalid", learnerId, address, `action runExample: ${state.message}`);
    if (state.kind === "busy" || state.kind === "unavailable") logRefusal(503, state.kind, learnerId, address, `action runExample: ${state.message}`);
    if (state.kind === "rate_limited") logRefusal(429, state.kind, learnerId, address, "action runExample");
    return state;
  },
);

/** Format: the code through the sandbox's `Code.format_string!/2`, admitted and rate limited like a run. */
export const formatCodeAction = validatedAction(
  "formatCode",
  z.tuple([sourceSchema]),
  { invalid: (_args, error): FormatResult => ({ kind: "invalid", message: firstMessage(error) }) },
  async ([code]): Promise<FormatResult> => {
    const address = await requestClientAddress();
    const learnerId = await ensureLearnerId();
    const result = await formatCode(code, learnerId, address, after);
    if (result.kind === "rate_limited") logRefusal(429, result.kind, learnerId, address, "action formatCode");
    if (result.kind === "busy" || result.kind === "unavailable") logRefusal(503, result.kind, learnerId, address, `action formatCode: ${result.message}`);
    return result;
  },
);

/** "Run" on an example the learner edited: the code itself, under the same limits as an exercise run. */
export const runCodeAction = validatedAction(
  "runCode",
  z.tuple([sourceSchema]),
  { invalid: (_args, error): ExampleRunState => ({ kind: "invalid", message: firstMessage(error) }) },
  async ([code]) => {
    const address = await requestClientAddress();
    const learnerId = await ensureLearnerId();
    const state = await runCode(code, learnerId, address, after);
    if (state.kind === "busy" || state.kind === "unavailable") logRefusal(503, state.kind, learnerId, address, `action runCode: ${state.message}`);
    if (state.kind === "rate_limited") logRefusal(429, state.kind, learnerId, address, "action runCode");
    return state;
  },
);
