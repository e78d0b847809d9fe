"use server";
// Learner actions around an exercise (draft, hints, solution). Each is a public endpoint: the
// arguments are checked against a schema with size caps here (a malformed call gets a typed
// failure and one log line), the rest is validated in lib/, the learner comes from the cookies.
// Runs go through POST /api/runs (app/api/runs/route.ts), not an action.
import type { ReactNode } from "react";
import { z } from "zod";
import { clientAddress, ensureLearnerId } from "@/lib/auth/learner";
import { revealHint, saveDraft, viewSolution, type DraftResult, type Failure, type SolutionResult } from "@/lib/exercises/learner-work";
import { renderMarkdown } from "@/lib/lessons/render";
import { admitDraftSave } from "@/lib/runs/gate";
import { logRefusal } from "@/lib/runs/http";
import { MAX_SOURCE_BYTES } from "@/lib/sandbox";

const exerciseId = z.string().min(1).max(100);
const draftArgs = z.tuple([exerciseId, z.string().max(MAX_SOURCE_BYTES, "The draft is longer than 64 KiB.")]);
const hintArgs = z.tuple([exerciseId, z.number().int().min(0).max(100)]);

/** A draft save the server refused for now; the editor retries after `retryAfterMs`. */
export type DraftSaveResult = DraftResult | (Failure & { retryAfterMs: number });

export async function saveDraftAction(...args: unknown[]): Promise<DraftSaveResult> {
  const parsed = draftArgs.safeParse(args);
  if (!parsed.success) return malformed("saveDraft", parsed.error);
  const [id, code] = parsed.data;
  const learnerId = await ensureLearnerId();
  const address = await clientAddress();
  const admitted = admitDraftSave(learnerId, address);
  if (!admitted.ok) {
    logRefusal(429, "rate_limited", learnerId, address, "draft save");
    return { ok: false, message: admitted.message, retryAfterMs: admitted.retryAfterMs };
  }
  return saveDraft({ exerciseId: id, code }, learnerId);
}

export type RevealedHint = { ok: true; revealed: number; hint: ReactNode } | Failure;

/** Records the reveal and only then sends the hint, rendered from Markdown on the server. */
export async function revealHintAction(...args: unknown[]): Promise<RevealedHint> {
  const parsed = hintArgs.safeParse(args);
  if (!parsed.success) return malformed("revealHint", parsed.error);
  const [id, index] = parsed.data;
  const result = await revealHint({ exerciseId: id, index }, await ensureLearnerId());
  if (!result.ok) return result;
  return { ok: true, revealed: result.revealed, hint: await renderMarkdown(result.markdown) };
}

export async function viewSolutionAction(...args: unknown[]): Promise<SolutionResult> {
  const parsed = z.tuple([exerciseId]).safeParse(args);
  if (!parsed.success) return malformed("viewSolution", parsed.error);
  return viewSolution(parsed.data[0], await ensureLearnerId());
}

async function malformed(action: string, error: z.ZodError): Promise<Failure> {
  const issue = error.issues[0];
  logRefusal(400, "invalid", null, await clientAddress(), `action ${action}: ${issue ? `${issue.path.join(".")} ${issue.message}` : "malformed"}`);
  return { ok: false, message: issue?.code === "too_big" ? issue.message : "This request was malformed; reload the page and try again." };
}
