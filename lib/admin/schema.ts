// The admin sign-in form's input rules and state, shared by app/admin/actions.ts and the form.
// Admin passwords may be as long as their creation rules allow (lib/admin/password.ts).
import { z } from "zod";
import { MAX_PASSWORD_LENGTH } from "./password";

export const adminSignInSchema = z.object({
  username: z.string("Enter your username.").trim().min(1, "Enter your username.").max(64, "That username is too long."),
  password: z.string("Enter your password.").min(1, "Enter your password.").max(MAX_PASSWORD_LENGTH, "That password is too long."),
});

export interface SignInState {
  error: string | null;
  username: string;
}
