"use server";
// Learner actions around an exercise (draft, hints, solution). Each is a public endpoint: the
// arguments are checked against a schema with size caps first (a malformed call gets a typed
// failure and one log line, lib/security/action-input.ts), the rest is validated in lib/, and the
// learner comes from the cookies. Runs go through POST /api/runs (app/api/runs/route.ts).
import type { ReactNode } from "react";
import { z } from "zod";
import { ensureLearnerId } from "@/lib/auth/learner";
import { revealHint, saveDraft, viewSolution, type DraftResult, type Failure, type SolutionResult } from "@/lib/exercises/learner-work";
import { requestClientAddress } from "@/lib/http/request";
import { renderMarkdown } from "@/lib/lessons/render";
import { admitDraftSave } from "@/lib/runs/gate";
import { logRefusal } from "@/lib/runs/http";
import { MAX_SOURCE_BYTES } from "@/lib/sandbox";
import { parseActionInput } from "@/lib/security/action-input";
import { exerciseIdSchema, hintRequestSchema, solutionRequestSchema } from "@/lib/security/action-schemas";

const draftRequestSchema = z.tuple([exerciseIdSchema, z.string().max(MAX_SOURCE_BYTES, "The draft is longer than 64 KiB.")]);

/** A draft save the server refused for now; the editor retries after `retryAfterMs`. */
export type DraftSaveResult = DraftResult | (Failure & { retryAfterMs: number });

export async function saveDraftAction(...args: unknown[]): Promise<DraftSaveResult> {
  const input = parseActionInput("saveDraft", draftRequestSchema, args);
  if (!input.ok) {
    const tooLong = typeof args[1] === "string" && args[1].length > MAX_SOURCE_BYTES;
    return { ok: false, message: tooLong ? "The draft is longer than 64 KiB." : "This request was malformed; reload the page and try again." };
  }
  const [id, code] = input.data;
  const learnerId = await ensureLearnerId();
  const address = await requestClientAddress();
  const admitted = await admitDraftSave(learnerId, address);
  if (!admitted.ok) {
    logRefusal(429, "rate_limited", learnerId, address, "draft save");
    return { ok: false, message: admitted.message, retryAfterMs: admitted.retryAfterMs };
  }
  return saveDraft({ exerciseId: id, code }, learnerId);
}

export type RevealedHint = { ok: true; revealed: number; hint: ReactNode } | Failure;

/** Records the reveal and only then sends the hint, rendered from Markdown on the server. */
export async function revealHintAction(...args: unknown[]): Promise<RevealedHint> {
  const input = parseActionInput("revealHint", hintRequestSchema, args);
  if (!input.ok) return { ok: false, message: "Unknown hint." };
  const [id, index] = input.data;
  const result = await revealHint({ exerciseId: id, index }, await ensureLearnerId());
  if (!result.ok) return result;
  return { ok: true, revealed: result.revealed, hint: await renderMarkdown(result.markdown) };
}

export async function viewSolutionAction(...args: unknown[]): Promise<SolutionResult> {
  const input = parseActionInput("viewSolution", solutionRequestSchema, args);
  if (!input.ok) return { ok: false, message: "Unknown exercise." };
  return viewSolution(input.data[0], await ensureLearnerId());
}
