"use server";
// Learner actions around an exercise (draft, hints, solution) and the theme preference. Each is a
// public endpoint: input is validated in lib/, the learner comes from the cookies.
import type { ReactNode } from "react";
import { ensureLearnerId } from "@/lib/auth/learner";
import { revealHint, saveDraft, viewSolution, type DraftResult, type Failure, type SolutionResult } from "@/lib/exercises/learner-work";
import { renderMarkdown } from "@/lib/lessons/render";
import { runExercise, type ExerciseRunState } from "@/lib/exercises/run-exercise";
import { parseActionInput } from "@/lib/security/action-input";
import { hintRequestSchema, solutionRequestSchema } from "@/lib/security/action-schemas";

export async function runAction(_previous: ExerciseRunState, formData: FormData): Promise<ExerciseRunState> {
  return runExercise({ exerciseId: formData.get("exerciseId"), code: formData.get("code") }, await ensureLearnerId());
}

export async function saveDraftAction(exerciseId: string, code: string): Promise<DraftResult> {
  return saveDraft({ exerciseId, code }, await ensureLearnerId());
}

export type RevealedHint = { ok: true; revealed: number; hint: ReactNode } | Failure;

/** Records the reveal and only then sends the hint, rendered from Markdown on the server. */
export async function revealHintAction(exerciseId: string, index: number): Promise<RevealedHint> {
  const input = parseActionInput("revealHint", hintRequestSchema, [exerciseId, index]);
  if (!input.ok) return { ok: false, message: "Unknown hint." };
  const [id, n] = input.data;
  const result = await revealHint({ exerciseId: id, index: n }, await ensureLearnerId());
  if (!result.ok) return result;
  return { ok: true, revealed: result.revealed, hint: await renderMarkdown(result.markdown) };
}

export async function viewSolutionAction(exerciseId: string): Promise<SolutionResult> {
  const input = parseActionInput("viewSolution", solutionRequestSchema, [exerciseId]);
  if (!input.ok) return { ok: false, message: "Unknown exercise." };
  return viewSolution(input.data[0], await ensureLearnerId());
}
