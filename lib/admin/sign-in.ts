// Checking an admin's credentials: rate limit first, the same argon2 work for unknown users,
// every attempt recorded. Its writes wait out a locked database (retryWhileBusy); a database still
// busy past that is a "try again" answer.
import "server-only";
import { db } from "@/lib/db";
import { databaseFailure, databaseFailureNotice, databaseFailureReason } from "@/lib/db-errors";
import { MAX_PASSWORD_LENGTH, normaliseUsername, verifyPassword } from "./password";
import { pruneAttempts, recordAdminSignInAttempt, retryAfterSeconds } from "./rate-limit";
import { createAdminSession, deleteExpiredSessions } from "./session";

export type SignInResult =
  | { ok: true; token: string; expiresAt: Date; username: string }
  | { ok: false; reason: "invalid" | "disabled" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number }
  | { ok: false; reason: "database"; message: string };

export async function signInWithPassword(rawUsername: string, password: string, ip: string, now = new Date()): Promise<SignInResult> {
  try {
    return await checkCredentials(rawUsername, password, ip, now);
  } catch (error) {
    const failure = databaseFailure(error);
    if (!failure) throw error;
    console.warn(`admin sign-in: refused, the database is ${databaseFailureReason(failure)}`);
    return { ok: false, reason: "database", message: databaseFailureNotice(failure, "you were not signed in") };
  }
}

async function checkCredentials(rawUsername: string, password: string, ip: string, now: Date): Promise<SignInResult> {
  const username = normaliseUsername(rawUsername).slice(0, 64);
  await pruneAttempts(now);
  const wait = await retryAfterSeconds(username, ip, now);
  if (wait > 0) return { ok: false, reason: "rate_limited", retryAfterSeconds: wait };

  const admin = await db.admin.findUnique({ where: { username }, select: { id: true, username: true, passwordHash: true, disabledAt: true } });
  // Without a usable hash (unknown admin, overlong password) verifyPassword spends the same work on a dummy.
  const hash = admin && password.length <= MAX_PASSWORD_LENGTH ? admin.passwordHash : null;
  const valid = await verifyPassword(hash, password.slice(0, MAX_PASSWORD_LENGTH));

  // A disabled admin's right password counts as a failure too; they hear why only when it is right.
  const disabled = valid && admin?.disabledAt != null;
  await recordAdminSignInAttempt(username, ip, valid && !disabled, now);
  if (!valid || !admin) return { ok: false, reason: "invalid" };
  if (disabled) return { ok: false, reason: "disabled" };
  await deleteExpiredSessions(now);
  const { token, expiresAt } = await createAdminSession(admin.id, now);
  return { ok: true, token, expiresAt, username: admin.username };
}
