"use server";
// Admin sign-in and sign-out. Sign-in is the only admin endpoint open to strangers; it is
// rate-limited per username and per address (lib/admin/rate-limit.ts).
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { clearSessionCookie, requireAdminAction, setAdminSessionCookie, SIGN_IN_PATH } from "@/lib/admin/auth";
import { signInWithPassword } from "@/lib/admin/sign-in";
import { ADMIN_COOKIE, deleteSession } from "@/lib/admin/session";
import { requestClientAddress } from "@/lib/http/request";
import { adminSignInSchema, type SignInState } from "@/lib/admin/schema";
import { formFields, validatedAction } from "@/lib/security/action-input";

const fieldsOf = (args: unknown[]) => formFields(args[1], ["username", "password"]);

export const signIn: (previous: SignInState, form: FormData) => Promise<SignInState> = validatedAction(
  "adminSignIn",
  adminSignInSchema,
  {
    input: fieldsOf,
    invalid: (args, error) => {
      const fields = fieldsOf(args);
      const given = fields?.username;
      const username = typeof given === "string" ? given.slice(0, 64) : "";
      return { error: (fields && error.issues[0]?.message) || "Enter your username and password.", username };
    },
    // Empty fields are a person's slip; anything else (wrong types, oversized, no form) is logged.
    quiet: (error, args) => fieldsOf(args) !== null && error.issues.every((i) => i.code === "too_small"),
  },
  async ({ username, password }) => {
    const result = await signInWithPassword(username, password, await requestClientAddress());
    if (!result.ok) {
      if (result.reason === "database") return { error: result.message, username };
      if (result.reason === "rate_limited") {
        const minutes = Math.max(1, Math.ceil(result.retryAfterSeconds / 60));
        return { error: `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, username };
      }
      if (result.reason === "disabled") return { error: "This admin account is disabled. Ask another admin to enable it.", username };
      return { error: "Wrong username or password.", username };
    }
    await setAdminSessionCookie(result.token, result.expiresAt);
    redirect("/admin");
  },
);

export async function signOut(): Promise<void> {
  await requireAdminAction();
  await deleteSession((await cookies()).get(ADMIN_COOKIE)?.value);
  await clearSessionCookie();
  redirect(SIGN_IN_PATH);
}
