// The exercise entity's input rules, shared by the server actions, POST /api/runs and lib: an
// exercise id, a learner's source (the byte cap and the NUL check of lib/sandbox/validate.ts),
// and the argument lists of the lesson page's actions. Also the shapes those actions return, so
// the exercise UI can type them without importing from app/.
import type { ReactNode } from "react";
import { z } from "zod";
import { SLUG_PATTERN } from "@/lib/lessons/parse";
import { validateSource } from "@/lib/sandbox/validate";

/** Exercise ids are lesson-style slugs. */
export const exerciseIdSchema = z.string("Unknown exercise.").max(100, "Unknown exercise.").regex(SLUG_PATTERN, "Unknown exercise.");

/** A learner's source: text, at most MAX_SOURCE_BYTES of UTF-8, no NUL. */
export const sourceSchema = z.string("The code must be text.").superRefine((code, ctx) => {
  const check = validateSource(code);
  if (!check.ok) ctx.addIssue({ code: "custom", message: check.message });
});

/** One run or one draft, as POST /api/runs takes it and lib/exercises checks it. */
export const codeInputSchema = z.object({ exerciseId: exerciseIdSchema, code: sourceSchema });



/** saveDraftAction(exerciseId, code) */
export const codeRequestSchema = z.tuple([exerciseIdSchema, sourceSchema]);

/** A hint's position: no exercise has anywhere near 100 hints. */
const hintIndexSchema = z.number().int().min(0).max(99);

export const hintInputSchema = z.object({ exerciseId: exerciseIdSchema, index: hintIndexSchema });

/** revealHintAction(exerciseId, index) */
export const hintRequestSchema = z.tuple([exerciseIdSchema, hintIndexSchema]);

/** viewSolutionAction(exerciseId) */
export const solutionRequestSchema = z.tuple([exerciseIdSchema]);

export type Failure = { ok: false; message: string };

/** A failed save may say when the editor should try again (rate limited, the database locked). */
export type DraftResult = { ok: true; savedAt: string } | (Failure & { retryAfterMs?: number });

export type RevealedHint = { ok: true; revealed: number; hint: ReactNode } | Failure;

export type SolutionResult = { ok: true; solution: string } | Failure;
