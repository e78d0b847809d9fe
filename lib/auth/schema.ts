// The learner account entity's input rules: the sign-up and sign-in forms' shapes and size caps,
// shared by app/account/actions.ts and lib/auth (the account rules themselves are in
// lib/auth/credentials.ts), and the state those forms render.
import { z } from "zod";
import { MAX_FIELD_LENGTH, MAX_NEXT_PATH_LENGTH } from "@/lib/security/action-input";

const field = z.string().max(MAX_FIELD_LENGTH);

export const learnerFormSchema = z.object({
  username: field,
  password: field,
  next: z.string().max(MAX_NEXT_PATH_LENGTH).optional(),
});

export type AccountFormState = { message: string; field?: "username" | "password"; username?: string } | null;
