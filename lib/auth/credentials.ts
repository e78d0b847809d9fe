// What a learner account's username and password must look like; shared by forms and the server.
import { z } from "zod";

export const MIN_PASSWORD_LENGTH = 10;
/** Long enough for any passphrase, short enough that hashing cannot be used to tie up the server. */
const MAX_PASSWORD_LENGTH = 200;

const usernameSchema = z
  .string("Enter a username.")
  .trim()
  .toLowerCase()
  .min(3, "Usernames have at least 3 characters.")
  .max(32, "Usernames have at most 32 characters.")
  .regex(/^[a-z0-9][a-z0-9_.-]*$/, "Use letters, digits, dots, dashes and underscores, starting with a letter or digit.");

const passwordSchema = z
  .string("Enter a password.")
  .min(MIN_PASSWORD_LENGTH, `Passwords have at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(MAX_PASSWORD_LENGTH, `Passwords have at most ${MAX_PASSWORD_LENGTH} characters.`);

export const signUpSchema = z.object({ username: usernameSchema, password: passwordSchema });

/** Sign-in checks only the shape, so that a rule change never locks out an existing account. */
export const signInSchema = z.object({
  username: z.string("Enter your username.").trim().toLowerCase().min(1, "Enter your username.").max(64, "Wrong username or password."),
  password: z.string("Enter your password.").min(1, "Enter your password.").max(MAX_PASSWORD_LENGTH, "Wrong username or password."),
});
