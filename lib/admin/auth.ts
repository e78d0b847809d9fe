// The server-side admin check used by every admin page, action and route. Pages redirect to the
// sign-in page; actions and routes answer 404 so a stranger learns nothing.
import "server-only";
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { ADMIN_COOKIE, ADMIN_COOKIE_PATH, type AdminIdentity, validateSession } from "./session";
import { liveEnv } from "@/lib/env";
import { cookiesShouldBeSecure } from "@/lib/http/request";

export const SIGN_IN_PATH = "/admin/sign-in";

/** The signed-in admin of this request (looked up once per request: the layout and page both ask). */
export const currentAdmin = cache(async (): Promise<AdminIdentity | null> => validateSession((await cookies()).get(ADMIN_COOKIE)?.value));

/** For pages: the signed-in admin, or a redirect to the sign-in page. */
export async function requireAdminPage(): Promise<AdminIdentity> {
  const admin = await currentAdmin();
  if (!admin) redirect(SIGN_IN_PATH);
  return admin;
}

/** For server actions: the signed-in admin, or a 404 (nothing is done). */
export async function requireAdminAction(): Promise<AdminIdentity> {
  const admin = await currentAdmin();
  if (!admin) notFound();
  return admin;
}

/** For route handlers: the signed-in admin, or the 404 response to send instead. */
export async function requireAdminRoute(): Promise<{ admin: AdminIdentity; denied: null } | { admin: null; denied: Response }> {
  const admin = await currentAdmin();
  if (admin) return { admin, denied: null };
  return { admin: null, denied: new Response("Not found", { status: 404, headers: { "Cache-Control": "no-store" } }) };
}

/**
 * Secure when the request reached us over HTTPS (directly or through a proxy that sets
 * X-Forwarded-Proto), or always with ADMIN_COOKIE_SECURE=true.
 */
async function adminCookieSecure(): Promise<boolean> {
  if (liveEnv.adminCookieSecure()) return true;
  return cookiesShouldBeSecure();
}

export async function setAdminSessionCookie(token: string, expiresAt: Date): Promise<void> {
  (await cookies()).set(ADMIN_COOKIE, token, {
    httpOnly: true,
    sameSite: "strict",
    secure: await adminCookieSecure(),
    path: ADMIN_COOKIE_PATH,
    expires: expiresAt,
  });
}

export async function clearSessionCookie(): Promise<void> {
  (await cookies()).set(ADMIN_COOKIE, "", { httpOnly: true, sameSite: "strict", path: ADMIN_COOKIE_PATH, maxAge: 0 });
}
