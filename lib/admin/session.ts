// Admin sessions: a random token in the cookie, only its SHA-256 in the database, fixed expiry.
import "server-only";
import { hashToken, newSessionToken } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { retryWhileBusy } from "@/lib/db-errors";

export const ADMIN_COOKIE = "admin_session";
export const ADMIN_COOKIE_PATH = "/admin";
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;

export async function createAdminSession(adminId: string, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const token = newSessionToken();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await retryWhileBusy(() => db.adminSession.create({ data: { id: hashToken(token), adminId, createdAt: now, expiresAt } }));
  return { token, expiresAt };
}

export interface AdminIdentity {
  id: string;
  username: string;
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The admin a token belongs to, or null when it is unknown, malformed, expired or the admin is disabled. */
export async function validateSession(token: string | undefined, now = new Date()): Promise<AdminIdentity | null> {
  if (!token || !TOKEN.test(token)) return null;
  const session = await db.adminSession.findUnique({
    where: { id: hashToken(token) },
    select: { expiresAt: true, admin: { select: { id: true, username: true, disabledAt: true } } },
  });
  if (!session) return null;
  // Disabling deletes the admin's sessions; the check here also covers a session created meanwhile.
  if (session.expiresAt.getTime() <= now.getTime() || session.admin.disabledAt) {
    await db.adminSession.deleteMany({ where: { id: hashToken(token) } });
    return null;
  }
  return { id: session.admin.id, username: session.admin.username };
}

export async function deleteSession(token: string | undefined): Promise<void> {
  if (!token) return;
  await db.adminSession.deleteMany({ where: { id: hashToken(token) } });
}

export async function deleteExpiredSessions(now = new Date()): Promise<number> {
  return (await retryWhileBusy(() => db.adminSession.deleteMany({ where: { expiresAt: { lte: now } } }))).count;
}
