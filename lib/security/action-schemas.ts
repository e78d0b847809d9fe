// The argument schemas of the learner and admin server actions owned outside the run path:
// hints, the reference solution, learner sign-up/sign-in and admin sign-in. Shapes and size caps
// only; the rules (password strength, rate limits, who may see what) stay in lib/auth, lib/admin
// and lib/exercises.
import { z } from "zod";
import { MAX_PASSWORD_LENGTH as MAX_ADMIN_PASSWORD_LENGTH } from "@/lib/admin/password";
import { SLUG_PATTERN } from "@/lib/lessons/parse";
import { MAX_FIELD_LENGTH, MAX_NEXT_PATH_LENGTH } from "./action-input";

/** Exercise ids are lesson-style slugs. */
export const exerciseIdSchema = z.string().max(100).regex(SLUG_PATTERN);

/** revealHintAction(exerciseId, index): no exercise has anywhere near 100 hints. */
export const hintRequestSchema = z.tuple([exerciseIdSchema, z.number().int().min(0).max(99)]);

/** viewSolutionAction(exerciseId) */
export const solutionRequestSchema = z.tuple([exerciseIdSchema]);

const field = z.string().max(MAX_FIELD_LENGTH);

/** The learner sign-up and sign-in forms (the account rules themselves are in lib/auth/credentials.ts). */
export const learnerFormSchema = z.object({
  username: field,
  password: field,
  next: z.string().max(MAX_NEXT_PATH_LENGTH).optional(),
});

/** The admin sign-in form; admin passwords may be as long as their creation rules allow (256). */
export const adminSignInSchema = z.object({
  username: z.string("Enter your username.").trim().min(1, "Enter your username.").max(64, "That username is too long."),
  password: z.string("Enter your password.").min(1, "Enter your password.").max(MAX_ADMIN_PASSWORD_LENGTH, "That password is too long."),
});
