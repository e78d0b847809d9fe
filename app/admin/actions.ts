"use server";
// Admin sign-in and sign-out. Sign-in is the only admin endpoint open to strangers; it is
// rate-limited per username and per address (lib/admin/rate-limit.ts).
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { clearSessionCookie, clientAddress, requireAdminAction, setSessionCookie, SIGN_IN_PATH } from "@/lib/admin/auth";
import { signInWithPassword } from "@/lib/admin/sign-in";
import { ADMIN_COOKIE, deleteSession } from "@/lib/admin/session";

export interface SignInState {
  error: string | null;
  username: string;
}

const credentials = z.object({
  username: z.string().trim().min(1, "Enter your username.").max(64, "That username is too long."),
  password: z.string().min(1, "Enter your password.").max(1024, "That password is too long."),
});

export async function signIn(_previous: SignInState, form: FormData): Promise<SignInState> {
  const parsed = credentials.safeParse({ username: form.get("username"), password: form.get("password") });
  const username = typeof form.get("username") === "string" ? String(form.get("username")).slice(0, 64) : "";
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Enter your username and password.", username };

  const result = await signInWithPassword(parsed.data.username, parsed.data.password, await clientAddress());
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
