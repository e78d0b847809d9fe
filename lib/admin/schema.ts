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

const passwordField = (label: string) => z.string(`Enter ${label}.`).min(1, `Enter ${label}.`).max(MAX_PASSWORD_LENGTH, "That password is too long.");

/** Changing one's own password, or another admin's (then `currentPassword` is the acting admin's own). */
export const passwordChangeSchema = z.object({
  currentPassword: passwordField("your current password"),
  newPassword: passwordField("the new password"),
  confirmPassword: passwordField("the new password again"),
});

/** An admin's id from a form on the admins pages. */
const adminIdSchema = z.string().min(1).max(64);

export const resetPasswordSchema = passwordChangeSchema.extend({ adminId: adminIdSchema });

export const disableAdminSchema = z.object({ adminId: adminIdSchema, disabled: z.enum(["true", "false"]) });

/** What the account forms show after a try: one error, or what was done. */
export interface AccountFormState {
  error: string | null;
  done: string | null;
}
