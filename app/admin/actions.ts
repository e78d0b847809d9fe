"use server";
// Admin sign-in and sign-out. Sign-in is the only admin endpoint open to strangers; it is
// rate-limited per username and per address (lib/admin/rate-limit.ts).
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { clearSessionCookie, requireAdminAction, setSessionCookie, SIGN_IN_PATH } from "@/lib/admin/auth";
import { signInWithPassword } from "@/lib/admin/sign-in";
import { ADMIN_COOKIE, deleteSession } from "@/lib/admin/session";
import { requestClientAddress } from "@/lib/http/request";
import { describeIssues, formFields } from "@/lib/security/action-input";
import { adminSignInSchema } from "@/lib/security/action-schemas";

export interface SignInState {
  error: string | null;
  username: string;
}

export async function signIn(_previous: SignInState, form: FormData): Promise<SignInState> {
  const fields = formFields(form, ["username", "password"]);
  const given = fields?.username;
  const username = typeof given === "string" ? given.slice(0, 64) : "";
  const parsed = adminSignInSchema.safeParse(fields);
  if (!parsed.success) {
    // Empty fields are a person's slip; anything else (wrong types, oversized, no form) is logged.
    const slip = fields !== null && parsed.error.issues.every((i) => i.code === "too_small");
    if (!slip) console.warn(`action adminSignIn: invalid input (${describeIssues(parsed.error)})`);
    return { error: (fields && parsed.error.issues[0]?.message) || "Enter your username and password.", username };
  }

  const result = await signInWithPassword(parsed.data.username, parsed.data.password, await requestClientAddress());
  if (!result.ok) {
    if (result.reason === "rate_limited") {
      const minutes = Math.max(1, Math.ceil(result.retryAfterSeconds / 60));
      return { error: `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, username };
    }
    return { error: "Wrong username or password.", username };
  }
  await setSessionCookie(result.token, result.expiresAt);
  redirect("/admin");
}

export async function signOut(): Promise<void> {
  await requireAdminAction();
  await deleteSession((await cookies()).get(ADMIN_COOKIE)?.value);
  await clearSessionCookie();
  redirect(SIGN_IN_PATH);
}
